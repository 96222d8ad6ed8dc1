/* surat-attachment-private.h — how SuratMessage builds attachments
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gmime/gmime.h>

#include "surat-attachment.h"

G_BEGIN_DECLS

/* @filename must already be safe (see _surat_attachment_sanitize_filename);
 * @part is kept (a GMimePart or a GMimeMessagePart) for saving, and for
 * the decoded size, measured when first asked for. */
SuratAttachment *_surat_attachment_new               (guint        index,
                                                      const char  *filename,
                                                      const char  *mime_type,
                                                      const char  *content_id,
                                                      gboolean     is_inline,
                                                      gboolean     is_message,
                                                      GMimeObject *part);
GMimeObject     *_surat_attachment_get_part          (SuratAttachment *self);

/* A name that is safe to create in a directory: the last path component
 * only (after '/' or '\'), valid UTF-8 without control or bidirectional
 * formatting characters, no leading dots or spaces, at most 200 bytes
 * (keeping the extension). NULL when nothing usable remains. */
char            *_surat_attachment_sanitize_filename (const char  *name);
/* "attachment-<index>.<ext>", the extension taken from @mime_type. */
char            *_surat_attachment_make_filename     (guint        index,
                                                      const char  *mime_type);

G_END_DECLS
