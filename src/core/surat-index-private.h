/* surat-index-private.h — index calls only SuratStore needs
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-index.h"

G_BEGIN_DECLS

/* What reconcile compares with the files on disk. */
typedef struct {
  gint64    id;
  char     *file;
  gboolean  seen;
  gboolean  flagged;
} SuratIndexFileRow;

void        _surat_index_file_row_free       (SuratIndexFileRow *row);

/* unique name → SuratIndexFileRow* of one folder. */
GHashTable *_surat_index_get_file_rows       (SuratIndex   *self,
                                              const char   *account_id,
                                              SuratFolder   folder,
                                              GError      **error);
/* Changes file name and flags of a row in one statement (reconcile after
 * another Maildir client renamed the file). */
gboolean    _surat_index_update_file_flags   (SuratIndex   *self,
                                              gint64        id,
                                              const char   *file,
                                              gboolean      seen,
                                              gboolean      flagged,
                                              GError      **error);
/* Drops messages and their search text but keeps the POP3 UIDs (with no
 * message row), for a rebuild: a UID of a message the person deleted here
 * must still keep it from being downloaded again. */
gboolean    _surat_index_clear_messages      (SuratIndex   *self,
                                              GError      **error);

G_END_DECLS
