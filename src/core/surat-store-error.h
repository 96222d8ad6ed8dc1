/* surat-store-error.h — errors of the local store (Maildirs and index)
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SURAT_STORE_ERROR (surat_store_error_quark ())

/**
 * SuratStoreError:
 * @SURAT_STORE_ERROR_IO: reading or writing a file failed (the message names
 *   the file and says why: disk full, permission …)
 * @SURAT_STORE_ERROR_DATABASE: SQLite failed
 * @SURAT_STORE_ERROR_CORRUPT: the index or a file is not what it should be
 * @SURAT_STORE_ERROR_NOT_FOUND: no such message or attachment
 * @SURAT_STORE_ERROR_LOCKED: another Surat process holds the account
 * @SURAT_STORE_ERROR_INVALID: a bad argument from a person (a search query,
 *   a file name)
 */
typedef enum {
  SURAT_STORE_ERROR_IO,
  SURAT_STORE_ERROR_DATABASE,
  SURAT_STORE_ERROR_CORRUPT,
  SURAT_STORE_ERROR_NOT_FOUND,
  SURAT_STORE_ERROR_LOCKED,
  SURAT_STORE_ERROR_INVALID,
} SuratStoreError;

GQuark surat_store_error_quark (void);

G_END_DECLS
