/* surat-message-row-private.h — what the tests look into
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-message-row.h"

G_BEGIN_DECLS

/* The row as a screen reader hears it (its accessible label), since GTK
 * 4.8 has no getter for accessible properties. */
const char *_surat_message_row_get_spoken (SuratMessageRow *self);

G_END_DECLS
