/* surat-fetcher.h — download an account's new mail, exactly once
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"
#include "surat-store.h"

G_BEGIN_DECLS

#define SURAT_TYPE_FETCHER (surat_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (SuratFetcher, surat_fetcher, SURAT, FETCHER, GObject)

/*
 * One run: lock the account, reconcile the Inbox with the index, connect,
 * log in, UIDL + LIST, RETR (pipelined) every message whose UID this
 * device does not hold into the Inbox Maildir, commit file and index row in
 * durable batches, DELE what the account's policy allows and what is
 * durable, QUIT.
 *
 * Signals are emitted on the thread-default main context of the caller of
 * surat_fetcher_run_async():
 *   ::progress (guint messages_done, guint messages_total,
 *               guint64 bytes_done, guint64 bytes_total)
 *   ::warning  (const char *message)   e.g. no UIDL
 */
SuratFetcher *surat_fetcher_new                (SuratStore     *store,
                                                SuratAccount   *account);
/* Skip the password lookup (the app asked the person). */
void          surat_fetcher_set_password       (SuratFetcher   *self,
                                                const char     *password);
void          surat_fetcher_run_async          (SuratFetcher   *self,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean      surat_fetcher_run_finish         (SuratFetcher   *self,
                                                GAsyncResult   *result,
                                                GError        **error);

/* Results of the last run. */
guint         surat_fetcher_get_n_downloaded   (SuratFetcher   *self);
guint         surat_fetcher_get_n_deleted      (SuratFetcher   *self);
guint         surat_fetcher_get_n_on_server    (SuratFetcher   *self);
guint64       surat_fetcher_get_bytes_downloaded (SuratFetcher *self);

G_END_DECLS
