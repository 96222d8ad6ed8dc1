/* surat-message-builder-header.c — header field values: RFC 2047 words,
 * folding, address lists
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-message-builder-private.h"

/* RFC 2047 §2: an encoded-word is at most 75 characters, on a line of at
 * most 76. Ours are shorter still, so that one fits on the first line after
 * the longest field name we write ("Reply-To: "). */
#define MAX_ENCODED_WORD (SURAT_FOLD_LENGTH - 10)
/* Plain words longer than this cannot be folded under 76 after "Subject: ". */
#define MAX_PLAIN_WORD   MAX_ENCODED_WORD

static gboolean
phrase_needs_quotes (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (*p != ' ' && !_surat_is_atext (*p))
      return TRUE;

  /* Atoms are separated by single spaces; anything else is kept by quoting. */
  return name[0] == ' ' || strstr (name, "  ") != NULL || g_str_has_suffix (name, " ");
}

/* RFC 2047 encoded-words for @text (UTF-8), separated by single spaces,
 * which a decoder drops (§6.2): decoding gives @text back exactly. Q when
 * the text is mostly ASCII (readable), B otherwise (shorter). */
static void
append_encoded_words (GString    *out,
                      const char *text)
{
  static const char prefix_q[] = "=?UTF-8?Q?";
  static const char prefix_b[] = "=?UTF-8?B?";
  /* Room for the text in one word, without "=?UTF-8?X?" and "?=". */
  const gsize room = MAX_ENCODED_WORD - (sizeof prefix_q - 1) - 2;
  gsize len = strlen (text);
  gsize non_ascii = 0;
  gboolean use_q;
  const char *p = text;

  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      non_ascii++;
  use_q = non_ascii * 3 < len;

  while (*p != '\0')
    {
      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');

      if (use_q)
        {
          gsize used = 0;

          g_string_append (out, prefix_q);
          while (*p != '\0')
            {
              const char *next = g_utf8_next_char (p);
              char piece[32];
              gsize piece_len = 0;

              /* RFC 2047 §5 (3): only these stand for themselves in a
               * phrase; '_' is a space (§4.2). */
              for (const char *c = p; c < next; c++)
                {
                  guchar b = *c;

                  if (b == ' ')
                    piece[piece_len++] = '_';
                  else if (g_ascii_isalnum (b) || strchr ("!*+-/", b) != NULL)
                    piece[piece_len++] = b;
                  else
                    piece_len += g_snprintf (piece + piece_len, 4, "=%02X", b);
                }

              if (used > 0 && used + piece_len > room)
                break;
              g_string_append_len (out, piece, piece_len);
              used += piece_len;
              p = next;
            }
          g_string_append (out, "?=");
        }
      else
        {
          /* Whole groups of 3 octets, 4 base64 characters each. */
          const gsize max_octets = room / 4 * 3;
          const char *chunk_end = p;
          g_autofree char *b64 = NULL;

          while (*chunk_end != '\0')
            {
              const char *next = g_utf8_next_char (chunk_end);

              if ((gsize) (next - p) > max_octets)
                break;
              chunk_end = next;
            }
          b64 = g_base64_encode ((const guchar *) p, chunk_end - p);
          g_string_append (out, prefix_b);
          g_string_append (out, b64);
          g_string_append (out, "?=");
          p = chunk_end;
        }
    }
}

char *
_surat_encode_phrase (const char *name)
{
  GString *out = g_string_new (NULL);

  /* Encoded-words also for ASCII that looks like one, so that no decoder
   * turns it into something else. */
  if (!_surat_is_ascii (name) || strstr (name, "=?") != NULL)
    {
      append_encoded_words (out, name);
    }
  else if (phrase_needs_quotes (name))
    {
      /* RFC 5322 §3.2.4 quoted-string. */
      g_string_append_c (out, '"');
      for (const char *p = name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    {
      g_string_append (out, name);
    }

  return g_string_free (out, FALSE);
}

char *
_surat_encode_unstructured (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean plain = _surat_is_ascii (text) && strstr (text, "=?") == NULL && text[0] != ' ' &&
                   text[0] != '\t' && !g_str_has_suffix (text, " ") &&
                   !g_str_has_suffix (text, "\t");

  /* Plain ASCII goes as it is, when folding at its spaces can keep every
   * line short: no word may be longer than a line. */
  if (plain)
    {
      gsize word = 0;

      for (const char *p = text; *p != '\0' && plain; p++)
        {
          word = (*p == ' ' || *p == '\t') ? 0 : word + 1;
          plain = word <= MAX_PLAIN_WORD;
        }
    }

  if (plain)
    g_string_append (out, text);
  else
    append_encoded_words (out, text);

  return g_string_free (out, FALSE);
}

char *
_surat_fold_header (const char *name,
                    const char *value)
{
  GString *out = g_string_new (" ");
  gsize line = strlen (name) + 2;   /* "Name: " */
  gboolean in_quote = FALSE;
  const char *segment = value;
  const char *p;

  /* Segments run from one space (outside quotes) to the next; a line is
   * folded before a segment that would make it longer than 76 octets.
   * Folding only inserts a line end before existing white space, so
   * unfolding (RFC 5322 §2.2.3) gives the value back exactly. */
  for (p = value; ; p++)
    {
      gboolean boundary = *p == '\0' ||
                          (!in_quote && (*p == ' ' || *p == '\t') && p > value &&
                           p[-1] != ' ' && p[-1] != '\t');

      if (boundary && p > segment)
        {
          gsize len = p - segment;

          if (segment > value && line + len > SURAT_FOLD_LENGTH)
            {
              g_string_append_c (out, '\n');
              line = 0;
            }
          g_string_append_len (out, segment, len);
          line += len;
          segment = p;
        }

      if (*p == '\0')
        break;
      if (*p == '\\' && in_quote && p[1] != '\0')
        p++;
      else if (*p == '"')
        in_quote = !in_quote;
    }

  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
append_mailbox (GString         *out,
                InternetAddress *ia,
                gboolean         smtputf8)
{
  const char *name = internet_address_get_name (ia);
  g_autofree char *address = _surat_address_for_transport (
    internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), smtputf8);

  if (name != NULL && *name != '\0')
    {
      g_autofree char *phrase = _surat_encode_phrase (name);

      g_string_append_printf (out, "%s <%s>", phrase, address);
    }
  else
    {
      g_string_append (out, address);
    }
}

char *
_surat_format_address_list (InternetAddressList *list,
                            gboolean             smtputf8)
{
  GString *out = g_string_new (NULL);
  int n = internet_address_list_length (list);

  for (int i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);

      if (i > 0)
        g_string_append (out, ", ");

      if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          InternetAddressList *members =
            internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia));
          g_autofree char *phrase = _surat_encode_phrase (internet_address_get_name (ia));
          int n_members = internet_address_list_length (members);

          g_string_append_printf (out, "%s:", phrase);
          for (int j = 0; j < n_members; j++)
            {
              g_string_append (out, j > 0 ? ", " : " ");
              append_mailbox (out, internet_address_list_get_address (members, j), smtputf8);
            }
          g_string_append_c (out, ';');
        }
      else
        {
          append_mailbox (out, ia, smtputf8);
        }
    }

  return g_string_free (out, FALSE);
}
