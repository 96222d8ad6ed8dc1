/* surat-test-session.c — a raw, synchronous line session with a server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-test-session.h"

void
surat_test_session_free (SuratTestSession *s)
{
  if (s == NULL)
    return;

  if (s->stream != NULL)
    g_io_stream_close (s->stream, NULL, NULL);
  g_clear_object (&s->in);
  g_clear_object (&s->stream);
  g_clear_object (&s->socket);
  g_free (s);
}

static void
use_stream (SuratTestSession *s,
            GIOStream        *stream)
{
  g_set_object (&s->stream, stream);
  g_clear_object (&s->in);
  s->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  /* Dropping it when STLS or STARTTLS swaps streams must not close the
   * socket. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (s->in), FALSE);
  g_data_input_stream_set_newline_type (s->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
}

gboolean
surat_test_session_start_tls (SuratTestSession  *s,
                              const char        *tls_name,
                              const char        *ca_file,
                              GError           **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (tls_name, 0);
  g_autoptr(GIOStream) tls = NULL;

  tls = g_tls_client_connection_new (s->stream, identity, error);
  if (tls == NULL)
    return FALSE;

  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, error);

      if (database == NULL)
        return FALSE;
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }

  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;

  use_stream (s, tls);
  return TRUE;
}

SuratTestSession *
surat_test_session_connect (const char  *host,
                            guint16      port,
                            const char  *tls_name,
                            const char  *ca_file,
                            GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(SuratTestSession) s = g_new0 (SuratTestSession, 1);

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  s->socket = g_socket_client_connect_to_host (client, host, port, NULL, error);
  if (s->socket == NULL)
    return NULL;

  use_stream (s, G_IO_STREAM (s->socket));
  if (tls_name != NULL && !surat_test_session_start_tls (s, tls_name, ca_file, error))
    return NULL;

  return g_steal_pointer (&s);
}

char *
surat_test_session_read_line (SuratTestSession *s)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (s->in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

void
surat_test_session_write (SuratTestSession *s,
                          const void       *data,
                          gsize             len)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (s->stream), data, len, NULL, NULL,
                             &error);
  g_assert_no_error (error);
}

void
surat_test_session_send_line (SuratTestSession *s,
                              const char       *line)
{
  g_autofree char *with_crlf = g_strconcat (line, "\r\n", NULL);

  surat_test_session_write (s, with_crlf, strlen (with_crlf));
}
