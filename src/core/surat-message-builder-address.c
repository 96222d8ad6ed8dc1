/* surat-message-builder-address.c — addresses as people type them
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-message-builder-private.h"

/* RFC 5321 §4.5.3.1.1 and §4.5.3.1.2; a DNS name is at most 253 octets
 * written out (RFC 1035 §2.3.4), a label 63. */
#define MAX_LOCAL_PART  64
#define MAX_DOMAIN      253
#define MAX_LABEL       63

static gboolean
address_fail (GError            **error,
              SuratMessageField   field,
              int                 index,
              gsize               start,
              gsize               end,
              const char         *shown,
              const char         *reason)
{
  /* Translators: the first %s is what the person typed, the second the
   * field ("To"), the third why it is not an address. */
  _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS,
                                    field, index, start, end,
                                    _("“%s” in %s is not a valid address: %s"),
                                    shown, _surat_message_field_describe (field), reason);
  return FALSE;
}

/* The closing quote of the quoted string starting at @p, or NULL. */
static const char *
skip_quoted (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == '"')
        return p;
    }
  return NULL;
}

static char *
validate_local_part (const char  *local,
                     gsize        len,
                     char       **reason)
{
  if (len == 0)
    {
      *reason = g_strdup (_("nothing comes before the “@”"));
      return NULL;
    }
  if (len > MAX_LOCAL_PART)
    {
      *reason = g_strdup (_("the part before the “@” is longer than 64 bytes"));
      return NULL;
    }

  if (local[0] == '"')
    {
      /* RFC 5322 §3.4.1 quoted-string: qtext and quoted-pairs, no controls. */
      if (len < 2 || local[len - 1] != '"')
        {
          *reason = g_strdup (_("a quote is not closed"));
          return NULL;
        }
      for (gsize i = 1; i + 1 < len; i++)
        {
          guchar c = local[i];

          if (c < 0x20 && c != '\t')
            {
              *reason = g_strdup (_("it contains a control character"));
              return NULL;
            }
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              *reason = g_strdup (_("a quote is misplaced before the “@”"));
              return NULL;
            }
        }
      return g_strndup (local, len);
    }

  /* dot-atom: atext runs joined by single dots. */
  if (local[0] == '.' || local[len - 1] == '.' || g_strstr_len (local, len, "..") != NULL)
    {
      *reason = g_strdup (_("the part before the “@” has a misplaced dot"));
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      if (local[i] != '.' && !_surat_is_atext (local[i]))
        {
          char shown[2] = { local[i], '\0' };

          /* Translators: %s is a character such as “,” or “space”. */
          *reason = g_strdup_printf (_("“%s” cannot appear before the “@”"),
                                     local[i] == ' ' ? _("space") : shown);
          return NULL;
        }
    }

  return g_strndup (local, len);
}

static gboolean
valid_ascii_domain (const char  *domain,
                    char       **reason)
{
  g_auto(GStrv) labels = NULL;

  if (strlen (domain) > MAX_DOMAIN)
    {
      *reason = g_strdup (_("the domain is too long"));
      return FALSE;
    }

  labels = g_strsplit (domain, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0)
        {
          *reason = g_strdup (_("the domain has a misplaced dot"));
          return FALSE;
        }
      if (len > MAX_LABEL)
        {
          *reason = g_strdup (_("a part of the domain is longer than 63 characters"));
          return FALSE;
        }
      /* RFC 5321 §4.1.2 sub-domain: Let-dig [Ldh-str]. */
      if (labels[i][0] == '-' || labels[i][len - 1] == '-')
        {
          *reason = g_strdup (_("a part of the domain starts or ends with a hyphen"));
          return FALSE;
        }
      for (gsize j = 0; j < len; j++)
        {
          if (!g_ascii_isalnum (labels[i][j]) && labels[i][j] != '-')
            {
              *reason = g_strdup (_("the domain may only have letters, digits, hyphens and "
                                    "dots"));
              return FALSE;
            }
        }
      /* An A-label someone typed must decode (RFC 5890 §2.3.2.1). */
      if (g_ascii_strncasecmp (labels[i], "xn--", 4) == 0)
        {
          g_autofree char *unicode = g_hostname_to_unicode (labels[i]);

          if (unicode == NULL || g_ascii_strncasecmp (unicode, "xn--", 4) == 0)
            {
              *reason = g_strdup (_("the international domain name is not valid"));
              return FALSE;
            }
        }
    }

  return TRUE;
}

static char *
validate_domain (const char  *domain,
                 char       **reason)
{
  gsize len = strlen (domain);

  if (len == 0)
    {
      *reason = g_strdup (_("nothing comes after the “@”"));
      return NULL;
    }

  /* RFC 5321 §4.1.3 address literals. */
  if (domain[0] == '[')
    {
      g_autofree char *inner = NULL;
      g_autoptr(GInetAddress) inet = NULL;
      gboolean v6;

      if (len < 3 || domain[len - 1] != ']')
        {
          *reason = g_strdup (_("the address literal is not closed with “]”"));
          return NULL;
        }
      inner = g_strndup (domain + 1, len - 2);
      v6 = g_ascii_strncasecmp (inner, "IPv6:", 5) == 0;
      inet = g_inet_address_new_from_string (v6 ? inner + 5 : inner);
      if (inet == NULL ||
          g_inet_address_get_family (inet) != (v6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4))
        {
          *reason = g_strdup (_("the address literal is not an IP address"));
          return NULL;
        }
      return g_strdup (domain);
    }

  if (_surat_is_ascii (domain))
    return valid_ascii_domain (domain, reason) ? g_strdup (domain) : NULL;

  /* An internationalized domain (RFC 5890): it must have an A-label form,
   * which is what it becomes without SMTPUTF8. */
  {
    g_autofree char *nfc = g_utf8_normalize (domain, -1, G_NORMALIZE_NFC);
    g_autofree char *ascii = NULL;

    if (nfc == NULL || nfc[0] == '.' || g_str_has_suffix (nfc, ".") || strstr (nfc, "..") != NULL)
      {
        *reason = g_strdup (_("the domain has a misplaced dot"));
        return NULL;
      }
    ascii = g_hostname_to_ascii (nfc);
    if (ascii == NULL)
      {
        *reason = g_strdup (_("the international domain name is not valid"));
        return NULL;
      }
    if (!valid_ascii_domain (ascii, reason))
      return NULL;

    return g_steal_pointer (&nfc);
  }
}

/* @address checked as an addr-spec (RFC 5322 §3.4.1 with RFC 6532's UTF-8):
 * normalized, or NULL and why not. */
static char *
normalize_address (const char  *address,
                   char       **reason)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  const char *at;

  if (address[0] == '"')
    {
      const char *close = skip_quoted (address, address + strlen (address));

      if (close == NULL)
        {
          *reason = g_strdup (_("a quote is not closed"));
          return NULL;
        }
      at = close + 1;
      if (*at != '@')
        {
          *reason = g_strdup (*at == '\0' ? _("it has no “@”")
                                          : _("a quote is misplaced before the “@”"));
          return NULL;
        }
    }
  else
    {
      at = strchr (address, '@');
      if (at == NULL)
        {
          *reason = g_strdup (_("it has no “@”"));
          return NULL;
        }
    }

  if (strchr (at + 1, '@') != NULL)
    {
      *reason = g_strdup (_("it has more than one “@”"));
      return NULL;
    }

  local = validate_local_part (address, at - address, reason);
  if (local == NULL)
    return NULL;
  domain = validate_domain (at + 1, reason);
  if (domain == NULL)
    return NULL;

  return g_strconcat (local, "@", domain, NULL);
}

char *
_surat_address_normalize (const char         *address,
                          SuratMessageField   field,
                          int                 index,
                          gsize               start,
                          gsize               end,
                          GError            **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *trimmed = NULL;
  char *normalized;

  if (!_surat_check_one_line (address, -1, field, index, error))
    return NULL;

  if (start == end)
    end = start + strlen (address);

  /* An account's address as someone typed it into a settings field. */
  trimmed = g_strstrip (g_strdup (address));
  normalized = normalize_address (trimmed, &reason);
  if (normalized == NULL)
    address_fail (error, field, index, start, end, trimmed, reason);

  return normalized;
}

char *
_surat_address_for_transport (const char *address,
                              gboolean    smtputf8)
{
  const char *at = strrchr (address, '@');
  g_autofree char *local = NULL;
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (at != NULL, g_strdup (address));

  if (smtputf8 || _surat_is_ascii (at + 1))
    return g_strdup (address);

  local = g_strndup (address, at - address);
  ascii = g_hostname_to_ascii (at + 1);
  return g_strconcat (local, "@", ascii != NULL ? ascii : at + 1, NULL);
}

char *
_surat_address_key (const char *transport_address)
{
  const char *at = strrchr (transport_address, '@');
  g_autofree char *local = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;

  if (at == NULL)
    return g_strdup (transport_address);

  /* RFC 5321 §2.4: the local part may be case-sensitive; the domain is
   * not. */
  local = g_strndup (transport_address, at - transport_address);
  ascii = _surat_is_ascii (at + 1) ? g_strdup (at + 1) : g_hostname_to_ascii (at + 1);
  lower = g_ascii_strdown (ascii != NULL ? ascii : at + 1, -1);
  return g_strconcat (local, "@", lower, NULL);
}

gboolean
_surat_address_list_needs_smtputf8 (InternetAddressList *list,
                                    gboolean             smtputf8)
{
  int n = list != NULL ? internet_address_list_length (list) : 0;

  for (int i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          if (_surat_address_list_needs_smtputf8 (
                internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia)), smtputf8))
            return TRUE;
        }
      else
        {
          g_autofree char *transport = _surat_address_for_transport (
            internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), smtputf8);

          if (!_surat_is_ascii (transport))
            return TRUE;
        }
    }

  return FALSE;
}

/* Typed lists */

typedef enum {
  TOKEN_ATOM,
  TOKEN_QUOTED,
  TOKEN_COMMENT,
  TOKEN_ANGLE,
} TokenKind;

typedef struct {
  TokenKind   kind;
  const char *start;        /* the raw token, quotes and brackets included */
  gsize       len;
  gboolean    space_before;
} Token;

typedef enum {
  SCAN_OK,
  SCAN_UNCLOSED,
  SCAN_CONTROL,
} ScanResult;

/* Moves *@p past the construct that starts there ('"', '(', '<', '['),
 * honouring quoted-pairs, nested comments and quotes inside <>. */
static ScanResult
skip_construct (const char **p,
                const char  *end)
{
  const char *q = *p;
  char open = *q;
  int depth = 0;
  gboolean in_quote = FALSE;

  for (; q < end; q++)
    {
      if (_surat_is_control (*q))
        {
          *p = q;
          return SCAN_CONTROL;
        }

      if (*q == '\\' && (open == '"' || open == '(' || in_quote) && q + 1 < end)
        {
          q++;
          if (_surat_is_control (*q))
            {
              *p = q;
              return SCAN_CONTROL;
            }
          continue;
        }

      switch (open)
        {
        case '"':
          if (*q == '"' && q != *p)
            {
              *p = q + 1;
              return SCAN_OK;
            }
          break;
        case '(':
          if (*q == '(')
            depth++;
          else if (*q == ')' && --depth == 0)
            {
              *p = q + 1;
              return SCAN_OK;
            }
          break;
        case '<':
          if (*q == '"' && q != *p)
            in_quote = !in_quote;
          else if (*q == '>' && !in_quote)
            {
              *p = q + 1;
              return SCAN_OK;
            }
          break;
        case '[':
          if (*q == ']')
            {
              *p = q + 1;
              return SCAN_OK;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  *p = end;
  return SCAN_UNCLOSED;
}

static const char *
unclosed_reason (char open)
{
  switch (open)
    {
    case '"': return _("a quote is not closed");
    case '(': return _("a parenthesis is not closed");
    case '<': return _("a “<” is not closed with “>”");
    default:  return _("a “[” is not closed with “]”");
    }
}

/* The text of a quoted string or comment without its delimiters and
 * quoted-pair backslashes. */
static char *
unquote (const char *start,
         gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 1; i + 1 < len; i++)
    {
      if (start[i] == '\\' && i + 2 < len)
        i++;
      g_string_append_c (out, start[i]);
    }

  return g_string_free (out, FALSE);
}

typedef struct {
  const char        *text;
  SuratMessageField  field;
  int                index;
} ParseContext;

static gboolean
fail_item (ParseContext  *ctx,
           const char    *start,
           const char    *end,
           const char    *reason,
           GError       **error)
{
  g_autofree char *shown = g_strndup (start, end - start);

  return address_fail (error, ctx->field, ctx->index, start - ctx->text, end - ctx->text,
                       shown, reason);
}

static gboolean
fail_control (ParseContext  *ctx,
              const char    *at,
              GError       **error)
{
  gsize offset = at - ctx->text;

  _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
                                    ctx->field, ctx->index, offset, offset + 1,
                                    _("The %s field cannot contain line breaks or NUL "
                                      "characters"),
                                    _surat_message_field_describe (ctx->field));
  return FALSE;
}

static gboolean
tokenize (ParseContext  *ctx,
          const char    *start,
          const char    *end,
          GArray        *tokens,
          GError       **error)
{
  const char *p = start;
  gboolean space = FALSE;

  while (p < end)
    {
      Token token = { TOKEN_ATOM, p, 0, space };
      const char *q = p;

      if (*p == ' ' || *p == '\t')
        {
          space = TRUE;
          p++;
          continue;
        }

      switch (*p)
        {
        case '"':
        case '(':
        case '<':
          token.kind = *p == '"' ? TOKEN_QUOTED : *p == '(' ? TOKEN_COMMENT : TOKEN_ANGLE;
          /* The caller already found these closed. */
          skip_construct (&q, end);
          break;
        case '>':
          return fail_item (ctx, start, end, _("there is a “>” without a “<”"), error);
        default:
          while (q < end && *q != ' ' && *q != '\t' && strchr ("\"(<>", *q) == NULL)
            {
              if (*q == '[')
                skip_construct (&q, end);
              else
                q++;
            }
          break;
        }

      token.len = q - p;
      g_array_append_val (tokens, token);
      p = q;
      space = FALSE;
    }

  return TRUE;
}

/* The display name the @n tokens spell: words joined by single spaces
 * (quoted strings unquoted), RFC 2047 encoded-words someone pasted decoded. */
static char *
phrase_from_tokens (const Token *tokens,
                    guint        n)
{
  g_autoptr(GString) name = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const Token *t = &tokens[i];

      if (t->kind == TOKEN_COMMENT)
        continue;
      if (name->len > 0 && t->space_before)
        g_string_append_c (name, ' ');
      if (t->kind == TOKEN_QUOTED)
        {
          g_autofree char *inner = unquote (t->start, t->len);

          g_string_append (name, inner);
          quoted = TRUE;
        }
      else
        {
          g_string_append_len (name, t->start, t->len);
        }
    }

  if (!quoted && strstr (name->str, "=?") != NULL)
    {
      g_autofree char *decoded = g_mime_utils_header_decode_phrase (NULL, name->str);

      if (decoded != NULL && g_utf8_validate (decoded, -1, NULL))
        g_string_assign (name, decoded);
    }

  g_strstrip (name->str);
  return name->len > 0 && *name->str != '\0' ? g_strdup (name->str) : NULL;
}

/* A run of tokens with no white space or comment between them: in
 * "john.doe"@example.org, a quoted string and an atom make one address. */
typedef struct {
  guint    first;
  guint    last;      /* inclusive */
  gboolean has_at;
} Chunk;

static GArray *
chunks_of (const Token *t,
           guint        n)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));

  for (guint i = 0; i < n; i++)
    {
      gboolean has_at = memchr (t[i].start, '@', t[i].len) != NULL;

      if (t[i].kind == TOKEN_COMMENT)
        continue;

      if (chunks->len > 0 && !t[i].space_before && t[i - 1].kind != TOKEN_COMMENT &&
          g_array_index (chunks, Chunk, chunks->len - 1).last == i - 1)
        {
          Chunk *c = &g_array_index (chunks, Chunk, chunks->len - 1);

          c->last = i;
          c->has_at |= has_at;
        }
      else
        {
          Chunk c = { i, i, has_at };

          g_array_append_val (chunks, c);
        }
    }

  return chunks;
}

static InternetAddress *
parse_mailbox (ParseContext  *ctx,
               const char    *start,
               const char    *end,
               GError       **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr(GArray) chunks = NULL;
  const Token *t;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *reason = NULL;
  int angle = -1;

  if (!tokenize (ctx, start, end, tokens, error))
    return NULL;
  t = (const Token *) tokens->data;

  for (guint i = 0; i < tokens->len; i++)
    {
      if (t[i].kind != TOKEN_ANGLE)
        continue;
      if (angle >= 0)
        {
          fail_item (ctx, start, end, _("it holds two addresses; separate them with commas"),
                     error);
          return NULL;
        }
      angle = i;
    }

  if (angle >= 0)
    {
      /* name-addr: [display-name] "<" addr-spec ">" (RFC 5322 §3.4). */
      for (guint i = angle + 1; i < tokens->len; i++)
        {
          if (t[i].kind != TOKEN_COMMENT)
            {
              fail_item (ctx, start, end,
                         _("something follows the “>”; separate addresses with commas"),
                         error);
              return NULL;
            }
        }
      name = phrase_from_tokens (t, angle);
      address = g_strndup (t[angle].start + 1, t[angle].len - 2);
      g_strstrip (address);
      if (*address == '\0')
        {
          fail_item (ctx, start, end, _("there is no address between “<” and “>”"), error);
          return NULL;
        }
    }
  else
    {
      /* A bare addr-spec. People also type "Ana Lima ana@example.org":
       * words before an address that has the only "@" are its name. */
      const Chunk *c;
      const Chunk *last;
      guint n_with_at = 0;

      chunks = chunks_of (t, tokens->len);
      c = (const Chunk *) chunks->data;
      if (chunks->len == 0)
        {
          fail_item (ctx, start, end, _("it has no address"), error);
          return NULL;
        }
      for (guint i = 0; i < chunks->len; i++)
        n_with_at += c[i].has_at ? 1 : 0;
      last = &c[chunks->len - 1];

      if (n_with_at > 1)
        {
          fail_item (ctx, start, end, _("it holds two addresses; separate them with commas"),
                     error);
          return NULL;
        }
      if (chunks->len > 1 && !last->has_at)
        {
          fail_item (ctx, start, end,
                     n_with_at == 0 ? _("it has no “@”")
                                    : _("something follows the address; separate addresses "
                                        "with commas"),
                     error);
          return NULL;
        }

      address = g_strndup (t[last->first].start,
                           t[last->last].start + t[last->last].len - t[last->first].start);
      if (chunks->len > 1)
        name = phrase_from_tokens (t, last->first);
    }

  /* An old-style "addr (Name)": the comment is all the name there is. */
  if (name == NULL)
    {
      for (guint i = 0; i < tokens->len; i++)
        {
          if (t[i].kind == TOKEN_COMMENT)
            {
              name = unquote (t[i].start, t[i].len);
              g_strstrip (name);
              if (*name == '\0')
                g_clear_pointer (&name, g_free);
              break;
            }
        }
    }

  if (name != NULL && strlen (name) > SURAT_MAX_NAME)
    {
      fail_item (ctx, start, end, _("the name is too long"), error);
      return NULL;
    }

  normalized = normalize_address (address, &reason);
  if (normalized == NULL)
    {
      /* The person sees the whole entry they typed, not just its address. */
      fail_item (ctx, start, end, reason, error);
      return NULL;
    }

  return internet_address_mailbox_new (name, normalized);
}

InternetAddressList *
surat_message_builder_parse_addresses (const char         *text,
                                       gssize              length,
                                       SuratMessageField   field,
                                       GError            **error)
{
  g_autoptr(InternetAddressList) list = internet_address_list_new ();
  g_autoptr(InternetAddressList) members = NULL;
  g_autoptr(InternetAddress) group = NULL;
  ParseContext ctx = { text, field, 0 };
  const char *p;
  const char *end;
  gssize bad;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return g_steal_pointer (&list);
  if (length < 0)
    length = strlen (text);
  p = text;
  end = text + length;

  bad = _surat_first_invalid_utf8 (text, length);
  if (bad >= 0)
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8,
                                        field, -1, bad, bad + 1,
                                        _("The %s field is not valid UTF-8 text"),
                                        _surat_message_field_describe (field));
      return NULL;
    }

  while (p < end)
    {
      const char *item_start;
      const char *item_end;
      InternetAddress *mailbox;

      if (_surat_is_control (*p))
        {
          fail_control (&ctx, p, error);
          return NULL;
        }
      if (*p == ' ' || *p == '\t' || *p == ',')
        {
          p++;
          continue;
        }
      if (*p == ';')
        {
          /* A group ends here (RFC 5322 §3.4); elsewhere ';' separates
           * addresses, as many people type it. */
          if (group != NULL)
            {
              internet_address_list_add (list, group);
              g_clear_object (&group);
              g_clear_object (&members);
            }
          p++;
          continue;
        }

      item_start = p;
      while (p < end && *p != ',' && *p != ';' && (group != NULL || *p != ':'))
        {
          if (_surat_is_control (*p))
            {
              fail_control (&ctx, p, error);
              return NULL;
            }
          if (*p == '"' || *p == '(' || *p == '<' || *p == '[')
            {
              char open = *p;

              switch (skip_construct (&p, end))
                {
                case SCAN_OK:
                  break;
                case SCAN_CONTROL:
                  fail_control (&ctx, p, error);
                  return NULL;
                case SCAN_UNCLOSED:
                  fail_item (&ctx, item_start, end, unclosed_reason (open), error);
                  return NULL;
                }
            }
          else
            {
              p++;
            }
        }

      item_end = p;
      while (item_end > item_start && (item_end[-1] == ' ' || item_end[-1] == '\t'))
        item_end--;

      if (p < end && *p == ':' && group == NULL)
        {
          g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
          g_autofree char *name = NULL;

          if (!tokenize (&ctx, item_start, item_end, tokens, error))
            return NULL;
          name = phrase_from_tokens ((const Token *) tokens->data, tokens->len);
          if (name == NULL || strchr (name, '@') != NULL || strchr (name, '<') != NULL)
            {
              fail_item (&ctx, item_start, p + 1,
                         _("a “:” starts a group, which needs a name before it"), error);
              return NULL;
            }
          group = internet_address_group_new (name);
          members = internet_address_list_new ();
          internet_address_group_set_members (INTERNET_ADDRESS_GROUP (group), members);
          p++;
          continue;
        }

      mailbox = parse_mailbox (&ctx, item_start, item_end, error);
      if (mailbox == NULL)
        return NULL;
      internet_address_list_add (group != NULL ? members : list, mailbox);
      g_object_unref (mailbox);
      ctx.index++;
    }

  /* A group whose ';' was forgotten still counts. */
  if (group != NULL)
    internet_address_list_add (list, group);

  return g_steal_pointer (&list);
}
