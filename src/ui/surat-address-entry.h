/* surat-address-entry.h — an address field that completes from the address book
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "surat-core.h"

G_BEGIN_DECLS

/*
 * A GtkEntry for To, Cc and Bcc: as the person types, the address being
 * typed (what follows the last comma) is looked up in the address book and
 * the matches offered in a list under the field. Down and Up move in it,
 * Enter or Tab (or a click) puts "Name <address>, " in place of what was
 * typed, Escape closes it.
 */

#define SURAT_TYPE_ADDRESS_ENTRY (surat_address_entry_get_type ())

G_DECLARE_FINAL_TYPE (SuratAddressEntry, surat_address_entry, SURAT, ADDRESS_ENTRY, GtkEntry)

GtkWidget *surat_address_entry_new              (void);
/* (nullable): no completion without one. */
void       surat_address_entry_set_address_book (SuratAddressEntry *self,
                                                 SuratAddressBook  *book);
/* Whether the list of matches is on screen (for tests). */
gboolean   surat_address_entry_is_completing    (SuratAddressEntry *self);
/* The matches on offer, in order. (transfer full) (element-type utf8) */
GPtrArray *surat_address_entry_get_matches      (SuratAddressEntry *self);

G_END_DECLS
