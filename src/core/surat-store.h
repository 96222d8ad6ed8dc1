/* surat-store.h — this device's mail: a Maildir per account and folder, and the index
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-index.h"
#include "surat-maildir.h"
#include "surat-message-summary.h"
#include "surat-types.h"

G_BEGIN_DECLS

/*
 * Layout (DESIGN.md "Storage"):
 *   <data-dir>/index.db
 *   <data-dir>/<account-id>/<Folder>/{tmp,new,cur}
 *
 * <data-dir> is $XDG_DATA_HOME/surat unless given. An account id must be
 * usable as one directory name (not empty, no '/', not starting with '.'),
 * else SURAT_STORE_ERROR_INVALID.
 *
 * Changes go to the file first, then to the index: after a crash between
 * the two, surat_store_reconcile() puts the index right. Use a store from
 * one thread at a time (it owns one index connection).
 */

#define SURAT_TYPE_STORE (surat_store_get_type ())

G_DECLARE_FINAL_TYPE (SuratStore, surat_store, SURAT, STORE, GObject)

/* @data_dir NULL = $XDG_DATA_HOME/surat. Creates what is missing. */
SuratStore   *surat_store_open                (const char          *data_dir,
                                               GError             **error);
const char   *surat_store_get_data_dir        (SuratStore          *self);
SuratIndex   *surat_store_get_index           (SuratStore          *self);
/* The folder's Maildir, created when missing. (transfer none) */
SuratMaildir *surat_store_get_maildir         (SuratStore          *self,
                                               const char          *account_id,
                                               SuratFolder          folder,
                                               GError             **error);

/* Parses @file (relative to the folder's Maildir) and adds it to the index
 * with its POP3 UID from the name, inside the caller's transaction if one
 * is open. Returns the row id. */
gint64        surat_store_index_file          (SuratStore          *self,
                                               const char          *account_id,
                                               SuratFolder          folder,
                                               const char          *file,
                                               GError             **error);
/* Indexes files of the folder that the index lacks (a crash between the
 * rename and the index commit, another Maildir client delivering) and
 * drops rows whose file is gone. Rows whose file another client renamed
 * (new/ → cur/, flags) follow the new name and its S and F flags, and
 * files a dead delivery left in tmp/ are removed. One transaction.
 * Returns how many were added. */
gint          surat_store_reconcile           (SuratStore          *self,
                                               const char          *account_id,
                                               SuratFolder          folder,
                                               GError             **error);
/* Rebuilds the whole index from the Maildirs alone, in one transaction
 * (on failure the old index stays). Returns the number of messages
 * indexed. POP3 UIDs whose message was deleted here are kept: they have
 * no file to be rebuilt from, and must not be downloaded again. */
gint          surat_store_reindex             (SuratStore          *self,
                                               GError             **error);

/* Absolute path of a message's file, found again if it was renamed (the
 * summary and the index then learn the new name). */
char         *surat_store_get_message_path    (SuratStore          *self,
                                               SuratMessageSummary *summary,
                                               GError             **error);
/* Moves a message to another folder of its account (Delete → Trash). */
gboolean      surat_store_move_message        (SuratStore          *self,
                                               SuratMessageSummary *summary,
                                               SuratFolder          folder,
                                               GError             **error);
/* Sets seen/flagged in the file name (Maildir flags S, F) and the index. */
gboolean      surat_store_set_flags           (SuratStore          *self,
                                               SuratMessageSummary *summary,
                                               gboolean             seen,
                                               gboolean             flagged,
                                               GError             **error);

/* An exclusive lock on one account's mail, so two processes (the app and
 * surat-cli) never fetch the same account at once: flock() on
 * <data-dir>/<account-id>/.lock, never waiting. Returns a lock fd, or -1
 * with SURAT_STORE_ERROR_LOCKED (the message names the account). Release
 * with surat_store_unlock_account(); the kernel releases it if the
 * process dies. */
int           surat_store_lock_account        (SuratStore          *self,
                                               const char          *account_id,
                                               GError             **error);
void          surat_store_unlock_account      (int                  lock_fd);

typedef enum {
  SURAT_STORE_LOCK_FETCH,   /* what surat_store_lock_account() takes */
  SURAT_STORE_LOCK_SEND,    /* the outbox: sending runs beside a fetch */
} SuratStoreLock;

/* The same for a kind of work; release with surat_store_unlock_account(). */
int           surat_store_lock                (SuratStore          *self,
                                               const char          *account_id,
                                               SuratStoreLock       kind,
                                               GError             **error);

G_END_DECLS
