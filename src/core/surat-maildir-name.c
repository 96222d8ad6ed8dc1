/* surat-maildir-name.c — Maildir file names: making them, and reading them back
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "surat-maildir.h"
#include "surat-maildir-private.h"

/* An escaped UID longer than this goes into the name as ",B=<base64url>"
 * (94 characters for the 70 bytes RFC 1939 allows) rather than ",U=". */
#define MAX_PERCENT_UID_LEN 100

/* Maildir spec: in the host name, '/' becomes "\057" and ':' "\072". We
 * escape ',' ("\054") as well, because ',' starts the ",S=" and ",U="
 * fields that we parse back. */
const char *
_surat_maildir_get_host_part (void)
{
  static char *host_part = NULL;

  if (g_once_init_enter (&host_part))
    {
      const char *host = g_get_host_name ();
      GString *s = g_string_new (NULL);

      for (const char *p = host; *p != '\0' && s->len < 64; p++)
        {
          guchar c = (guchar) *p;

          if (c == '/' || c == ':' || c == ',' || c == '\\' || c <= 0x20 || c >= 0x7f)
            g_string_append_printf (s, "\\%03o", c);
          else
            g_string_append_c (s, (char) c);
        }
      if (s->len == 0)
        g_string_append (s, "localhost");

      g_once_init_leave (&host_part, g_string_free (s, FALSE));
    }

  return host_part;
}

/* RFC 1939 §7: a unique-id is 1–70 characters in 0x21–0x7E. Of those,
 * '/' cannot be in a file name, ':' starts the Maildir info, ',' separates
 * our fields and '%' is the escape itself. Anything outside the range (a
 * server breaking the RFC) is escaped too, so every byte string survives. */
static gboolean
uid_char_is_plain (guchar c)
{
  return c > 0x20 && c < 0x7f && c != '/' && c != ':' && c != ',' && c != '%';
}

char *
_surat_maildir_encode_uid_field (const char *uid)
{
  GString *s = g_string_new (",U=");
  g_autofree char *b64 = NULL;

  for (const guchar *p = (const guchar *) uid; *p != '\0'; p++)
    {
      if (uid_char_is_plain (*p))
        g_string_append_c (s, (char) *p);
      else
        g_string_append_printf (s, "%%%02X", *p);
    }

  if (s->len - 3 <= MAX_PERCENT_UID_LEN)
    return g_string_free (s, FALSE);

  /* Mostly escaped characters would make the name longer than a file
   * name may be: base64url (RFC 4648 §5, no padding) is at most 4/3. */
  g_string_free (s, TRUE);
  b64 = g_base64_encode ((const guchar *) uid, strlen (uid));
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');

  return g_strconcat (",B=", b64, NULL);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static char *
decode_percent (const char *text,
                gsize       len)
{
  GString *s = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '%')
        {
          int hi, lo;

          if (i + 2 >= len)
            goto bad;
          hi = hex_value (text[i + 1]);
          lo = hex_value (text[i + 2]);
          if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            goto bad;
          g_string_append_c (s, (char) (hi * 16 + lo));
          i += 2;
        }
      else
        g_string_append_c (s, text[i]);
    }

  if (s->len == 0)
    goto bad;

  return g_string_free (s, FALSE);

bad:
  g_string_free (s, TRUE);
  return NULL;
}

static char *
decode_base64url (const char *text,
                  gsize       len)
{
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  gsize raw_len = 0;

  if (len == 0 || len % 4 == 1)
    return NULL;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return NULL;

  b64 = g_malloc (len + 4);
  memcpy (b64, text, len);
  for (gsize i = 0; i < len; i++)
    {
      if (b64[i] == '-')
        b64[i] = '+';
      else if (b64[i] == '_')
        b64[i] = '/';
    }
  while (len % 4 != 0)
    b64[len++] = '=';
  b64[len] = '\0';

  raw = g_base64_decode (b64, &raw_len);
  if (raw_len == 0 || memchr (raw, '\0', raw_len) != NULL)
    return NULL;

  return g_strndup ((const char *) raw, raw_len);
}

static const char *
name_basename (const char *file)
{
  const char *slash = strrchr (file, '/');

  return slash != NULL ? slash + 1 : file;
}

/**
 * surat_maildir_make_name:
 * @pop3_uid: (nullable): the message's POP3 unique-id
 *
 * A new unique name (Maildir spec: time, microseconds, process id, a
 * per-process counter, the host), without the ",S=" size a delivery adds
 * when it is complete.
 *
 * Returns: (transfer full): the name
 */
char *
surat_maildir_make_name (const char *pop3_uid)
{
  static gint counter = 0;
  gint64 now = g_get_real_time ();
  g_autofree char *uid_field = NULL;

  if (pop3_uid != NULL && *pop3_uid != '\0')
    uid_field = _surat_maildir_encode_uid_field (pop3_uid);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s%s",
                          now / G_USEC_PER_SEC,
                          (int) (now % G_USEC_PER_SEC),
                          (int) getpid (),
                          (guint) g_atomic_int_add (&counter, 1) + 1,
                          _surat_maildir_get_host_part (),
                          uid_field ? uid_field : "");
}

/**
 * surat_maildir_name_get_unique:
 * @file: a relative path ("cur/…") or a bare name
 *
 * Returns: (transfer full): the name without the directory and without the
 *   ":2,<flags>" info, which no Maildir client ever changes
 */
char *
surat_maildir_name_get_unique (const char *file)
{
  const char *base;
  const char *colon;

  g_return_val_if_fail (file != NULL, NULL);

  base = name_basename (file);
  colon = strchr (base, ':');

  return colon ? g_strndup (base, colon - base) : g_strdup (base);
}

/**
 * surat_maildir_name_get_flags:
 * @file: a relative path or a bare name
 *
 * Returns: (transfer full): the letters after ":2,", "" when there are none
 */
char *
surat_maildir_name_get_flags (const char *file)
{
  const char *info;

  g_return_val_if_fail (file != NULL, NULL);

  info = strstr (name_basename (file), ":2,");

  return g_strdup (info ? info + 3 : "");
}

/**
 * surat_maildir_name_get_uid:
 * @file: a relative path or a bare name
 *
 * Returns: (transfer full) (nullable): the POP3 unique-id stored in the
 *   name, or %NULL when it has none (or a damaged one)
 */
char *
surat_maildir_name_get_uid (const char *file)
{
  g_autofree char *unique = NULL;
  const char *field;

  g_return_val_if_fail (file != NULL, NULL);

  unique = surat_maildir_name_get_unique (file);
  field = strchr (unique, ',');

  while (field != NULL)
    {
      const char *value = field + 3;
      const char *end = strchr (field + 1, ',');
      gsize len = end ? (gsize) (end - value) : strlen (value);

      if (g_str_has_prefix (field, ",U="))
        return decode_percent (value, len);
      if (g_str_has_prefix (field, ",B="))
        return decode_base64url (value, len);

      field = end;
    }

  return NULL;
}

/**
 * surat_maildir_name_get_time:
 * @file: a relative path or a bare name
 *
 * Returns: the delivery time (Unix seconds) at the start of the name, or 0
 *   when the name does not start with one
 */
gint64
surat_maildir_name_get_time (const char *file)
{
  const char *base;
  char *end = NULL;
  guint64 value;

  g_return_val_if_fail (file != NULL, 0);

  base = name_basename (file);
  if (!g_ascii_isdigit (*base))
    return 0;

  value = g_ascii_strtoull (base, &end, 10);
  if (end == NULL || (*end != '.' && *end != '\0') || value > G_MAXINT64)
    return 0;

  return (gint64) value;
}

/* Our tmp names: "<sec>.M<usec>P<pid>Q<n>.<host>…". Returns the pid when
 * @name is one of ours from this host, else 0. */
pid_t
_surat_maildir_name_get_own_pid (const char *name)
{
  const char *host = _surat_maildir_get_host_part ();
  const char *p;
  char *end = NULL;
  guint64 pid;

  p = strchr (name, '.');
  if (p == NULL || p[1] != 'M')
    return 0;

  p = strchr (p, 'P');
  if (p == NULL || !g_ascii_isdigit (p[1]))
    return 0;

  pid = g_ascii_strtoull (p + 1, &end, 10);
  if (end == NULL || *end != 'Q' || pid == 0 || pid > G_MAXINT)
    return 0;

  p = strchr (end, '.');
  if (p == NULL || !g_str_has_prefix (p + 1, host))
    return 0;

  p += 1 + strlen (host);
  if (*p != '\0' && *p != ',' && *p != ':')
    return 0;

  return (pid_t) pid;
}
