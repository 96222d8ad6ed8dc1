/* surat-wire-text.c — what crosses the wire, made fit for people
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-wire-text-private.h"

void
_surat_server_text_append (GString    *out,
                           const char *text,
                           gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

char *
_surat_server_text_quote (const char *text,
                          gsize       max_chars)
{
  GString *out = g_string_new (NULL);

  _surat_server_text_append (out, text, max_chars);

  return g_string_free (out, FALSE);
}

void
_surat_log_commands (const char *buffer,
                     gsize       length,
                     gboolean    secret)
{
  const char *line = buffer;
  const char *end = buffer + length;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      int len = eol != NULL ? (int) (eol - line) : (int) (end - line);

      if (len > 0 && line[len - 1] == '\r')
        len--;

      /* The verb only: what follows is a password or an AUTH response,
       * and logs are not for those. */
      if (secret)
        {
          const char *space = memchr (line, ' ', len);

          g_debug ("C: %.*s <secret>", space != NULL ? (int) (space - line) : 0, line);
        }
      else
        {
          g_debug ("C: %.*s", len, line);
        }

      line = eol != NULL ? eol + 1 : end;
    }
}
