/* test-smtp.c — SuratSmtpClient's session against a scripted fake server:
 * greeting, EHLO/HELO, STARTTLS, implicit TLS, AUTH, timeouts, RSET/NOOP/QUIT
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-smtp-test-fixture.h"

/* --- greeting ------------------------------------------------------------ */

static void
greeting_case (Fixture         *f,
               const ReplyCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  gboolean ok;

  surat_fake_server_send (f->fake, c->reply);
  if (c->code < 0)
    {
      surat_fake_server_expect (f->fake, "EHLO " HELO, "250 fake.example\r\n");
      surat_fake_server_expect (f->fake, "QUIT", "221 Bye\r\n");
    }
  surat_fake_server_expect_close (f->fake);
  start (f);

  ok = do_connect (f, &error);
  assert_case_result (c, ok, error);

  if (ok)
    {
      g_assert_cmpstr (surat_smtp_client_get_greeting (f->client), ==,
                       "fake.example ESMTP first second");
      g_assert_true (do_simple (f, "QUIT", NULL));
    }
  else
    {
      /* RFC 5321 §3.1: nothing more to say to such a server. */
      assert_script_done (f);
      received = surat_fake_server_get_received (f->fake);
      g_assert_cmpuint (g_bytes_get_size (received), ==, 0);
      g_assert_false (surat_smtp_client_is_ready (f->client));
    }
  assert_script_done (f);
}

static void
test_greeting (void)
{
  static const ReplyCase cases[] = {
    { "220-fake.example ESMTP\r\n220-first\r\n220 second\r\n", -1, NULL },
    { "421 4.3.2 Too busy, come back later\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 is not taking connections right now: "
      "421 4.3.2 Too busy, come back later" },
    { "554 5.7.1 No SMTP service for you\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused the connection: 554 5.7.1 No SMTP service for you" },
    { "250 Hello?\r\n", SURAT_SMTP_ERROR_PROTOCOL,
      "The server 127.0.0.1 did not greet as an SMTP server does: 250 Hello?" },
    { "+OK POP3 server ready\r\n", SURAT_SMTP_ERROR_PROTOCOL,
      "The server sent something that is not an SMTP reply: “+OK POP3 server ready”" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), greeting_case);
}

/* --- EHLO and HELO -------------------------------------------------------- */

static void
ehlo_case (Fixture         *f,
           const ReplyCase *c)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, c->reply);
  surat_fake_server_expect_close (f->fake);
  start (f);

  ok = do_connect (f, &error);
  assert_case_result (c, ok, error);
  if (ok)
    {
      const SuratSmtpExtensions *extensions = surat_smtp_client_get_extensions (f->client);

      g_assert_cmphex (extensions->flags, ==,
                       SURAT_SMTP_EXTENSION_PIPELINING | SURAT_SMTP_EXTENSION_SIZE |
                       SURAT_SMTP_EXTENSION_8BITMIME | SURAT_SMTP_EXTENSION_AUTH);
      g_assert_cmpuint (extensions->size_limit, ==, 35882577);
      g_assert_cmphex (extensions->auth, ==, SURAT_SMTP_AUTH_PLAIN | SURAT_SMTP_AUTH_LOGIN);
      g_assert_true (surat_smtp_client_has_extension (f->client,
                                                      SURAT_SMTP_EXTENSION_8BITMIME));
      g_assert_false (surat_smtp_client_has_extension (f->client,
                                                       SURAT_SMTP_EXTENSION_SMTPUTF8));
      g_assert_true (surat_smtp_client_is_ready (f->client));
      drop_client (f);
    }
  assert_script_done (f);
}

static void
test_ehlo (void)
{
  static const ReplyCase cases[] = {
    { "250-smtp.example.com at your service\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
      "250-AUTH LOGIN PLAIN\r\n250 PIPELINING\r\n", -1, NULL },
    { "421 4.3.2 Service shutting down\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 refused to start a session (EHLO): "
      "421 4.3.2 Service shutting down" },
    { "550 5.7.1 Your host is blocked\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused to start a session (EHLO): "
      "550 5.7.1 Your host is blocked" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), ehlo_case);
}

/* RFC 5321 §4.1.4: a server that does not know EHLO says 500 or 502; HELO
 * then, and no extensions. */
static const char * const helo_fallback_refusals[] = {
  "502 5.5.1 Command not implemented\r\n", "500 Syntax error, command unrecognized\r\n",
};

static void
helo_fallback_case (Fixture *f,
                    guint    i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *commands = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, helo_fallback_refusals[i]);
  surat_fake_server_expect (f->fake, "HELO " HELO, "250 fake.example\r\n");
  surat_fake_server_expect (f->fake, "NOOP", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 Bye\r\n");
  start (f);

  connect_ok (f);
  g_assert_cmphex (surat_smtp_client_get_extensions (f->client)->flags, ==, 0);
  g_assert_true (do_simple (f, "NOOP", &error));
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  assert_script_done (f);

  commands = received_commands (f);
  g_assert_cmpstr (commands, ==,
                   "EHLO " HELO "\nHELO " HELO "\nNOOP\nQUIT");
}

static void
test_helo_fallback (void)
{
  for_each_fixture (G_N_ELEMENTS (helo_fallback_refusals), helo_fallback_case);
}

static void
test_helo_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, "502 5.5.1 What?\r\n");
  surat_fake_server_expect (f->fake, "HELO " HELO, "501 5.5.4 Bad name\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PERMANENT);
  g_assert_cmpstr (error->message, ==,
                   "The server 127.0.0.1 refused to start a session (HELO): 501 5.5.4 Bad name");
  assert_script_done (f);
}

/* Without a name set, EHLO says this machine's name if it is fully
 * qualified, else the address literal of our end (RFC 5321 §4.1.3). */
static void
test_helo_name_automatic (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autofree char *expected = surat_smtp_helo_name (g_get_host_name (), loopback);
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) commands = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, NULL);
  start (f);
  surat_smtp_client_set_helo_name (f->client, NULL);

  connect_ok (f);
  assert_script_done (f);

  commands = surat_fake_server_get_commands (f->fake);
  line = g_strdup_printf ("EHLO %s", expected);
  g_assert_cmpstr (((SuratFakeCommand *) g_ptr_array_index (commands, 0))->line, ==, line);
  if (!surat_smtp_is_fqdn (g_get_host_name ()))
    g_assert_cmpstr (expected, ==, "[127.0.0.1]");
  else
    g_assert_cmpstr (expected, !=, "[127.0.0.1]");
}

/* --- STARTTLS (RFC 3207) -------------------------------------------------- */

static void
test_starttls (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  const SuratSmtpExtensions *extensions;

  script_hello (f->fake, "STARTTLS\nAUTH PLAIN\nSIZE 1000\nPIPELINING");
  surat_fake_server_expect (f->fake, "STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
  surat_fake_server_start_tls (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, "AUTH LOGIN\nSIZE 2000\n8BITMIME");
  surat_fake_server_expect (f->fake, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
  surat_fake_server_expect (f->fake, "YWxpY2U=", "334 UGFzc3dvcmQ6\r\n");
  surat_fake_server_expect (f->fake, "c2VjcmV0", "235 2.7.0 Authentication successful\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  connect_ok (f);
  g_assert_true (surat_connection_is_encrypted (f->connection));

  /* RFC 3207 §4.2: what was announced before TLS is forgotten. */
  extensions = surat_smtp_client_get_extensions (f->client);
  g_assert_cmphex (extensions->flags, ==, SURAT_SMTP_EXTENSION_AUTH | SURAT_SMTP_EXTENSION_SIZE |
                                          SURAT_SMTP_EXTENSION_8BITMIME);
  g_assert_cmphex (extensions->auth, ==, SURAT_SMTP_AUTH_LOGIN);
  g_assert_cmpuint (extensions->size_limit, ==, 2000);

  g_assert_true (do_login (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_smtp_client_get_login_method (f->client), ==, "LOGIN");
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  assert_script_done (f);

  /* The second EHLO and the login went through TLS only. */
  commands = surat_fake_server_get_commands (f->fake);
  g_assert_cmpuint (commands->len, ==, 7);
  g_assert_false (((SuratFakeCommand *) g_ptr_array_index (commands, 1))->encrypted);
  g_assert_true (((SuratFakeCommand *) g_ptr_array_index (commands, 2))->encrypted);
  g_assert_false (surat_fake_server_cleartext_contains (f->fake, "AUTH"));
  g_assert_false (surat_fake_server_cleartext_contains (f->fake, "c2VjcmV0"));
}

/* A man in the middle removes STARTTLS from the list: an error, never a
 * login in clear text. */
static void
test_starttls_stripped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "AUTH PLAIN LOGIN\nPIPELINING");
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   "The server 127.0.0.1 does not offer STARTTLS, which this account requires; "
                   "nothing was sent unencrypted");
  g_clear_error (&error);

  /* Whatever the caller tries next, no password goes out. */
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "AUTH"));
  g_assert_false (surat_fake_server_received_contains (f->fake, "MAIL"));
}

/* A server (or a man in the middle) that offers no EHLO at all offers no
 * STARTTLS either. */
static void
test_starttls_helo_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, "502 5.5.1 No EHLO here\r\n");
  surat_fake_server_expect (f->fake, "HELO " HELO, "250 fake.example\r\n");
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);
  assert_script_done (f);
}

/* CVE-2011-0411: a reply injected behind the 220 go-ahead would be read
 * as if it had come through TLS. */
static void
test_starttls_injected (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "STARTTLS\nAUTH PLAIN");
  surat_fake_server_expect (f->fake, "STARTTLS",
                            "220 2.0.0 Ready to start TLS\r\n"
                            "250-fake.example\r\n250 AUTH PLAIN\r\n");
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_INJECTION);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "AUTH"));
  g_assert_false (surat_smtp_client_is_ready (f->client));
}

static void
starttls_case (Fixture         *f,
               const ReplyCase *c)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  script_hello (f->fake, "STARTTLS\nAUTH PLAIN");
  surat_fake_server_expect (f->fake, "STARTTLS", c->reply);
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  ok = do_connect (f, &error);
  assert_case_result (c, ok, error);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "AUTH"));
}

static void
test_starttls_refused (void)
{
  static const ReplyCase cases[] = {
    { "454 4.7.0 TLS not available due to temporary reason\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 refused to start encryption (STARTTLS); nothing was sent "
      "unencrypted: 454 4.7.0 TLS not available due to temporary reason" },
    { "501 5.5.4 Syntax error\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused to start encryption (STARTTLS); nothing was sent "
      "unencrypted: 501 5.5.4 Syntax error" },
    { "250 OK\r\n", SURAT_SMTP_ERROR_PROTOCOL,
      "The server 127.0.0.1 refused to start encryption (STARTTLS); nothing was sent "
      "unencrypted: 250 OK" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), starttls_case);
}

/* RFC 8314: TLS from the first byte, port 465. */
static void
test_implicit_tls (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleartext = NULL;

  surat_fake_server_set_implicit_tls (f->fake, TRUE);
  script_hello (f->fake, "AUTH PLAIN LOGIN");
  surat_fake_server_expect (f->fake, "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
                            "235 2.7.0 Authentication successful\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_TLS, TIMEOUT);

  connect_ok (f);
  g_assert_true (surat_connection_is_encrypted (f->connection));
  g_assert_true (do_login (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_smtp_client_get_login_method (f->client), ==, "PLAIN");
  g_assert_true (do_simple (f, "QUIT", &error));
  assert_script_done (f);

  cleartext = surat_fake_server_get_received_cleartext (f->fake);
  g_assert_cmpuint (g_bytes_get_size (cleartext), ==, 0);
}

/* --- AUTH (RFC 4954) -------------------------------------------------------- */

/* The strongest offered mechanism, with the exchange each one takes. */
typedef struct {
  const char *offered;
  const char *method;
  const char *exchange[6];  /* expected line, reply, … */
} MechanismCase;

static const MechanismCase mechanism_cases[] = {
  { "AUTH LOGIN PLAIN CRAM-MD5", "CRAM-MD5",
    { "AUTH CRAM-MD5",
      "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n",
      "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", "235 2.7.0 OK\r\n" } },
  { "AUTH LOGIN PLAIN", "PLAIN",
    { "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm", "235 2.7.0 OK\r\n" } },
  { "AUTH=LOGIN", "LOGIN",
    { "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n", "dGlt", "334 UGFzc3dvcmQ6\r\n",
      "dGFuc3RhYWZ0YW5zdGFhZg==", "235 2.7.0 OK\r\n" } },
};

static void
auth_mechanisms_case (Fixture *f,
                      guint    i)
{
  const MechanismCase *c = &mechanism_cases[i];
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, c->offered);
  for (guint j = 0; j + 1 < G_N_ELEMENTS (c->exchange) && c->exchange[j] != NULL; j += 2)
    surat_fake_server_expect (f->fake, c->exchange[j], c->exchange[j + 1]);
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_null (surat_smtp_client_get_login_method (f->client));
  g_assert_true (do_login_as (f, "tim", "tanstaaftanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_smtp_client_get_login_method (f->client), ==, c->method);
  drop_client (f);
  assert_script_done (f);
}

static void
test_auth_mechanisms (void)
{
  for_each_fixture (G_N_ELEMENTS (mechanism_cases), auth_mechanisms_case);
}

static void
auth_case (Fixture         *f,
           const ReplyCase *c)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  script_hello (f->fake, "AUTH PLAIN");
  surat_fake_server_expect (f->fake, "AUTH PLAIN *", c->reply);
  surat_fake_server_expect (f->fake, "NOOP", "250 2.0.0 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  ok = do_login (f, &error);
  assert_case_result (c, ok, error);

  /* A failed login leaves the session usable. */
  g_assert_true (do_simple (f, "NOOP", NULL));
  drop_client (f);
  assert_script_done (f);
}

static void
test_auth_replies (void)
{
  static const ReplyCase cases[] = {
    { "235 2.7.0 Authentication successful\r\n", -1, NULL },
    { "535 5.7.8 Authentication credentials invalid\r\n", SURAT_SMTP_ERROR_AUTH_FAILED,
      "Logging in to 127.0.0.1 failed: the user name or password was not accepted: "
      "535 5.7.8 Authentication credentials invalid" },
    { "454 4.7.0 Temporary authentication failure\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "Logging in to 127.0.0.1 failed for now; try again later: "
      "454 4.7.0 Temporary authentication failure" },
    { "534 5.7.9 Authentication mechanism is too weak\r\n", SURAT_SMTP_ERROR_NO_MECHANISM,
      "Logging in to 127.0.0.1 failed: the server does not accept the PLAIN login method: "
      "534 5.7.9 Authentication mechanism is too weak" },
    { "538 5.7.11 Encryption required for requested authentication mechanism\r\n",
      SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION,
      "Logging in to 127.0.0.1 failed: the server wants an encrypted connection first: "
      "538 5.7.11 Encryption required for requested authentication mechanism" },
    { "530 5.7.0 Must issue a STARTTLS command first\r\n", SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION,
      "Logging in to 127.0.0.1 failed: the server wants an encrypted connection first: "
      "530 5.7.0 Must issue a STARTTLS command first" },
    { "501 5.5.2 Cannot decode response\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "Logging in to 127.0.0.1 failed: 501 5.5.2 Cannot decode response" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), auth_case);
}

/* A server without AUTH: logging in is a clear error and sends nothing. */
static const char * const no_auth_offers[] = { "PIPELINING", "AUTH GSSAPI XOAUTH2\nPIPELINING" };
static const char * const no_auth_messages[] = {
  "The server 127.0.0.1 does not offer logging in (AUTH); to send without logging in, "
  "leave the account's SMTP user name empty",
  "Logging in to 127.0.0.1 failed: the server offers no login method Surat knows "
  "(CRAM-MD5, PLAIN, LOGIN)",
};

static void
auth_not_offered_case (Fixture *f,
                       guint    i)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, no_auth_offers[i]);
  surat_fake_server_expect (f->fake, "NOOP", "250 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_NO_MECHANISM);
  g_assert_cmpstr (error->message, ==, no_auth_messages[i]);
  g_assert_true (do_simple (f, "NOOP", NULL));
  drop_client (f);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "AUTH"));
}

static void
test_auth_not_offered (void)
{
  for_each_fixture (G_N_ELEMENTS (no_auth_offers), auth_not_offered_case);
}

/* A CRAM-MD5 challenge that is not base64: "*" cancels (RFC 4954 §4). */
static void
test_auth_bad_challenge (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "AUTH CRAM-MD5");
  surat_fake_server_expect (f->fake, "AUTH CRAM-MD5", "334 !!not base64!!\r\n");
  surat_fake_server_expect (f->fake, "?", "501 5.7.0 Authentication cancelled\r\n");
  start (f);

  connect_ok (f);
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  assert_error_contains (error, "Logging in to 127.0.0.1 failed: ");
  assert_script_done (f);
}

/* A challenge after the last answer: "*" cancels (RFC 4954 §4). */
static void
test_auth_too_many_challenges (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "AUTH LOGIN");
  surat_fake_server_expect (f->fake, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
  surat_fake_server_expect (f->fake, "YWxpY2U=", "334 UGFzc3dvcmQ6\r\n");
  surat_fake_server_expect (f->fake, "c2VjcmV0", "334 bW9yZQ==\r\n");
  surat_fake_server_expect (f->fake, "?", "501 5.7.0 Authentication cancelled\r\n");
  start (f);

  connect_ok (f);
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "Logging in to 127.0.0.1 failed: the server asked for "
                                       "more than the LOGIN method needs");
  assert_script_done (f);
}

/* RFC 4954 §4: an initial response that would make the line longer than
 * 512 octets waits for the server's 334. */
static void
test_auth_plain_long (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strnfill (600, 'p');

  script_hello (f->fake, "AUTH PLAIN");
  surat_fake_server_expect (f->fake, "AUTH PLAIN", "334 \r\n");
  surat_fake_server_expect (f->fake, "AHRpbQBwcHBw*", "235 2.7.0 OK\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_login_as (f, "tim", password, &error));
  g_assert_no_error (error);
  assert_script_done (f);
}

/* The debug log names the commands a password rides on, never the
 * password: an AUTH PLAIN initial response, LOGIN's answers. */
static void
test_auth_password_not_logged (Fixture       *f,
                               gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      /* Every debug message, on stderr for the parent to read. */
      g_log_set_debug_enabled (TRUE);
      g_log_writer_default_set_use_stderr (TRUE);
      script_hello (f->fake, "AUTH PLAIN");
      surat_fake_server_expect (f->fake, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 2.7.0 OK\r\n");
      start (f);
      connect_ok (f);
      g_assert_true (do_login (f, &error));
      assert_script_done (f);

      drop_client (f);
      g_clear_pointer (&f->fake, surat_fake_server_free);
      f->fake = surat_fake_smtp_new ();
      script_hello (f->fake, "AUTH LOGIN");
      surat_fake_server_expect (f->fake, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
      surat_fake_server_expect (f->fake, "YWxpY2U=", "334 UGFzc3dvcmQ6\r\n");
      surat_fake_server_expect (f->fake, "c2VjcmV0", "235 2.7.0 OK\r\n");
      start (f);
      connect_ok (f);
      g_assert_true (do_login (f, &error));
      assert_script_done (f);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*C: EHLO " HELO "*C: AUTH <secret>*C: AUTH LOGIN*C:  <secret>*");
  g_test_trap_assert_stderr_unmatched ("*AGFsaWNlAHNlY3JldA==*");
  g_test_trap_assert_stderr_unmatched ("*c2VjcmV0*");
  g_test_trap_assert_stderr_unmatched ("*YWxpY2U=*");
}

/* Security "none" is the one case where a password may go in clear. */
static void
test_auth_in_clear_only_when_allowed (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "AUTH PLAIN");
  surat_fake_server_expect (f->fake, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 2.7.0 OK\r\n");
  start_with (f, SURAT_SECURITY_NONE, TIMEOUT);

  connect_ok (f);
  g_assert_true (do_login (f, &error));
  g_assert_no_error (error);
  assert_script_done (f);
  g_assert_true (surat_fake_server_cleartext_contains (f->fake, "AUTH PLAIN"));
}

/* --- timeouts (RFC 5321 §4.5.3.2) ------------------------------------------- */

static void
test_timeout_greeting (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_server_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (surat_smtp_client_is_ready (f->client));
}

/* A multi-line reply whose last line never comes. */
static void
test_timeout_endless_reply (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, "250-fake.example\r\n250-PIPELINING\r\n");
  surat_fake_server_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* A reply that goes on forever is cut off by the line limit, not by
 * memory. */
static void
test_endless_multiline (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_server_expect (f->fake, "EHLO " HELO, NULL);
  for (guint i = 0; i < SURAT_SMTP_REPLY_MAX_LINES + 10; i++)
    surat_fake_server_send (f->fake, "250-X-FILLER\r\n");
  surat_fake_server_stall (f->fake);
  start (f);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "The server sent a reply of more than 200 lines or "
                                       "65536 bytes");
}

/* Each wait is at least the RFC's (here: as set), and never less than the
 * connection's own timeout. */
static const struct {
  guint connection;
  guint greeting;
} timeout_floor_cases[] = {
  { 1, 4 },  /* the greeting's wait is longer than the connection's */
  { 4, 1 },  /* the connection's is the floor */
};

static void
timeout_floor_case (Fixture *f,
                    guint    i)
{
  surat_fake_server_sleep (f->fake, 2000);
  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, NULL);
  start_with (f, SURAT_SECURITY_NONE, timeout_floor_cases[i].connection);
  surat_smtp_client_set_timeout (f->client, SURAT_SMTP_WAIT_GREETING,
                                 timeout_floor_cases[i].greeting);
  g_assert_cmpuint (surat_smtp_client_get_timeout (f->client, SURAT_SMTP_WAIT_GREETING),
                    ==, timeout_floor_cases[i].greeting);

  connect_ok (f);
  assert_script_done (f);
}

static void
test_timeout_floor (void)
{
  for_each_fixture (G_N_ELEMENTS (timeout_floor_cases), timeout_floor_case);
}

static void
test_default_timeouts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SuratConnection) connection = surat_connection_new ("127.0.0.1", 25,
                                                                SURAT_SECURITY_NONE);
  g_autoptr(SuratSmtpClient) client = surat_smtp_client_new (connection);
  static const guint rfc[] = { 300, 300, 300, 120, 180, 600 };

  for (guint wait = 0; wait < SURAT_SMTP_N_WAITS; wait++)
    g_assert_cmpuint (surat_smtp_client_get_timeout (client, wait), ==, rfc[wait]);
}

/* --- cancelling ------------------------------------------------------------ */

static void
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancel_connect (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  surat_fake_server_stall (f->fake);
  start (f);

  surat_smtp_client_connect_async (f->client, cancellable, surat_test_result_cb, &result);
  g_timeout_add_once (100, cancel_cb, cancellable);
  g_assert_false (surat_smtp_client_connect_finish (f->client, surat_test_wait_result (&result),
                                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The session is over; the next call says why, without "cancelled". */
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* A call cancelled before its turn sends nothing; the session goes on. */
static void
test_cancel_queued (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GAsyncResult) noop = NULL;
  g_autoptr(GAsyncResult) reset = NULL;
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_expect (f->fake, "RSET", "250 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  /* Queued behind connect: noop is cancelled before it could start. */
  surat_smtp_client_connect_async (f->client, NULL, surat_test_result_cb, &connected);
  surat_smtp_client_noop_async (f->client, cancellable, surat_test_result_cb, &noop);
  surat_smtp_client_reset_async (f->client, NULL, surat_test_result_cb, &reset);
  g_cancellable_cancel (cancellable);

  g_assert_true (surat_smtp_client_connect_finish (f->client, surat_test_wait_result (&connected),
                                                   NULL));
  g_assert_false (surat_smtp_client_noop_finish (f->client, surat_test_wait_result (&noop),
                                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (surat_smtp_client_reset_finish (f->client, surat_test_wait_result (&reset),
                                                 NULL));
  g_clear_object (&connected);
  g_clear_object (&noop);
  g_clear_object (&reset);
  drop_client (f);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "NOOP"));
}

/* --- RSET, NOOP, QUIT ------------------------------------------------------- */

static void
test_rset_noop_quit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_expect (f->fake, "RSET", "250 2.0.0 OK\r\n");
  surat_fake_server_expect (f->fake, "NOOP", "250 2.0.0 OK\r\n");
  surat_fake_server_expect (f->fake, "NOOP", "502 5.5.1 Not today\r\n");
  surat_fake_server_expect (f->fake, "RSET", "451 4.3.0 Busy\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_true (do_simple (f, "RSET", &error));
  g_assert_true (do_simple (f, "NOOP", &error));
  g_assert_no_error (error);

  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PERMANENT);
  g_assert_cmpstr (error->message, ==,
                   "Checking the connection (NOOP) failed: 502 5.5.1 Not today");
  g_clear_error (&error);

  g_assert_false (do_simple (f, "RSET", &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_TRANSIENT);
  g_assert_cmpstr (error->message, ==, "Resetting the session (RSET) failed: 451 4.3.0 Busy");
  g_clear_error (&error);

  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  g_assert_false (surat_smtp_client_is_ready (f->client));
  assert_script_done (f);

  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* RFC 5321 §3.8: 421 at any time means the server is going away. */
static void
test_421_ends_session (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_expect (f->fake, "NOOP", "421 4.4.2 Idle too long, closing\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_TRANSIENT);
  g_clear_error (&error);
  assert_script_done (f);

  g_assert_false (surat_smtp_client_is_ready (f->client));
  g_assert_false (do_simple (f, "RSET", &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_TRANSIENT);
  assert_error_contains (error, "421 4.4.2 Idle too long, closing");
  g_clear_error (&error);

  /* QUIT on a failed session just closes. */
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
}

/* The server goes away between commands. */
static void
test_connection_lost (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_drop (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (surat_smtp_client_is_ready (f->client));
  assert_script_done (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/smtp/greeting/each-class", test_greeting);
  g_test_add_func ("/smtp/ehlo/each-class", test_ehlo);
  g_test_add_func ("/smtp/ehlo/helo-fallback", test_helo_fallback);
  add_test ("/smtp/ehlo/helo-refused", test_helo_refused);
  add_test ("/smtp/ehlo/automatic-name", test_helo_name_automatic);
  add_test ("/smtp/starttls/upgrade", test_starttls);
  add_test ("/smtp/starttls/stripped", test_starttls_stripped);
  add_test ("/smtp/starttls/helo-only", test_starttls_helo_only);
  add_test ("/smtp/starttls/injected", test_starttls_injected);
  g_test_add_func ("/smtp/starttls/each-class", test_starttls_refused);
  add_test ("/smtp/tls/implicit", test_implicit_tls);
  g_test_add_func ("/smtp/auth/strongest-mechanism", test_auth_mechanisms);
  g_test_add_func ("/smtp/auth/each-class", test_auth_replies);
  g_test_add_func ("/smtp/auth/not-offered", test_auth_not_offered);
  add_test ("/smtp/auth/bad-challenge", test_auth_bad_challenge);
  add_test ("/smtp/auth/too-many-challenges", test_auth_too_many_challenges);
  add_test ("/smtp/auth/plain-long", test_auth_plain_long);
  add_test ("/smtp/auth/password-not-logged", test_auth_password_not_logged);
  add_test ("/smtp/auth/clear-text-when-allowed", test_auth_in_clear_only_when_allowed);
  add_test ("/smtp/timeout/greeting", test_timeout_greeting);
  add_test ("/smtp/timeout/endless-reply", test_timeout_endless_reply);
  add_test ("/smtp/reply/too-many-lines", test_endless_multiline);
  g_test_add_func ("/smtp/timeout/floor", test_timeout_floor);
  add_test ("/smtp/timeout/defaults", test_default_timeouts);
  add_test ("/smtp/cancel/connect", test_cancel_connect);
  add_test ("/smtp/cancel/queued", test_cancel_queued);
  add_test ("/smtp/session/rset-noop-quit", test_rset_noop_quit);
  add_test ("/smtp/session/421", test_421_ends_session);
  add_test ("/smtp/session/connection-lost", test_connection_lost);

  return g_test_run ();
}
