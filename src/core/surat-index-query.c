/* surat-index-query.c — what a person types, as a safe FTS5 query
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-index.h"

/* Terms beyond this many in one search add nothing but time. */
#define MAX_QUERY_TERMS 32

/* Does the unicode61 tokenizer find a token in @text? It splits on
 * everything but letters, numbers (and private-use characters); a phrase
 * with no token matches nothing, which would make the whole AND fail. */
static gboolean
has_token_chars (const char *text,
                 const char *end)
{
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE)
        return TRUE;
    }

  return FALSE;
}

/* How many token characters end @text: the length of its last word. */
static guint
last_token_length (const char *start,
                   const char *end)
{
  guint n = 0;

  for (const char *p = end; p > start; )
    {
      gunichar c;

      p = g_utf8_find_prev_char (start, p);
      if (p == NULL)
        break;
      c = g_utf8_get_char (p);
      if (!g_unichar_isalnum (c) && g_unichar_type (c) != G_UNICODE_PRIVATE_USE)
        {
          if (n > 0)
            break;
          continue;
        }
      n++;
    }

  return n;
}

static void
append_term (GString    *query,
             const char *start,
             const char *end)
{
  if (query->len > 0)
    g_string_append (query, " AND ");

  /* FTS5 string: double quotes, with a quote inside written twice. Inside
   * one, AND, OR, NOT, NEAR, ':', '*', '^', '-' and parentheses are plain
   * text. The trailing '*' makes the last token a prefix. */
  g_string_append_c (query, '"');
  for (const char *p = start; p < end; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');

  /* A one-letter prefix matches a large part of the vocabulary, costs
   * ~100 ms on 100 000 messages, and finds nothing useful while someone
   * is still typing: one letter is matched as a whole word. */
  if (last_token_length (start, end) > 1)
    g_string_append_c (query, '*');
}

/**
 * surat_index_build_fts_query:
 * @text: (nullable): what a person typed
 *
 * Every whitespace-separated word becomes a quoted prefix term, and all
 * of them are required; text between double quotes stays together as a
 * phrase. No character has an FTS5 meaning outside the quotes we add, so
 * no input can cause a syntax error.
 *
 * Returns: (transfer full) (nullable): an FTS5 MATCH expression
 */
char *
surat_index_build_fts_query (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) query = NULL;
  const char *p;
  guint terms = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  query = g_string_new (NULL);
  p = valid;

  while (*p != '\0' && terms < MAX_QUERY_TERMS)
    {
      const char *start, *end;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if (*p == '"')
        {
          /* A quoted phrase runs to the closing quote (or the end). */
          start = p + 1;
          end = strchr (start, '"');
          if (end == NULL)
            end = start + strlen (start);
          p = *end == '"' ? end + 1 : end;
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != '"' && !g_unichar_isspace (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          end = p;
        }

      if (has_token_chars (start, end))
        {
          append_term (query, start, end);
          terms++;
        }
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}
