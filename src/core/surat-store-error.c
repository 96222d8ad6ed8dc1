/* surat-store-error.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-store-error.h"

G_DEFINE_QUARK (surat-store-error-quark, surat_store_error)
