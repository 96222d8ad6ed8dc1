/* surat-index-addresses.h — every sender and recipient in the index, for the address book
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-index.h"

G_BEGIN_DECLS

/* Called for each message row: its folder and its From, To and Cc as
 * stored ("" when missing). */
typedef void (*SuratIndexAddressesFunc) (SuratFolder  folder,
                                         const char  *from,
                                         const char  *to,
                                         const char  *cc,
                                         gpointer     user_data);

/* Runs @func over every message row of every account, in no particular
 * order, in one read transaction. */
gboolean surat_index_foreach_addresses (SuratIndex              *self,
                                        SuratIndexAddressesFunc  func,
                                        gpointer                 user_data,
                                        GError                 **error);

G_END_DECLS
