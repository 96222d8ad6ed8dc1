/* surat-fake-server.c — a scripted line-protocol server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-fake-server.h"

typedef enum {
  STEP_SEND,
  STEP_SEND_REPEATED,
  STEP_EXPECT,
  STEP_WAIT_LINES,
  STEP_START_TLS,
  STEP_DROP,
  STEP_STALL,
  STEP_SLEEP,
  STEP_EXPECT_CLOSE,
  STEP_NEXT_CONNECTION,
  STEP_CUSTOM,
} StepKind;

typedef struct {
  StepKind           kind;
  GBytes            *data;
  char              *pattern;
  char               byte;
  gsize              count;
  SuratFakeStepFunc  func;
  gpointer           func_data;
  GDestroyNotify     func_data_destroy;
} Step;

struct _SuratFakeServer
{
  /* Set before start, then read-only. */
  char           *name;
  char           *mismatch_reply;
  GPtrArray      *steps;
  gboolean        implicit_tls;
  gpointer        protocol_data;
  GDestroyNotify  protocol_data_destroy;

  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GCancellable   *cancellable;
  char           *data_dir;
  guint16         port;
  guint           next_step;      /* server thread only */

  /* Guarded by mutex; cond signals port, done, error and stopping. */
  GMutex          mutex;
  GCond           cond;
  gboolean        stopping;
  gboolean        done;
  char           *error;
  guint           n_connections;
  GByteArray     *received;
  GByteArray     *received_clear;
  GPtrArray      *commands;
};

/* One connection, in the server thread. */
struct _SuratFakeSession
{
  SuratFakeServer    *server;
  GSocketConnection  *connection;
  GIOStream          *tls;
  GInputStream       *input;
  GOutputStream      *output;
  GByteArray         *inbuf;
  gboolean            encrypted;
  gboolean            dropped;
  gboolean            next_is_early;
};

/* How long the server waits for the client before it gives up on a step:
 * long enough for any client timeout under test, short enough that a
 * broken test ends. */
#define SERVER_READ_TIMEOUT 10

static void
step_free (gpointer data)
{
  Step *step = data;

  g_clear_pointer (&step->data, g_bytes_unref);
  g_free (step->pattern);
  if (step->func_data_destroy != NULL)
    step->func_data_destroy (step->func_data);
  g_free (step);
}

static Step *
add_step (SuratFakeServer *self,
          StepKind         kind)
{
  Step *step = g_new0 (Step, 1);

  g_assert (self->thread == NULL);

  step->kind = kind;
  g_ptr_array_add (self->steps, step);
  return step;
}

static void
command_free (gpointer data)
{
  SuratFakeCommand *command = data;

  g_free (command->line);
  g_free (command);
}

SuratFakeServer *
surat_fake_server_new (const char *name,
                       const char *mismatch_reply)
{
  SuratFakeServer *self = g_new0 (SuratFakeServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->name = g_strdup (name);
  self->mismatch_reply = g_strdup (mismatch_reply);
  self->steps = g_ptr_array_new_with_free_func (step_free);
  self->received = g_byte_array_new ();
  self->received_clear = g_byte_array_new ();
  self->commands = g_ptr_array_new_with_free_func (command_free);
  self->cancellable = g_cancellable_new ();

  return self;
}

void
surat_fake_server_free (SuratFakeServer *self)
{
  if (self == NULL)
    return;

  surat_fake_server_stop (self);

  g_ptr_array_unref (self->steps);
  g_byte_array_unref (self->received);
  g_byte_array_unref (self->received_clear);
  g_ptr_array_unref (self->commands);
  if (self->protocol_data_destroy != NULL)
    self->protocol_data_destroy (self->protocol_data);
  g_clear_object (&self->cancellable);
  g_free (self->error);
  g_free (self->name);
  g_free (self->mismatch_reply);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
surat_fake_server_set_protocol_data (SuratFakeServer *self,
                                     gpointer         data,
                                     GDestroyNotify   destroy)
{
  g_assert (self->protocol_data == NULL);

  self->protocol_data = data;
  self->protocol_data_destroy = destroy;
}

gpointer
surat_fake_server_get_protocol_data (SuratFakeServer *self)
{
  return self->protocol_data;
}

/* --- the script ----------------------------------------------------------- */

void
surat_fake_server_send (SuratFakeServer *self,
                        const char      *text)
{
  surat_fake_server_send_bytes (self, text, strlen (text));
}

void
surat_fake_server_send_bytes (SuratFakeServer *self,
                              const void      *data,
                              gsize            length)
{
  add_step (self, STEP_SEND)->data = g_bytes_new (data, length);
}

void
surat_fake_server_send_repeated (SuratFakeServer *self,
                                 char             byte,
                                 gsize            count)
{
  Step *step = add_step (self, STEP_SEND_REPEATED);

  step->byte = byte;
  step->count = count;
}

void
surat_fake_server_expect (SuratFakeServer *self,
                          const char      *pattern,
                          const char      *reply)
{
  Step *step = add_step (self, STEP_EXPECT);

  step->pattern = g_strdup (pattern);
  if (reply != NULL)
    step->data = g_bytes_new (reply, strlen (reply));
}

void
surat_fake_server_wait_lines (SuratFakeServer *self,
                              guint            count)
{
  add_step (self, STEP_WAIT_LINES)->count = count;
}

void
surat_fake_server_start_tls (SuratFakeServer *self)
{
  add_step (self, STEP_START_TLS);
}

void
surat_fake_server_drop (SuratFakeServer *self)
{
  add_step (self, STEP_DROP);
}

void
surat_fake_server_stall (SuratFakeServer *self)
{
  add_step (self, STEP_STALL);
}

void
surat_fake_server_sleep (SuratFakeServer *self,
                         guint            msec)
{
  add_step (self, STEP_SLEEP)->count = msec;
}

void
surat_fake_server_expect_close (SuratFakeServer *self)
{
  add_step (self, STEP_EXPECT_CLOSE);
}

void
surat_fake_server_next_connection (SuratFakeServer *self)
{
  add_step (self, STEP_NEXT_CONNECTION);
}

void
surat_fake_server_set_implicit_tls (SuratFakeServer *self,
                                    gboolean         implicit_tls)
{
  self->implicit_tls = implicit_tls;
}

void
surat_fake_server_add_step (SuratFakeServer   *self,
                            SuratFakeStepFunc  func,
                            gpointer           data,
                            GDestroyNotify     destroy)
{
  Step *step = add_step (self, STEP_CUSTOM);

  step->func = func;
  step->func_data = data;
  step->func_data_destroy = destroy;
}

/* --- recording -------------------------------------------------------------- */

void
surat_fake_server_fail (SuratFakeServer *self,
                        const char      *format,
                        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("fake %s: %s", self->name, message);

  g_mutex_lock (&self->mutex);
  if (self->error == NULL)
    self->error = g_steal_pointer (&message);
  g_mutex_unlock (&self->mutex);
}

static void
record_received (SuratFakeSession *s,
                 const guint8     *data,
                 gsize             length)
{
  SuratFakeServer *self = s->server;

  g_mutex_lock (&self->mutex);
  g_byte_array_append (self->received, data, length);
  if (!s->encrypted)
    g_byte_array_append (self->received_clear, data, length);
  g_mutex_unlock (&self->mutex);
}

/* --- session I/O (server thread) ------------------------------------------- */

SuratFakeServer *
surat_fake_session_get_server (SuratFakeSession *s)
{
  return s->server;
}

GByteArray *
surat_fake_session_get_buffer (SuratFakeSession *s)
{
  return s->inbuf;
}

gboolean
surat_fake_session_is_encrypted (SuratFakeSession *s)
{
  return s->encrypted;
}

gboolean
surat_fake_session_is_dropped (SuratFakeSession *s)
{
  return s->dropped;
}

gboolean
surat_fake_session_fill (SuratFakeSession  *s,
                         GError           **error)
{
  guint8 chunk[65536];
  gssize n;

  n = g_input_stream_read (s->input, chunk, sizeof chunk, s->server->cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "the client closed the connection");
      return FALSE;
    }

  record_received (s, chunk, n);
  g_byte_array_append (s->inbuf, chunk, n);
  return TRUE;
}

static gssize
find_lf (SuratFakeSession *s)
{
  const guint8 *lf;

  if (s->inbuf->len == 0)
    return -1;

  lf = memchr (s->inbuf->data, '\n', s->inbuf->len);

  return lf != NULL ? lf - s->inbuf->data : -1;
}

char *
surat_fake_session_read_line (SuratFakeSession  *s,
                              GError           **error)
{
  SuratFakeCommand *command;
  gssize lf;
  gsize len;
  char *line;

  while ((lf = find_lf (s)) < 0)
    if (!surat_fake_session_fill (s, error))
      return NULL;

  len = lf;
  if (len > 0 && s->inbuf->data[len - 1] == '\r')
    len--;

  line = g_strndup ((const char *) s->inbuf->data, len);
  g_byte_array_remove_range (s->inbuf, 0, lf + 1);

  command = g_new0 (SuratFakeCommand, 1);
  command->line = g_strdup (line);
  command->pipelined = s->next_is_early;
  command->encrypted = s->encrypted;
  s->next_is_early = FALSE;

  g_mutex_lock (&s->server->mutex);
  g_ptr_array_add (s->server->commands, command);
  g_mutex_unlock (&s->server->mutex);

  return line;
}

/* Has the client sent more than we read? Checked just before a reply goes
 * out: if so, its next command came before this reply, i.e. pipelined. */
static gboolean
input_pending (SuratFakeSession *s)
{
  GSocket *socket = g_socket_connection_get_socket (s->connection);

  if (s->inbuf->len > 0)
    return TRUE;

  if (s->tls != NULL)
    return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (s->input));

  return g_socket_get_available_bytes (socket) > 0;
}

gboolean
surat_fake_session_write (SuratFakeSession  *s,
                          const void        *data,
                          gsize              length,
                          GError           **error)
{
  if (input_pending (s))
    s->next_is_early = TRUE;

  return g_output_stream_write_all (s->output, data, length, NULL, s->server->cancellable,
                                    error);
}

static gboolean
session_write_bytes (SuratFakeSession  *s,
                     GBytes            *bytes,
                     GError           **error)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return surat_fake_session_write (s, data, len, error);
}

gboolean
surat_fake_session_start_tls (SuratFakeSession  *s,
                              GError           **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  GIOStream *tls;

  if (s->inbuf->len > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the client sent %u bytes after STARTTLS before the handshake",
                   s->inbuf->len);
      return FALSE;
    }

  cert_file = g_build_filename (s->server->data_dir, "server-cert.pem", NULL);
  key_file = g_build_filename (s->server->data_dir, "server-key.pem", NULL);
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    return FALSE;

  tls = g_tls_server_connection_new (G_IO_STREAM (s->connection), certificate, error);
  if (tls == NULL)
    return FALSE;

  s->tls = tls;
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), s->server->cancellable, error))
    return FALSE;

  s->input = g_io_stream_get_input_stream (tls);
  s->output = g_io_stream_get_output_stream (tls);
  s->encrypted = TRUE;
  return TRUE;
}

/* The server goes away mid-conversation: whatever it sent arrives, then
 * EOF, and no TLS close_notify. The socket is not simply closed: with
 * pipelined commands still unread that would send a RST, and the client
 * might lose data already on its way, or see ECONNRESET instead of the
 * end of the stream, depending on timing. So: FIN now, swallow whatever
 * the client still sends until it hangs up, then close. */
void
surat_fake_session_drop (SuratFakeSession *s)
{
  GSocket *socket = g_socket_connection_get_socket (s->connection);
  GInputStream *raw = g_io_stream_get_input_stream (G_IO_STREAM (s->connection));
  char sink[4096];

  g_output_stream_flush (s->output, NULL, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  while (g_input_stream_read (raw, sink, sizeof sink, s->server->cancellable, NULL) > 0)
    ;
  g_socket_close (socket, NULL);
  s->dropped = TRUE;
}

/* --- steps (server thread) ------------------------------------------------- */

static void
stall (SuratFakeServer *self)
{
  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

void
surat_fake_session_stall (SuratFakeSession *session)
{
  stall (session->server);
}

static gboolean
run_step (SuratFakeSession  *s,
          Step              *step,
          GError           **error)
{
  g_autofree char *line = NULL;
  guint8 chunk[65536];

  switch (step->kind)
    {
    case STEP_SEND:
      return session_write_bytes (s, step->data, error);

    case STEP_SEND_REPEATED:
      memset (chunk, step->byte, sizeof chunk);
      for (gsize left = step->count; left > 0;)
        {
          gsize n = MIN (left, sizeof chunk);

          if (!surat_fake_session_write (s, chunk, n, error))
            return FALSE;
          left -= n;
        }
      return TRUE;

    case STEP_EXPECT:
      line = surat_fake_session_read_line (s, error);
      if (line == NULL)
        {
          g_prefix_error (error, "expected “%s”, but ", step->pattern);
          return FALSE;
        }
      if (!g_pattern_match_simple (step->pattern, line))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "expected “%s”, got “%s”", step->pattern, line);
          surat_fake_session_write (s, s->server->mismatch_reply,
                                    strlen (s->server->mismatch_reply), NULL);
          return FALSE;
        }
      return step->data == NULL || session_write_bytes (s, step->data, error);

    case STEP_WAIT_LINES:
      for (;;)
        {
          guint n = 0;

          for (guint i = 0; i < s->inbuf->len; i++)
            if (s->inbuf->data[i] == '\n')
              n++;
          if (n >= step->count)
            return TRUE;
          if (!surat_fake_session_fill (s, error))
            {
              g_prefix_error (error, "waiting for %" G_GSIZE_FORMAT " lines (got %u): ",
                              step->count, n);
              return FALSE;
            }
        }

    case STEP_START_TLS:
      return surat_fake_session_start_tls (s, error);

    case STEP_DROP:
      surat_fake_session_drop (s);
      return TRUE;

    case STEP_STALL:
      stall (s->server);
      return TRUE;

    case STEP_SLEEP:
      g_usleep (step->count * 1000);
      return TRUE;

    case STEP_EXPECT_CLOSE:
      for (;;)
        {
          g_autoptr(GError) local_error = NULL;

          if (!surat_fake_session_fill (s, &local_error))
            {
              /* The end we wait for: EOF, or the TLS layer's version of it;
               * not a stop, and not a client that never closes. */
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                  g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              return TRUE;
            }
        }

    case STEP_CUSTOM:
      return step->func (s, step->func_data, error);

    case STEP_NEXT_CONNECTION:
    default:
      g_assert_not_reached ();
    }
}

static const char *
step_name (StepKind kind)
{
  static const char * const names[] = {
    "send", "send-repeated", "expect", "wait-lines", "start-tls", "drop", "stall", "sleep",
    "expect-close", "next-connection", "custom",
  };

  return names[kind];
}

/* Runs the steps for one connection. */
static void
run_session (SuratFakeServer   *self,
             GSocketConnection *connection)
{
  g_autoptr(GError) error = NULL;
  SuratFakeSession s = { 0 };
  guint index;
  gboolean ok = TRUE;

  s.server = self;
  s.connection = connection;
  s.input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  s.output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  s.inbuf = g_byte_array_new ();

  g_socket_set_timeout (g_socket_connection_get_socket (connection), SERVER_READ_TIMEOUT);

  g_mutex_lock (&self->mutex);
  self->n_connections++;
  g_mutex_unlock (&self->mutex);

  if (self->implicit_tls && !surat_fake_session_start_tls (&s, &error))
    {
      surat_fake_server_fail (self, "connection %u: implicit TLS: %s", self->n_connections,
                              error->message);
      ok = FALSE;
    }

  for (index = self->next_step; index < self->steps->len; index++)
    {
      Step *step = g_ptr_array_index (self->steps, index);

      if (step->kind == STEP_NEXT_CONNECTION)
        break;
      if (!ok || s.dropped)
        continue;

      g_clear_error (&error);
      if (!run_step (&s, step, &error))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            surat_fake_server_fail (self, "step %u (%s): %s", index, step_name (step->kind),
                                    error->message);
          ok = FALSE;
        }
    }

  /* Past the marker: the next connection starts after it. */
  self->next_step = MIN (index + 1, self->steps->len);

  if (!s.dropped)
    {
      if (s.tls != NULL)
        g_io_stream_close (s.tls, NULL, NULL);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  g_clear_object (&s.tls);
  g_byte_array_unref (s.inbuf);

  g_mutex_lock (&self->mutex);
  if (self->next_step >= self->steps->len)
    self->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* --- the server thread ------------------------------------------------------- */

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  SuratFakeServer *self = user_data;
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);

  if (stopping)
    return TRUE;

  if (self->next_step >= self->steps->len && self->n_connections > 0)
    {
      surat_fake_server_fail (self, "an unexpected connection (number %u)",
                              self->n_connections + 1);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  /* Blocking, in this thread: the session is the only thing it does. */
  run_session (self, connection);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  SuratFakeServer *self = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  /* Loopback only, on a port the kernel picks. */
  service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    g_error ("fake %s: cannot listen: %s", self->name, error->message);

  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (service);

  g_mutex_lock (&self->mutex);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_signal_handlers_disconnect_by_data (service, self);

  /* Let the listener's sources go before the context does. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

guint16
surat_fake_server_start (SuratFakeServer *self)
{
  g_autofree char *thread_name = g_strdup_printf ("fake-%s", self->name);

  g_assert (self->thread == NULL);

  self->data_dir = g_path_get_dirname (surat_fake_server_get_ca_file ());
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new (thread_name, server_thread, self);

  g_mutex_lock (&self->mutex);
  while (self->port == 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return self->port;
}

guint16
surat_fake_server_get_port (SuratFakeServer *self)
{
  return self->port;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
surat_fake_server_stop (SuratFakeServer *self)
{
  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_cancellable_cancel (self->cancellable);
  g_main_context_invoke (self->context, quit_loop_cb, self->loop);

  g_thread_join (self->thread);
  self->thread = NULL;

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->data_dir, g_free);
}

gboolean
surat_fake_server_wait_done (SuratFakeServer *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  gboolean done;

  g_mutex_lock (&self->mutex);
  while (!self->done && self->error == NULL)
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      break;
  done = self->done || self->error != NULL;
  g_mutex_unlock (&self->mutex);

  return done;
}

const char *
surat_fake_server_get_error (SuratFakeServer *self)
{
  const char *error;

  g_mutex_lock (&self->mutex);
  error = self->error;
  g_mutex_unlock (&self->mutex);

  return error;
}

static GBytes *
copy_bytes (SuratFakeServer *self,
            GByteArray      *array)
{
  GBytes *bytes;

  g_mutex_lock (&self->mutex);
  bytes = g_bytes_new (array->data, array->len);
  g_mutex_unlock (&self->mutex);

  return bytes;
}

GBytes *
surat_fake_server_get_received (SuratFakeServer *self)
{
  return copy_bytes (self, self->received);
}

GBytes *
surat_fake_server_get_received_cleartext (SuratFakeServer *self)
{
  return copy_bytes (self, self->received_clear);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

gboolean
surat_fake_server_cleartext_contains (SuratFakeServer *self,
                                      const char      *needle)
{
  g_autoptr(GBytes) bytes = surat_fake_server_get_received_cleartext (self);

  return bytes_contain (bytes, needle);
}

gboolean
surat_fake_server_received_contains (SuratFakeServer *self,
                                     const char      *needle)
{
  g_autoptr(GBytes) bytes = surat_fake_server_get_received (self);

  return bytes_contain (bytes, needle);
}

GPtrArray *
surat_fake_server_get_commands (SuratFakeServer *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (command_free);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->commands->len; i++)
    {
      SuratFakeCommand *command = g_ptr_array_index (self->commands, i);
      SuratFakeCommand *dup = g_new0 (SuratFakeCommand, 1);

      *dup = *command;
      dup->line = g_strdup (command->line);
      g_ptr_array_add (copy, dup);
    }
  g_mutex_unlock (&self->mutex);

  return copy;
}

guint
surat_fake_server_get_n_connections (SuratFakeServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_connections;
  g_mutex_unlock (&self->mutex);

  return n;
}

const char *
surat_fake_server_get_ca_file (void)
{
  static char *path;

  /* Absolute: GTlsFileDatabase insists, and a CA file should not depend
   * on the working directory anyway. */
  if (path == NULL)
    path = g_canonicalize_filename (g_test_get_filename (G_TEST_DIST, "data", "pop3",
                                                         "server-cert.pem", NULL),
                                    NULL);
  return path;
}
