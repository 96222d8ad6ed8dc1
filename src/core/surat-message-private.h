/* surat-message-private.h — text helpers behind SuratMessage
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gmime/gmime.h>

#include "surat-message.h"

G_BEGIN_DECLS

/* A part's content with its transfer encoding undone. */
GByteArray  *_surat_part_get_decoded    (GMimePart          *part);

/* Size and modification time of the file, as when it was parsed. */
void         _surat_message_get_file_info (SuratMessage     *self,
                                           guint64          *size,
                                           gint64           *mtime);

/* The part with this Content-ID (no brackets), or NULL. (transfer none) */
GMimeObject *_surat_message_lookup_cid  (SuratMessage       *self,
                                         const char         *content_id);

/* Appends @problem (a sentence for people) unless it is there already. */
void   _surat_message_add_problem  (GPtrArray          *problems,
                                    const char         *problem);

/* @len bytes in @charset (NULL = not declared) to valid UTF-8 without NUL
 * characters, never failing: a missing, unknown or wrong charset falls
 * back to UTF-8 when the bytes are valid UTF-8, else to GMime's guess
 * among @options' fallback charsets. Problems go to @problems. */
char  *_surat_text_to_utf8         (const char         *data,
                                    gsize               len,
                                    const char         *charset,
                                    GMimeParserOptions *options,
                                    GPtrArray          *problems);

/* The charset a HTML document names in a <meta> tag, or NULL. */
char  *_surat_html_sniff_charset   (const char         *data,
                                    gsize               len);

/* Readable text from HTML: tags dropped (script and style with their
 * content), entities decoded, block elements as line breaks. */
char  *_surat_html_to_text         (const char         *html);

/* About @max_chars characters of @text on one line. */
char  *_surat_text_make_preview    (const char         *text,
                                    guint               max_chars);

G_END_DECLS
