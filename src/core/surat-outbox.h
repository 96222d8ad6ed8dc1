/* surat-outbox.h — an account's messages on their way out, never lost, never sent twice
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"
#include "surat-message-builder.h"
#include "surat-outbox-item.h"
#include "surat-store.h"

G_BEGIN_DECLS

/*
 * DESIGN.md "Send". A message is queued by writing it durably into the
 * account's Outbox Maildir (tmp/, fsync, rename, fsync) before any network
 * I/O: from then on it survives anything. That file is the whole message
 * as the person wrote it, Bcc header included (kept locally; stripped on
 * the wire). The envelope is its From/To/Cc/Bcc, sent from the account's
 * address.
 *
 * A flush sends the due messages in the order they were queued, over one
 * SMTP session. The server's 250 after DATA moves the file into Sent at
 * once (a rename, synced): that rename is what makes it "sent", so a
 * message is never sent again after the server accepted it. The only
 * window for a duplicate is a crash or a lost connection between the final
 * dot and the server's reply (RFC 5321 §4.1.1.4 leaves it open).
 *
 *   4yz, no connection, a timeout      → WAITING, tried again with backoff
 *                                        (1, 2, 4 … 60 minutes)
 *   5yz, a refused recipient, too big  → FAILED with the server's words;
 *                                        nothing was sent (RCPT failures
 *                                        end in RSET), it stays in Outbox
 *   wrong password, bad certificate    → FAILED for every due message
 *
 * WAITING/FAILED, the attempts and the reason survive restarts in
 * <data-dir>/<account>/outbox-state.ini. Flushes take the account's send
 * lock, so two processes never send the same outbox.
 */

#define SURAT_TYPE_OUTBOX (surat_outbox_get_type ())

G_DECLARE_FINAL_TYPE (SuratOutbox, surat_outbox, SURAT, OUTBOX, GObject)

SuratOutbox     *surat_outbox_new              (SuratStore          *store,
                                                SuratAccount        *account);
/* Skip the password lookup (the app asked the person). */
void             surat_outbox_set_password     (SuratOutbox         *self,
                                                const char          *password);

/* Writes the message durably into the Outbox and indexes it. Fails only
 * on a bad message (no recipient: SURAT_MESSAGE_BUILDER_ERROR) or the
 * disk. (transfer full) */
SuratOutboxItem *surat_outbox_queue            (SuratOutbox         *self,
                                                SuratMessageBuilder *builder,
                                                GError             **error);
/* The same for a message file written elsewhere (surat-cli send --raw):
 * copied as it is; it must parse and name at least one recipient. */
SuratOutboxItem *surat_outbox_queue_file       (SuratOutbox         *self,
                                                const char          *path,
                                                GError             **error);

/* Every message in the Outbox, in sending order, with its state.
 * (element-type SuratOutboxItem) */
GPtrArray       *surat_outbox_list             (SuratOutbox         *self,
                                                GError             **error);
/* The largest message the account's SMTP server said it takes (its SIZE,
 * RFC 1870), as learnt at the last connection; 0 when unknown or when the
 * server named no limit. */
guint64          surat_outbox_get_size_limit   (SuratOutbox         *self);
/* Unix time when the earliest WAITING message is due; 0 when none is. */
gint64           surat_outbox_get_next_attempt (SuratOutbox         *self);

/* Sends what is due: QUEUED messages and WAITING ones whose time came;
 * with @all, every message, FAILED and not-yet-due ones too (a person's
 * "Retry now"). Items change state as it goes (notify, and ::item-changed
 * on the caller's main context). Fails when a due message did not go: the
 * first reason, in words. */
void             surat_outbox_flush_async      (SuratOutbox         *self,
                                                gboolean             all,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         surat_outbox_flush_finish     (SuratOutbox         *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The items the last flush handled (element-type SuratOutboxItem). */
GPtrArray       *surat_outbox_get_last_flush   (SuratOutbox         *self);

/* Removes a message from the Outbox into Trash (the person deleted it). */
gboolean         surat_outbox_remove           (SuratOutbox         *self,
                                                SuratOutboxItem     *item,
                                                GError             **error);

G_END_DECLS
