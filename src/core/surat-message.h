/* surat-message.h — a message file parsed with GMime into what a reader shows
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-attachment.h"
#include "surat-message-summary.h"

G_BEGIN_DECLS

/*
 * Headers are decoded (RFC 2047, RFC 2231) to UTF-8; text parts are
 * converted from their charset, with a fallback when it is missing or
 * wrong. A broken message still gives what can be shown: parsing never
 * fails on content, only when the file cannot be read.
 */

#define SURAT_TYPE_MESSAGE (surat_message_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessage, surat_message, SURAT, MESSAGE, GObject)

SuratMessage *surat_message_new_from_file         (const char       *path,
                                                   GError          **error);
/* The same on a worker thread. */
void          surat_message_load_async            (const char       *path,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
SuratMessage *surat_message_load_finish           (GAsyncResult     *result,
                                                   GError          **error);

const char   *surat_message_get_path              (SuratMessage     *self);
/* Decoded display strings; "" when the header is missing. */
const char   *surat_message_get_subject           (SuratMessage     *self);
const char   *surat_message_get_from              (SuratMessage     *self);
const char   *surat_message_get_to                (SuratMessage     *self);
const char   *surat_message_get_cc                (SuratMessage     *self);
const char   *surat_message_get_reply_to          (SuratMessage     *self);
/* Without angle brackets; NULL when missing. */
const char   *surat_message_get_message_id        (SuratMessage     *self);
const char   *surat_message_get_in_reply_to       (SuratMessage     *self);
/* (nullable) */
GDateTime    *surat_message_get_date              (SuratMessage     *self);
/* The text to show: text/plain, or text made from the HTML when that is
 * all there is. Never NULL. */
const char   *surat_message_get_text              (SuratMessage     *self);
/* (nullable) The HTML alternative, UTF-8. */
const char   *surat_message_get_html              (SuratMessage     *self);
/* About 200 characters of text, whitespace collapsed. */
const char   *surat_message_get_preview           (SuratMessage     *self);
/* (element-type SuratAttachment) */
GPtrArray    *surat_message_get_attachments       (SuratMessage     *self);
/* Messages attached as message/rfc822, parsed the same way.
 * (element-type SuratMessage) */
GPtrArray    *surat_message_get_attached_messages (SuratMessage     *self);
/* What went wrong while parsing, in words (a bad charset, a truncated
 * part); empty for a sound message. (element-type utf8) */
GPtrArray    *surat_message_get_problems          (SuratMessage     *self);

/* The decoded content of an inline part by Content-ID (for cid: URLs). */
GBytes       *surat_message_get_part_by_cid       (SuratMessage     *self,
                                                   const char       *content_id,
                                                   char            **mime_type,
                                                   GError          **error);
/* Streams the decoded attachment into @dir under its safe name (with
 * " (2)" before the extension when taken), through a temp file and a
 * rename. Returns the path written. */
char         *surat_message_save_attachment       (SuratMessage     *self,
                                                   SuratAttachment  *attachment,
                                                   const char       *dir,
                                                   GError          **error);

/* The index row and the FTS text for this file: headers, flags from the
 * file name, preview, has-attachments. @body_text receives senders'
 * display names excluded: the plain text for the FTS body column. */
SuratMessageSummary *surat_message_build_summary  (SuratMessage     *self,
                                                   char            **body_text);

G_END_DECLS
