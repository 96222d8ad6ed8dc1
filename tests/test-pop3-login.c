/* test-pop3-login.c — greeting, CAPA, STLS and login against a scripted server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-pop3-test-fixture.h"

/* --- greeting and CAPA ----------------------------------------------------- */

static void
test_greeting_bad (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  surat_fake_pop3_send (f->fake, "220 smtp.example.org ESMTP\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "220 smtp.example.org ESMTP"));

  /* The session is over: nothing more goes out. */
  g_clear_error (&error);
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  assert_script_done (f);
  received = surat_fake_pop3_get_received (f->fake);
  g_assert_cmpuint (g_bytes_get_size (received), ==, 0);
}

static void
test_greeting_err (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_send (f->fake, "-ERR [SYS/TEMP] Too many connections\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_TEMP);
  g_assert_cmpstr (error->message, ==,
                   "Connecting to 127.0.0.1 failed: the server has a temporary problem; try "
                   "again later. The server said: “Too many connections”");
  assert_script_done (f);
}

static void
test_capa (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const SuratPop3Capa *capa;

  surat_fake_pop3_send (f->fake, "+OK Dovecot ready.\r\n");
  surat_fake_pop3_expect_capa (f->fake, "TOP\nUIDL\nRESP-CODES\nPIPELINING\nUSER\n"
                                        "SASL PLAIN\nIMPLEMENTATION Fake 1.0\nEXPIRE 30");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_greeting (f->client), ==, "Dovecot ready.");

  capa = surat_pop3_client_get_capa (f->client);
  g_assert_cmpuint (capa->flags, ==,
                    SURAT_POP3_CAPA_TOP | SURAT_POP3_CAPA_UIDL | SURAT_POP3_CAPA_RESP_CODES |
                    SURAT_POP3_CAPA_PIPELINING | SURAT_POP3_CAPA_USER |
                    SURAT_POP3_CAPA_SASL_PLAIN | SURAT_POP3_CAPA_EXPIRE);
  g_assert_cmpstr (capa->implementation, ==, "Fake 1.0");
  g_assert_cmpint (capa->expire_days, ==, 30);
  assert_script_done (f);
}

/* RFC 1939 servers have no CAPA: -ERR, and USER/PASS still works. */
static void
test_capa_err (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, NULL);
  start (f);

  connect_and_login (f);
  g_assert_cmpuint (surat_pop3_client_get_capa (f->client)->flags, ==, 0);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "USER");
  assert_script_done (f);
}

static void
test_connect_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(SuratConnection) connection = NULL;
  g_autoptr(SuratPop3Client) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed now. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  connection = surat_connection_new ("127.0.0.1", port, SURAT_SECURITY_NONE);
  client = surat_pop3_client_new (connection);
  surat_pop3_client_connect_async (client, NULL, surat_test_result_cb, &result);
  g_assert_false (surat_pop3_client_connect_finish (client, surat_test_wait_result (&result),
                                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* --- STLS ------------------------------------------------------------------- */

static void
test_stls_unavailable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSASL PLAIN\nUIDL");
  surat_fake_pop3_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE);

  /* A later login attempt changes nothing. */
  g_clear_error (&error);
  g_assert_false (do_login (f, &error));
  g_assert_nonnull (error);

  assert_script_done (f);
  received = surat_fake_pop3_get_received (f->fake);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                   "CAPA\r\n", 6);
  assert_no_credentials_sent (f);
}

static void
test_stls_err (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSTLS");
  surat_fake_pop3_expect (f->fake, "STLS", "-ERR [SYS/TEMP] TLS is broken today\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_TEMP);
  g_assert_nonnull (strstr (error->message, "STLS"));
  g_assert_nonnull (strstr (error->message, "TLS is broken today"));
  assert_script_done (f);
  assert_no_credentials_sent (f);
}

/* RFC 2595 §4, CVE-2011-0411: bytes after the go-ahead are refused
 * before any handshake. */
static void
test_stls_injection (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSTLS");
  surat_fake_pop3_expect (f->fake, "STLS",
                          "+OK Begin TLS negotiation\r\n+OK [injected] fake CAPA\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  g_assert_false (do_connect (f, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_INJECTION);
  assert_script_done (f);

  /* Not even a ClientHello went out after STLS. */
  received = surat_fake_pop3_get_received (f->fake);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                   "CAPA\r\nSTLS\r\n", 12);
}

static void
test_stls_success (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const SuratPop3Capa *capa;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "STLS\nIMPLEMENTATION before-tls");
  surat_fake_pop3_expect (f->fake, "STLS", "+OK Begin TLS negotiation now.\r\n");
  surat_fake_pop3_start_tls (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nUIDL\nPIPELINING");
  surat_fake_pop3_expect (f->fake, "USER " USER, "+OK\r\n");
  surat_fake_pop3_expect (f->fake, "PASS " PASSWORD, "+OK Logged in.\r\n");
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  if (!do_connect (f, &error) && skip_without_tls (error))
    return;
  g_assert_no_error (error);
  g_assert_true (surat_connection_is_encrypted (f->connection));

  /* RFC 2595 §4: only what was said over TLS counts. */
  capa = surat_pop3_client_get_capa (f->client);
  g_assert_cmpuint (capa->flags, ==,
                    SURAT_POP3_CAPA_USER | SURAT_POP3_CAPA_UIDL | SURAT_POP3_CAPA_PIPELINING);
  g_assert_null (capa->implementation);

  do_login (f, &error);
  g_assert_no_error (error);
  assert_script_done (f);

  g_assert_true (surat_fake_pop3_received_contains (f->fake, "PASS " PASSWORD));
  g_assert_false (surat_fake_pop3_cleartext_contains (f->fake, PASSWORD));
  g_assert_false (surat_fake_pop3_cleartext_contains (f->fake, "USER"));
}

static void
test_implicit_tls (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleartext = NULL;

  surat_fake_pop3_set_implicit_tls (f->fake, TRUE);
  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "QUIT", "+OK Bye\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start_with (f, SURAT_SECURITY_TLS, TIMEOUT);

  if (!do_connect (f, &error) && skip_without_tls (error))
    return;
  g_assert_no_error (error);
  g_assert_true (surat_connection_is_encrypted (f->connection));
  g_assert_nonnull (surat_connection_get_peer_certificate (f->connection));

  do_login (f, &error);
  g_assert_no_error (error);
  do_simple (f, "QUIT", &error);
  g_assert_no_error (error);
  assert_script_done (f);

  /* Not one byte in the clear. */
  cleartext = surat_fake_pop3_get_received_cleartext (f->fake);
  g_assert_cmpuint (g_bytes_get_size (cleartext), ==, 0);
  g_assert_true (surat_fake_pop3_received_contains (f->fake, "PASS " PASSWORD));
}

/* --- login -------------------------------------------------------------- */

/* RFC 2195's example: the password itself never goes out. */
static void
test_login_cram_md5 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSASL PLAIN LOGIN CRAM-MD5");
  surat_fake_pop3_expect (f->fake, "AUTH CRAM-MD5",
                          "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
  surat_fake_pop3_expect (f->fake, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
                          "+OK Logged in.\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_null (surat_pop3_client_get_login_method (f->client));
  g_assert_true (do_login_as (f, "tim", "tanstaaftanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "CRAM-MD5");
  assert_script_done (f);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "tanstaaf"));
}

/* RFC 4616 §4's example, as an initial response (RFC 5034 §4). */
static void
test_login_plain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSASL LOGIN PLAIN");
  surat_fake_pop3_expect (f->fake, "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
                          "+OK Logged in.\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_true (do_login_as (f, "tim", "tanstaaftanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "PLAIN");
  assert_script_done (f);
}

/* A password too long for a 255-octet AUTH line waits for "+ ". */
static void
test_login_plain_long (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strnfill (300, 'p');

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "SASL PLAIN");
  surat_fake_pop3_expect (f->fake, "AUTH PLAIN", "+ \r\n");
  surat_fake_pop3_expect (f->fake, "AHRpbQBwcHBw*", "+OK Logged in.\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_true (do_login_as (f, "tim", password, &error));
  g_assert_no_error (error);
  assert_script_done (f);
}

static void
test_login_login (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSASL LOGIN");
  surat_fake_pop3_expect (f->fake, "AUTH LOGIN", "+ VXNlcm5hbWU6\r\n");
  surat_fake_pop3_expect (f->fake, "dGlt", "+ UGFzc3dvcmQ6\r\n");
  surat_fake_pop3_expect (f->fake, "dGFuc3RhYWZ0YW5zdGFhZg==", "+OK Logged in.\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_true (do_login_as (f, "tim", "tanstaaftanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "LOGIN");
  assert_script_done (f);
}

static void
test_login_user (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "TOP\nUSER\nUIDL");
  start (f);

  connect_and_login (f);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "USER");
  assert_script_done (f);
}

/* The debug log names the commands a password rides on, never the
 * password: USER/PASS and an AUTH PLAIN initial response. */
static void
test_login_password_not_logged (Fixture       *f,
                                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      /* Every debug message, on stderr for the parent to read. */
      g_log_set_debug_enabled (TRUE);
      g_log_writer_default_set_use_stderr (TRUE);
      surat_fake_pop3_greet (f->fake);
      surat_fake_pop3_expect_capa (f->fake, "USER");
      surat_fake_pop3_expect (f->fake, "USER " USER, "+OK\r\n");
      surat_fake_pop3_expect (f->fake, "PASS hunter2-pw", "+OK Logged in.\r\n");
      start (f);
      g_assert_true (do_connect (f, &error));
      g_assert_true (do_login_as (f, USER, "hunter2-pw", &error));
      assert_script_done (f);

      g_clear_object (&f->client);
      g_clear_pointer (&f->fake, surat_fake_pop3_free);
      f->fake = surat_fake_pop3_new ();
      surat_fake_pop3_greet (f->fake);
      surat_fake_pop3_expect_capa (f->fake, "SASL PLAIN");
      surat_fake_pop3_expect (f->fake, "AUTH PLAIN AGFsaWNlAGh1bnRlcjItcHc=", "+OK Logged in.\r\n");
      start (f);
      g_assert_true (do_connect (f, &error));
      g_assert_true (do_login_as (f, USER, "hunter2-pw", &error));
      assert_script_done (f);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*C: USER " USER "*C: PASS <secret>*C: AUTH <secret>*");
  g_test_trap_assert_stderr_unmatched ("*hunter2*");
  g_test_trap_assert_stderr_unmatched ("*AGFsaWNlAGh1bnRlcjItcHc=*");
}

#define RFC1939_GREETING "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"

/* RFC 1939 §7's example: APOP goes first when the account allows it. */
static void
test_login_apop_allowed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_send (f->fake, RFC1939_GREETING);
  surat_fake_pop3_expect_capa (f->fake, "USER\nSASL PLAIN CRAM-MD5");
  surat_fake_pop3_expect (f->fake, "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
                          "+OK maildrop has 1 message (369 octets)\r\n");
  start (f);
  surat_pop3_client_set_allow_apop (f->client, TRUE);

  g_assert_true (do_connect (f, &error));
  g_assert_true (do_login_as (f, "mrose", "tanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "APOP");
  assert_script_done (f);
}

static void
test_login_apop_not_allowed (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_send (f->fake, RFC1939_GREETING);
  surat_fake_pop3_expect_capa (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "USER mrose", "+OK\r\n");
  surat_fake_pop3_expect (f->fake, "PASS tanstaaf", "+OK\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_true (do_login_as (f, "mrose", "tanstaaf", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "USER");
  assert_script_done (f);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "APOP"));
}

typedef struct {
  const char     *capabilities;
  const char     *reply;
  const char     *said;
  SuratPop3Error  code;
} WrongPassword;

static void
test_login_wrong_password (void)
{
  const WrongPassword cases[] = {
    { "USER\nAUTH-RESP-CODE", "-ERR [AUTH] Authentication failed.", "Authentication failed.",
      SURAT_POP3_ERROR_AUTH },
    /* No promise of [AUTH] codes: a bare -ERR at login is taken as bad
     * credentials (RFC 3206 §4). */
    { "USER", "-ERR Authentication failed.", "Authentication failed.", SURAT_POP3_ERROR_AUTH },
    /* With the promise, a bare -ERR is something else. */
    { "USER\nAUTH-RESP-CODE", "-ERR Authentication failed.", "Authentication failed.",
      SURAT_POP3_ERROR_FAILED },
    { "USER", "-ERR [IN-USE] Mailbox locked", "Mailbox locked", SURAT_POP3_ERROR_IN_USE },
    { "USER", "-ERR [LOGIN-DELAY] Wait 15 minutes", "Wait 15 minutes",
      SURAT_POP3_ERROR_LOGIN_DELAY },
    { "USER", "-ERR [SYS/TEMP] Storage offline", "Storage offline", SURAT_POP3_ERROR_SYS_TEMP },
    { "USER", "-ERR [SYS/PERM] Account disabled", "Account disabled",
      SURAT_POP3_ERROR_SYS_PERM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0 };
      Fixture *f = &fixture;
      g_autoptr(GError) error = NULL;
      g_autofree char *reply = g_strconcat (cases[i].reply, "\r\n", NULL);
      g_autofree char *said = g_strdup_printf ("The server said: “%s”", cases[i].said);

      fixture_setup (f, NULL);
      surat_fake_pop3_greet (f->fake);
      surat_fake_pop3_expect_capa (f->fake, cases[i].capabilities);
      surat_fake_pop3_expect (f->fake, "USER " USER, "+OK\r\n");
      surat_fake_pop3_expect (f->fake, "PASS " PASSWORD, reply);
      surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
      start (f);

      g_assert_true (do_connect (f, &error));
      g_assert_false (do_login (f, &error));
      g_assert_error (error, SURAT_POP3_ERROR, (int) cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "Logging in failed"));
      g_assert_true (g_str_has_suffix (error->message, said));

      /* A failed login leaves the session usable. */
      g_clear_error (&error);
      g_assert_true (do_simple (f, "NOOP", &error));
      g_assert_no_error (error);
      assert_script_done (f);
      fixture_teardown (f, NULL);
    }
}

static void
test_login_user_err (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "USER\nAUTH-RESP-CODE");
  surat_fake_pop3_expect (f->fake, "USER " USER, "-ERR No such user here\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "No such user here"));
  assert_script_done (f);
  /* PASS never followed a refused USER. */
  g_assert_false (surat_fake_pop3_received_contains (f->fake, PASSWORD));
}

static void
test_login_auth_err (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "SASL PLAIN\nAUTH-RESP-CODE");
  surat_fake_pop3_expect (f->fake, "AUTH PLAIN *", "-ERR [SYS/TEMP] Auth service down\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_TEMP);
  g_assert_nonnull (strstr (error->message, "Auth service down"));
  assert_script_done (f);
}

/* A challenge that is not base64: cancel with "*" (RFC 5034 §4). */
static void
test_login_bad_challenge (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "SASL CRAM-MD5");
  surat_fake_pop3_expect (f->fake, "AUTH CRAM-MD5", "+ this is not base64!\r\n");
  surat_fake_pop3_expect (f->fake, "*", "-ERR Authentication cancelled\r\n");
  surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "CRAM-MD5"));

  g_clear_error (&error);
  g_assert_true (do_simple (f, "NOOP", &error));
  assert_script_done (f);
}

/* A challenge after the last answer: "*" cancels (RFC 5034 §4). */
static void
test_login_too_many_challenges (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "SASL PLAIN");
  surat_fake_pop3_expect (f->fake, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "+ more\r\n");
  surat_fake_pop3_expect (f->fake, "?", "-ERR Authentication cancelled\r\n");
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "Logging in failed: the server asked for more than the "
                                       "PLAIN method needs");
  assert_script_done (f);
  g_assert_true (surat_fake_pop3_received_contains (f->fake, "*"));
}

static void
test_login_no_mechanism (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "TOP\nUIDL\nSASL GSSAPI");
  surat_fake_pop3_expect_close (f->fake);
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_false (do_login (f, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM);
  g_clear_object (&f->client);
  g_clear_object (&f->connection);
  assert_script_done (f);
  assert_no_credentials_sent (f);
}

/* The defensive check: an account that wants encryption never sends a
 * password over a connection that has none. */
static void
test_login_never_in_clear (void)
{
  g_autoptr(SuratConnection) connection = NULL;
  g_autoptr(SuratPop3Client) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  connection = surat_connection_new ("127.0.0.1", 110, SURAT_SECURITY_STARTTLS);
  client = surat_pop3_client_new (connection);
  surat_pop3_client_login_async (client, USER, PASSWORD, NULL, surat_test_result_cb, &result);
  g_assert_false (surat_pop3_client_login_finish (client, surat_test_wait_result (&result),
                                                  &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM);
  g_assert_nonnull (strstr (error->message, "not encrypted"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/pop3/greeting/bad", test_greeting_bad);
  ADD ("/pop3/greeting/err", test_greeting_err);
  ADD ("/pop3/capa/parsed", test_capa);
  ADD ("/pop3/capa/err", test_capa_err);
  g_test_add_func ("/pop3/connect/refused", test_connect_refused);
  ADD ("/pop3/stls/unavailable", test_stls_unavailable);
  ADD ("/pop3/stls/err", test_stls_err);
  ADD ("/pop3/stls/injection", test_stls_injection);
  ADD ("/pop3/stls/success", test_stls_success);
  ADD ("/pop3/tls/implicit", test_implicit_tls);
  ADD ("/pop3/login/cram-md5", test_login_cram_md5);
  ADD ("/pop3/login/plain", test_login_plain);
  ADD ("/pop3/login/plain-long", test_login_plain_long);
  ADD ("/pop3/login/login", test_login_login);
  ADD ("/pop3/login/user", test_login_user);
  ADD ("/pop3/login/password-not-logged", test_login_password_not_logged);
  ADD ("/pop3/login/apop-allowed", test_login_apop_allowed);
  ADD ("/pop3/login/apop-not-allowed", test_login_apop_not_allowed);
  g_test_add_func ("/pop3/login/wrong-password", test_login_wrong_password);
  ADD ("/pop3/login/user-err", test_login_user_err);
  ADD ("/pop3/login/auth-err", test_login_auth_err);
  ADD ("/pop3/login/bad-challenge", test_login_bad_challenge);
  ADD ("/pop3/login/too-many-challenges", test_login_too_many_challenges);
  ADD ("/pop3/login/no-mechanism", test_login_no_mechanism);
  g_test_add_func ("/pop3/login/never-in-clear", test_login_never_in_clear);

#undef ADD

  return g_test_run ();
}
