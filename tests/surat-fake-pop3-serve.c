/* surat-fake-pop3-serve.c — the fake server's "whole server" step
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-fake-pop3-private.h"

/* One session over the maildrop, RFC 1939 style: message numbers are
 * fixed at login, DELE only marks, QUIT commits. */
typedef struct {
  SuratFakeSession                *s;
  const SuratFakePop3ServeOptions *options;
  GPtrArray                       *drop;     /* FakeMessage*, the maildrop at login */
  gboolean                        *deleted;
  char                            *user;
  gboolean                         authorized;
} Serve;

static gboolean
reply (Serve       *serve,
       const char  *text,
       GError     **error)
{
  return surat_fake_session_write (serve->s, text, strlen (text), error);
}

static gboolean
replyf (Serve       *serve,
        GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
replyf (Serve       *serve,
        GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return reply (serve, text, error);
}

/* The message with this number, if it exists and is not deleted. */
static FakeMessage *
lookup (Serve      *serve,
        const char *argument)
{
  guint64 number;

  if (argument == NULL || !g_ascii_string_to_unsigned (argument, 10, 1, serve->drop->len,
                                                       &number, NULL))
    return NULL;
  if (serve->deleted[number - 1])
    return NULL;

  return g_ptr_array_index (serve->drop, number - 1);
}

static void
log_in (Serve *serve)
{
  FakeMaildrop *maildrop = fake_maildrop (surat_fake_session_get_server (serve->s));

  serve->authorized = TRUE;

  /* Borrowed pointers: g_ptr_array_copy() would take the free function
   * along. Only this session's QUIT removes messages, after which it
   * looks at them no more. */
  serve->drop = g_ptr_array_new ();
  g_mutex_lock (&maildrop->mutex);
  for (guint i = 0; i < maildrop->messages->len; i++)
    g_ptr_array_add (serve->drop, g_ptr_array_index (maildrop->messages, i));
  g_mutex_unlock (&maildrop->mutex);

  serve->deleted = g_new0 (gboolean, serve->drop->len + 1);
}

static gboolean
check_password (Serve      *serve,
                const char *user,
                const char *password,
                GError    **error)
{
  if (g_strcmp0 (user, serve->options->user) != 0 ||
      g_strcmp0 (password, serve->options->password) != 0)
    return reply (serve, "-ERR [AUTH] Authentication failed.\r\n", error);

  log_in (serve);
  return reply (serve, "+OK Logged in.\r\n", error);
}

static gboolean
auth_plain (Serve       *serve,
            const char  *response,
            GError     **error)
{
  g_autofree guint8 *decoded = NULL;
  gsize len = 0;
  const char *authzid, *user, *password;

  decoded = g_base64_decode (response, &len);
  decoded = g_realloc (decoded, len + 1);
  decoded[len] = '\0';

  authzid = (const char *) decoded;
  user = memchr (decoded, '\0', len) != NULL ? authzid + strlen (authzid) + 1 : NULL;
  if (user == NULL || user >= (const char *) decoded + len)
    return reply (serve, "-ERR [AUTH] Malformed PLAIN response.\r\n", error);
  password = user + strlen (user) + 1;
  if (password > (const char *) decoded + len)
    return reply (serve, "-ERR [AUTH] Malformed PLAIN response.\r\n", error);

  return check_password (serve, user, password, error);
}

static gboolean
send_listing_line (Serve      *serve,
                   guint       number,
                   gboolean    uidl,
                   GError    **error)
{
  FakeMessage *message = g_ptr_array_index (serve->drop, number - 1);

  if (uidl)
    return replyf (serve, error, "%u %s\r\n", number, message->uid);
  return replyf (serve, error, "%u %" G_GSIZE_FORMAT "\r\n", number,
                 g_bytes_get_size (message->wire));
}

static gboolean
listing (Serve       *serve,
         const char  *argument,
         gboolean     uidl,
         GError     **error)
{
  GString *out;
  gboolean ok;

  if (argument != NULL)
    {
      FakeMessage *message = lookup (serve, argument);
      guint number = message != NULL ? (guint) g_ascii_strtoull (argument, NULL, 10) : 0;

      if (message == NULL)
        return reply (serve, "-ERR No such message.\r\n", error);
      if (!reply (serve, "+OK ", error))
        return FALSE;
      return send_listing_line (serve, number, uidl, error);
    }

  /* One write for the whole listing. */
  out = g_string_new ("+OK\r\n");
  for (guint i = 0; i < serve->drop->len; i++)
    {
      FakeMessage *message = g_ptr_array_index (serve->drop, i);

      if (serve->deleted[i])
        continue;
      if (uidl)
        g_string_append_printf (out, "%u %s\r\n", i + 1, message->uid);
      else
        g_string_append_printf (out, "%u %" G_GSIZE_FORMAT "\r\n", i + 1,
                                g_bytes_get_size (message->wire));
    }
  g_string_append (out, ".\r\n");

  ok = surat_fake_session_write (serve->s, out->str, out->len, error);
  g_string_free (out, TRUE);
  return ok;
}

static gboolean
retrieve (Serve       *serve,
          const char  *argument,
          GError     **error)
{
  FakeMessage *message = lookup (serve, argument);
  guint number = message != NULL ? (guint) g_ascii_strtoull (argument, NULL, 10) : 0;
  const guint8 *data;
  gsize len;

  if (message == NULL)
    return reply (serve, "-ERR No such message.\r\n", error);

  if (serve->options->stall_in_retr == number)
    {
      surat_fake_session_stall (serve->s);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stalled until stopped");
      return FALSE;
    }

  data = g_bytes_get_data (message->wire, &len);
  if (!replyf (serve, error, "+OK %" G_GSIZE_FORMAT " octets\r\n", len))
    return FALSE;

  if (serve->options->drop_in_retr == number)
    {
      gsize partial = MIN (serve->options->drop_after_bytes, len);

      if (!surat_fake_session_write (serve->s, data, partial, error))
        return FALSE;
      surat_fake_session_drop (serve->s);
      return TRUE;
    }

  return surat_fake_session_write (serve->s, data, len, error) &&
         reply (serve, ".\r\n", error);
}

static gboolean
top (Serve       *serve,
     const char  *argument,
     GError     **error)
{
  g_auto(GStrv) words = argument != NULL ? g_strsplit (argument, " ", 2) : NULL;
  FakeMessage *message = words != NULL ? lookup (serve, words[0]) : NULL;
  guint64 n_lines;
  const char *data, *end, *p;
  gsize len;

  if (message == NULL || words[1] == NULL ||
      !g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT, &n_lines, NULL))
    return reply (serve, "-ERR No such message.\r\n", error);

  data = g_bytes_get_data (message->wire, &len);
  end = data + len;

  /* The header, the empty line, then n_lines of the body (RFC 1939 §7). */
  p = g_strstr_len (data, len, "\r\n\r\n");
  p = p != NULL ? p + 4 : end;
  for (guint64 i = 0; i < n_lines && p < end; i++)
    {
      const char *lf = memchr (p, '\n', end - p);

      p = lf != NULL ? lf + 1 : end;
    }

  return reply (serve, "+OK\r\n", error) &&
         surat_fake_session_write (serve->s, data, p - data, error) &&
         reply (serve, ".\r\n", error);
}

static void
commit_deletions (Serve *serve)
{
  FakeMaildrop *maildrop = fake_maildrop (surat_fake_session_get_server (serve->s));

  g_mutex_lock (&maildrop->mutex);
  for (guint i = 0; i < serve->drop->len; i++)
    if (serve->deleted[i])
      g_ptr_array_remove (maildrop->messages, g_ptr_array_index (serve->drop, i));
  g_mutex_unlock (&maildrop->mutex);
}

static gboolean
serve_command (Serve       *serve,
               const char  *verb,
               const char  *argument,
               gboolean    *quit,
               GError     **error)
{
  SuratFakeSession *s = serve->s;
  gboolean tls_needed = serve->options->starttls && !surat_fake_session_is_encrypted (s);

  if (g_ascii_strcasecmp (verb, "CAPA") == 0)
    {
      g_autofree char *capabilities = NULL;
      g_autofree char *text = NULL;

      capabilities = g_strconcat (serve->options->capabilities,
                                  tls_needed ? "\nSTLS" : "", NULL);
      text = _surat_fake_pop3_capa_reply (capabilities);
      return reply (serve, text, error);
    }

  if (g_ascii_strcasecmp (verb, "QUIT") == 0)
    {
      *quit = TRUE;
      if (serve->options->drop_at_quit)
        {
          surat_fake_session_drop (s);
          return TRUE;
        }
      if (serve->authorized)
        commit_deletions (serve);
      return reply (serve, "+OK Logging out.\r\n", error);
    }

  if (g_ascii_strcasecmp (verb, "NOOP") == 0)
    return reply (serve, "+OK\r\n", error);

  if (!serve->authorized)
    {
      if (g_ascii_strcasecmp (verb, "STLS") == 0)
        {
          if (!tls_needed)
            return reply (serve, "-ERR TLS already active.\r\n", error);
          return reply (serve, "+OK Begin TLS negotiation now.\r\n", error) &&
                 surat_fake_session_start_tls (s, error);
        }

      if (tls_needed)
        return reply (serve, "-ERR [AUTH] Plaintext authentication disallowed.\r\n", error);

      if (g_ascii_strcasecmp (verb, "USER") == 0)
        {
          g_free (serve->user);
          serve->user = g_strdup (argument);
          return reply (serve, "+OK\r\n", error);
        }

      if (g_ascii_strcasecmp (verb, "PASS") == 0)
        return check_password (serve, serve->user, argument, error);

      if (g_ascii_strcasecmp (verb, "AUTH") == 0 && argument != NULL &&
          g_ascii_strncasecmp (argument, "PLAIN", 5) == 0)
        {
          g_autofree char *response = NULL;

          if (argument[5] == ' ')
            return auth_plain (serve, argument + 6, error);

          if (!reply (serve, "+ \r\n", error))
            return FALSE;
          response = surat_fake_session_read_line (s, error);
          return response != NULL && auth_plain (serve, response, error);
        }

      return reply (serve, "-ERR Unknown command or not logged in.\r\n", error);
    }

  if (g_ascii_strcasecmp (verb, "STAT") == 0)
    {
      guint count = 0;
      gsize size = 0;

      for (guint i = 0; i < serve->drop->len; i++)
        if (!serve->deleted[i])
          {
            count++;
            size += g_bytes_get_size (((FakeMessage *) g_ptr_array_index (serve->drop, i))->wire);
          }
      return replyf (serve, error, "+OK %u %" G_GSIZE_FORMAT "\r\n", count, size);
    }

  if (g_ascii_strcasecmp (verb, "LIST") == 0)
    return listing (serve, argument, FALSE, error);

  if (g_ascii_strcasecmp (verb, "UIDL") == 0)
    return listing (serve, argument, TRUE, error);

  if (g_ascii_strcasecmp (verb, "RETR") == 0)
    return retrieve (serve, argument, error);

  if (g_ascii_strcasecmp (verb, "TOP") == 0)
    return top (serve, argument, error);

  if (g_ascii_strcasecmp (verb, "DELE") == 0)
    {
      FakeMessage *message = lookup (serve, argument);

      if (message == NULL)
        return reply (serve, "-ERR No such message.\r\n", error);
      serve->deleted[g_ascii_strtoull (argument, NULL, 10) - 1] = TRUE;
      return reply (serve, "+OK Marked to be deleted.\r\n", error);
    }

  if (g_ascii_strcasecmp (verb, "RSET") == 0)
    {
      memset (serve->deleted, 0, sizeof (gboolean) * serve->drop->len);
      return reply (serve, "+OK\r\n", error);
    }

  return reply (serve, "-ERR Unknown command.\r\n", error);
}

gboolean
_surat_fake_pop3_serve (SuratFakeSession  *s,
                        gpointer           data,
                        GError           **error)
{
  Serve serve = { 0 };
  gboolean quit = FALSE;
  gboolean ok;

  serve.s = s;
  serve.options = data;

  ok = reply (&serve, "+OK fake POP3 maildrop ready.\r\n", error);

  while (ok && !quit && !surat_fake_session_is_dropped (s))
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = surat_fake_session_read_line (s, &local_error);
      g_auto(GStrv) words = NULL;

      if (line == NULL)
        {
          /* A client may go without QUIT; that is its right (and the
           * deletions are not committed). */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          break;
        }

      words = g_strsplit (line, " ", 2);
      if (words[0] == NULL)
        ok = reply (&serve, "-ERR Empty command.\r\n", error);
      else
        ok = serve_command (&serve, words[0], words[1], &quit, error);
    }

  g_clear_pointer (&serve.drop, g_ptr_array_unref);
  g_free (serve.deleted);
  g_free (serve.user);

  return ok;
}
