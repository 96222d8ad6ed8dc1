/* test-fake-pop3.c — the fake POP3 server itself, and the connection’s line reader
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-pop3-test-fixture.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/pop3/fake-server/maildrop", test_serve_maildrop);
  ADD ("/pop3/fake-server/maildrop-drop-in-retr", test_serve_drop_in_retr);
  ADD ("/pop3/fake-server/maildrop-starttls", test_serve_starttls);
  ADD ("/pop3/fake-server/stls-gnutls-peer", test_fake_stls_gnutls);
  ADD ("/pop3/fake-server/implicit-tls-gnutls-peer", test_fake_implicit_tls_gnutls);
  ADD ("/pop3/connection/lines", test_connection_lines);
  ADD ("/pop3/connection/eof", test_connection_eof);

#undef ADD

  return g_test_run ();
}
