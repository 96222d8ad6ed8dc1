/* surat-server-text.c — a server's words, made fit to show a person
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-server-text-private.h"

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
