/* surat-server-text-private.h — a server's words, made fit to show a person
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text to @out as an error may quote it, whatever a hostile
 * server sent: valid UTF-8, each control character a space, at most
 * @max_chars characters and then "…". Shared by the POP3 and SMTP reply
 * parsers. */
void  _surat_server_text_append (GString    *out,
                                 const char *text,
                                 gsize       max_chars);
/* The same as a new string. (transfer full) */
char *_surat_server_text_quote  (const char *text,
                                 gsize       max_chars);

G_END_DECLS
