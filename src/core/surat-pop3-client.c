/* surat-pop3-client.c — an asynchronous, pipelining POP3 client
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-client-private.h"

/*
 * Two layers. SuratPop3Pipeline (surat-pop3-pipeline.c) puts command lines
 * on the wire and reads their replies in order. Here, every public call is
 * an operation (a GTask with an Op) in one queue:
 *
 * - simple operations (STAT, UIDL+LIST, RETR, TOP, DELE, RSET, NOOP, QUIT)
 *   hand their commands to the pipeline at once, which sends them ahead
 *   as far as the window allows;
 * - sequential operations (connect, login) run a dialogue in which each
 *   command depends on the reply before it; while one runs nothing else is
 *   sent, and it starts only when everything before it has finished.
 *
 * Operations complete in the order they were issued. A failure of the
 * connection fails every operation queued behind it with the same error.
 */

/* RFC 2449 §6.6 asks for a bound; this many RETRs in flight hide a long
 * round trip and keep the server's output buffer small. */
#define DEFAULT_PIPELINE_DEPTH 16

const char * const _surat_pop3_method_names[] = {
  NULL, "APOP", "CRAM-MD5", "PLAIN", "LOGIN", "USER",
};

G_DEFINE_FINAL_TYPE (SuratPop3Client, surat_pop3_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SuratPop3Message, surat_pop3_message,
                     surat_pop3_message_copy, surat_pop3_message_free)

static void pump_ops (SuratPop3Client *self);

/* --- messages ----------------------------------------------------------- */

SuratPop3Message *
surat_pop3_message_copy (const SuratPop3Message *message)
{
  SuratPop3Message *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_new0 (SuratPop3Message, 1);
  copy->number = message->number;
  copy->size = message->size;
  copy->uid = g_strdup (message->uid);

  return copy;
}

void
surat_pop3_message_free (SuratPop3Message *message)
{
  if (message == NULL)
    return;

  g_free (message->uid);
  g_free (message);
}

/* --- operations --------------------------------------------------------- */

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->doing);
  g_clear_object (&op->sink);
  g_free (op->user);
  g_clear_pointer (&op->password, surat_secret_free);
  g_clear_pointer (&op->uidl_lines, g_ptr_array_unref);
  g_clear_pointer (&op->list_lines, g_ptr_array_unref);
  g_clear_error (&op->error);
  g_free (op);
}

/* Takes the op out of the queue before its result is known to anyone: the
 * callback may issue new commands. */
static void
op_finish (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  g_queue_remove (&self->running, task);
  if (self->sequential == task)
    self->sequential = NULL;
}

void
_surat_pop3_op_return_error (GTask  *task,
                             GError *error)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_error (task, error);
  g_object_unref (task);
  pump_ops (self);
}

void
_surat_pop3_op_return_boolean (GTask *task)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  pump_ops (self);
}

void
_surat_pop3_op_return_int (GTask  *task,
                           gssize  value)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_int (task, value);
  g_object_unref (task);
  pump_ops (self);
}

void
_surat_pop3_op_return_pointer (GTask          *task,
                               gpointer        result,
                               GDestroyNotify  destroy)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_pointer (task, result, destroy);
  g_object_unref (task);
  pump_ops (self);
}

/* The session cannot go on: remember why, fail whatever is queued, and
 * close the connection. */
void
_surat_pop3_abandon_session (SuratPop3Client *self,
                             const GError    *error)
{
  /* The pipeline turns a cancellation into "closed because a command was
   * cancelled" for everyone else; so do we. */
  surat_pop3_pipeline_fail (self->pipeline, error);
  if (self->error == NULL)
    self->error = g_error_copy (surat_pop3_pipeline_get_error (self->pipeline));
}

static void
pipeline_failed_cb (gpointer error,
                    gpointer user_data)
{
  SuratPop3Client *self = user_data;

  if (self->error == NULL)
    self->error = g_error_copy (error);

  pump_ops (self);
}

/* Hands a command to the pipeline on behalf of @task. */
void
_surat_pop3_op_send (GTask                *task,
                     SuratPop3Command     *command,
                     SuratPop3CommandDone  done)
{
  SuratPop3Client *self = task_client (task);

  command->cancellable = g_task_get_cancellable (task) != NULL ?
                         g_object_ref (g_task_get_cancellable (task)) : NULL;
  command->done = done;
  command->user_data = task;
  task_op (task)->n_outstanding++;

  surat_pop3_pipeline_push (self->pipeline, command);
}

void
_surat_pop3_op_send_line (GTask                *task,
                          SuratPop3ReplyKind    kind,
                          const char           *verb,
                          const char           *argument,
                          gboolean              secret,
                          SuratPop3CommandDone  done)
{
  _surat_pop3_op_send (task, surat_pop3_command_new (kind, verb, argument, secret), done);
}

/* The typed error for a -ERR reply, saying what @op was doing. */
GError *
_surat_pop3_op_reply_error (Op                   *op,
                            const SuratPop3Reply *reply)
{
  return surat_pop3_reply_to_error (reply, op->doing);
}

static void
start_op (GTask *task)
{
  switch (task_op (task)->kind)
    {
    case OP_CONNECT:
      _surat_pop3_start_connect (task);
      break;
    case OP_LOGIN:
      _surat_pop3_start_login (task);
      break;
    case OP_SCAN:
      _surat_pop3_start_scan (task);
      break;
    case OP_STAT:
    case OP_RETRIEVE:
    case OP_TOP:
    case OP_DELETE:
    case OP_RESET:
    case OP_NOOP:
    case OP_QUIT:
      _surat_pop3_start_simple (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Starts what may start: simple operations while no sequential one runs,
 * a sequential one when nothing runs. After a failure every waiting op
 * fails, once those running have finished (so that the order holds). */
static void
pump_ops (SuratPop3Client *self)
{
  if (self->pumping)
    {
      self->repump = TRUE;
      return;
    }

  g_object_ref (self);
  self->pumping = TRUE;

  do
    {
      GTask *task;

      self->repump = FALSE;

      while ((task = g_queue_peek_head (&self->waiting)) != NULL)
        {
          Op *op = task_op (task);

          if (self->sequential != NULL)
            break;

          if (self->error != NULL)
            {
              if (!g_queue_is_empty (&self->running))
                break;
              g_queue_pop_head (&self->waiting);
              g_queue_push_tail (&self->running, task);
              _surat_pop3_op_return_error (task, g_error_copy (self->error));
              continue;
            }

          if (op->sequential && !g_queue_is_empty (&self->running))
            break;

          g_queue_pop_head (&self->waiting);
          g_queue_push_tail (&self->running, task);
          if (op->sequential)
            self->sequential = task;

          /* A cancelled op starts too: its commands are skipped in the
           * pipeline, so it still completes in its turn. */
          start_op (task);
        }
    }
  while (self->repump);

  self->pumping = FALSE;
  g_object_unref (self);
}

static GTask *
op_new (SuratPop3Client     *self,
        OpKind               kind,
        gboolean             sequential,
        char                *doing,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  GTask *task;
  Op *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  op = g_new0 (Op, 1);
  op->kind = kind;
  op->sequential = sequential;
  op->doing = doing;
  g_task_set_task_data (task, op, op_free);

  return task;
}

/* Queues @task (the queue takes it). */
static void
op_queue (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  /* Nothing goes after QUIT: the session is over once it is answered. */
  if (self->quit_issued && self->error == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The POP3 session has ended"));
      g_object_unref (task);
      return;
    }

  if (task_op (task)->kind == OP_QUIT)
    self->quit_issued = TRUE;

  g_queue_push_tail (&self->waiting, task);
  pump_ops (self);
}

/* --- object ------------------------------------------------------------- */

static void
surat_pop3_client_finalize (GObject *object)
{
  SuratPop3Client *self = SURAT_POP3_CLIENT (object);

  g_assert (g_queue_is_empty (&self->waiting));
  g_assert (g_queue_is_empty (&self->running));

  g_clear_pointer (&self->pipeline, surat_pop3_pipeline_unref);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->apop_timestamp, g_free);
  g_clear_error (&self->error);
  surat_pop3_capa_clear (&self->capa);

  G_OBJECT_CLASS (surat_pop3_client_parent_class)->finalize (object);
}

static void
surat_pop3_client_class_init (SuratPop3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_pop3_client_finalize;
}

static void
surat_pop3_client_init (SuratPop3Client *self)
{
  self->pipeline_depth = DEFAULT_PIPELINE_DEPTH;
  surat_pop3_capa_init (&self->capa);
  g_queue_init (&self->waiting);
  g_queue_init (&self->running);
}

/* --- public API --------------------------------------------------------- */

/* The guards and result of every _finish () returning a boolean. */
static gboolean
propagate_boolean (SuratPop3Client  *self,
                   GAsyncResult     *result,
                   gpointer          source_tag,
                   GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The same for a byte count; -1 on failure. */
static gssize
propagate_int (SuratPop3Client  *self,
               GAsyncResult     *result,
               gpointer          source_tag,
               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/**
 * surat_pop3_client_new:
 * @connection: a connection, usually not yet connected
 *
 * Returns: (transfer full): a client that owns @connection from now on
 */
SuratPop3Client *
surat_pop3_client_new (SuratConnection *connection)
{
  SuratPop3Client *self;

  g_return_val_if_fail (SURAT_IS_CONNECTION (connection), NULL);

  self = g_object_new (SURAT_TYPE_POP3_CLIENT, NULL);
  self->connection = g_object_ref (connection);
  self->pipeline = surat_pop3_pipeline_new (connection);
  surat_pop3_pipeline_set_failed_func (self->pipeline, pipeline_failed_cb, self);

  return self;
}

/**
 * surat_pop3_client_get_connection:
 *
 * Returns: (transfer none): the connection
 */
SuratConnection *
surat_pop3_client_get_connection (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return self->connection;
}

void
surat_pop3_client_set_allow_apop (SuratPop3Client *self,
                                  gboolean         allow_apop)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));

  self->allow_apop = !!allow_apop;
}

void
surat_pop3_client_set_pipeline_depth (SuratPop3Client *self,
                                      guint            depth)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));

  self->pipeline_depth = MAX (depth, 1);
  if (self->capa.flags & SURAT_POP3_CAPA_PIPELINING)
    surat_pop3_pipeline_set_window (self->pipeline, self->pipeline_depth);
}

/**
 * surat_pop3_client_connect_async:
 *
 * Connects, reads the greeting and asks for the capabilities; with
 * %SURAT_SECURITY_STARTTLS also STLS, the handshake, and CAPA again. Any
 * failure here ends the session: make a new client to try again.
 */
void
surat_pop3_client_connect_async (SuratPop3Client     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_CONNECT, TRUE,
                 g_strdup_printf (_("Connecting to %s"),
                                  surat_connection_get_host (self->connection)),
                 surat_pop3_client_connect_async, cancellable, callback, user_data);
  op_queue (task);
}

gboolean
surat_pop3_client_connect_finish (SuratPop3Client  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_connect_async, error);
}

/**
 * surat_pop3_client_get_greeting:
 *
 * Returns: (nullable): the text of the server's greeting, after "+OK "
 */
const char *
surat_pop3_client_get_greeting (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return self->greeting;
}

/**
 * surat_pop3_client_get_capa:
 *
 * Returns: (transfer none): the capabilities (after STLS: those announced
 *   over TLS); empty when the server has no CAPA
 */
const SuratPop3Capa *
surat_pop3_client_get_capa (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return &self->capa;
}

void
surat_pop3_client_login_async (SuratPop3Client     *self,
                               const char          *user,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_LOGIN, TRUE, g_strdup (_("Logging in")),
                 surat_pop3_client_login_async, cancellable, callback, user_data);
  op = task_op (task);
  op->user = g_strdup (user);
  op->password = surat_secret_dup (password);
  op_queue (task);
}

gboolean
surat_pop3_client_login_finish (SuratPop3Client  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_login_async, error);
}

const char *
surat_pop3_client_get_login_method (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return _surat_pop3_method_names[self->login_method];
}

void
surat_pop3_client_stat_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_STAT, FALSE, g_strdup (_("Counting the messages")),
                    surat_pop3_client_stat_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_stat_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               guint            *count,
                               guint64          *size,
                               GError          **error)
{
  g_autofree guint64 *values = NULL;

  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_stat_async, FALSE);

  values = g_task_propagate_pointer (G_TASK (result), error);
  if (values == NULL)
    return FALSE;

  if (count != NULL)
    *count = (guint) values[0];
  if (size != NULL)
    *size = values[1];

  return TRUE;
}

void
surat_pop3_client_scan_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_SCAN, FALSE, g_strdup (_("Listing the messages")),
                    surat_pop3_client_scan_async, cancellable, callback, user_data));
}

/**
 * surat_pop3_client_scan_finish:
 *
 * Returns: (transfer full) (element-type SuratPop3Message): the messages,
 *   by number
 */
GPtrArray *
surat_pop3_client_scan_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_scan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
surat_pop3_client_retrieve_async (SuratPop3Client     *self,
                                  guint                number,
                                  GOutputStream       *sink,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_RETRIEVE, FALSE,
                 g_strdup_printf (_("Downloading message %u"), number),
                 surat_pop3_client_retrieve_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  task_op (task)->sink = g_object_ref (sink);
  op_queue (task);
}

gssize
surat_pop3_client_retrieve_finish (SuratPop3Client  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return propagate_int (self, result, surat_pop3_client_retrieve_async, error);
}

void
surat_pop3_client_top_async (SuratPop3Client     *self,
                             guint                number,
                             guint                lines,
                             GOutputStream       *sink,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_TOP, FALSE,
                 g_strdup_printf (_("Downloading the header of message %u"), number),
                 surat_pop3_client_top_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  task_op (task)->lines = lines;
  task_op (task)->sink = g_object_ref (sink);
  op_queue (task);
}

gssize
surat_pop3_client_top_finish (SuratPop3Client  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  return propagate_int (self, result, surat_pop3_client_top_async, error);
}

void
surat_pop3_client_delete_async (SuratPop3Client     *self,
                                guint                number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_DELETE, FALSE,
                 g_strdup_printf (_("Deleting message %u"), number),
                 surat_pop3_client_delete_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  op_queue (task);
}

gboolean
surat_pop3_client_delete_finish (SuratPop3Client  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_delete_async, error);
}

void
surat_pop3_client_reset_async (SuratPop3Client     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_RESET, FALSE, g_strdup (_("Undoing the deletions")),
                    surat_pop3_client_reset_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_reset_finish (SuratPop3Client  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_reset_async, error);
}

void
surat_pop3_client_noop_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_NOOP, FALSE, g_strdup (_("Keeping the connection alive")),
                    surat_pop3_client_noop_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_noop_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_noop_async, error);
}

/**
 * surat_pop3_client_quit_async:
 *
 * QUIT, then close. Success means the server answered +OK, i.e. it
 * committed the deletions (RFC 1939 §6). Commands issued after this fail
 * with %G_IO_ERROR_CLOSED.
 */
void
surat_pop3_client_quit_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_QUIT, FALSE,
                    g_strdup (_("Deleting the marked messages (QUIT)")),
                    surat_pop3_client_quit_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_quit_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return propagate_boolean (self, result, surat_pop3_client_quit_async, error);
}
