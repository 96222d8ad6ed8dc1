/* surat-pop3-reply.c — parsing what a POP3 server says, as pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-reply.h"
#include "surat-wire-text-private.h"

G_DEFINE_QUARK (surat-pop3-error, surat_pop3_error)

/* How much of a server's words we quote in an error: enough to read,
 * short enough for a dialog, whatever a hostile server sends. */
#define MAX_QUOTE_CHARS 300

/* RFC 1939 §7 / RFC 2449: a unique-id is 1 to 70 characters. */
#define MAX_UID_LENGTH 70

static char *
quote_server_text (const char *text)
{
  return _surat_server_text_quote (text, MAX_QUOTE_CHARS);
}

static gboolean
is_resp_code_char (char c)
{
  /* RFC 2449 §8: schar = %x21-2E / %x30-5C / %x5E-7F, i.e. printable
   * ASCII other than "/" and "]" (the level separator and the end). */
  return c >= 0x21 && c <= 0x7e && c != '/' && c != ']';
}

/* Parses "[LEVEL/LEVEL] " at @p. Returns the code, and where the text
 * after it starts, or NULL when @p does not start with a valid code. */
static char *
parse_resp_code (const char  *p,
                 const char **rest)
{
  const char *start;
  const char *q;
  gboolean level_empty = TRUE;

  if (*p != '[')
    return NULL;

  start = q = p + 1;
  for (;; q++)
    {
      if (*q == ']')
        break;
      if (*q == '/')
        {
          if (level_empty)
            return NULL;
          level_empty = TRUE;
          continue;
        }
      if (!is_resp_code_char (*q))
        return NULL;
      level_empty = FALSE;
    }

  if (level_empty)
    return NULL;

  *rest = q + 1;
  if (**rest == ' ')
    (*rest)++;

  return g_strndup (start, q - start);
}

gboolean
surat_pop3_reply_parse (const char      *line,
                        SuratPop3Reply  *reply,
                        GError         **error)
{
  const char *rest;
  const char *code_rest = NULL;
  gboolean ok;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (reply, 0, sizeof *reply);

  /* RFC 1939 §3 asks for upper case; accepting any case costs nothing. */
  if (g_ascii_strncasecmp (line, "+OK", 3) == 0)
    {
      ok = TRUE;
      rest = line + 3;
    }
  else if (g_ascii_strncasecmp (line, "-ERR", 4) == 0)
    {
      ok = FALSE;
      rest = line + 4;
    }
  else
    {
      g_autofree char *quoted = quote_server_text (line);

      if (*line == '\0')
        g_set_error_literal (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                             _("The server sent an empty line where a POP3 reply was due"));
      else
        g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                     _("The server sent a reply that is not POP3: “%s”"), quoted);
      return FALSE;
    }

  /* RFC 2449 §9: single-line = status [SP text]. "+OKAY" is not "+OK". */
  if (*rest != '\0' && *rest != ' ')
    {
      g_autofree char *quoted = quote_server_text (line);

      g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                   _("The server sent a reply that is not POP3: “%s”"), quoted);
      return FALSE;
    }

  if (*rest == ' ')
    rest++;

  reply->ok = ok;
  reply->code = parse_resp_code (rest, &code_rest);
  reply->text = g_strdup (reply->code != NULL ? code_rest : rest);

  return TRUE;
}

void
surat_pop3_reply_clear (SuratPop3Reply *reply)
{
  g_return_if_fail (reply != NULL);

  g_clear_pointer (&reply->code, g_free);
  g_clear_pointer (&reply->text, g_free);
  reply->ok = FALSE;
}

/* RFC 2449 §8: codes are hierarchical, so "SYS/TEMP/QUOTA" is still a
 * SYS/TEMP. */
static gboolean
code_is (const char *code,
         const char *wanted)
{
  gsize len = strlen (wanted);

  return g_ascii_strncasecmp (code, wanted, len) == 0 &&
         (code[len] == '\0' || code[len] == '/');
}

GError *
surat_pop3_reply_to_error (const SuratPop3Reply *reply,
                           const char           *doing)
{
  g_autofree char *what = NULL;
  g_autofree char *said = NULL;
  const char *code;
  SuratPop3Error domain_code;

  g_return_val_if_fail (reply != NULL, NULL);

  if (doing == NULL)
    doing = _("The command");
  code = reply->code != NULL ? reply->code : "";

  if (code_is (code, "AUTH"))
    {
      domain_code = SURAT_POP3_ERROR_AUTH;
      what = g_strdup_printf (_("%s failed: the server did not accept the user name or password."),
                              doing);
    }
  else if (code_is (code, "SYS/TEMP"))
    {
      domain_code = SURAT_POP3_ERROR_SYS_TEMP;
      what = g_strdup_printf (_("%s failed: the server has a temporary problem; try again later."),
                              doing);
    }
  else if (code_is (code, "SYS/PERM"))
    {
      domain_code = SURAT_POP3_ERROR_SYS_PERM;
      what = g_strdup_printf (_("%s failed: the server has a problem that will not go away by "
                                "itself; ask your provider."),
                              doing);
    }
  else if (code_is (code, "IN-USE"))
    {
      domain_code = SURAT_POP3_ERROR_IN_USE;
      what = g_strdup_printf (_("%s failed: another program is using this mailbox right now."),
                              doing);
    }
  else if (code_is (code, "LOGIN-DELAY"))
    {
      domain_code = SURAT_POP3_ERROR_LOGIN_DELAY;
      what = g_strdup_printf (_("%s failed: the server allows logging in only every few "
                                "minutes."),
                              doing);
    }
  else
    {
      domain_code = SURAT_POP3_ERROR_FAILED;
      what = g_strdup_printf (_("%s failed."), doing);
    }

  if (reply->text != NULL && *reply->text != '\0')
    {
      g_autofree char *quoted = quote_server_text (reply->text);

      said = g_strdup_printf (_("The server said: “%s”"), quoted);
    }
  else
    {
      said = g_strdup (_("The server gave no reason."));
    }

  return g_error_new (SURAT_POP3_ERROR, domain_code, "%s %s", what, said);
}

void
surat_pop3_capa_init (SuratPop3Capa *capa)
{
  g_return_if_fail (capa != NULL);

  capa->flags = 0;
  capa->login_delay = -1;
  capa->expire_days = -1;
  capa->implementation = NULL;
}

void
surat_pop3_capa_clear (SuratPop3Capa *capa)
{
  g_return_if_fail (capa != NULL);

  g_clear_pointer (&capa->implementation, g_free);
  surat_pop3_capa_init (capa);
}

/* A non-negative decimal that fits an int, or -1. */
static int
parse_small_number (const char *text)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    return -1;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return -1;
      value = value * 10 + (*p - '0');
      if (value > G_MAXINT)
        return -1;
    }

  return (int) value;
}

void
surat_pop3_capa_parse_line (SuratPop3Capa *capa,
                            const char    *line)
{
  g_auto(GStrv) words = NULL;
  const char *name;
  guint n_words;

  g_return_if_fail (capa != NULL);
  g_return_if_fail (line != NULL);

  /* RFC 2449 §6: capa-tag *(SP param); tags are case-insensitive. */
  words = g_strsplit_set (line, " \t", -1);
  n_words = 0;
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      words[n_words++] = words[i];
    else
      g_free (words[i]);
  words[n_words] = NULL;

  if (n_words == 0)
    return;

  name = words[0];

  if (g_ascii_strcasecmp (name, "TOP") == 0)
    capa->flags |= SURAT_POP3_CAPA_TOP;
  else if (g_ascii_strcasecmp (name, "UIDL") == 0)
    capa->flags |= SURAT_POP3_CAPA_UIDL;
  else if (g_ascii_strcasecmp (name, "PIPELINING") == 0)
    capa->flags |= SURAT_POP3_CAPA_PIPELINING;
  else if (g_ascii_strcasecmp (name, "RESP-CODES") == 0)
    capa->flags |= SURAT_POP3_CAPA_RESP_CODES;
  else if (g_ascii_strcasecmp (name, "AUTH-RESP-CODE") == 0)
    capa->flags |= SURAT_POP3_CAPA_AUTH_RESP_CODE;
  else if (g_ascii_strcasecmp (name, "STLS") == 0)
    capa->flags |= SURAT_POP3_CAPA_STLS;
  else if (g_ascii_strcasecmp (name, "USER") == 0)
    capa->flags |= SURAT_POP3_CAPA_USER;
  else if (g_ascii_strcasecmp (name, "SASL") == 0)
    {
      for (guint i = 1; i < n_words; i++)
        {
          if (g_ascii_strcasecmp (words[i], "PLAIN") == 0)
            capa->flags |= SURAT_POP3_CAPA_SASL_PLAIN;
          else if (g_ascii_strcasecmp (words[i], "LOGIN") == 0)
            capa->flags |= SURAT_POP3_CAPA_SASL_LOGIN;
          else if (g_ascii_strcasecmp (words[i], "CRAM-MD5") == 0)
            capa->flags |= SURAT_POP3_CAPA_SASL_CRAM_MD5;
        }
    }
  else if (g_ascii_strcasecmp (name, "LOGIN-DELAY") == 0)
    {
      /* RFC 2449 §6.5: "LOGIN-DELAY 900", or "LOGIN-DELAY 900 USER"
       * when the value may differ per user. */
      capa->flags |= SURAT_POP3_CAPA_LOGIN_DELAY;
      capa->login_delay = n_words > 1 ? parse_small_number (words[1]) : -1;
    }
  else if (g_ascii_strcasecmp (name, "EXPIRE") == 0)
    {
      /* RFC 2449 §6.7: "EXPIRE NEVER", "EXPIRE 30", "EXPIRE 0 USER". */
      capa->flags |= SURAT_POP3_CAPA_EXPIRE;
      if (n_words > 1 && g_ascii_strcasecmp (words[1], "NEVER") == 0)
        capa->expire_days = -1;
      else
        capa->expire_days = n_words > 1 ? parse_small_number (words[1]) : -1;
    }
  else if (g_ascii_strcasecmp (name, "IMPLEMENTATION") == 0)
    {
      const char *text = line;

      /* Keep the server's text as it was, spaces and all. */
      while (*text == ' ' || *text == '\t')
        text++;
      text += strlen ("IMPLEMENTATION");
      while (*text == ' ' || *text == '\t')
        text++;

      g_free (capa->implementation);
      capa->implementation = g_utf8_make_valid (text, -1);
    }
}

/* message-number: decimal, 1 or more, no sign, no leading space. Sets
 * *end to the first byte after the digits. */
static gboolean
parse_message_number (const char  *text,
                      guint       *number,
                      const char **end)
{
  guint64 value = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (*p - '0');
      if (value > G_MAXUINT)
        return FALSE;
    }

  if (value == 0)
    return FALSE;

  *number = (guint) value;
  *end = p;
  return TRUE;
}

static gboolean
parse_octets (const char  *text,
              guint64     *size,
              const char **end)
{
  guint64 value = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  *size = value;
  *end = p;
  return TRUE;
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ')
    p++;
  return p;
}

typedef enum {
  LISTING_UIDL,
  LISTING_LIST,
  LISTING_STAT,
} ListingKind;

static void
set_listing_error (GError      **error,
                   ListingKind   kind,
                   const char   *line)
{
  g_autofree char *quoted = quote_server_text (line);

  switch (kind)
    {
    case LISTING_UIDL:
      g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                   _("The server sent an invalid unique-id listing: “%s”"), quoted);
      break;
    case LISTING_LIST:
      g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                   _("The server sent an invalid message listing: “%s”"), quoted);
      break;
    case LISTING_STAT:
    default:
      g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                   _("The server sent an invalid mailbox summary: “%s”"), quoted);
      break;
    }
}

gboolean
surat_pop3_parse_uidl_line (const char  *line,
                            guint       *number,
                            char       **uid,
                            GError     **error)
{
  const char *p;
  const char *start;
  guint n;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_message_number (line, &n, &p) || *p != ' ')
    {
      set_listing_error (error, LISTING_UIDL, line);
      return FALSE;
    }

  /* RFC 1939 §7: unique-id = 1*70 of 0x21–0x7E. A space, a control
   * character or eight-bit data would let one message pass for another. */
  start = p = skip_spaces (p);
  while (*p >= 0x21 && *p <= 0x7e)
    p++;

  if (p == start || *p != '\0' || p - start > MAX_UID_LENGTH)
    {
      set_listing_error (error, LISTING_UIDL, line);
      return FALSE;
    }

  if (number != NULL)
    *number = n;
  if (uid != NULL)
    *uid = g_strndup (start, p - start);

  return TRUE;
}

gboolean
surat_pop3_parse_list_line (const char  *line,
                            guint       *number,
                            guint64     *size,
                            GError     **error)
{
  const char *p;
  guint n;
  guint64 octets;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* RFC 1939 §5: scan listing = msg-number SP size, possibly followed by
   * more information, which we do not use. */
  if (!parse_message_number (line, &n, &p) || *p != ' ' ||
      !parse_octets (skip_spaces (p), &octets, &p) ||
      (*p != '\0' && *p != ' '))
    {
      set_listing_error (error, LISTING_LIST, line);
      return FALSE;
    }

  if (number != NULL)
    *number = n;
  if (size != NULL)
    *size = octets;

  return TRUE;
}

gboolean
surat_pop3_parse_stat (const char  *text,
                       guint       *count,
                       guint64     *size,
                       GError     **error)
{
  const char *p;
  guint64 n;
  guint64 octets;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* RFC 1939 §5: drop listing = count SP size [more]; the count may be 0. */
  if (!parse_octets (text, &n, &p) || n > G_MAXUINT || *p != ' ' ||
      !parse_octets (skip_spaces (p), &octets, &p) ||
      (*p != '\0' && *p != ' '))
    {
      set_listing_error (error, LISTING_STAT, text);
      return FALSE;
    }

  if (count != NULL)
    *count = (guint) n;
  if (size != NULL)
    *size = octets;

  return TRUE;
}

char *
surat_pop3_parse_apop_timestamp (const char *greeting)
{
  const char *start;
  const char *p;
  gboolean at = FALSE;

  g_return_val_if_fail (greeting != NULL, NULL);

  /* RFC 1939 §7: the timestamp is a msg-id, "<" … "@" … ">". We accept
   * only printable ASCII inside: a server that can choose arbitrary
   * challenge bytes can recover the password from APOP digests
   * (Leurent, CVE-2007-1558), and the strict form is the usual defence. */
  start = strchr (greeting, '<');
  if (start == NULL)
    return NULL;

  for (p = start + 1; *p != '>'; p++)
    {
      if (*p < 0x21 || *p > 0x7e || *p == '<')
        return NULL;
      if (*p == '@')
        at = TRUE;
    }

  if (!at || p == start + 1)
    return NULL;

  return g_strndup (start, p - start + 1);
}
