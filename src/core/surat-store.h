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
 * <data-dir> is $XDG_DATA_HOME/surat unless given.
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
 * drops rows whose file is gone. Returns how many were added. */
gint          surat_store_reconcile           (SuratStore          *self,
                                               const char          *account_id,
                                               SuratFolder          folder,
                                               GError             **error);
/* Rebuilds the whole index from the Maildirs alone. Returns the number of
 * messages indexed. */
gint          surat_store_reindex             (SuratStore          *self,
                                               GError             **error);

/* Absolute path of a message's file, found again if it was renamed. */
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
 * surat-cli) never fetch the same account at once. Returns a lock fd, or
 * -1 with SURAT_STORE_ERROR_LOCKED. Release with surat_store_unlock(). */
int           surat_store_lock_account        (SuratStore          *self,
                                               const char          *account_id,
                                               GError             **error);
void          surat_store_unlock_account      (int                  lock_fd);

G_END_DECLS
