/* surat-attachment-bar.h — a message's attachments: open, save, preview
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "surat-core.h"

G_BEGIN_DECLS

/*
 * One entry per attachment (inline cid: images the HTML shows are left
 * out): an icon for its type (a thumbnail for pictures), its name and its
 * size; Open (saved to a private cache file, then the desktop's default
 * app, gtk_show_uri_full) and Save (GtkFileChooserNative); Save All into a
 * chosen folder. Saving streams (surat_message_save_attachment); errors
 * are shown in words. Hidden when there is nothing to show.
 */

#define SURAT_TYPE_ATTACHMENT_BAR (surat_attachment_bar_get_type ())

G_DECLARE_FINAL_TYPE (SuratAttachmentBar, surat_attachment_bar, SURAT, ATTACHMENT_BAR, GtkWidget)

GtkWidget *surat_attachment_bar_new         (void);
/* (nullable) */
void       surat_attachment_bar_set_message (SuratAttachmentBar *self,
                                             SuratMessage       *message);

void       surat_attachment_bar_clean_cache (void);

G_END_DECLS
