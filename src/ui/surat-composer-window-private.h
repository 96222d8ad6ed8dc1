/* surat-composer-window-private.h — the composer's insides, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-address-entry.h"
#include "surat-composer-window.h"

G_BEGIN_DECLS

/* What a test fills in and looks at. */
typedef struct {
  GtkDropDown       *from;
  SuratAddressEntry *to;
  SuratAddressEntry *cc;
  SuratAddressEntry *bcc;
  GtkEntry          *subject;
  GtkTextView       *body;
  GtkListBox        *attachments;
  GtkLabel          *error;
} SuratComposerFields;

void     _surat_composer_window_get_fields (SuratComposerWindow *self,
                                            SuratComposerFields *fields);
/* What the file chooser, a drop and a paste do with their files.
 * (element-type GFile) */
void     _surat_composer_window_add_files  (SuratComposerWindow *self,
                                            GSList              *files);
/* Above this, Send asks first (the server's limit when known is lower). */
#define SURAT_COMPOSER_LARGE_MESSAGE (25 * 1000 * 1000)

G_END_DECLS
