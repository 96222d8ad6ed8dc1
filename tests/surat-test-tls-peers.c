/* surat-test-tls-peers.c — independent TLS peers on loopback, for client tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "surat-test-tls-peers.h"
#include "surat-test-util.h"

#define SMALL_BUFFER 16384

GSocketConnection *
surat_test_connect_loopback (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSocketConnection *connection;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);

  return connection;
}

void
surat_test_set_small_buffers (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  g_assert_true (g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, SMALL_BUFFER, NULL));
  g_assert_true (g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, SMALL_BUFFER, NULL));
}

GBytes *
surat_test_make_pattern (gsize   size,
                         guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);

  return g_bytes_new_take (data, size);
}

SuratTlsStream *
surat_test_tls_client_new (GSocketConnection *connection,
                           const char        *identity,
                           const char        *ca_file,
                           const char        *pin)
{
  g_autoptr(GError) error = NULL;
  SuratTlsStream *tls = surat_tls_stream_new (G_IO_STREAM (connection), identity, &error);

  g_assert_no_error (error);
  g_assert_true (SURAT_IS_TLS_STREAM (tls));
  surat_tls_stream_set_ca_file (tls, ca_file);
  surat_tls_stream_set_pinned_fingerprint (tls, pin);

  return tls;
}

gboolean
surat_test_tls_handshake (SuratTlsStream  *tls,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_tls_stream_handshake_async (tls, G_PRIORITY_DEFAULT, cancellable,
                                    surat_test_result_cb, &result);
  surat_test_wait_result (&result);

  return surat_tls_stream_handshake_finish (tls, result, error);
}

gboolean
surat_test_close_async (GIOStream  *stream,
                        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, surat_test_result_cb, &result);
  surat_test_wait_result (&result);

  return g_io_stream_close_finish (stream, result, error);
}

static GSocketListener *
listen_on_loopback (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  GSocketListener *listener = g_socket_listener_new ();

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  return listener;
}

/* ---- GnuTLS on a thread ---- */

static gboolean
write_text (GOutputStream *output,
            const char    *text)
{
  return g_output_stream_write_all (output, text, strlen (text), NULL, NULL, NULL);
}

static gpointer
tls_server_thread (gpointer data)
{
  SuratTestTlsServer *server = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  GSocket *socket;
  GInputStream *input;
  GOutputStream *output;
  char byte;
  gssize n;

  connection = g_socket_listener_accept (server->listener, NULL, server->cancellable, NULL);
  if (connection == NULL)
    return NULL;

  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 10);
  if (server->small_buffers)
    surat_test_set_small_buffers (connection);

  if (server->starttls)
    {
      GInputStream *plain_in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      GOutputStream *plain_out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_autofree char *command = g_malloc0 (7);
      gsize done = 0;

      if (!write_text (plain_out, "+OK POP3 ready\r\n") ||
          !g_input_stream_read_all (plain_in, command, 6, &done, NULL, NULL) || done != 6)
        return NULL;
      server->plain_received = g_steal_pointer (&command);
      if (!write_text (plain_out, "+OK Begin TLS\r\n"))
        return NULL;
    }

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), server->certificate,
                                     &server->handshake_error);
  if (tls == NULL ||
      !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &server->handshake_error))
    return NULL;

  g_mutex_lock (&server->lock);
  while (server->hold && !server->released)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  input = g_io_stream_get_input_stream (tls);
  output = g_io_stream_get_output_stream (tls);

  if (server->send != NULL &&
      !g_output_stream_write_all (output, g_bytes_get_data (server->send, NULL),
                                  g_bytes_get_size (server->send), NULL, NULL, NULL))
    return NULL;

  if (server->receive_size > 0)
    {
      gsize done = 0;

      g_byte_array_set_size (server->received, server->receive_size);
      g_input_stream_read_all (input, server->received->data, server->receive_size, &done,
                               NULL, NULL);
      g_byte_array_set_size (server->received, done);
    }

  switch (server->end)
    {
    case SURAT_TEST_TLS_SERVER_CLOSE_NOTIFY:
      g_io_stream_close (tls, NULL, NULL);
      return NULL;

    case SURAT_TEST_TLS_SERVER_HANG_UP:
      /* The TCP connection alone: no close_notify. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return NULL;

    case SURAT_TEST_TLS_SERVER_WAIT_FOR_CLIENT:
    default:
      break;
    }

  n = g_input_stream_read (input, &byte, 1, NULL, &server->eof_error);
  server->clean_eof = n == 0;

  g_io_stream_close (tls, NULL, NULL);

  return NULL;
}

SuratTestTlsServer *
surat_test_tls_server_new (GTlsCertificate *certificate)
{
  SuratTestTlsServer *server = g_new0 (SuratTestTlsServer, 1);

  server->certificate = g_object_ref (certificate);
  server->received = g_byte_array_new ();
  server->cancellable = g_cancellable_new ();
  server->listener = listen_on_loopback (&server->port);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);

  return server;
}

void
surat_test_tls_server_run (SuratTestTlsServer *server)
{
  g_assert_null (server->thread);
  server->thread = g_thread_new ("tls-server", tls_server_thread, server);
}

void
surat_test_tls_server_release (SuratTestTlsServer *server)
{
  g_mutex_lock (&server->lock);
  server->released = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
}

void
surat_test_tls_server_join (SuratTestTlsServer *server)
{
  if (server->thread == NULL)
    return;

  surat_test_tls_server_release (server);
  g_thread_join (g_steal_pointer (&server->thread));
}

void
surat_test_tls_server_free (SuratTestTlsServer *server)
{
  /* A server nobody connected to stops waiting in accept(). */
  g_cancellable_cancel (server->cancellable);
  surat_test_tls_server_join (server);

  g_socket_listener_close (server->listener);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_object_unref (server->certificate);
  g_clear_pointer (&server->send, g_bytes_unref);
  g_byte_array_unref (server->received);
  g_free (server->plain_received);
  g_clear_error (&server->handshake_error);
  g_clear_error (&server->eof_error);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

/* ---- a server that never answers ---- */

static void
silent_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SuratTestSilentServer *server = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  server->pending--;
  if (n > 0 && server->cancel_on_data != NULL)
    g_cancellable_cancel (server->cancel_on_data);
}

static void
silent_accept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SuratTestSilentServer *server = user_data;

  server->pending--;
  server->connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result,
                                                        NULL, NULL);
  if (server->connection == NULL)
    return;

  if (server->say != NULL)
    write_text (g_io_stream_get_output_stream (G_IO_STREAM (server->connection)), server->say);

  server->pending++;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (server->connection)),
                             server->buffer, sizeof server->buffer, G_PRIORITY_DEFAULT,
                             server->cancellable, silent_read_cb, server);
}

SuratTestSilentServer *
surat_test_silent_server_new (void)
{
  SuratTestSilentServer *server = g_new0 (SuratTestSilentServer, 1);

  server->listener = listen_on_loopback (&server->port);
  server->cancellable = g_cancellable_new ();
  server->pending++;
  g_socket_listener_accept_async (server->listener, server->cancellable, silent_accept_cb,
                                  server);

  return server;
}

void
surat_test_silent_server_free (SuratTestSilentServer *server)
{
  /* The pending accept or read points at @server: let it end first. */
  g_cancellable_cancel (server->cancellable);
  while (server->pending > 0)
    g_main_context_iteration (NULL, TRUE);

  if (server->connection != NULL)
    g_io_stream_close (G_IO_STREAM (server->connection), NULL, NULL);
  g_socket_listener_close (server->listener);

  g_clear_object (&server->connection);
  g_clear_object (&server->listener);
  g_clear_object (&server->cancellable);
  g_free (server);
}

/* ---- openssl s_server ---- */

struct _SuratTestSServer
{
  GSubprocess      *process;
  GDataInputStream *output;
  GString          *text;
  guint16           port;
};

SuratTestSServer *
surat_test_s_server_start (const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  SuratTestSServer *server = g_new0 (SuratTestSServer, 1);

  g_ptr_array_add (argv, (char *) "openssl");
  g_ptr_array_add (argv, (char *) "s_server");
  g_ptr_array_add (argv, (char *) "-accept");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "-naccept");
  g_ptr_array_add (argv, (char *) "1");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* stdin stays open: at its end s_server would hang up on the client. */
  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  server->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->text = g_string_new (NULL);

  /* "ACCEPT 127.0.0.1:PORT": it really listens. */
  while (server->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (server->output, NULL, NULL,
                                                                  &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("openssl s_server did not start:\n%s", server->text->str);

      g_string_append_printf (server->text, "%s\n", line);
      if (g_str_has_prefix (line, "ACCEPT ") && strrchr (line, ':') != NULL)
        server->port = (guint16) g_ascii_strtoull (strrchr (line, ':') + 1, NULL, 10);
    }

  return server;
}

guint16
surat_test_s_server_get_port (SuratTestSServer *server)
{
  return server->port;
}

static gboolean
force_exit_cb (gpointer data)
{
  g_subprocess_force_exit (data);
  return G_SOURCE_REMOVE;
}

char *
surat_test_s_server_finish (SuratTestSServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) guard = g_timeout_source_new_seconds (10);
  GString *text = server->text;

  g_subprocess_wait_async (server->process, NULL, surat_test_result_cb, &result);
  g_source_set_callback (guard, force_exit_cb, server->process, NULL);
  g_source_attach (guard, NULL);
  surat_test_wait_result (&result);
  g_source_destroy (guard);
  g_subprocess_wait_finish (server->process, result, &error);
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (server->output, NULL, NULL,
                                                                  NULL);
      if (line == NULL)
        break;
      g_string_append_printf (text, "%s\n", line);
    }

  g_object_unref (server->output);
  g_object_unref (server->process);
  g_free (server);

  return g_string_free (text, FALSE);
}
