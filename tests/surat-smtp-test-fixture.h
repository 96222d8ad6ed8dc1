/* surat-smtp-test-fixture.h — what the SMTP test programs share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib/gstdio.h>

#include "surat-fake-smtp.h"
#include "surat-smtp-client.h"
#include "surat-test-util.h"
#include "surat-tls-stream.h"

/*
 * A fixture with a scripted fake SMTP server and a client for it, the
 * client's async calls wrapped to run to completion on the test's main
 * context, and messages written to files as a Maildir would hold them.
 * Used by test-smtp and test-smtp-send.
 */

#define FROM     "alice@example.org"
#define USER     "alice"
#define PASSWORD "secret"
#define HELO     "client.example.org"
#define BOB      "bob@example.org"
#define CAROL    "carol@example.org"
#define DAVE     "dave@example.org"

/* Short, so that the fault tests stay fast; long enough for a loaded CI
 * machine to answer a loopback server. */
#define TIMEOUT 5

/* A message as the outbox stores it: LF line ends. */
#define SIMPLE_MESSAGE \
  "From: Alice <alice@example.org>\n" \
  "To: Bob <bob@example.org>\n" \
  "Subject: Hello\n" \
  "\n" \
  "Hello Bob.\n"

typedef struct {
  SuratFakeServer *fake;
  SuratConnection *connection;
  SuratSmtpClient *client;
  char            *tmpdir;
  guint            n_files;
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = surat_fake_smtp_new ();
  f->tmpdir = surat_test_make_tmpdir ("smtp");
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);
  g_clear_pointer (&f->fake, surat_fake_server_free);
  surat_test_rm_rf (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* A fresh client (and connection) for the running server; its waits all
 * as short as @timeout. */
static inline void
new_client (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);

  f->connection = surat_connection_new ("127.0.0.1", surat_fake_server_get_port (f->fake),
                                        security);
  surat_connection_set_timeout (f->connection, timeout);
  surat_connection_set_ca_file (f->connection, surat_fake_server_get_ca_file ());
  f->client = surat_smtp_client_new (f->connection);
  surat_smtp_client_set_helo_name (f->client, HELO);
  for (guint wait = 0; wait < SURAT_SMTP_N_WAITS; wait++)
    surat_smtp_client_set_timeout (f->client, wait, timeout);
}

static inline void
start_with (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  surat_fake_server_start (f->fake);
  new_client (f, security, timeout);
}

static inline void
start (Fixture *f)
{
  start_with (f, SURAT_SECURITY_NONE, TIMEOUT);
}

/* Dropping the last references closes the connection. */
static inline void
drop_client (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);
}

/* The script ran to its end without a surprise. */
static inline void
assert_script_done (Fixture *f)
{
  g_assert_true (surat_fake_server_wait_done (f->fake));
  g_assert_cmpstr (surat_fake_server_get_error (f->fake), ==, NULL);
}

/* The greeting and EHLO answered with @extensions. */
static inline void
script_hello (SuratFakeServer *fake,
              const char      *extensions)
{
  surat_fake_smtp_greet (fake);
  surat_fake_server_expect (fake, "EHLO " HELO, NULL);
  {
    g_autofree char *reply = surat_fake_smtp_ehlo_reply (extensions);

    surat_fake_server_send (fake, reply);
  }
}

/* The command lines the server read, joined with "\n". */
static inline char *
received_commands (Fixture *f)
{
  g_autoptr(GPtrArray) commands = surat_fake_server_get_commands (f->fake);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < commands->len; i++)
    {
      SuratFakeCommand *command = g_ptr_array_index (commands, i);

      g_string_append_printf (out, "%s%s", i > 0 ? "\n" : "", command->line);
    }

  return g_string_free (out, FALSE);
}

static inline void
assert_error_contains (const GError *error,
                       const char   *needle)
{
  if (error == NULL || strstr (error->message, needle) == NULL)
    g_error ("expected an error containing “%s”, got “%s”", needle,
             error != NULL ? error->message : "(none)");
}

/* --- messages on disk ------------------------------------------------------ */

static inline GFile *
write_message_bytes (Fixture    *f,
                     const void *data,
                     gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/message-%u.eml", f->tmpdir, f->n_files++);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static inline GFile *
write_message (Fixture    *f,
               const char *content)
{
  return write_message_bytes (f, content, strlen (content));
}

/* What DATA must carry for @content, without the final ".\r\n": CRLF line
 * ends, dot-stuffed, a CRLF at the end. An obviously right version of
 * SuratDotEncoder, for files without bare CRs. */
static inline GBytes *
wire_form (const guint8 *content,
           gsize         length)
{
  GByteArray *out = g_byte_array_sized_new (length + length / 20 + 2);
  gboolean line_start = TRUE;

  for (gsize i = 0; i < length; i++)
    {
      if (line_start && content[i] == '.')
        g_byte_array_append (out, (const guint8 *) ".", 1);
      line_start = FALSE;

      if (content[i] == '\r' && i + 1 < length && content[i + 1] == '\n')
        continue;
      if (content[i] == '\n')
        {
          g_byte_array_append (out, (const guint8 *) "\r\n", 2);
          line_start = TRUE;
          continue;
        }
      g_byte_array_append (out, &content[i], 1);
    }
  if (!line_start)
    g_byte_array_append (out, (const guint8 *) "\r\n", 2);

  return g_byte_array_free_to_bytes (out);
}

static inline void
assert_message_received (Fixture    *f,
                         guint       index,
                         const char *content)
{
  g_autoptr(GBytes) got = surat_fake_smtp_get_message (f->fake, index);
  g_autoptr(GBytes) want = wire_form ((const guint8 *) content, strlen (content));

  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   g_bytes_get_data (want, NULL), g_bytes_get_size (want));
}

/* --- scripts and reports -------------------------------------------------- */

/* "MAIL FROM:<alice@example.org> SIZE=n" for @content. */
static inline char *
mail_from_with_size (const char *content)
{
  g_autoptr(GBytes) wire = wire_form ((const guint8 *) content, strlen (content));
  gsize stuffed = 0;
  const char *data = g_bytes_get_data (wire, NULL);

  /* RFC 1870 §3: the size does not count the stuffed dots. */
  for (gsize i = 0; i < g_bytes_get_size (wire); i++)
    if (data[i] == '.' && (i == 0 || data[i - 1] == '\n'))
      stuffed++;

  return g_strdup_printf ("MAIL FROM:<" FROM "> SIZE=%" G_GSIZE_FORMAT,
                          g_bytes_get_size (wire) - stuffed);
}

static inline guint
reply_code (const char *reply)
{
  return (guint) g_ascii_strtoull (reply, NULL, 10);
}

static inline void
assert_recipient (SuratSmtpSendReport *report,
                  guint                index,
                  const char          *address,
                  gboolean             accepted,
                  guint                code,
                  const char          *enhanced_code,
                  const char          *text)
{
  SuratSmtpRecipientResult *result = g_ptr_array_index (report->recipients, index);

  g_assert_cmpstr (result->address, ==, address);
  g_assert_cmpint (result->accepted, ==, accepted);
  g_assert_cmpuint (result->code, ==, code);
  g_assert_cmpstr (result->enhanced_code, ==, enhanced_code);
  g_assert_cmpstr (result->text, ==, text);
}

/* MAIL (matching @mail), RCPT (matching @rcpt) and DATA accepted, then
 * the message read and answered with @final. */
static inline void
script_message (SuratFakeServer *fake,
                const char      *mail,
                const char      *rcpt,
                const char      *final)
{
  surat_fake_server_expect (fake, mail, "250 2.1.0 OK\r\n");
  surat_fake_server_expect (fake, rcpt, "250 2.1.5 OK\r\n");
  surat_fake_server_expect (fake, "DATA", "354 Go ahead\r\n");
  surat_fake_smtp_expect_data (fake, final);
}

/* A message to Bob up to DATA's 354, for tests of what comes after. */
static inline void
script_until_data (SuratFakeServer *fake)
{
  script_hello (fake, NULL);
  surat_fake_server_expect (fake, "MAIL FROM:<" FROM ">", "250 2.1.0 OK\r\n");
  surat_fake_server_expect (fake, "RCPT TO:<" BOB ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (fake, "DATA", "354 Go ahead\r\n");
}

/* --- synchronous wrappers -------------------------------------------------- */

static inline gboolean
do_connect (Fixture  *f,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_smtp_client_connect_async (f->client, NULL, surat_test_result_cb, &result);
  return surat_smtp_client_connect_finish (f->client, surat_test_wait_result (&result), error);
}

static inline void
connect_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (do_connect (f, &error));
  g_assert_no_error (error);
}

static inline gboolean
do_login_as (Fixture     *f,
             const char  *user,
             const char  *password,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_smtp_client_login_async (f->client, user, password, NULL, surat_test_result_cb,
                                 &result);
  return surat_smtp_client_login_finish (f->client, surat_test_wait_result (&result), error);
}

static inline gboolean
do_login (Fixture  *f,
          GError  **error)
{
  return do_login_as (f, USER, PASSWORD, error);
}

static inline gboolean
do_send_file (Fixture              *f,
              const char           *from,
              const char * const   *recipients,
              GFile                *file,
              SuratSmtpSendFlags    flags,
              GCancellable         *cancellable,
              SuratSmtpSendReport **report,
              GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_smtp_client_send_async (f->client, from, recipients, file, flags, cancellable,
                                surat_test_result_cb, &result);
  return surat_smtp_client_send_finish (f->client, surat_test_wait_result (&result), report,
                                        error);
}

static inline gboolean
do_send (Fixture              *f,
         const char * const   *recipients,
         const char           *content,
         SuratSmtpSendReport **report,
         GError              **error)
{
  g_autoptr(GFile) file = write_message (f, content);

  return do_send_file (f, FROM, recipients, file, SURAT_SMTP_SEND_NONE, NULL, report, error);
}

/* RSET, NOOP or QUIT. */
static inline gboolean
do_simple (Fixture     *f,
           const char  *what,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (g_str_equal (what, "RSET"))
    {
      surat_smtp_client_reset_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_smtp_client_reset_finish (f->client, surat_test_wait_result (&result),
                                             error);
    }
  if (g_str_equal (what, "NOOP"))
    {
      surat_smtp_client_noop_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_smtp_client_noop_finish (f->client, surat_test_wait_result (&result), error);
    }
  if (g_str_equal (what, "QUIT"))
    {
      surat_smtp_client_quit_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_smtp_client_quit_finish (f->client, surat_test_wait_result (&result), error);
    }

  g_assert_not_reached ();
}

/* Runs @func @n times, each with a fresh fixture, for tests of several
 * cases. */
static inline void
for_each_fixture (guint   n,
                  void  (*func) (Fixture *f,
                                 guint    i))
{
  for (guint i = 0; i < n; i++)
    {
      Fixture fixture = { 0 };

      g_test_message ("case %u", i);
      fixture_setup (&fixture, NULL);
      func (&fixture, i);
      fixture_teardown (&fixture, NULL);
    }
}

/* --- one step, each reply class ------------------------------------------ */

typedef struct {
  const char *reply;      /* what the server says */
  int         code;       /* the SURAT_SMTP_ERROR code; -1: success */
  const char *message;    /* the error message a person reads */
} ReplyCase;

/* Runs @func for each case with a fresh fixture. */
static inline void
for_each_case (const ReplyCase *cases,
               guint            n_cases,
               void           (*func) (Fixture         *f,
                                       const ReplyCase *c))
{
  for (guint i = 0; i < n_cases; i++)
    {
      Fixture fixture = { 0 };

      g_test_message ("case: %s", cases[i].reply);
      fixture_setup (&fixture, NULL);
      func (&fixture, &cases[i]);
      fixture_teardown (&fixture, NULL);
    }
}

static inline void
assert_case_result (const ReplyCase *c,
                    gboolean         ok,
                    const GError    *error)
{
  if (c->code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_false (ok);
  g_assert_error (error, SURAT_SMTP_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
