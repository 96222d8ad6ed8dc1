/* surat-attachment-bar-private.h — what the tests drive without dialogs
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-attachment-bar.h"

G_BEGIN_DECLS

/* Hands @uri (a file:// URI) to the desktop; calls back on the main thread
 * with the error, if any, in @error (NULL on success). */
typedef void (*SuratAttachmentLaunchFunc) (GtkWidget   *parent,
                                           const char  *uri,
                                           void       (*done) (GtkWidget    *parent,
                                                               const GError *error));

/* Replaces gtk_show_uri_full() for every bar (tests: no app is started).
 * NULL restores the default. */
void       _surat_attachment_bar_set_launcher (SuratAttachmentLaunchFunc launcher);
/* The tiles shown, in order. (element-type SuratAttachment) (transfer none) */
GPtrArray *_surat_attachment_bar_get_shown    (SuratAttachmentBar *self);
/* Writes the @n-th shown attachment to the private cache and launches it;
 * returns the cache path (or NULL; then the error is on screen). */
char      *_surat_attachment_bar_open         (SuratAttachmentBar *self,
                                               guint               n);
/* What Save All does once the folder is chosen. */
void       _surat_attachment_bar_save_all_to  (SuratAttachmentBar *self,
                                               GFile              *folder);
/* The error text on screen, or NULL. */
const char *_surat_attachment_bar_get_error   (SuratAttachmentBar *self);

G_END_DECLS
