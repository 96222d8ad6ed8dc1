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
 * wrong (valid UTF-8 is taken as such, else GMime guesses among UTF-8 and
 * Windows-1252). Every string out is valid UTF-8. A broken message still
 * gives what can be shown: parsing never fails on content, only when the
 * file cannot be read (SURAT_STORE_ERROR_NOT_FOUND or _IO). A file that
 * is not a message at all gives empty headers, its text when it is text,
 * and a problem saying so.
 *
 * The parts' content stays in the file, which is kept open while the
 * message lives. Everything is parsed in the constructor (so the getters
 * do no I/O); a SuratMessage may be handed to another thread after that,
 * but is used by one thread at a time (saving and cid: lookups read the
 * shared file stream).
 *
 * Attachments: every part that is not the body text, in MIME order,
 * including inline images of a multipart/related HTML body (is_inline,
 * with their Content-ID) and message/rfc822 parts (is_message, named
 * "<subject>.eml"). The signature of a multipart/signed is not listed.
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
/* The text to show: text/plain (the last one of a multipart/alternative,
 * RFC 2046 §5.1.4; several inline ones of a multipart/mixed one after the
 * other), or text made from the HTML when that is all there is (tags
 * dropped, entities decoded, block elements as line breaks). Line ends are
 * LF; no trailing whitespace. Never NULL. */
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

/* The decoded content of a part by Content-ID (for cid: URLs): "cid:x",
 * "<x>" or "x"; NULL with SURAT_STORE_ERROR_NOT_FOUND. */
GBytes       *surat_message_get_part_by_cid       (SuratMessage     *self,
                                                   const char       *content_id,
                                                   char            **mime_type,
                                                   GError          **error);
/* The decoded content of a (non-message) attachment, in memory: for
 * previews of small parts. NULL with SURAT_STORE_ERROR_INVALID for an
 * attachment of another message or an attached message. */
GBytes       *surat_message_get_attachment_content (SuratMessage    *self,
                                                    SuratAttachment *attachment,
                                                    GError         **error);
/* Streams the decoded attachment into @dir under its safe name (with
 * " (2)" before the extension when taken), through a temp file that is
 * fsynced and then renamed without replacing anything; never writes
 * outside @dir, never follows a symlink there. A message/rfc822
 * attachment is saved as the message itself (.eml). @attachment must be
 * one of this message's (else SURAT_STORE_ERROR_INVALID). Returns the
 * path written. */
char         *surat_message_save_attachment       (SuratMessage     *self,
                                                   SuratAttachment  *attachment,
                                                   const char       *dir,
                                                   GError          **error);

/* The index row and the FTS text for this file: headers, seen/flagged
 * from the Maildir flags in the file name (S, F), the date from the Date
 * header or else the file's modification time, the file size, preview,
 * has-attachments. has-attachments leaves out inline images the HTML
 * shows by "cid:" (part of the text, not files to look for). @body_text
 * (optional) receives the plain text for the FTS body column: the text,
 * plus the senders, recipients, subjects and text of attached messages,
 * at most 128 KiB. Account, folder, file and id are left to the caller. */
SuratMessageSummary *surat_message_build_summary  (SuratMessage     *self,
                                                   char            **body_text);

G_END_DECLS
