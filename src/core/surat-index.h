/* surat-index.h — the SQLite index over every Maildir of this device
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "surat-message-summary.h"
#include "surat-store-error.h"

G_BEGIN_DECLS

/*
 * WAL mode, synchronous=FULL. Tables: messages (one row per file), an FTS5
 * table over senders, recipients, subject and body text, and pop3_uids
 * (account, uid, when it was downloaded, the message row). The Maildirs are
 * the truth: the whole index can be rebuilt from them (SuratStore).
 *
 * A SuratIndex is one SQLite connection; use it from one thread at a time.
 * Several connections (threads, processes) may share the file.
 *
 * Transactions nest: begin() inside an open transaction only counts a
 * level (no SAVEPOINT: FTS5 would flush a segment at each one), so a
 * rollback() inside dooms the whole transaction and its outermost
 * commit() fails. Every call that writes more than one row is atomic on
 * its own. When commit() fails the transaction is still open: roll it
 * back.
 */

#define SURAT_TYPE_INDEX (surat_index_get_type ())

G_DECLARE_FINAL_TYPE (SuratIndex, surat_index, SURAT, INDEX, GObject)

SuratIndex          *surat_index_open                (const char          *path,
                                                      GError             **error);

gboolean             surat_index_begin               (SuratIndex          *self,
                                                      GError             **error);
gboolean             surat_index_commit              (SuratIndex          *self,
                                                      GError             **error);
void                 surat_index_rollback            (SuratIndex          *self);

/* Adds a row (and its FTS entry, with @body_text) and returns its id; the
 * id is set on @summary too. A row for the same account, folder and file
 * unique name is replaced. */
gint64               surat_index_add_message         (SuratIndex          *self,
                                                      SuratMessageSummary *summary,
                                                      const char          *body_text,
                                                      GError             **error);
gboolean             surat_index_remove_message      (SuratIndex          *self,
                                                      gint64               id,
                                                      GError             **error);
gboolean             surat_index_update_location     (SuratIndex          *self,
                                                      gint64               id,
                                                      SuratFolder          folder,
                                                      const char          *file,
                                                      GError             **error);
gboolean             surat_index_set_flags           (SuratIndex          *self,
                                                      gint64               id,
                                                      gboolean             seen,
                                                      gboolean             flagged,
                                                      GError             **error);

/* NULL with SURAT_STORE_ERROR_NOT_FOUND when there is no such row. */
SuratMessageSummary *surat_index_get_message         (SuratIndex          *self,
                                                      gint64               id,
                                                      GError             **error);
/* Newest first (ties in date broken by the file's unique name, so the
 * order does not depend on row ids). @account_id NULL = all accounts;
 * @folder -1 = all folders; @search NULL = everything, else words a
 * person typed, matched as prefixes against senders, recipients, subject
 * and body (never an FTS5 syntax error; text with nothing searchable in
 * it, such as "*", filters nothing); @limit 0 = no limit.
 * (element-type SuratMessageSummary) */
GPtrArray           *surat_index_list_messages       (SuratIndex          *self,
                                                      const char          *account_id,
                                                      int                  folder,
                                                      const char          *search,
                                                      guint                limit,
                                                      GError             **error);
/* The same selection as ids only, for a lazy list model. */
GArray              *surat_index_list_ids            (SuratIndex          *self,
                                                      const char          *account_id,
                                                      int                  folder,
                                                      const char          *search,
                                                      GError             **error);
guint                surat_index_count               (SuratIndex          *self,
                                                      const char          *account_id,
                                                      int                  folder,
                                                      gboolean             unread_only,
                                                      GError             **error);
/* Unique names (surat_maildir_name_get_unique()) of the files indexed for
 * a folder, mapped to their row id (as GINT_TO_POINTER-free gint64*). */
GHashTable          *surat_index_get_files           (SuratIndex          *self,
                                                      const char          *account_id,
                                                      SuratFolder          folder,
                                                      GError             **error);

/* POP3 unique-ids this device holds for @account_id: uid → gint64* unix
 * time of download. A UID stays when its message row is removed (the
 * person deleted the message here: it must not come back from the
 * server). */
GHashTable          *surat_index_get_pop3_uids       (SuratIndex          *self,
                                                      const char          *account_id,
                                                      GError             **error);
/* @message_id 0 = no row. Adding a UID again keeps the earlier time. */
gboolean             surat_index_add_pop3_uid        (SuratIndex          *self,
                                                      const char          *account_id,
                                                      const char          *uid,
                                                      gint64               downloaded_at,
                                                      gint64               message_id,
                                                      GError             **error);

/* Drops every row (messages, FTS, UIDs), for a rebuild. */
gboolean             surat_index_clear               (SuratIndex          *self,
                                                      GError             **error);

/* Turns what a person typed into a safe FTS5 MATCH expression: each word a
 * quoted prefix term, all required; text in double quotes is one phrase;
 * a single letter is matched as a whole word, not as a prefix. NULL when
 * nothing searchable remains. */
char                *surat_index_build_fts_query     (const char          *text);

G_END_DECLS
