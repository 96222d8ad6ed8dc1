/* surat-index-addresses.c — every sender and recipient in the index
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-index-addresses.h"
#include "surat-index-sql.h"

gboolean
surat_index_foreach_addresses (SuratIndex              *self,
                               SuratIndexAddressesFunc  func,
                               gpointer                 user_data,
                               GError                 **error)
{
  g_autoptr(SuratStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SURAT_IS_INDEX (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _surat_index_get_stmt (self, "SELECT folder, sender, to_addrs, cc_addrs FROM messages",
                                error);
  if (stmt == NULL)
    return FALSE;

  /* One statement is one read transaction: a consistent view while the
   * fetcher writes (WAL). */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int folder = sqlite3_column_int (stmt, 0);
      const char *from = (const char *) sqlite3_column_text (stmt, 1);
      const char *to = (const char *) sqlite3_column_text (stmt, 2);
      const char *cc = (const char *) sqlite3_column_text (stmt, 3);

      if (folder < 0 || folder >= SURAT_N_FOLDERS)
        continue;
      func ((SuratFolder) folder, from ? from : "", to ? to : "", cc ? cc : "", user_data);
    }

  if (rc != SQLITE_DONE)
    {
      _surat_index_set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}
