/* surat-message-text.c — charsets, HTML to text, previews
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-message-private.h"

void
_surat_message_add_problem (GPtrArray  *problems,
                            const char *problem)
{
  if (problems == NULL)
    return;

  if (g_ptr_array_find_with_equal_func (problems, problem, g_str_equal, NULL))
    return;

  g_ptr_array_add (problems, g_strdup (problem));
}

/* U+0000 is valid UTF-8 but ends every C string that carries the text:
 * drop it, in place. Returns the new length. */
static gsize
strip_nul (char  *text,
           gsize  len)
{
  gsize out = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] != '\0')
      text[out++] = text[i];
  text[out] = '\0';

  return out;
}

static gboolean
charset_is_utf8 (const char *charset)
{
  return g_ascii_strcasecmp (charset, "utf-8") == 0 ||
         g_ascii_strcasecmp (charset, "utf8") == 0;
}

static gboolean
charset_is_ascii (const char *charset)
{
  return g_ascii_strcasecmp (charset, "us-ascii") == 0 ||
         g_ascii_strcasecmp (charset, "ascii") == 0 ||
         g_ascii_strcasecmp (charset, "ansi_x3.4-1968") == 0;
}

static char *
fallback_to_utf8 (const char         *data,
                  gsize               len,
                  GMimeParserOptions *options)
{
  g_autofree char *copy = g_malloc (len + 1);
  g_autofree char *decoded = NULL;
  gsize n;

  memcpy (copy, data, len);
  n = strip_nul (copy, len);

  if (g_utf8_validate_len (copy, n, NULL))
    return g_steal_pointer (&copy);

  decoded = g_mime_utils_decode_8bit (options, copy, n);
  if (decoded == NULL)
    return g_utf8_make_valid (copy, n);

  return g_utf8_make_valid (decoded, -1);
}

char *
_surat_text_to_utf8 (const char         *data,
                     gsize               len,
                     const char         *charset,
                     GMimeParserOptions *options,
                     GPtrArray          *problems)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (data == NULL)
    return g_strdup ("");

  if (charset != NULL && *charset != '\0')
    {
      g_autofree char *valid_name = g_utf8_make_valid (charset, -1);

      if (charset_is_utf8 (charset))
        {
          if (g_utf8_validate_len (data, len, NULL))
            return g_strndup (data, len);
        }
      else if (charset_is_ascii (charset))
        {
          /* Very often 8-bit text labelled US-ASCII by a careless mailer:
           * decode it as best we can rather than show holes. */
          if (!g_mime_utils_text_is_8bit ((const guchar *) data, len) &&
              memchr (data, '\0', len) == NULL)
            return g_strndup (data, len);
        }
      else
        {
          g_autoptr(GError) error = NULL;
          const char *iconv_name = g_mime_charset_iconv_name (charset);
          gsize written = 0;
          char *converted;

          converted = g_convert (data, len, "UTF-8", iconv_name, NULL, &written, &error);
          if (converted != NULL)
            {
              strip_nul (converted, written);
              return converted;
            }

          if (g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
            problem = g_strdup_printf (_("The text is in a character set Surat does not know "
                                         "(“%s”); it is shown as well as it could be guessed."),
                                       valid_name);
        }

      if (problem == NULL)
        problem = g_strdup_printf (_("The text is not valid “%s” as it claims; it is shown "
                                     "as well as it could be guessed."),
                                   valid_name);
      _surat_message_add_problem (problems, problem);
    }

  return fallback_to_utf8 (data, len, options);
}

char *
_surat_html_sniff_charset (const char *data,
                           gsize       len)
{
  g_autofree char *head = NULL;
  const char *p;

  if (data == NULL || len == 0)
    return NULL;

  head = g_ascii_strdown (data, MIN (len, 4096));
  p = head;

  /* <meta charset="…"> and <meta http-equiv="Content-Type"
   * content="text/html; charset=…"> both say "charset" then '='. */
  while ((p = strstr (p, "<meta")) != NULL)
    {
      const char *end = strchr (p, '>');
      const char *c = strstr (p, "charset");

      if (end == NULL)
        break;

      if (c != NULL && c < end)
        {
          const char *start;

          c += strlen ("charset");
          while (*c == ' ' || *c == '=' || *c == '"' || *c == '\'')
            c++;
          start = c;
          while (g_ascii_isalnum (*c) || *c == '-' || *c == '_' || *c == '.' || *c == ':')
            c++;
          if (c > start)
            return g_strndup (start, c - start);
        }

      p = end;
    }

  return NULL;
}

/* HTML 4 names for U+00A0 … U+00FF, in order. */
static const char * const latin1_entities[] = {
  "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
  "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
  "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
  "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
  "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
  "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
  "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
  "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
  "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
  "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
  "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
  "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

G_STATIC_ASSERT (G_N_ELEMENTS (latin1_entities) == 0x100 - 0xa0);

static const struct {
  const char *name;
  gunichar    c;
} other_entities[] = {
  { "quot", '"' }, { "amp", '&' }, { "apos", '\'' }, { "lt", '<' }, { "gt", '>' },
  { "OElig", 0x152 }, { "oelig", 0x153 }, { "Scaron", 0x160 }, { "scaron", 0x161 },
  { "Yuml", 0x178 }, { "fnof", 0x192 }, { "circ", 0x2c6 }, { "tilde", 0x2dc },
  { "Alpha", 0x391 }, { "Beta", 0x392 }, { "Gamma", 0x393 }, { "Delta", 0x394 },
  { "Omega", 0x3a9 }, { "alpha", 0x3b1 }, { "beta", 0x3b2 }, { "gamma", 0x3b3 },
  { "delta", 0x3b4 }, { "epsilon", 0x3b5 }, { "lambda", 0x3bb }, { "mu", 0x3bc },
  { "pi", 0x3c0 }, { "sigma", 0x3c3 }, { "omega", 0x3c9 },
  { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 }, { "zwnj", 0x200c },
  { "zwj", 0x200d }, { "lrm", 0x200e }, { "rlm", 0x200f }, { "ndash", 0x2013 },
  { "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201a },
  { "ldquo", 0x201c }, { "rdquo", 0x201d }, { "bdquo", 0x201e }, { "dagger", 0x2020 },
  { "Dagger", 0x2021 }, { "bull", 0x2022 }, { "hellip", 0x2026 }, { "permil", 0x2030 },
  { "prime", 0x2032 }, { "Prime", 0x2033 }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203a },
  { "oline", 0x203e }, { "frasl", 0x2044 }, { "euro", 0x20ac }, { "trade", 0x2122 },
  { "larr", 0x2190 }, { "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 },
  { "harr", 0x2194 }, { "rArr", 0x21d2 }, { "hArr", 0x21d4 }, { "minus", 0x2212 },
  { "infin", 0x221e }, { "asymp", 0x2248 }, { "ne", 0x2260 }, { "le", 0x2264 },
  { "ge", 0x2265 }, { "hearts", 0x2665 }, { "check", 0x2713 },
};

/* HTML5 §13.2.5.80: numeric references to 0x80–0x9F mean Windows-1252. */
static const gunichar cp1252_c1[32] = {
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static gunichar
lookup_named_entity (const char *name,
                     gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (latin1_entities); i++)
    if (strlen (latin1_entities[i]) == len && strncmp (latin1_entities[i], name, len) == 0)
      return 0xa0 + i;

  for (guint i = 0; i < G_N_ELEMENTS (other_entities); i++)
    if (strlen (other_entities[i].name) == len && strncmp (other_entities[i].name, name, len) == 0)
      return other_entities[i].c;

  return 0;
}

/* Decodes the reference at @p ('&'); returns the character and sets
 * @end past it, or returns 0 when it is not one (a lone '&'). */
static gunichar
parse_entity (const char  *p,
              const char **end)
{
  const char *q = p + 1;
  gunichar c = 0;

  if (*q == '#')
    {
      gboolean hex = q[1] == 'x' || q[1] == 'X';
      guint64 value = 0;
      guint digits = 0;

      q += hex ? 2 : 1;
      while (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q))
        {
          if (value <= 0x10ffff)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
          digits++;
        }
      if (digits == 0)
        return 0;
      if (*q == ';')
        q++;

      if (value >= 0x80 && value <= 0x9f)
        c = cp1252_c1[value - 0x80];
      else if (value == 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        c = 0xfffd;
      else
        c = (gunichar) value;

      *end = q;
      return c != 0 ? c : 0xfffd;
    }

  while (g_ascii_isalnum (*q) && q - p < 12)
    q++;
  if (q == p + 1)
    return 0;

  c = lookup_named_entity (p + 1, q - p - 1);
  if (c == 0)
    return 0;

  /* HTML lets the oldest ones go without ';'; the others need it. */
  if (*q == ';')
    q++;
  else if (c != '&' && c != '<' && c != '>' && c != '"' && c != 0xa0)
    return 0;

  *end = q;
  return c;
}

typedef struct {
  GString  *out;
  guint     pre;        /* inside <pre>: keep whitespace */
  gboolean  space;      /* collapsed whitespace waiting to be written */
  guint     newlines;   /* newlines at the end of out */
} HtmlText;

static void
put_char (HtmlText *h,
          gunichar  c)
{
  if (h->pre == 0 && g_unichar_isspace (c))
    {
      h->space = TRUE;
      return;
    }

  if (c == '\r')
    return;

  if (h->space && h->newlines == 0 && h->out->len > 0)
    g_string_append_c (h->out, ' ');
  h->space = FALSE;

  /* A no-break space reads as a space, but is never collapsed. */
  g_string_append_unichar (h->out, c == 0xa0 ? ' ' : c);
  h->newlines = c == '\n' ? h->newlines + 1 : 0;
}

/* At least @n line ends here (1: new line, 2: new paragraph), never at
 * the very start. */
static void
put_break (HtmlText *h,
           guint     n)
{
  h->space = FALSE;
  if (h->out->len == 0)
    return;

  while (h->newlines < n)
    {
      g_string_append_c (h->out, '\n');
      h->newlines++;
    }
}

static const char *
skip_past (const char *p,
           const char *needle)
{
  const char *found = strstr (p, needle);

  return found ? found + strlen (needle) : p + strlen (p);
}

/* Past the '>' of a tag, stepping over quoted attribute values. */
static const char *
skip_tag (const char *p)
{
  char quote = 0;

  for (; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p + 1;
    }

  return p;
}

static gboolean
name_in (const char         *name,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (name, names[i]))
      return TRUE;

  return FALSE;
}

static const char * const hidden_tags[] = {
  "script", "style", "head", "title", "template", "object", NULL
};
static const char * const paragraph_tags[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote",
  "pre", "hr", "figure", "address", NULL
};
static const char * const line_tags[] = {
  "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "nav", "aside",
  "main", "form", "fieldset", "caption", "details", "summary", "center", "option", "body",
  "html", "tbody", "thead", "tfoot", NULL
};

static void
handle_tag (HtmlText   *h,
            const char *name,
            gboolean    closing)
{
  if (g_str_equal (name, "br"))
    {
      /* Every <br> counts: "a<br><br>b" has an empty line. */
      h->space = FALSE;
      g_string_append_c (h->out, '\n');
      h->newlines++;
      return;
    }

  if (g_str_equal (name, "pre"))
    {
      if (closing && h->pre > 0)
        h->pre--;
      else if (!closing)
        h->pre++;
    }

  if (name_in (name, paragraph_tags))
    put_break (h, 2);
  else if (name_in (name, line_tags))
    put_break (h, 1);
  else if (!closing && (g_str_equal (name, "td") || g_str_equal (name, "th")))
    h->space = TRUE;

  if (!closing && g_str_equal (name, "li"))
    {
      g_string_append (h->out, "• ");
      h->newlines = 0;
    }
}

/* Line by line: no spaces at line ends, no more than one empty line in a
 * row, none at the start or end. */
static char *
tidy_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint empty = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);

      if (lines[i][0] == '\0')
        {
          empty++;
          continue;
        }

      if (out->len > 0)
        g_string_append (out, empty > 0 ? "\n\n" : "\n");
      g_string_append (out, lines[i]);
      empty = 0;
    }

  return g_string_free (out, FALSE);
}

char *
_surat_html_to_text (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  HtmlText h = { out, 0, FALSE, 0 };
  const char *p;

  g_return_val_if_fail (html != NULL, NULL);

  if (!g_utf8_validate (html, -1, NULL))
    html = valid = g_utf8_make_valid (html, -1);
  p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          gboolean closing = p[1] == '/';
          const char *n = p + 1 + (closing ? 1 : 0);
          char name[16];
          gsize len = 0;

          if (g_str_has_prefix (p, "<!--"))
            {
              p = skip_past (p + 4, "-->");
              continue;
            }

          if (p[1] == '!' || p[1] == '?')
            {
              p = skip_tag (p + 1);
              continue;
            }

          if (!g_ascii_isalpha (*n))
            {
              /* "a < b" is text. */
              put_char (&h, '<');
              p++;
              continue;
            }

          while (g_ascii_isalnum (n[len]))
            {
              if (len < sizeof name - 1)
                name[len] = g_ascii_tolower (n[len]);
              len++;
            }
          name[MIN (len, sizeof name - 1)] = '\0';
          p = skip_tag (n + len);

          if (!closing && name_in (name, hidden_tags))
            {
              g_autofree char *close = g_strconcat ("</", name, NULL);
              const char *q = p;

              /* Find the closing tag, in any case. */
              while (*q != '\0' && g_ascii_strncasecmp (q, close, strlen (close)) != 0)
                q++;
              p = *q != '\0' ? skip_tag (q) : q;
              continue;
            }

          handle_tag (&h, name, closing);
          continue;
        }

      if (*p == '&')
        {
          const char *end = NULL;
          gunichar c = parse_entity (p, &end);

          if (c != 0)
            {
              put_char (&h, c);
              p = end;
              continue;
            }
        }

      /* @html is valid UTF-8: it was converted before it got here. */
      put_char (&h, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }

  return tidy_lines (out->str);
}

char *
_surat_text_make_preview (const char *text,
                          guint       max_chars)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;
  guint chars = 0;
  gsize last_space = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }

      if (chars >= max_chars)
        {
          /* Cut at the last word break when there is one near. */
          if (last_space > 0 && g_utf8_strlen (out->str + last_space, -1) < 30)
            g_string_truncate (out, last_space);
          break;
        }

      if (space)
        {
          last_space = out->len;
          g_string_append_c (out, ' ');
          chars++;
          space = FALSE;
        }

      g_string_append_unichar (out, c);
      chars++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
