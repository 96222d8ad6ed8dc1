/* test-pop3.c — SuratPop3Client against a scripted fake server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-fake-pop3.h"
#include "surat-pop3-client.h"
#include "surat-test-util.h"
#include "surat-tls-stream.h"

#define USER     "alice"
#define PASSWORD "secret"

/* Short, so that the fault tests stay fast; long enough for a loaded CI
 * machine to answer a loopback server. */
#define TIMEOUT 5

typedef struct {
  SuratFakePop3   *fake;
  SuratConnection *connection;
  SuratPop3Client *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = surat_fake_pop3_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);
  g_clear_pointer (&f->fake, surat_fake_pop3_free);
}

/* A fresh client (and connection) for the running server. */
static void
new_client (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);

  f->connection = surat_connection_new ("127.0.0.1", surat_fake_pop3_get_port (f->fake),
                                        security);
  surat_connection_set_timeout (f->connection, timeout);
  surat_connection_set_ca_file (f->connection, surat_fake_pop3_get_ca_file ());
  f->client = surat_pop3_client_new (f->connection);
}

/* Starts the scripted server and makes a client for it. */
static void
start_with (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  surat_fake_pop3_start (f->fake);
  new_client (f, security, timeout);
}

static void
start (Fixture *f)
{
  start_with (f, SURAT_SECURITY_NONE, TIMEOUT);
}

/* The script ran to its end without a surprise. */
static void
assert_script_done (Fixture *f)
{
  g_assert_true (surat_fake_pop3_wait_done (f->fake));
  g_assert_cmpstr (surat_fake_pop3_get_error (f->fake), ==, NULL);
}

/* The greeting, CAPA with @capabilities, USER/PASS. */
static void
script_login (SuratFakePop3 *fake,
              const char    *capabilities)
{
  surat_fake_pop3_greet (fake);
  surat_fake_pop3_expect_capa (fake, capabilities);
  surat_fake_pop3_expect (fake, "USER " USER, "+OK\r\n");
  surat_fake_pop3_expect (fake, "PASS " PASSWORD, "+OK Logged in.\r\n");
}

/* --- synchronous wrappers -------------------------------------------------- */

static gboolean
do_connect (Fixture  *f,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_connect_async (f->client, NULL, surat_test_result_cb, &result);
  return surat_pop3_client_connect_finish (f->client, surat_test_wait_result (&result), error);
}

static gboolean
do_login_as (Fixture     *f,
             const char  *user,
             const char  *password,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_login_async (f->client, user, password, NULL, surat_test_result_cb,
                                 &result);
  return surat_pop3_client_login_finish (f->client, surat_test_wait_result (&result), error);
}

static gboolean
do_login (Fixture  *f,
          GError  **error)
{
  return do_login_as (f, USER, PASSWORD, error);
}

static void
connect_and_login (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  do_connect (f, &error);
  g_assert_no_error (error);
  do_login (f, &error);
  g_assert_no_error (error);
}

static GPtrArray *
do_scan (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_scan_async (f->client, NULL, surat_test_result_cb, &result);
  return surat_pop3_client_scan_finish (f->client, surat_test_wait_result (&result), error);
}

static GOutputStream *
memory_sink (void)
{
  return g_memory_output_stream_new_resizable ();
}

static GBytes *
sink_bytes (GOutputStream *sink)
{
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (sink);

  return g_bytes_new (g_memory_output_stream_get_data (memory),
                      g_memory_output_stream_get_data_size (memory));
}

static gssize
do_retrieve (Fixture        *f,
             guint           number,
             GOutputStream  *sink,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_retrieve_async (f->client, number, sink, NULL, surat_test_result_cb,
                                    &result);
  return surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&result), error);
}

static gboolean
do_simple (Fixture     *f,
           const char  *what,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (g_str_equal (what, "DELE"))
    {
      surat_pop3_client_delete_async (f->client, 1, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_delete_finish (f->client, surat_test_wait_result (&result),
                                              error);
    }
  if (g_str_equal (what, "NOOP"))
    {
      surat_pop3_client_noop_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_noop_finish (f->client, surat_test_wait_result (&result), error);
    }
  if (g_str_equal (what, "RSET"))
    {
      surat_pop3_client_reset_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_reset_finish (f->client, surat_test_wait_result (&result),
                                             error);
    }
  if (g_str_equal (what, "QUIT"))
    {
      surat_pop3_client_quit_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_quit_finish (f->client, surat_test_wait_result (&result), error);
    }
  if (g_str_equal (what, "STAT"))
    {
      surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                            NULL, NULL, error);
    }

  g_assert_not_reached ();
}

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
assert_no_credentials_sent (Fixture *f)
{
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "USER"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "PASS"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "AUTH"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, PASSWORD));
}

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

static gboolean
skip_without_tls (GError *error)
{
  /* The TLS stream is written in parallel; its stub returns NULL. Until it
   * is merged these tests cannot get past the handshake. */
  if (g_error_matches (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE) &&
      g_str_equal (error->message, "TLS is not available"))
    {
      g_test_skip ("SuratTlsStream is still a stub");
      return TRUE;
    }
  return FALSE;
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

/* --- the transaction state ------------------------------------------------ */

typedef struct {
  const char *command;     /* what the server expects */
  const char *doing;       /* how the error begins */
} Step;

/* -ERR at each command: the typed error, our words, the server's words;
 * and the session goes on. */
static void
test_err_every_step (void)
{
  const Step steps[] = {
    { "STAT", "Counting the messages failed" },
    { "LIST", "Listing the messages failed" },
    { "RETR 1", "Downloading message 1 failed" },
    { "TOP 1 0", "Downloading the header of message 1 failed" },
    { "DELE 1", "Deleting message 1 failed" },
    { "RSET", "Undoing the deletions failed" },
    { "NOOP", "Keeping the connection alive failed" },
    { "QUIT", "Deleting the marked messages (QUIT) failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Fixture fixture = { 0 };
      Fixture *f = &fixture;
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GOutputStream) sink = memory_sink ();
      g_autoptr(GPtrArray) messages = NULL;
      gboolean quit = g_str_equal (steps[i].command, "QUIT");
      g_autofree char *verb = g_strndup (steps[i].command, 4);

      fixture_setup (f, NULL);
      script_login (f->fake, "USER\nTOP");
      surat_fake_pop3_expect (f->fake, steps[i].command, "-ERR [SYS/PERM] Step refused\r\n");
      if (!quit)
        surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
      surat_fake_pop3_expect_close (f->fake);
      start (f);
      connect_and_login (f);

      if (g_str_has_prefix (steps[i].command, "RETR"))
        g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, -1);
      else if (g_str_has_prefix (steps[i].command, "TOP"))
        {
          surat_pop3_client_top_async (f->client, 1, 0, sink, NULL, surat_test_result_cb,
                                       &result);
          g_assert_cmpint (surat_pop3_client_top_finish (f->client,
                                                         surat_test_wait_result (&result),
                                                         &error), ==, -1);
        }
      else if (g_str_equal (steps[i].command, "LIST"))
        {
          messages = do_scan (f, &error);
          g_assert_null (messages);
        }
      else
        g_assert_false (do_simple (f, verb, &error));

      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_PERM);
      g_assert_true (g_str_has_prefix (error->message, steps[i].doing));
      g_assert_true (g_str_has_suffix (error->message, "The server said: “Step refused”"));
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)),
                        ==, 0);

      if (!quit)
        {
          g_clear_error (&error);
          g_assert_true (do_simple (f, "NOOP", &error));
          g_assert_no_error (error);
          /* Dropping the last reference closes the connection. */
          g_clear_object (&result);
          g_clear_object (&f->client);
          g_clear_object (&f->connection);
        }
      assert_script_done (f);
      fixture_teardown (f, NULL);
    }
}

static void
test_stat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  guint64 size = 0;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK 3 4500\r\n");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK three messages\r\n");
  start (f);
  connect_and_login (f);

  surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                                &count, &size, &error));
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (size, ==, 4500);

  g_clear_object (&result);
  surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
  g_assert_false (surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                                 &count, &size, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "three messages"));
  assert_script_done (f);
}

/* --- scan: UIDL + LIST ------------------------------------------------------ */

static void
assert_message (GPtrArray  *messages,
                guint       index,
                guint       number,
                guint64     size,
                const char *uid)
{
  SuratPop3Message *message = g_ptr_array_index (messages, index);

  g_assert_cmpuint (message->number, ==, number);
  g_assert_cmpuint (message->size, ==, size);
  g_assert_cmpstr (message->uid, ==, uid);
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL",
                          "+OK\r\n"
                          "1 000000016b07b38b\r\n"
                          "2 ..dotted\r\n"
                          "3 QhdPYR:00WBw1Ph7x7\r\n"
                          ".\r\n");
  /* The listing may come in any order (deleted messages leave gaps). */
  surat_fake_pop3_expect (f->fake, "LIST", "+OK 3 messages\r\n3 300\r\n1 100\r\n2 200\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  assert_message (messages, 0, 1, 100, "000000016b07b38b");
  assert_message (messages, 1, 2, 200, "..dotted");  /* not at line start: data */
  assert_message (messages, 2, 3, 300, "QhdPYR:00WBw1Ph7x7");
  assert_script_done (f);
}

/* No UIDL in CAPA: only LIST is sent, the uids are NULL. */
static void
test_scan_no_uidl (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nTOP");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 200\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  assert_message (messages, 0, 1, 100, NULL);
  assert_message (messages, 1, 2, 200, NULL);
  assert_script_done (f);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "UIDL"));
}

/* No CAPA at all: UIDL is tried, and its -ERR means no uids. */
static void
test_scan_uidl_err (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, NULL);
  surat_fake_pop3_expect (f->fake, "UIDL", "-ERR Unknown command\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_message (messages, 0, 1, 100, NULL);
  assert_script_done (f);
}

/* A server that announced UIDL and then refuses it: an error, never a
 * silent "no uids" that would make the caller fetch everything again. */
static void
test_scan_uidl_err_announced (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL", "-ERR [SYS/TEMP] Index rebuilding\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_TEMP);
  g_assert_true (g_str_has_prefix (error->message, "Listing the messages failed"));
  g_assert_true (g_str_has_suffix (error->message, "“Index rebuilding”"));
  assert_script_done (f);
}

static void
test_scan_invalid (void)
{
  const char *uidl_replies[] = {
    "+OK\r\n1 abc def\r\n.\r\n",                         /* a space inside a uid */
    "+OK\r\n1 abc\r\n2 abc\r\n.\r\n",                    /* the same uid twice */
    "+OK\r\n1 caf\xc3\xa9\r\n.\r\n",                     /* eight-bit */
    "+OK\r\n0 abc\r\n.\r\n",                             /* message 0 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (uidl_replies); i++)
    {
      Fixture fixture = { 0 };
      Fixture *f = &fixture;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = NULL;

      fixture_setup (f, NULL);
      script_login (f->fake, "USER\nUIDL");
      surat_fake_pop3_expect (f->fake, "UIDL", uidl_replies[i]);
      surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 100\r\n.\r\n");
      start (f);
      connect_and_login (f);

      messages = do_scan (f, &error);
      g_assert_null (messages);
      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      assert_script_done (f);
      fixture_teardown (f, NULL);
    }
}

/* --- RETR and TOP ------------------------------------------------------------ */

/* Every kind of line a message body can hold, as it goes over the wire, and
 * as it must land on disk. */
#define WIRE_BODY \
  "Subject: dots\r\n" \
  "\r\n" \
  "..\r\n" \
  "...leading dots\r\n" \
  "a line. with a dot\r\n" \
  "bare\rcarriage return\r\n" \
  "bare line feed\n" \
  "..\r\n" \
  "\r\n" \
  "last line\r\n" \
  ".\r\n"
#define DISK_BODY \
  "Subject: dots\n" \
  "\n" \
  ".\n" \
  "..leading dots\n" \
  "a line. with a dot\n" \
  "bare\rcarriage return\n" \
  "bare line feed\n" \
  ".\n" \
  "\n" \
  "last line\n"

static void
test_retr_dot_unstuffing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GOutputStream) empty = memory_sink ();
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK 180 octets\r\n" WIRE_BODY);
  surat_fake_pop3_expect (f->fake, "RETR 2", "+OK 0 octets\r\n.\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, strlen (DISK_BODY));
  g_assert_no_error (error);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   DISK_BODY, strlen (DISK_BODY));

  g_assert_cmpint (do_retrieve (f, 2, empty, &error), ==, 0);
  g_assert_no_error (error);
  assert_script_done (f);
}

static void
test_top_dot_unstuffing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER\nTOP");
  surat_fake_pop3_expect (f->fake, "TOP 7 3", "+OK\r\n" WIRE_BODY);
  start (f);
  connect_and_login (f);

  surat_pop3_client_top_async (f->client, 7, 3, sink, NULL, surat_test_result_cb, &result);
  g_assert_cmpint (surat_pop3_client_top_finish (f->client, surat_test_wait_result (&result),
                                                 &error), ==, strlen (DISK_BODY));
  g_assert_no_error (error);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   DISK_BODY, strlen (DISK_BODY));
  assert_script_done (f);
}

/* The connection drops halfway through a message: RETR fails, the sink
 * holds what came (for the caller to throw away), and every command
 * queued behind it fails with the very same error. */
static void
test_retr_dropped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GAsyncResult) retr = NULL;
  g_autoptr(GAsyncResult) noop = NULL;
  g_autoptr(GAsyncResult) quit = NULL;
  g_autoptr(GError) retr_error = NULL;
  g_autoptr(GError) noop_error = NULL;
  g_autoptr(GError) quit_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1",
                          "+OK 100 octets\r\nSubject: x\r\n\r\nline one\r\nline t");
  surat_fake_pop3_drop (f->fake);
  start (f);
  connect_and_login (f);

  surat_pop3_client_retrieve_async (f->client, 1, sink, NULL, surat_test_result_cb, &retr);
  surat_pop3_client_noop_async (f->client, NULL, surat_test_result_cb, &noop);
  surat_pop3_client_quit_async (f->client, NULL, surat_test_result_cb, &quit);

  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&retr),
                                                      &retr_error), ==, -1);
  g_assert_error (retr_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "Subject: x\n\nline one\nline t", 27);

  g_assert_false (surat_pop3_client_noop_finish (f->client, surat_test_wait_result (&noop),
                                                 &noop_error));
  g_assert_false (surat_pop3_client_quit_finish (f->client, surat_test_wait_result (&quit),
                                                 &quit_error));
  g_assert_error (noop_error, retr_error->domain, retr_error->code);
  g_assert_error (quit_error, retr_error->domain, retr_error->code);
  g_assert_cmpstr (noop_error->message, ==, retr_error->message);
  g_assert_cmpstr (quit_error->message, ==, retr_error->message);
  assert_script_done (f);
}

#define TEN_MB (10 * 1024 * 1024)

/* No line limit inside a message: a 10 MB line is stored whole, and the
 * session stays in step after it. */
static void
test_retr_huge_line (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (sink);
  const guint8 *stored;
  gsize size;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: big\r\n\r\n");
  surat_fake_pop3_send_repeated (f->fake, 'x', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, 14 + TEN_MB + 1);
  g_assert_no_error (error);

  stored = g_memory_output_stream_get_data (memory);
  size = g_memory_output_stream_get_data_size (memory);
  g_assert_cmpuint (size, ==, 14 + TEN_MB + 1);
  g_assert_cmpmem (stored, 14, "Subject: big\n\n", 14);
  for (gsize i = 14; i < 14 + TEN_MB; i++)
    if (stored[i] != 'x')
      g_assert_cmpint (stored[i], ==, 'x');
  g_assert_cmpint (stored[size - 1], ==, '\n');

  g_assert_true (do_simple (f, "NOOP", &error));
  assert_script_done (f);
}

/* A status line has a limit: 10 MB of it is an error, not 10 MB of RAM. */
static void
test_status_huge_line (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK ");
  surat_fake_pop3_send_repeated (f->fake, '1', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n");
  start (f);
  connect_and_login (f);

  g_assert_false (do_simple (f, "STAT", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_listing_huge_line (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL", "+OK\r\n1 ");
  surat_fake_pop3_send_repeated (f->fake, 'u', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

/* A listing that never ends times out on the connection's timeout. */
static void
test_listing_never_ends (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 200\r\n");
  surat_fake_pop3_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static gboolean
sink_has_data (GOutputStream *sink)
{
  return g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)) > 0;
}

/* Cancelling mid-RETR: the RETR says cancelled; the session cannot go on
 * (the rest of the message is still on the wire), so later commands fail
 * without being sent. */
static void
test_retr_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: slow\r\n\r\nfirst part");
  surat_fake_pop3_stall (f->fake);
  start (f);
  connect_and_login (f);

  surat_pop3_client_retrieve_async (f->client, 1, sink, cancellable, surat_test_result_cb,
                                    &result);
  while (!sink_has_data (sink))
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);

  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client,
                                                      surat_test_wait_result (&result),
                                                      &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&error);
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (surat_connection_is_connected (f->connection));
}

/* --- pipelining ------------------------------------------------------------- */

typedef struct {
  GPtrArray *order;   /* names of the commands, as they completed */
  guint      pending;
} Completions;

typedef struct {
  Completions   *completions;
  const char    *name;
  GOutputStream *sink;
  gssize         size;
} Issued;

static void
retrieve_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Issued *issued = user_data;
  g_autoptr(GError) error = NULL;

  issued->size = surat_pop3_client_retrieve_finish (SURAT_POP3_CLIENT (source), result, &error);
  g_assert_no_error (error);
  g_ptr_array_add (issued->completions->order, (gpointer) issued->name);
  issued->completions->pending--;
}

static void
quit_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Issued *issued = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (surat_pop3_client_quit_finish (SURAT_POP3_CLIENT (source), result, &error));
  g_assert_no_error (error);
  g_ptr_array_add (issued->completions->order, (gpointer) issued->name);
  issued->completions->pending--;
}

/* Three RETRs and a QUIT issued at once; checks bodies and order. */
static void
run_batch (Fixture *f)
{
  Completions completions = { g_ptr_array_new (), 4 };
  Issued issued[4] = {
    { &completions, "RETR 1", memory_sink (), 0 },
    { &completions, "RETR 2", memory_sink (), 0 },
    { &completions, "RETR 3", memory_sink (), 0 },
    { &completions, "QUIT", NULL, 0 },
  };

  for (guint i = 0; i < 3; i++)
    surat_pop3_client_retrieve_async (f->client, i + 1, issued[i].sink, NULL,
                                      retrieve_done_cb, &issued[i]);
  surat_pop3_client_quit_async (f->client, NULL, quit_done_cb, &issued[3]);

  while (completions.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (completions.order->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (g_ptr_array_index (completions.order, i), ==, issued[i].name);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) bytes = sink_bytes (issued[i].sink);
      g_autofree char *expected = g_strdup_printf ("Subject: %u\n\nBody %u\n", i + 1, i + 1);

      g_assert_cmpint (issued[i].size, ==, strlen (expected));
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       expected, strlen (expected));
      g_object_unref (issued[i].sink);
    }

  g_ptr_array_unref (completions.order);
}

static void
script_batch (SuratFakePop3 *fake)
{
  surat_fake_pop3_expect (fake, "RETR 1", "+OK\r\nSubject: 1\r\n\r\nBody 1\r\n.\r\n");
  surat_fake_pop3_expect (fake, "RETR 2", "+OK\r\nSubject: 2\r\n\r\nBody 2\r\n.\r\n");
  surat_fake_pop3_expect (fake, "RETR 3", "+OK\r\nSubject: 3\r\n\r\nBody 3\r\n.\r\n");
  surat_fake_pop3_expect (fake, "QUIT", "+OK Bye\r\n");
  surat_fake_pop3_expect_close (fake);
}

/* With PIPELINING the server gets all four commands before it answers
 * any (it refuses to answer earlier); results still come in order. */
static void
test_pipelining_on (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nPIPELINING");
  surat_fake_pop3_wait_lines (f->fake, 4);
  script_batch (f->fake);
  start (f);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  g_assert_cmpuint (commands->len, ==, 7);
  for (guint i = 4; i < 7; i++)
    {
      SuratFakePop3Command *command = g_ptr_array_index (commands, i);

      g_assert_true (command->pipelined);
    }
}

/* Without PIPELINING each command goes out only after the previous reply. */
static void
test_pipelining_off (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nUIDL");
  script_batch (f->fake);
  start (f);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  g_assert_cmpuint (commands->len, ==, 7);
  for (guint i = 0; i < commands->len; i++)
    {
      SuratFakePop3Command *command = g_ptr_array_index (commands, i);

      g_assert_false (command->pipelined);
    }
}

/* Pipelining switched off by the account: one at a time, though the
 * server offers it. */
static void
test_pipelining_depth_one (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nPIPELINING");
  script_batch (f->fake);
  start (f);
  surat_pop3_client_set_pipeline_depth (f->client, 1);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  for (guint i = 0; i < commands->len; i++)
    g_assert_false (((SuratFakePop3Command *) g_ptr_array_index (commands, i))->pipelined);
}

/* The connection drops in the middle of a pipelined batch: what came
 * before is whole, the interrupted RETR and everything behind it fail
 * with the same error. */
static void
test_pipelining_drop_mid_batch (Fixture       *f,
                                gconstpointer  data)
{
  SuratFakePop3ServeOptions options = {
    .user = USER, .password = PASSWORD, .drop_in_retr = 2, .drop_after_bytes = 12,
  };
  GOutputStream *sinks[3];
  GAsyncResult *results[3] = { NULL, NULL, NULL };
  GError *errors[3] = { NULL, NULL, NULL };
  gssize sizes[3];

  surat_fake_pop3_add_message (f->fake, "a", "Subject: one\n\nBody one\n");
  surat_fake_pop3_add_message (f->fake, "b", "Subject: two\n\nBody two\n");
  surat_fake_pop3_add_message (f->fake, "c", "Subject: three\n\nBody three\n");
  surat_fake_pop3_serve (f->fake, &options);
  start (f);
  connect_and_login (f);
  g_assert_true (surat_pop3_client_get_capa (f->client)->flags & SURAT_POP3_CAPA_PIPELINING);

  for (guint i = 0; i < 3; i++)
    {
      sinks[i] = memory_sink ();
      surat_pop3_client_retrieve_async (f->client, i + 1, sinks[i], NULL, surat_test_result_cb,
                                        &results[i]);
    }
  for (guint i = 0; i < 3; i++)
    sizes[i] = surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&results[i]),
                                                  &errors[i]);

  g_assert_no_error (errors[0]);
  g_assert_cmpint (sizes[0], ==, strlen ("Subject: one\n\nBody one\n"));
  g_assert_cmpint (sizes[1], ==, -1);
  g_assert_cmpint (sizes[2], ==, -1);
  g_assert_error (errors[1], G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_error (errors[2], G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpstr (errors[1]->message, ==, errors[2]->message);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sinks[1])),
                    ==, strlen ("Subject: two"));

  for (guint i = 0; i < 3; i++)
    {
      g_clear_error (&errors[i]);
      g_clear_object (&results[i]);
      g_object_unref (sinks[i]);
    }
  assert_script_done (f);
}

/* --- QUIT ---------------------------------------------------------------------- */

static void
test_quit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "DELE 1", "+OK Marked\r\n");
  surat_fake_pop3_expect (f->fake, "QUIT", "+OK Bye\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);
  connect_and_login (f);

  g_assert_true (do_simple (f, "DELE", &error));
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  /* The server saw the connection close (expect_close), and the client
   * refuses anything after QUIT. */
  assert_script_done (f);

  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* --- the fake server's maildrop, as the fetcher's tests will use it ------ */

static void
test_serve_maildrop (Fixture       *f,
                     gconstpointer  data)
{
  SuratFakePop3ServeOptions options = { .user = USER, .password = PASSWORD };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) uids = NULL;

  surat_fake_pop3_add_message (f->fake, "uid-1", "Subject: one\n\n.hidden dot\n");
  surat_fake_pop3_add_message (f->fake, "uid-2", "Subject: two\r\n\r\nBody\r\n");
  surat_fake_pop3_serve (f->fake, &options);
  start (f);

  g_assert_true (do_connect (f, &error));
  g_assert_no_error (error);
  g_assert_true (do_login (f, &error));
  g_assert_cmpstr (surat_pop3_client_get_login_method (f->client), ==, "PLAIN");

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  assert_message (messages, 0, 1, strlen ("Subject: one\r\n\r\n..hidden dot\r\n"), "uid-1");
  assert_message (messages, 1, 2, strlen ("Subject: two\r\n\r\nBody\r\n"), "uid-2");

  g_assert_cmpint (do_retrieve (f, 1, sink, &error), >, 0);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "Subject: one\n\n.hidden dot\n", 26);

  g_assert_true (do_simple (f, "DELE", &error));
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  assert_script_done (f);

  /* QUIT committed the deletion. */
  uids = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpuint (g_strv_length (uids), ==, 1);
  g_assert_cmpstr (uids[0], ==, "uid-2");
}

/* An interrupted session deletes nothing; the next connection sees the
 * whole maildrop again (what the fetcher's resume logic relies on). */
static void
test_serve_drop_in_retr (Fixture       *f,
                         gconstpointer  data)
{
  SuratFakePop3ServeOptions dropping = {
    .user = USER, .password = PASSWORD, .drop_in_retr = 2, .drop_after_bytes = 10,
  };
  SuratFakePop3ServeOptions normal = { .user = USER, .password = PASSWORD };
  g_autoptr(GOutputStream) first = memory_sink ();
  g_autoptr(GOutputStream) second = memory_sink ();
  g_autoptr(GBytes) partial = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uids = NULL;

  surat_fake_pop3_add_message (f->fake, "uid-1", "Subject: one\n\nBody one\n");
  surat_fake_pop3_add_message (f->fake, "uid-2", "Subject: two\n\nBody two\n");
  surat_fake_pop3_serve (f->fake, &dropping);
  surat_fake_pop3_next_connection (f->fake);
  surat_fake_pop3_serve (f->fake, &normal);
  start (f);

  connect_and_login (f);
  g_assert_true (do_simple (f, "DELE", &error));
  g_assert_cmpint (do_retrieve (f, 2, second, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  partial = sink_bytes (second);
  g_assert_cmpmem (g_bytes_get_data (partial, NULL), g_bytes_get_size (partial),
                   "Subject: t", 10);

  /* DELE 1 was never committed. */
  g_clear_error (&error);
  new_client (f, SURAT_SECURITY_NONE, TIMEOUT);
  connect_and_login (f);
  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_true (do_simple (f, "QUIT", &error));
  assert_script_done (f);

  uids = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpuint (g_strv_length (uids), ==, 2);
  g_assert_cmpuint (surat_fake_pop3_get_n_connections (f->fake), ==, 2);
}

/* The maildrop over STLS, with the client's STARTTLS: needs the TLS
 * stream. */
static void
test_serve_starttls (Fixture       *f,
                     gconstpointer  data)
{
  SuratFakePop3ServeOptions options = {
    .user = USER, .password = PASSWORD, .starttls = TRUE,
  };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  surat_fake_pop3_add_message (f->fake, "uid-1", "Subject: one\n\nBody\n");
  surat_fake_pop3_serve (f->fake, &options);
  start_with (f, SURAT_SECURITY_STARTTLS, TIMEOUT);

  if (!do_connect (f, &error) && skip_without_tls (error))
    return;
  g_assert_no_error (error);
  do_login (f, &error);
  g_assert_no_error (error);
  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_true (do_simple (f, "QUIT", &error));
  assert_script_done (f);
  g_assert_false (surat_fake_pop3_cleartext_contains (f->fake, PASSWORD));
  g_assert_false (surat_fake_pop3_cleartext_contains (f->fake, "AUTH"));
}

/* --- the fake server's own TLS, checked with GIO's GnuTLS client ----------- */

/* Blocking, one byte at a time: nothing past the line is consumed, so the
 * TLS handshake after STLS starts on a clean stream. */
static char *
read_line_blocking (GInputStream *input)
{
  GString *line = g_string_new (NULL);
  char c = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (input, &c, 1, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 1);
      if (c == '\n')
        break;
      if (c != '\r')
        g_string_append_c (line, c);
    }

  return g_string_free (line, FALSE);
}

static void
write_blocking (GOutputStream *output,
                const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (output, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A GnuTLS client that trusts only the test CA and checks the identity
 * 127.0.0.1: proves the certificate fits the client tests. */
static GIOStream *
gnutls_client_handshake (GIOStream *base,
                         guint16    port)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("127.0.0.1", port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  database = g_tls_file_database_new (surat_fake_pop3_get_ca_file (), &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (base, identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);

  return tls;
}

static gboolean
have_gnutls (void)
{
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("GIO has no TLS backend (glib-networking)");
      return FALSE;
    }
  return TRUE;
}

static void
test_fake_stls_gnutls (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  GInputStream *input;
  GOutputStream *output;
  guint16 port;

  if (!have_gnutls ())
    return;
  /* Loopback needs no proxy resolver (which would want GSettings). */
  g_socket_client_set_enable_proxy (socket_client, FALSE);

  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_capa (f->fake, "STLS\nUSER");
  surat_fake_pop3_expect (f->fake, "STLS", "+OK Begin TLS\r\n");
  surat_fake_pop3_start_tls (f->fake);
  surat_fake_pop3_expect (f->fake, "USER " USER, "+OK over TLS\r\n");
  surat_fake_pop3_expect_close (f->fake);
  port = surat_fake_pop3_start (f->fake);

  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_free (read_line_blocking (input));
  write_blocking (output, "CAPA\r\n");
  for (;;)
    {
      g_autofree char *line = read_line_blocking (input);

      if (g_str_equal (line, "."))
        break;
    }
  write_blocking (output, "STLS\r\n");
  g_free (read_line_blocking (input));

  tls = gnutls_client_handshake (G_IO_STREAM (connection), port);
  write_blocking (g_io_stream_get_output_stream (tls), "USER " USER "\r\n");
  reply = read_line_blocking (g_io_stream_get_input_stream (tls));
  g_assert_cmpstr (reply, ==, "+OK over TLS");
  g_io_stream_close (tls, NULL, NULL);

  assert_script_done (f);
  g_assert_true (surat_fake_pop3_received_contains (f->fake, "USER " USER));
  g_assert_false (surat_fake_pop3_cleartext_contains (f->fake, "USER"));
}

static void
test_fake_implicit_tls_gnutls (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *greeting = NULL;
  guint16 port;

  if (!have_gnutls ())
    return;
  /* Loopback needs no proxy resolver (which would want GSettings). */
  g_socket_client_set_enable_proxy (socket_client, FALSE);

  surat_fake_pop3_set_implicit_tls (f->fake, TRUE);
  surat_fake_pop3_greet (f->fake);
  surat_fake_pop3_expect_close (f->fake);
  port = surat_fake_pop3_start (f->fake);

  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  tls = gnutls_client_handshake (G_IO_STREAM (connection), port);
  greeting = read_line_blocking (g_io_stream_get_input_stream (tls));
  g_assert_cmpstr (greeting, ==, "+OK fake POP3 server ready");
  g_io_stream_close (tls, NULL, NULL);

  assert_script_done (f);
}

/* --- the connection's line reader -------------------------------------------- */

static char *
read_line (SuratConnection  *connection,
           gsize            *length,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_connection_read_line_async (connection, NULL, surat_test_result_cb, &result);
  return surat_connection_read_line_finish (connection, surat_test_wait_result (&result),
                                            length, error);
}

static void
test_connection_lines (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_limit = g_strnfill (98, 'a');
  g_autofree char *over_limit = g_strnfill (99, 'b');
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  struct { const char *text; gsize length; } expected[] = {
    { "crlf", 4 },
    { "bare lf", 7 },
    { "nul\0inside", 10 },
    { "", 0 },
    { at_limit, 98 },
  };

  /* 98 bytes + CRLF = 100 is the limit exactly; 99 + CRLF is over it. */
  g_byte_array_append (sent, (const guint8 *) "crlf\r\nbare lf\nnul\0inside\r\n\r\n", 28);
  g_byte_array_append (sent, (const guint8 *) at_limit, 98);
  g_byte_array_append (sent, (const guint8 *) "\r\n", 2);
  g_byte_array_append (sent, (const guint8 *) over_limit, 99);
  g_byte_array_append (sent, (const guint8 *) "\r\n", 2);
  surat_fake_pop3_send_bytes (f->fake, sent->data, sent->len);
  surat_fake_pop3_stall (f->fake);
  start (f);
  surat_connection_set_max_line_length (f->connection, 100);

  surat_connection_connect_async (f->connection, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_connection_connect_finish (f->connection,
                                                  surat_test_wait_result (&result), &error));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = NULL;
      gsize length = 0;

      line = read_line (f->connection, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (line, length, expected[i].text, expected[i].length);
      g_assert_cmpint (line[length], ==, '\0');
    }

  g_assert_null (read_line (f->connection, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_connection_eof (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  surat_fake_pop3_send (f->fake, "+OK bye\r\nhalf a li");
  start (f);

  surat_connection_connect_async (f->connection, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_connection_connect_finish (f->connection,
                                                  surat_test_wait_result (&result), &error));
  line = read_line (f->connection, NULL, &error);
  g_assert_cmpstr (line, ==, "+OK bye");
  /* The server closes: half a line is no line. */
  g_assert_null (read_line (f->connection, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* --- the queue ------------------------------------------------------------------ */

/* A sink that fails (a full disk) fails its RETR only. */
static void
test_retr_sink_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  g_autoptr(GFileOutputStream) sink = NULL;
  g_autoptr(GError) error = NULL;

  sink = g_file_append_to (full, G_FILE_CREATE_NONE, NULL, &error);
  if (sink == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, G_OUTPUT_STREAM (sink), &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  g_clear_error (&error);
  g_assert_true (do_simple (f, "NOOP", &error));
  g_assert_no_error (error);
  assert_script_done (f);
}

static void
collect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray *results = user_data;

  g_ptr_array_add (results, g_object_ref (result));
}

/* Everything issued at once, before connect has finished: the dialogues
 * (connect, login) hold back what follows; all completes in order. */
static void
test_queue_all_at_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER\nUIDL\nPIPELINING");
  surat_fake_pop3_expect (f->fake, "UIDL", "+OK\r\n1 a\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 10\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nx\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "QUIT", "+OK\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);

  surat_pop3_client_connect_async (f->client, NULL, collect_cb, results);
  surat_pop3_client_login_async (f->client, USER, PASSWORD, NULL, collect_cb, results);
  surat_pop3_client_scan_async (f->client, NULL, collect_cb, results);
  surat_pop3_client_retrieve_async (f->client, 1, sink, NULL, collect_cb, results);
  surat_pop3_client_quit_async (f->client, NULL, collect_cb, results);

  while (results->len < 5)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (surat_pop3_client_connect_finish (f->client, results->pdata[0], &error));
  g_assert_true (surat_pop3_client_login_finish (f->client, results->pdata[1], &error));
  messages = surat_pop3_client_scan_finish (f->client, results->pdata[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client, results->pdata[3], &error),
                   ==, 2);
  g_assert_true (surat_pop3_client_quit_finish (f->client, results->pdata[4], &error));
  g_assert_no_error (error);
  assert_script_done (f);

  /* Nothing went out before the login was through. */
  commands = surat_fake_pop3_get_commands (f->fake);
  for (guint i = 0; i < 3; i++)
    g_assert_false (((SuratFakePop3Command *) g_ptr_array_index (commands, i))->pipelined);
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
  ADD ("/pop3/login/apop-allowed", test_login_apop_allowed);
  ADD ("/pop3/login/apop-not-allowed", test_login_apop_not_allowed);
  g_test_add_func ("/pop3/login/wrong-password", test_login_wrong_password);
  ADD ("/pop3/login/user-err", test_login_user_err);
  ADD ("/pop3/login/auth-err", test_login_auth_err);
  ADD ("/pop3/login/bad-challenge", test_login_bad_challenge);
  ADD ("/pop3/login/no-mechanism", test_login_no_mechanism);
  g_test_add_func ("/pop3/login/never-in-clear", test_login_never_in_clear);

  g_test_add_func ("/pop3/errors/every-step", test_err_every_step);
  ADD ("/pop3/stat", test_stat);
  ADD ("/pop3/scan/uidl-and-list", test_scan);
  ADD ("/pop3/scan/no-uidl", test_scan_no_uidl);
  ADD ("/pop3/scan/uidl-err", test_scan_uidl_err);
  ADD ("/pop3/scan/uidl-err-announced", test_scan_uidl_err_announced);
  g_test_add_func ("/pop3/scan/invalid", test_scan_invalid);

  ADD ("/pop3/retr/dot-unstuffing", test_retr_dot_unstuffing);
  ADD ("/pop3/top/dot-unstuffing", test_top_dot_unstuffing);
  ADD ("/pop3/retr/dropped", test_retr_dropped);
  ADD ("/pop3/retr/huge-line", test_retr_huge_line);
  ADD ("/pop3/retr/cancel", test_retr_cancel);
  ADD ("/pop3/limits/huge-status-line", test_status_huge_line);
  ADD ("/pop3/limits/huge-listing-line", test_listing_huge_line);
  ADD ("/pop3/limits/listing-never-ends", test_listing_never_ends);

  ADD ("/pop3/pipelining/on", test_pipelining_on);
  ADD ("/pop3/pipelining/off", test_pipelining_off);
  ADD ("/pop3/pipelining/depth-one", test_pipelining_depth_one);
  ADD ("/pop3/pipelining/drop-mid-batch", test_pipelining_drop_mid_batch);
  ADD ("/pop3/quit", test_quit);
  ADD ("/pop3/fake-server/maildrop", test_serve_maildrop);
  ADD ("/pop3/fake-server/maildrop-drop-in-retr", test_serve_drop_in_retr);
  ADD ("/pop3/fake-server/maildrop-starttls", test_serve_starttls);
  ADD ("/pop3/fake-server/stls-gnutls-peer", test_fake_stls_gnutls);
  ADD ("/pop3/fake-server/implicit-tls-gnutls-peer", test_fake_implicit_tls_gnutls);
  ADD ("/pop3/connection/lines", test_connection_lines);
  ADD ("/pop3/connection/eof", test_connection_eof);
  ADD ("/pop3/retr/sink-fails", test_retr_sink_fails);
  ADD ("/pop3/queue/all-at-once", test_queue_all_at_once);

#undef ADD

  return g_test_run ();
}
