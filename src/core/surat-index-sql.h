/* surat-index-sql.h — SQLite helpers shared by the index's source files
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "surat-index.h"

G_BEGIN_DECLS

#define SUMMARY_COLUMNS \
  "id, account, folder, file, message_id, date, sender, to_addrs, cc_addrs, subject, " \
  "size, seen, flagged, has_attachments, preview"

/* A cached statement that is reset (and its bindings cleared) when it
 * goes out of scope, so it is ready for the next caller. */
typedef sqlite3_stmt SuratStmt;

static inline void
surat_stmt_reset (SuratStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratStmt, surat_stmt_reset)

/* The statement for @sql, prepared once per connection. */
SuratStmt *_surat_index_get_stmt     (SuratIndex  *self,
                                      const char  *sql,
                                      GError     **error);
/* A SURAT_STORE_ERROR naming the index file and SQLite's words. */
void       _surat_index_set_db_error (SuratIndex  *self,
                                      GError     **error,
                                      int          rc);

static inline void
bind_text (SuratStmt  *stmt,
           const char *name,
           const char *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  g_assert (index > 0);
  sqlite3_bind_text (stmt, index, value ? value : "", -1, SQLITE_TRANSIENT);
}

static inline void
bind_int64 (SuratStmt  *stmt,
            const char *name,
            gint64      value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  g_assert (index > 0);
  sqlite3_bind_int64 (stmt, index, value);
}

G_END_DECLS
