/* surat-wire-text-private.h — what crosses the wire, made fit for people:
 * a server's words in an error message, our commands in the debug log
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

/* g_debug()s "C: <line>" for each line of @buffer (@length bytes, CRLF
 * line ends), or with @secret "C: <verb> <secret>": what follows the verb
 * is a password or an AUTH response, and logs are not for those. Shared
 * by the POP3 and SMTP clients. */
void  _surat_log_commands       (const char *buffer,
                                 gsize       length,
                                 gboolean    secret);

G_END_DECLS
