/* surat-attachment.h — one attachment of a parsed message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SURAT_TYPE_ATTACHMENT (surat_attachment_get_type ())

G_DECLARE_FINAL_TYPE (SuratAttachment, surat_attachment, SURAT, ATTACHMENT, GObject)

/* Built by SuratMessage; read-only properties of the same names ("index",
 * "filename", "mime-type", "size", "content-id", "is-inline",
 * "is-message"). */

/* 1-based position among the message's attachments (what `surat-cli` shows). */
guint        surat_attachment_get_index      (SuratAttachment *self);
/* The decoded file name (RFC 2231 / RFC 2047) made safe for a file system:
 * no directories, no control characters, never "", "." or "..". A name is
 * made up ("attachment-3.pdf") when the message gives none. */
const char  *surat_attachment_get_filename   (SuratAttachment *self);
/* "image/png" … lower case. */
const char  *surat_attachment_get_mime_type  (SuratAttachment *self);
/* Decoded size in bytes. */
guint64      surat_attachment_get_size       (SuratAttachment *self);
/* Content-ID without the angle brackets, or NULL. */
const char  *surat_attachment_get_content_id (SuratAttachment *self);
/* Content-Disposition: inline, or no disposition on a part with a
 * Content-ID inside a multipart/related (an image a HTML body shows). */
gboolean     surat_attachment_is_inline      (SuratAttachment *self);
/* A message/rfc822 part: a forwarded or attached message. */
gboolean     surat_attachment_is_message     (SuratAttachment *self);

G_END_DECLS
