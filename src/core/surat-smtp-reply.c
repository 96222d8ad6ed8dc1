/* surat-smtp-reply.c — what an SMTP server says, and the envelope we send,
 * as pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-smtp-reply.h"
#include "surat-wire-text-private.h"

G_DEFINE_QUARK (surat-smtp-error, surat_smtp_error)

G_DEFINE_BOXED_TYPE (SuratSmtpReply, surat_smtp_reply, surat_smtp_reply_copy,
                     surat_smtp_reply_free)

/* How much of a reply an error quotes: enough to read, short enough for a
 * dialog, whatever a hostile server sends. */
#define MAX_DESCRIBE_CHARS 400

/* --- replies ------------------------------------------------------------ */

SuratSmtpReply *
surat_smtp_reply_copy (const SuratSmtpReply *reply)
{
  SuratSmtpReply *copy;

  g_return_val_if_fail (reply != NULL, NULL);

  copy = g_new0 (SuratSmtpReply, 1);
  copy->code = reply->code;
  copy->enhanced_code = g_strdup (reply->enhanced_code);
  copy->text = g_strdup (reply->text);
  copy->lines = g_strdupv (reply->lines);

  return copy;
}

void
surat_smtp_reply_free (SuratSmtpReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->enhanced_code);
  g_free (reply->text);
  g_strfreev (reply->lines);
  g_free (reply);
}

/* RFC 3463 §2: class "." subject "." detail, class 2, 4 or 5, subject and
 * detail of one to three digits, then a space or the end. Returns its
 * length, or 0 when @text does not start with one of class @klass. */
static gsize
enhanced_code_length (const char *text,
                      guint       klass)
{
  const char *p = text;

  if (p[0] != '0' + (int) klass || (klass != 2 && klass != 4 && klass != 5) || p[1] != '.')
    return 0;
  p += 2;

  for (guint part = 0; part < 2; part++)
    {
      guint digits = 0;

      while (g_ascii_isdigit (*p) && digits < 4)
        {
          p++;
          digits++;
        }
      if (digits == 0 || digits > 3)
        return 0;
      if (part == 0)
        {
          if (*p != '.')
            return 0;
          p++;
        }
    }

  if (*p != ' ' && *p != '\0')
    return 0;

  return p - text;
}

static SuratSmtpReply *
reply_new (guint      code,
           GPtrArray *lines)
{
  SuratSmtpReply *reply = g_new0 (SuratSmtpReply, 1);
  GString *text = g_string_new (NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  guint klass = code / 100;

  reply->code = code;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      gsize enhanced = enhanced_code_length (line, klass);
      const char *rest = line + enhanced;

      g_strv_builder_add (builder, line);

      /* RFC 2034 §4: every line of a reply carries the code; the first
       * says it for the whole reply. */
      if (i == 0 && enhanced > 0)
        reply->enhanced_code = g_strndup (line, enhanced);

      while (*rest == ' ')
        rest++;
      if (*rest == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, rest);
    }

  reply->text = g_string_free (text, FALSE);
  reply->lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return reply;
}

char *
surat_smtp_reply_describe (const SuratSmtpReply *reply)
{
  GString *out;

  g_return_val_if_fail (reply != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%03u", reply->code);
  if (reply->enhanced_code != NULL)
    g_string_append_printf (out, " %s", reply->enhanced_code);
  if (reply->text != NULL && *reply->text != '\0')
    {
      g_string_append_c (out, ' ');
      /* The code is ASCII: its bytes are characters. */
      _surat_server_text_append (out, reply->text, MAX_DESCRIBE_CHARS - out->len);
    }

  return g_string_free (out, FALSE);
}

GError *
surat_smtp_reply_to_error (const SuratSmtpReply *reply,
                           int                   domain_code,
                           const char           *what)
{
  g_autofree char *described = NULL;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  if (domain_code < 0)
    {
      switch (surat_smtp_reply_class (reply))
        {
        case 4:
          domain_code = SURAT_SMTP_ERROR_TRANSIENT;
          break;
        case 5:
          domain_code = SURAT_SMTP_ERROR_PERMANENT;
          break;
        default:
          domain_code = SURAT_SMTP_ERROR_PROTOCOL;
          break;
        }
    }

  described = surat_smtp_reply_describe (reply);
  return g_error_new (SURAT_SMTP_ERROR, domain_code, "%s: %s", what, described);
}

void
surat_smtp_reply_parser_init (SuratSmtpReplyParser *parser)
{
  g_return_if_fail (parser != NULL);

  parser->code = 0;
  parser->lines = g_ptr_array_new_with_free_func (g_free);
  parser->length = 0;
}

void
surat_smtp_reply_parser_clear (SuratSmtpReplyParser *parser)
{
  g_return_if_fail (parser != NULL);

  g_clear_pointer (&parser->lines, g_ptr_array_unref);
}

static void
parser_reset (SuratSmtpReplyParser *parser)
{
  parser->code = 0;
  parser->length = 0;
  g_ptr_array_set_size (parser->lines, 0);
}

static SuratSmtpReply *
parser_fail (SuratSmtpReplyParser  *parser,
             const char            *line,
             GError               **error)
{
  g_autofree char *quoted = _surat_server_text_quote (line, MAX_DESCRIBE_CHARS);

  parser_reset (parser);
  g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL,
               _("The server sent something that is not an SMTP reply: “%s”"), quoted);
  return NULL;
}

SuratSmtpReply *
surat_smtp_reply_parser_feed (SuratSmtpReplyParser  *parser,
                              const char            *line,
                              gsize                  length,
                              GError               **error)
{
  SuratSmtpReply *reply;
  guint code;
  gboolean last;

  g_return_val_if_fail (parser != NULL && parser->lines != NULL, NULL);
  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* RFC 5321 §4.2: Reply-code [ SP textstring ] CRLF for the last line,
   * Reply-code "-" [ textstring ] CRLF for the others; the first digit 2
   * to 5, the second 0 to 5. No NUL anywhere. */
  if (length < 3 || memchr (line, '\0', length) != NULL ||
      line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '5' ||
      !g_ascii_isdigit (line[2]) ||
      (line[3] != '\0' && line[3] != ' ' && line[3] != '-'))
    return parser_fail (parser, line, error);

  code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  last = line[3] != '-';

  /* §4.2.1: every line of a multi-line reply has the same code. */
  if (parser->lines->len > 0 && code != parser->code)
    return parser_fail (parser, line, error);

  parser->length += length;
  if (parser->lines->len >= SURAT_SMTP_REPLY_MAX_LINES ||
      parser->length > SURAT_SMTP_REPLY_MAX_LENGTH)
    {
      parser_reset (parser);
      g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL,
                   _("The server sent a reply of more than %u lines or %u bytes"),
                   (guint) SURAT_SMTP_REPLY_MAX_LINES, (guint) SURAT_SMTP_REPLY_MAX_LENGTH);
      return NULL;
    }

  parser->code = code;
  g_ptr_array_add (parser->lines, g_strdup (line[3] != '\0' ? line + 4 : ""));

  if (!last)
    return NULL;

  reply = reply_new (code, parser->lines);
  parser_reset (parser);
  return reply;
}

/* --- EHLO --------------------------------------------------------------- */

void
surat_smtp_extensions_init (SuratSmtpExtensions *extensions)
{
  g_return_if_fail (extensions != NULL);

  memset (extensions, 0, sizeof *extensions);
}

void
surat_smtp_extensions_clear (SuratSmtpExtensions *extensions)
{
  g_return_if_fail (extensions != NULL);

  g_clear_pointer (&extensions->domain, g_free);
  surat_smtp_extensions_init (extensions);
}

static void
parse_auth_mechanisms (SuratSmtpExtensions *extensions,
                       char               **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (words[i], "PLAIN") == 0)
        extensions->auth |= SURAT_SMTP_AUTH_PLAIN;
      else if (g_ascii_strcasecmp (words[i], "LOGIN") == 0)
        extensions->auth |= SURAT_SMTP_AUTH_LOGIN;
      else if (g_ascii_strcasecmp (words[i], "CRAM-MD5") == 0)
        extensions->auth |= SURAT_SMTP_AUTH_CRAM_MD5;
    }
}

void
surat_smtp_extensions_parse (SuratSmtpExtensions  *extensions,
                             const SuratSmtpReply *ehlo_reply)
{
  static const struct {
    const char         *keyword;
    SuratSmtpExtension  flag;
  } keywords[] = {
    { "STARTTLS", SURAT_SMTP_EXTENSION_STARTTLS },
    { "PIPELINING", SURAT_SMTP_EXTENSION_PIPELINING },
    { "SIZE", SURAT_SMTP_EXTENSION_SIZE },
    { "8BITMIME", SURAT_SMTP_EXTENSION_8BITMIME },
    { "SMTPUTF8", SURAT_SMTP_EXTENSION_SMTPUTF8 },
    { "ENHANCEDSTATUSCODES", SURAT_SMTP_EXTENSION_ENHANCEDSTATUSCODES },
    { "AUTH", SURAT_SMTP_EXTENSION_AUTH },
    { "DSN", SURAT_SMTP_EXTENSION_DSN },
    { "CHUNKING", SURAT_SMTP_EXTENSION_CHUNKING },
  };

  g_return_if_fail (extensions != NULL);
  g_return_if_fail (ehlo_reply != NULL);

  surat_smtp_extensions_clear (extensions);

  if (ehlo_reply->lines[0] != NULL)
    {
      /* §4.1.1.1: "250-" Domain [ SP ehlo-greet ]. */
      g_auto(GStrv) words = g_strsplit (ehlo_reply->lines[0], " ", 2);

      if (words[0] != NULL && *words[0] != '\0')
        extensions->domain = g_utf8_make_valid (words[0], -1);
    }

  /* Each further line: ehlo-keyword *( SP ehlo-param ). */
  for (guint i = 1; ehlo_reply->lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (ehlo_reply->lines[i], " \t", -1);
      const char *keyword = words[0];

      if (keyword == NULL)
        continue;

      /* Servers from before RFC 2554 was final announce "AUTH=LOGIN
       * PLAIN"; many still send it beside the proper line. */
      if (g_ascii_strncasecmp (keyword, "AUTH=", 5) == 0)
        {
          extensions->flags |= SURAT_SMTP_EXTENSION_AUTH;
          parse_auth_mechanisms (extensions, (char *[]) { (char *) keyword + 5, NULL });
          parse_auth_mechanisms (extensions, words + 1);
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
        {
          if (g_ascii_strcasecmp (keyword, keywords[k].keyword) != 0)
            continue;

          extensions->flags |= keywords[k].flag;

          if (keywords[k].flag == SURAT_SMTP_EXTENSION_AUTH)
            parse_auth_mechanisms (extensions, words + 1);

          /* RFC 1870 §4: "SIZE" alone or "SIZE 0": no fixed maximum. */
          if (keywords[k].flag == SURAT_SMTP_EXTENSION_SIZE && words[1] != NULL)
            {
              guint64 limit = 0;

              if (g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT64, &limit, NULL))
                extensions->size_limit = limit;
            }
          break;
        }
    }
}

/* --- the envelope ------------------------------------------------------- */

gboolean
surat_smtp_is_fqdn (const char *name)
{
  g_auto(GStrv) labels = NULL;
  guint n;

  if (name == NULL || *name == '\0' || strlen (name) > 253)
    return FALSE;

  if (g_ascii_strcasecmp (name, "localhost") == 0 ||
      g_str_has_suffix (name, ".local") || g_str_has_suffix (name, ".localdomain") ||
      g_str_has_suffix (name, ".localhost"))
    return FALSE;

  labels = g_strsplit (name, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);
      gboolean all_digits = TRUE;

      /* RFC 1035 §2.3.1, RFC 1123 §2.1: letters, digits, hyphens, not at
       * either end, 1 to 63 of them. */
      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;
      for (gsize j = 0; j < len; j++)
        {
          if (!g_ascii_isalnum (label[j]) && label[j] != '-')
            return FALSE;
          all_digits &= g_ascii_isdigit (label[j]);
        }

      /* A dotted quad is an address, not a name. */
      if (i == n - 1 && all_digits)
        return FALSE;
    }

  return TRUE;
}

char *
surat_smtp_helo_name (const char   *host_name,
                      GInetAddress *local)
{
  g_autofree char *address = NULL;

  if (surat_smtp_is_fqdn (host_name))
    return g_ascii_strdown (host_name, -1);

  if (local == NULL)
    return g_strdup ("[127.0.0.1]");

  address = g_inet_address_to_string (local);

  /* RFC 5321 §4.1.3: IPv6 literals are tagged "IPv6:"; an IPv4 address
   * that reached us mapped into IPv6 is still one. */
  if (g_inet_address_get_family (local) == G_SOCKET_FAMILY_IPV6)
    {
      if (g_str_has_prefix (address, "::ffff:") && strchr (address + 7, '.') != NULL &&
          strchr (address + 7, ':') == NULL)
        return g_strdup_printf ("[%s]", address + 7);
      return g_strdup_printf ("[IPv6:%s]", address);
    }

  return g_strdup_printf ("[%s]", address);
}

gboolean
surat_smtp_check_address (const char  *address,
                          gboolean     allow_empty,
                          GError     **error)
{
  g_return_val_if_fail (address != NULL, FALSE);

  if (*address == '\0')
    {
      if (allow_empty)
        return TRUE;
      g_set_error_literal (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS,
                           _("An email address is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (address, -1, NULL))
    {
      g_set_error_literal (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS,
                           _("An email address is not valid UTF-8"));
      return FALSE;
    }

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A CR or LF would end the command and start another one. */
      if (g_unichar_iscntrl (c) || c == '<' || c == '>')
        {
          g_autofree char *escaped = g_strescape (address, NULL);

          g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS,
                       _("The address “%s” holds characters an email address cannot have"),
                       escaped);
          return FALSE;
        }
    }

  if (strrchr (address, '@') == NULL || strrchr (address, '@') == address ||
      strrchr (address, '@')[1] == '\0')
    {
      g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS,
                   _("“%s” is not an email address"), address);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_ascii (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;

  return TRUE;
}

gboolean
surat_smtp_address_needs_smtputf8 (const char *address)
{
  const char *at;

  g_return_val_if_fail (address != NULL, FALSE);

  at = strrchr (address, '@');
  return !is_ascii (address, at != NULL ? (gsize) (at - address) : strlen (address));
}

char *
surat_smtp_address_to_ascii (const char *address)
{
  g_autofree char *domain = NULL;
  const char *at;

  g_return_val_if_fail (address != NULL, NULL);

  if (is_ascii (address, strlen (address)))
    return g_strdup (address);

  at = strrchr (address, '@');
  if (at == NULL || surat_smtp_address_needs_smtputf8 (address))
    return NULL;

  domain = g_hostname_to_ascii (at + 1);
  if (domain == NULL)
    return NULL;

  return g_strdup_printf ("%.*s@%s", (int) (at - address), address, domain);
}
