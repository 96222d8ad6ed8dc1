/* surat-address-book.h — every address the mail has seen, for completion
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-store.h"

G_BEGIN_DECLS

/*
 * The addresses of every From, To and Cc in the index, each with how
 * often it was seen (what the person sent to counts more than what they
 * received), read on a worker thread with a connection of its own so the
 * window never waits. Completion matches the start of any word of the
 * name or of the address, case- and accent-insensitively ("ana", "lima",
 * "ana@ex" all find "Ana Lima <ana@example.org>"), most used first.
 */

#define SURAT_TYPE_ADDRESS_BOOK (surat_address_book_get_type ())

G_DECLARE_FINAL_TYPE (SuratAddressBook, surat_address_book, SURAT, ADDRESS_BOOK, GObject)

SuratAddressBook *surat_address_book_new           (SuratStore           *store);
/* Reads the index (again: call it after new mail or a sent message). */
void              surat_address_book_load_async    (SuratAddressBook     *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          surat_address_book_load_finish   (SuratAddressBook     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Up to @limit entries for what was typed, formatted for an address field
 * ("Ana Lima <ana@example.org>", "\"Doe, J\" <j@example.org>", or the bare
 * address without a name; the name seen most often for the address);
 * every word typed must start a word of the entry. Most used first (a To
 * or Cc of a sent message counts 3, any other appearance 1), ties in
 * address order. Empty before the first load finished, and for text with
 * no letters or digits. (transfer full) (element-type utf8) */
GPtrArray        *surat_address_book_complete      (SuratAddressBook     *self,
                                                    const char           *prefix,
                                                    guint                 limit);
/* How many distinct addresses were read. */
guint             surat_address_book_get_size      (SuratAddressBook     *self);

G_END_DECLS
