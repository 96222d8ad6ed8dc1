/* surat-connection.c — one TCP connection to a mail server, line by line
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-connection.h"
#include "surat-tls-stream.h"

/* How much one read asks for. Large enough that a message body streams in
 * few wakeups, small enough to stay in the cache. */
#define READ_CHUNK (64 * 1024)

typedef enum {
  READ_LINE,
  READ_FILL,
} ReadKind;

struct _SuratConnection
{
  GObject             parent_instance;

  char               *host;
  guint16             port;
  SuratSecurity       security;
  guint               timeout;
  gsize               max_line_length;
  char               *ca_file;
  char               *pinned_fingerprint;

  GSocketConnection  *socket_connection;
  SuratTlsStream     *tls;
  /* The top of the stack: the socket's streams, or the TLS stream's. */
  GInputStream       *input;
  GOutputStream      *output;
  gboolean            closed;

  /* Our own read buffer: bytes [start, end) of buffer are unread. Lines
   * are cut from it with a length limit, bodies are peeked and consumed
   * from it raw. GDataInputStream has no line limit, hence this. */
  guint8             *buffer;
  gsize               buffer_size;
  gsize               start;
  gsize               end;
  /* Bytes after start already known to hold no LF. */
  gsize               scanned;

  gboolean            reading;
  gboolean            writing;
};

G_DEFINE_FINAL_TYPE (SuratConnection, surat_connection, G_TYPE_OBJECT)

static void read_more (SuratConnection *self,
                       GTask           *task);

static void
set_top_streams (SuratConnection *self,
                 GIOStream       *stream)
{
  self->input = stream != NULL ? g_io_stream_get_input_stream (stream) : NULL;
  self->output = stream != NULL ? g_io_stream_get_output_stream (stream) : NULL;
}

/* Drops the socket at once, for failures that leave the stream unusable
 * (a failed handshake, an injection attempt). Closing a socket does not
 * block. */
static void
drop_connection (SuratConnection *self)
{
  if (self->socket_connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->socket_connection), NULL, NULL);

  g_clear_object (&self->tls);
  set_top_streams (self, NULL);
  self->closed = TRUE;
}

static void
surat_connection_finalize (GObject *object)
{
  SuratConnection *self = SURAT_CONNECTION (object);

  g_clear_object (&self->tls);
  g_clear_object (&self->socket_connection);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->pinned_fingerprint, g_free);
  g_clear_pointer (&self->buffer, g_free);

  G_OBJECT_CLASS (surat_connection_parent_class)->finalize (object);
}

static void
surat_connection_class_init (SuratConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_connection_finalize;
}

static void
surat_connection_init (SuratConnection *self)
{
  self->timeout = SURAT_CONNECTION_DEFAULT_TIMEOUT;
  self->max_line_length = SURAT_CONNECTION_DEFAULT_LINE_LENGTH;
}

/**
 * surat_connection_new:
 * @host: a host name or an IP literal
 * @port: the TCP port
 * @security: TLS from the start, STARTTLS later, or none
 *
 * Returns: (transfer full): a connection, not yet connected
 */
SuratConnection *
surat_connection_new (const char    *host,
                      guint16        port,
                      SuratSecurity  security)
{
  SuratConnection *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (security <= SURAT_SECURITY_NONE, NULL);

  self = g_object_new (SURAT_TYPE_CONNECTION, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->security = security;

  return self;
}

const char *
surat_connection_get_host (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);

  return self->host;
}

guint16
surat_connection_get_port (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), 0);

  return self->port;
}

SuratSecurity
surat_connection_get_security (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), SURAT_SECURITY_TLS);

  return self->security;
}

void
surat_connection_set_timeout (SuratConnection *self,
                              guint            seconds)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));

  self->timeout = seconds;

  /* GSocket applies its timeout to every blocking call, every source and
   * so every async wait: they fail with G_IO_ERROR_TIMED_OUT. */
  if (self->socket_connection != NULL)
    g_socket_set_timeout (g_socket_connection_get_socket (self->socket_connection), seconds);
}

guint
surat_connection_get_timeout (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), 0);

  return self->timeout;
}

void
surat_connection_set_max_line_length (SuratConnection *self,
                                      gsize            max_length)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (max_length >= 3);

  self->max_line_length = max_length;
}

void
surat_connection_set_ca_file (SuratConnection *self,
                              const char      *ca_file)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
surat_connection_set_pinned_fingerprint (SuratConnection *self,
                                         const char      *fingerprint)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));

  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = g_strdup (fingerprint);
}

/* GIO's own words for a timeout ("Socket I/O timed out") tell a person
 * neither who was silent nor for how long. */
static GError *
explain_error (SuratConnection *self,
               GError          *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_clear_error (&error);
      return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The server %s did not answer within %u second",
                                       "The server %s did not answer within %u seconds",
                                       self->timeout),
                          self->host, self->timeout);
    }

  return error;
}

/* --- connect and TLS ---------------------------------------------------- */

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SuratConnection *self = g_task_get_source_object (task);
  SuratTlsStream *tls = SURAT_TLS_STREAM (source);
  g_autoptr(GError) error = NULL;

  if (!surat_tls_stream_handshake_finish (tls, result, &error))
    {
      drop_connection (self);
      g_task_return_error (task, explain_error (self, g_steal_pointer (&error)));
      return;
    }

  g_set_object (&self->tls, tls);
  set_top_streams (self, G_IO_STREAM (tls));
  g_task_return_boolean (task, TRUE);
}

/* Wraps the socket in TLS and shakes hands; on success the TLS stream is
 * the new top of the stack. */
static void
start_handshake (SuratConnection *self,
                 GTask           *task)
{
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  tls = surat_tls_stream_new (G_IO_STREAM (self->socket_connection), self->host, &error);
  if (tls == NULL)
    {
      drop_connection (self);
      if (error == NULL)
        error = g_error_new_literal (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                                     _("TLS is not available"));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (self->ca_file != NULL)
    surat_tls_stream_set_ca_file (tls, self->ca_file);
  if (self->pinned_fingerprint != NULL)
    surat_tls_stream_set_pinned_fingerprint (tls, self->pinned_fingerprint);

  surat_tls_stream_handshake_async (tls, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    handshake_cb, task);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SuratConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, explain_error (self, g_steal_pointer (&error)));
      return;
    }

  self->socket_connection = connection;
  self->closed = FALSE;
  set_top_streams (self, G_IO_STREAM (connection));

  if (self->security == SURAT_SECURITY_TLS)
    {
      start_handshake (self, g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
surat_connection_connect_async (SuratConnection     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;

  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_connection_connect_async);

  if (self->socket_connection != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_ALREADY_MOUNTED,
                               _("The connection was already opened"));
      return;
    }

  client = g_socket_client_new ();
  /* Loopback is never proxied, and asking the desktop's proxy resolver
   * would read GSettings schemas that a test environment may not have. */
  if (is_loopback (self->host))
    g_socket_client_set_enable_proxy (client, FALSE);
  /* The timeout covers the connect and, since GSocketClient sets it on the
   * socket it creates, every single wait afterwards. */
  g_socket_client_set_timeout (client, self->timeout);
  g_socket_client_set_protocol (client, G_SOCKET_PROTOCOL_TCP);

  /* GNetworkAddress rather than a "host:port" string, so that an IPv6
   * literal needs no brackets. */
  address = g_network_address_new (self->host, self->port);
  g_socket_client_connect_async (client, address, cancellable, connect_cb,
                                 g_steal_pointer (&task));
}

gboolean
surat_connection_connect_finish (SuratConnection  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
surat_connection_start_tls_async (SuratConnection     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GSocket *socket;

  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_connection_start_tls_async);

  if (!surat_connection_is_connected (self) || self->tls != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("TLS cannot start on this connection"));
      return;
    }

  /* RFC 2595 §4, RFC 3207 §4.2: after its go-ahead the server must wait
   * for our ClientHello. Anything it sent in between — already in our
   * buffer or waiting in the socket — would be read as if it came
   * through TLS (CVE-2011-0411): refuse, and do not even start the
   * handshake. */
  socket = g_socket_connection_get_socket (self->socket_connection);
  if (self->end > self->start || g_socket_get_available_bytes (socket) > 0)
    {
      drop_connection (self);
      g_task_return_new_error (task, SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_INJECTION,
                               _("The server sent data right after agreeing to start TLS, "
                                 "before encryption began; someone may be tampering with "
                                 "the connection"));
      return;
    }

  self->start = self->end = self->scanned = 0;
  start_handshake (self, g_steal_pointer (&task));
}

gboolean
surat_connection_start_tls_finish (SuratConnection  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_start_tls_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- reading ------------------------------------------------------------ */

/* Room for at least @wanted more bytes after end. */
static void
ensure_space (SuratConnection *self,
              gsize            wanted)
{
  if (self->start == self->end)
    self->start = self->end = self->scanned = 0;

  if (self->buffer_size - self->end >= wanted)
    return;

  if (self->start > 0)
    {
      memmove (self->buffer, self->buffer + self->start, self->end - self->start);
      self->end -= self->start;
      self->start = 0;
    }

  if (self->buffer_size - self->end < wanted)
    {
      self->buffer_size = self->end + wanted;
      self->buffer = g_realloc (self->buffer, self->buffer_size);
    }
}

/* Cuts one line from the buffer. Returns TRUE with *line or *error set
 * when done, FALSE when more bytes are needed. */
static gboolean
take_line (SuratConnection  *self,
           char            **line,
           gsize            *length,
           GError          **error)
{
  gsize available = self->end - self->start;
  gsize limit = MIN (available, self->max_line_length);
  const guint8 *data = self->buffer + self->start;
  const guint8 *lf;
  gsize len;

  if (self->scanned > limit)
    self->scanned = 0;

  lf = available > 0 ? memchr (data + self->scanned, '\n', limit - self->scanned) : NULL;
  if (lf == NULL)
    {
      self->scanned = limit;
      if (available >= self->max_line_length)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The server sent a line longer than %lu bytes"),
                       (unsigned long) self->max_line_length);
          return TRUE;
        }
      return FALSE;
    }

  len = lf - data;
  self->start += len + 1;
  self->scanned = 0;

  /* CRLF ends a line; so does a bare LF (lenient, as most clients are). */
  if (len > 0 && data[len - 1] == '\r')
    len--;

  /* Not g_strndup(): a line may hold a NUL, and @length tells. */
  *line = g_malloc (len + 1);
  memcpy (*line, data, len);
  (*line)[len] = '\0';
  *length = len;

  return TRUE;
}

typedef struct {
  char  *line;
  gsize  length;
} LineResult;

static void
line_result_free (gpointer data)
{
  LineResult *result = data;

  g_free (result->line);
  g_free (result);
}

/* Completes @task if what it waits for is buffered; returns FALSE when it
 * needs another read. */
static gboolean
try_complete_read (SuratConnection *self,
                   GTask           *task)
{
  ReadKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));

  if (kind == READ_FILL)
    {
      if (self->end == self->start)
        return FALSE;

      self->reading = FALSE;
      g_task_return_boolean (task, TRUE);
      return TRUE;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      char *line = NULL;
      gsize length = 0;
      LineResult *result;

      if (!take_line (self, &line, &length, &error))
        return FALSE;

      self->reading = FALSE;
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return TRUE;
        }

      result = g_new0 (LineResult, 1);
      result->line = line;
      result->length = length;
      g_task_return_pointer (task, result, line_result_free);
      return TRUE;
    }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SuratConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      self->reading = FALSE;
      g_task_return_error (task, explain_error (self, g_steal_pointer (&error)));
      return;
    }

  if (n == 0)
    {
      self->reading = FALSE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               _("The server closed the connection"));
      return;
    }

  self->end += n;

  if (!try_complete_read (self, task))
    read_more (self, g_steal_pointer (&task));
}

static void
read_more (SuratConnection *self,
           GTask           *task)
{
  if (self->input == NULL || self->closed)
    {
      self->reading = FALSE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      g_object_unref (task);
      return;
    }

  ensure_space (self, READ_CHUNK);
  g_input_stream_read_async (self->input,
                             self->buffer + self->end,
                             self->buffer_size - self->end,
                             G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task),
                             read_cb, task);
}

static void
start_read (SuratConnection     *self,
            ReadKind             kind,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  if (self->reading)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A read is already pending");
      return;
    }

  self->reading = TRUE;
  if (try_complete_read (self, task))
    return;

  read_more (self, g_steal_pointer (&task));
}

void
surat_connection_read_line_async (SuratConnection     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_read (self, READ_LINE, surat_connection_read_line_async,
              cancellable, callback, user_data);
}

/**
 * surat_connection_read_line_finish:
 *
 * Returns: (transfer full): the line without its line ending
 */
char *
surat_connection_read_line_finish (SuratConnection  *self,
                                   GAsyncResult     *result,
                                   gsize            *length,
                                   GError          **error)
{
  LineResult *line;
  char *text;

  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_read_line_async, NULL);

  line = g_task_propagate_pointer (G_TASK (result), error);
  if (line == NULL)
    return NULL;

  text = g_steal_pointer (&line->line);
  if (length != NULL)
    *length = line->length;
  line_result_free (line);

  return text;
}

void
surat_connection_fill_async (SuratConnection     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_read (self, READ_FILL, surat_connection_fill_async,
              cancellable, callback, user_data);
}

gboolean
surat_connection_fill_finish (SuratConnection  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_fill_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * surat_connection_peek:
 * @length: (out): how many bytes are buffered
 *
 * Returns: (transfer none): the buffered bytes, valid until the next call
 *   on @self
 */
const guint8 *
surat_connection_peek (SuratConnection *self,
                       gsize           *length)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (length != NULL, NULL);

  *length = self->end - self->start;
  return self->buffer != NULL ? self->buffer + self->start : (const guint8 *) "";
}

void
surat_connection_consume (SuratConnection *self,
                          gsize            count)
{
  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (count <= self->end - self->start);

  self->start += count;
  self->scanned = 0;
  if (self->start == self->end)
    self->start = self->end = 0;
}

/* --- writing ------------------------------------------------------------ */

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SuratConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_task_return_error (task, explain_error (self, g_steal_pointer (&error)));
  else
    g_task_return_boolean (task, TRUE);
}

void
surat_connection_write_async (SuratConnection     *self,
                              const void          *buffer,
                              gsize                count,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (buffer != NULL || count == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_connection_write_async);

  if (self->output == NULL || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      return;
    }

  if (self->writing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A write is already pending");
      return;
    }

  self->writing = TRUE;
  g_output_stream_write_all_async (self->output, buffer, count, G_PRIORITY_DEFAULT,
                                   cancellable, write_cb, g_steal_pointer (&task));
}

gboolean
surat_connection_write_finish (SuratConnection  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- closing ------------------------------------------------------------ */

static void
close_socket_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GError *tls_error = g_task_get_task_data (task);

  g_io_stream_close_finish (G_IO_STREAM (source), result, &error);

  /* The TLS layer's complaint, if any, says more than the socket's. */
  if (tls_error != NULL)
    g_task_return_error (task, g_error_copy (tls_error));
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
close_tls_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SuratConnection *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_set_task_data (task, error, (GDestroyNotify) g_error_free);

  /* Whatever the TLS layer did, the socket must go. */
  g_io_stream_close_async (G_IO_STREAM (self->socket_connection), G_PRIORITY_DEFAULT,
                           NULL, close_socket_cb, g_steal_pointer (&task));
}

void
surat_connection_close_async (SuratConnection     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SURAT_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_connection_close_async);

  if (self->socket_connection == NULL || self->closed)
    {
      self->closed = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->closed = TRUE;

  if (self->tls != NULL)
    {
      /* close_notify first (RFC 8446 §6.1), then the socket. */
      g_io_stream_close_async (G_IO_STREAM (self->tls), G_PRIORITY_DEFAULT,
                               cancellable, close_tls_cb, g_steal_pointer (&task));
      return;
    }

  g_io_stream_close_async (G_IO_STREAM (self->socket_connection), G_PRIORITY_DEFAULT,
                           cancellable, close_socket_cb, g_steal_pointer (&task));
}

gboolean
surat_connection_close_finish (SuratConnection  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_connection_close_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- state -------------------------------------------------------------- */

gboolean
surat_connection_is_connected (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);

  return self->socket_connection != NULL && !self->closed;
}

gboolean
surat_connection_is_encrypted (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), FALSE);

  return self->tls != NULL;
}

/**
 * surat_connection_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the server's certificate once TLS
 *   is up
 */
SuratCertificate *
surat_connection_get_peer_certificate (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);

  if (self->tls == NULL)
    return NULL;

  return surat_tls_stream_get_peer_certificate (self->tls);
}

gpointer
surat_connection_get_tls_stream (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);

  return self->tls;
}

GSocketAddress *
surat_connection_get_local_address (SuratConnection *self)
{
  g_return_val_if_fail (SURAT_IS_CONNECTION (self), NULL);

  if (self->socket_connection == NULL)
    return NULL;

  return g_socket_connection_get_local_address (self->socket_connection, NULL);
}
