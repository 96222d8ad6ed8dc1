/* test-account-probe.c — finding an account's servers and testing its settings
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-account-probe.h"
#include "surat-core.h"
#include "surat-fake-pop3.h"
#include "surat-fake-smtp.h"
#include "surat-test-certs.h"
#include "surat-test-util.h"

#define ADDRESS  "ana@example.org"
#define PASSWORD "secret"
/* Base64 of "\0ana@example.org\0secret": AUTH PLAIN with the right password. */
#define PLAIN_OK "AGFuYUBleGFtcGxlLm9yZwBzZWNyZXQ="
#define TIMEOUT  5

/* Tests cannot use 995, 110, 465 and 587: every server here is a fake on
 * a port the kernel picks, given to the probe as its own candidates. */

typedef struct {
  SuratAccount      *account;
  SuratAccountProbe *probe;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->account = surat_account_new ("ana");
  g_object_set (f->account,
                "address", ADDRESS,
                "ca-file", surat_fake_server_get_ca_file (),
                NULL);
  f->probe = surat_account_probe_new (f->account, PASSWORD);
  surat_account_probe_set_timeout (f->probe, TIMEOUT);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->probe);
  g_clear_object (&f->account);
}

/* A loopback port nobody listens on: connecting is refused at once. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

/* POP3S that takes ADDRESS/PASSWORD. */
static SuratFakePop3 *
pop3_tls_server (void)
{
  SuratFakePop3 *fake = surat_fake_pop3_new ();
  SuratFakePop3ServeOptions options = { .user = ADDRESS, .password = PASSWORD };

  surat_fake_pop3_set_implicit_tls (fake, TRUE);
  surat_fake_pop3_serve (fake, &options);
  surat_fake_pop3_start (fake);
  return fake;
}

/* The SMTP dialogue of a successful login, after TLS is up. */
static void
script_smtp_login (SuratFakeServer *fake)
{
  surat_fake_smtp_expect_ehlo (fake, "AUTH PLAIN\nSIZE 10000000");
  surat_fake_server_expect (fake, "AUTH PLAIN " PLAIN_OK, "235 2.7.0 Accepted\r\n");
  surat_fake_server_expect (fake, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_expect_close (fake);
}

/* SMTPS (465-style) that takes ADDRESS/PASSWORD. */
static SuratFakeServer *
smtp_tls_server (void)
{
  SuratFakeServer *fake = surat_fake_smtp_new ();

  surat_fake_server_set_implicit_tls (fake, TRUE);
  surat_fake_smtp_greet (fake);
  script_smtp_login (fake);
  surat_fake_server_start (fake);
  return fake;
}

/* Submission with STARTTLS (587-style). */
static SuratFakeServer *
smtp_starttls_server (void)
{
  SuratFakeServer *fake = surat_fake_smtp_new ();

  surat_fake_smtp_greet (fake);
  surat_fake_smtp_expect_ehlo (fake, "STARTTLS\nSIZE 10000000");
  surat_fake_server_expect (fake, "STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
  surat_fake_server_start_tls (fake);
  script_smtp_login (fake);
  surat_fake_server_start (fake);
  return fake;
}

static gboolean
guess (Fixture  *f,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_account_probe_guess_async (f->probe, NULL, surat_test_result_cb, &result);
  return surat_account_probe_guess_finish (f->probe, surat_test_wait_result (&result), error);
}

static gboolean
test_settings (Fixture  *f,
               GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_account_probe_test_async (f->probe, NULL, surat_test_result_cb, &result);
  return surat_account_probe_test_finish (f->probe, surat_test_wait_result (&result), error);
}

static void
log_lines (Fixture *f)
{
  GPtrArray *log = surat_account_probe_get_log (f->probe);

  for (guint i = 0; i < log->len; i++)
    g_test_message ("probe: %s", (const char *) g_ptr_array_index (log, i));
}

static gboolean
log_has (Fixture    *f,
         const char *prefix,
         const char *needle)
{
  GPtrArray *log = surat_account_probe_get_log (f->probe);

  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);

      if (g_str_has_prefix (line, prefix) && strstr (line, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
assert_script_done (SuratFakeServer *fake)
{
  g_assert_true (surat_fake_server_wait_done (fake));
  g_assert_cmpstr (surat_fake_server_get_error (fake), ==, NULL);
}

/* --- guessing ------------------------------------------------------------- */


/* Without candidates of a test's own, the guesses come from the domain:
 * pop., pop3., mail. and the domain itself for POP3; smtp., mail. and the
 * domain for SMTP; each first with implicit TLS on 995 / 465 (a name that
 * does not resolve is not tried again on 110 / 587). Never port 25. */
static void
test_guess_from_domain (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) real = g_resolver_get_default ();
  g_autoptr(GResolver) none = surat_test_no_resolver_new ();
  GPtrArray *log;
  g_autoptr(GString) pop3 = g_string_new (NULL);
  g_autoptr(GString) smtp = g_string_new (NULL);

  g_resolver_set_default (none);
  g_assert_false (guess (f, &error));
  g_resolver_set_default (real);
  g_assert_error (error, SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND);

  log = surat_account_probe_get_log (f->probe);
  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);
      const char *colon = strstr (line, " (");

      g_test_message ("%s", line);
      g_assert_nonnull (colon);
      if (g_str_has_prefix (line, "POP3 "))
        g_string_append_printf (pop3, "%.*s\n", (int) (colon - line - 5), line + 5);
      else
        g_string_append_printf (smtp, "%.*s\n", (int) (colon - line - 5), line + 5);
    }
  g_assert_cmpstr (pop3->str, ==,
                   "pop.example.org:995\npop3.example.org:995\nmail.example.org:995\n"
                   "example.org:995\n");
  g_assert_cmpstr (smtp->str, ==,
                   "smtp.example.org:465\nmail.example.org:465\nexample.org:465\n");
}

/* Implicit TLS on the first candidate of each: found, logged in, written
 * into the account; no other candidate is touched. */
static void
test_guess_first_candidate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = pop3_tls_server ();
  g_autoptr(SuratFakeServer) smtp = smtp_tls_server ();
  g_autoptr(SuratFakePop3) pop3_second = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp_second = surat_fake_smtp_new ();
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_start (pop3_second);
  surat_fake_server_start (smtp_second);

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3_second),
                                     SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp), SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp_second),
                                     SURAT_SECURITY_STARTTLS);

  g_assert_true (guess (f, &error));
  log_lines (f);
  g_assert_no_error (error);

  g_assert_cmpstr (surat_account_get_pop3_host (f->account), ==, "127.0.0.1");
  g_assert_cmpuint (surat_account_get_pop3_port (f->account), ==, surat_fake_pop3_get_port (pop3));
  g_assert_cmpint (surat_account_get_pop3_security (f->account), ==, SURAT_SECURITY_TLS);
  g_assert_cmpstr (surat_account_get_smtp_host (f->account), ==, "127.0.0.1");
  g_assert_cmpuint (surat_account_get_smtp_port (f->account), ==,
                    surat_fake_server_get_port (smtp));
  g_assert_cmpint (surat_account_get_smtp_security (f->account), ==, SURAT_SECURITY_TLS);

  /* A real login happened on both, over TLS only. */
  g_assert_true (surat_fake_pop3_received_contains (pop3, "AUTH PLAIN"));
  g_assert_false (surat_fake_pop3_cleartext_contains (pop3, "AUTH"));
  assert_script_done (smtp);
  g_assert_false (surat_fake_server_cleartext_contains (smtp, "AUTH"));

  g_assert_cmpuint (surat_fake_pop3_get_n_connections (pop3_second), ==, 0);
  g_assert_cmpuint (surat_fake_server_get_n_connections (smtp_second), ==, 0);
  g_assert_null (surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_POP3));
  g_assert_null (surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_SMTP));
  g_assert_true (log_has (f, "POP3 127.0.0.1", "(TLS): logged in"));
  g_assert_true (log_has (f, "SMTP 127.0.0.1", "(TLS): logged in"));
}

/* 995 and 465 refuse: the STARTTLS ports are tried next and taken, and
 * the log says what the first ones did. */
static void
test_guess_second_candidate (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp = smtp_starttls_server ();
  SuratFakePop3ServeOptions options = { .user = ADDRESS, .password = PASSWORD, .starttls = TRUE };
  g_autoptr(GError) error = NULL;
  guint16 refused = closed_port ();

  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_start (pop3);

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1", refused,
                                     SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1", refused,
                                     SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp), SURAT_SECURITY_STARTTLS);

  g_assert_true (guess (f, &error));
  log_lines (f);
  g_assert_no_error (error);

  g_assert_cmpuint (surat_account_get_pop3_port (f->account), ==, surat_fake_pop3_get_port (pop3));
  g_assert_cmpint (surat_account_get_pop3_security (f->account), ==, SURAT_SECURITY_STARTTLS);
  g_assert_cmpuint (surat_account_get_smtp_port (f->account), ==,
                    surat_fake_server_get_port (smtp));
  g_assert_cmpint (surat_account_get_smtp_security (f->account), ==, SURAT_SECURITY_STARTTLS);
  assert_script_done (smtp);

  /* The password went through TLS only. */
  g_assert_true (surat_fake_pop3_received_contains (pop3, "AUTH PLAIN"));
  g_assert_false (surat_fake_pop3_cleartext_contains (pop3, "AUTH"));
  g_assert_false (surat_fake_server_cleartext_contains (smtp, "AUTH"));

  g_assert_cmpuint (surat_account_probe_get_log (f->probe)->len, ==, 4);
  g_assert_true (log_has (f, "POP3 127.0.0.1", "(TLS): ") && log_has (f, "POP3", "refused"));
  g_assert_true (log_has (f, "SMTP", "refused"));
  g_assert_true (log_has (f, "POP3", "(STARTTLS): logged in"));
}

/* A server on the STLS port that does not offer STLS (a man in the middle
 * stripped it, or an old server): refused as a candidate, never used in
 * plain text; the password never crosses the wire. */
static void
test_guess_no_plain_fallback (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp = surat_fake_smtp_new ();
  g_autoptr(GError) error = NULL;
  const GError *smtp_error;

  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_expect_capa (pop3, "USER\nUIDL\nSASL PLAIN");
  surat_fake_pop3_expect (pop3, "QUIT", "+OK bye\r\n");
  surat_fake_pop3_start (pop3);

  surat_fake_smtp_greet (smtp);
  surat_fake_smtp_expect_ehlo (smtp, "AUTH PLAIN\nSIZE 1000");
  surat_fake_server_expect (smtp, "QUIT", "221 Bye\r\n");
  surat_fake_server_start (smtp);

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp), SURAT_SECURITY_STARTTLS);

  g_assert_false (guess (f, &error));
  log_lines (f);
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_true (g_str_has_prefix (error->message, "POP3 server 127.0.0.1, port "));
  g_assert_nonnull (strstr (error->message, "does not offer STARTTLS"));

  smtp_error = surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_SMTP);
  g_assert_error ((GError *) smtp_error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);

  /* What the account holds still requires STARTTLS. */
  g_assert_cmpint (surat_account_get_pop3_security (f->account), ==, SURAT_SECURITY_STARTTLS);
  g_assert_cmpint (surat_account_get_smtp_security (f->account), ==, SURAT_SECURITY_STARTTLS);
  g_assert_false (surat_fake_pop3_received_contains (pop3, "AUTH"));
  g_assert_false (surat_fake_pop3_received_contains (pop3, "USER"));
  g_assert_false (surat_fake_pop3_received_contains (pop3, "PASS"));
  g_assert_false (surat_fake_server_received_contains (smtp, "AUTH"));
}

/* The first POP3 candidate refuses the password: that is the answer,
 * with the server's words; the password is not tried elsewhere. */
static void
test_guess_wrong_password (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(SuratFakePop3) pop3_second = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp = surat_fake_smtp_new ();
  g_autoptr(GError) error = NULL;
  const GError *smtp_error;

  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_expect_capa (pop3, "USER\nRESP-CODES\nAUTH-RESP-CODE\nSASL PLAIN");
  surat_fake_pop3_expect (pop3, "AUTH PLAIN " PLAIN_OK,
                          "-ERR [AUTH] Invalid login; use your mailbox password\r\n");
  surat_fake_pop3_expect (pop3, "QUIT", "+OK bye\r\n");
  surat_fake_pop3_start (pop3);
  surat_fake_pop3_start (pop3_second);

  surat_fake_server_set_implicit_tls (smtp, TRUE);
  surat_fake_smtp_greet (smtp);
  surat_fake_smtp_expect_ehlo (smtp, "AUTH PLAIN");
  surat_fake_server_expect (smtp, "AUTH PLAIN *",
                            "535 5.7.8 Username and Password not accepted\r\n");
  surat_fake_server_expect (smtp, "QUIT", "221 Bye\r\n");
  surat_fake_server_start (smtp);

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3_second),
                                     SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp), SURAT_SECURITY_TLS);

  g_assert_false (guess (f, &error));
  log_lines (f);
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_AUTH);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Invalid login; use your mailbox password"));
  g_assert_true (g_str_has_prefix (error->message, "POP3 server 127.0.0.1, port "));

  smtp_error = surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_SMTP);
  g_assert_error ((GError *) smtp_error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (smtp_error->message, "Username and Password not accepted"));

  /* The server is right; only the password is wrong. */
  g_assert_cmpuint (surat_account_get_pop3_port (f->account), ==, surat_fake_pop3_get_port (pop3));
  g_assert_cmpuint (surat_fake_pop3_get_n_connections (pop3_second), ==, 0);
  assert_script_done (pop3);
  assert_script_done (smtp);
}

/* A certificate the system does not trust: the error carries it, the
 * account holds that server; pinning the fingerprint makes the test of
 * the settings succeed. */
static void
test_guess_certificate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = NULL;
  g_autoptr(SuratFakePop3) pop3_again = NULL;
  g_autoptr(SuratFakeServer) refused_smtp = NULL;
  g_autoptr(GTlsCertificate) expected = NULL;
  g_autofree char *expected_fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  SuratCertificate *certificate;

  /* No ca-file: the fake's self-signed certificate is unknown. */
  g_object_set (f->account, "ca-file", NULL, NULL);
  expected = g_tls_certificate_new_from_file (surat_fake_server_get_ca_file (), &error);
  g_assert_no_error (error);
  expected_fingerprint = surat_test_cert_fingerprint_of (expected);

  pop3 = surat_fake_pop3_new ();
  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_start (pop3);

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     closed_port (), SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     closed_port (), SURAT_SECURITY_TLS);

  g_assert_false (guess (f, &error));
  log_lines (f);
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED);
  certificate = surat_tls_error_get_certificate (error);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (surat_certificate_get_fingerprint (certificate), ==, expected_fingerprint);
  g_assert_cmpuint (surat_account_get_pop3_port (f->account), ==, surat_fake_pop3_get_port (pop3));
  g_assert_cmpint (surat_account_get_pop3_security (f->account), ==, SURAT_SECURITY_TLS);
  /* The log names the fingerprint too, for a person to compare. */
  g_assert_true (log_has (f, "POP3", expected_fingerprint));
  /* Nobody answered for SMTP: in short, not found. */
  g_assert_error ((GError *) surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_SMTP),
                  SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND);

  /* Trusted: the same server now works. */
  g_object_set (f->account,
                "pop3-pinned-sha256", surat_certificate_get_fingerprint (certificate),
                "smtp-host", NULL,
                NULL);
  g_clear_error (&error);

  pop3_again = pop3_tls_server ();
  g_object_set (f->account, "pop3-port", (guint) surat_fake_pop3_get_port (pop3_again), NULL);
  g_assert_true (test_settings (f, &error));
  log_lines (f);
  g_assert_no_error (error);
  g_assert_true (surat_fake_pop3_received_contains (pop3_again, "AUTH PLAIN"));
}

/* Nothing answers anywhere: NOT_FOUND names what was tried; the account
 * holds the first candidate for the person to correct. */
static void
test_guess_not_found (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = closed_port ();

  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1", port,
                                     SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "localhost", port,
                                     SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1", port,
                                     SURAT_SECURITY_TLS);

  g_assert_false (guess (f, &error));
  log_lines (f);
  g_assert_error (error, SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND);
  g_test_message ("error: %s", error->message);
  {
    g_autofree char *expected = g_strdup_printf ("Found no POP3 server for example.org; tried "
                                                 "127.0.0.1 and localhost on port %u", port);
    g_assert_cmpstr (error->message, ==, expected);
  }
  g_assert_cmpstr (surat_account_get_pop3_host (f->account), ==, "127.0.0.1");
  g_assert_cmpint (surat_account_get_pop3_security (f->account), ==, SURAT_SECURITY_TLS);
  g_assert_cmpuint (surat_account_probe_get_log (f->probe)->len, ==, 3);
}

/* Guessing needs the address's domain; without one it says so, and
 * tries nothing. */
static void
test_guess_needs_address (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SuratAccount) account = surat_account_new ("nobody");
  g_autoptr(SuratAccountProbe) probe = surat_account_probe_new (account, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  surat_account_probe_guess_async (probe, NULL, surat_test_result_cb, &result);
  g_assert_false (surat_account_probe_guess_finish (probe, surat_test_wait_result (&result),
                                                    &error));
  g_assert_error (error, SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Cannot guess the POP3 server without an e-mail address");
  g_assert_cmpuint (surat_account_probe_get_log (probe)->len, ==, 0);
}

/* Without a password a candidate counts when it greets. */
static void
test_guess_without_password (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SuratAccountProbe) probe = surat_account_probe_new (f->account, "");
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp = surat_fake_smtp_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_expect_capa (pop3, "USER\nSASL PLAIN");
  surat_fake_pop3_expect (pop3, "QUIT", "+OK bye\r\n");
  surat_fake_pop3_start (pop3);
  surat_fake_server_set_implicit_tls (smtp, TRUE);
  surat_fake_smtp_greet (smtp);
  surat_fake_smtp_expect_ehlo (smtp, "AUTH PLAIN");
  surat_fake_server_expect (smtp, "QUIT", "221 Bye\r\n");
  surat_fake_server_start (smtp);

  surat_account_probe_add_candidate (probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  surat_account_probe_add_candidate (probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_server_get_port (smtp), SURAT_SECURITY_TLS);
  surat_account_probe_guess_async (probe, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_account_probe_guess_finish (probe, surat_test_wait_result (&result),
                                                   &error));
  g_assert_no_error (error);
  assert_script_done (pop3);
  assert_script_done (smtp);
  g_assert_cmpstr (g_ptr_array_index (surat_account_probe_get_log (probe), 0), !=, NULL);
}

/* --- testing given settings -------------------------------------------------- */

/* Exactly the account's servers, both logged in to. */
static void
test_settings_work (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = pop3_tls_server ();
  g_autoptr(SuratFakeServer) smtp = smtp_starttls_server ();
  g_autoptr(GError) error = NULL;

  g_object_set (f->account,
                "pop3-host", "127.0.0.1",
                "pop3-port", (guint) surat_fake_pop3_get_port (pop3),
                "pop3-security", "tls",
                "smtp-host", "localhost",
                "smtp-port", (guint) surat_fake_server_get_port (smtp),
                "smtp-security", "starttls",
                NULL);
  /* Candidates are for guessing only. */
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     closed_port (), SURAT_SECURITY_TLS);

  g_assert_true (test_settings (f, &error));
  log_lines (f);
  g_assert_no_error (error);
  assert_script_done (smtp);
  g_assert_true (surat_fake_pop3_received_contains (pop3, "AUTH PLAIN " PLAIN_OK));
  g_assert_cmpuint (surat_account_probe_get_log (f->probe)->len, ==, 2);
  g_assert_true (log_has (f, "SMTP localhost", "(STARTTLS): logged in"));
}

/* POP3 works, SMTP is refused: the error is SMTP's, names the server and
 * says what happened; POP3's error stays NULL. */
static void
test_settings_smtp_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = pop3_tls_server ();
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  guint16 port = closed_port ();

  g_object_set (f->account,
                "pop3-host", "127.0.0.1",
                "pop3-port", (guint) surat_fake_pop3_get_port (pop3),
                "smtp-host", "127.0.0.1",
                "smtp-port", (guint) port,
                "smtp-security", "tls",
                NULL);

  g_assert_false (test_settings (f, &error));
  log_lines (f);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_test_message ("error: %s", error->message);
  prefix = g_strdup_printf ("SMTP server 127.0.0.1, port %u: ", port);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_null (surat_account_probe_get_error (f->probe, SURAT_ACCOUNT_PROBE_POP3));
}

/* A server that accepts the connection and never says a word: a timeout,
 * in words, naming the wait. */
static void
test_settings_timeout (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_stall (pop3);
  surat_fake_pop3_start (pop3);
  g_object_set (f->account,
                "pop3-host", "127.0.0.1",
                "pop3-port", (guint) surat_fake_pop3_get_port (pop3),
                "pop3-security", "starttls",
                NULL);
  surat_account_probe_set_timeout (f->probe, 1);

  g_assert_false (test_settings (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 second"));
  surat_fake_pop3_stop (pop3);
}

/* A test uses the account's pinned certificate: a different one is
 * refused as changed, with the new certificate to show. */
static void
test_settings_pinned_changed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_start (pop3);
  g_object_set (f->account,
                "pop3-host", "127.0.0.1",
                "pop3-port", (guint) surat_fake_pop3_get_port (pop3),
                "pop3-pinned-sha256", "sha256:" "00112233445566778899AABBCCDDEEFF"
                                      "00112233445566778899AABBCCDDEEFF",
                NULL);

  g_assert_false (test_settings (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_CERTIFICATE_CHANGED);
  g_assert_nonnull (surat_tls_error_get_certificate (error));
}

/* An account without servers cannot be tested. */
static void
test_settings_incomplete (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (test_settings (f, &error));
  g_assert_error (error, SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_INCOMPLETE);
}

/* Cancelling stops at once and writes nothing into the account. */
static void
test_guess_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_stall (pop3);
  surat_fake_pop3_start (pop3);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_STARTTLS);
  surat_account_probe_add_candidate (f->probe, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                     surat_fake_pop3_get_port (pop3), SURAT_SECURITY_STARTTLS);

  surat_account_probe_guess_async (f->probe, cancellable, surat_test_result_cb, &result);
  surat_test_spin (100);
  g_cancellable_cancel (cancellable);
  g_assert_false (surat_account_probe_guess_finish (f->probe, surat_test_wait_result (&result),
                                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (surat_account_get_pop3_host (f->account));
  g_assert_null (surat_account_get_smtp_host (f->account));
  surat_fake_pop3_stop (pop3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/account-probe/guess/first-candidate", test_guess_first_candidate);
  ADD ("/account-probe/guess/second-candidate-after-refused", test_guess_second_candidate);
  ADD ("/account-probe/guess/no-plain-fallback", test_guess_no_plain_fallback);
  ADD ("/account-probe/guess/wrong-password", test_guess_wrong_password);
  ADD ("/account-probe/guess/certificate", test_guess_certificate);
  ADD ("/account-probe/guess/not-found", test_guess_not_found);
  ADD ("/account-probe/guess/from-domain", test_guess_from_domain);
  ADD ("/account-probe/guess/needs-address", test_guess_needs_address);
  ADD ("/account-probe/guess/without-password", test_guess_without_password);
  ADD ("/account-probe/guess/cancelled", test_guess_cancelled);
  ADD ("/account-probe/test/works", test_settings_work);
  ADD ("/account-probe/test/smtp-refused", test_settings_smtp_refused);
  ADD ("/account-probe/test/timeout", test_settings_timeout);
  ADD ("/account-probe/test/pinned-changed", test_settings_pinned_changed);
  ADD ("/account-probe/test/incomplete", test_settings_incomplete);

#undef ADD

  return g_test_run ();
}
