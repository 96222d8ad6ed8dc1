/* surat-smtp-client.c — an asynchronous SMTP submission client
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-smtp-client-private.h"

/*
 * Every public call is an operation: a GTask with an Op, in one queue. One
 * runs at a time; each is a dialogue in which a command may depend on the
 * reply before it, and the few commands that may go ahead of their replies
 * (RFC 2920: MAIL, RCPT, DATA) are sent together by the send operation
 * itself. A failure of the connection fails every operation queued behind
 * it with the same error.
 */

/* RFC 5321 §4.5.3.2, in seconds, indexed by SuratSmtpWait. */
static const guint rfc5321_timeouts[SURAT_SMTP_N_WAITS] = {
  5 * 60,   /* initial 220 message */
  5 * 60,   /* MAIL */
  5 * 60,   /* RCPT */
  2 * 60,   /* DATA initiation */
  3 * 60,   /* data block */
  10 * 60,  /* DATA termination */
};

const char * const _surat_smtp_method_names[] = {
  NULL, "CRAM-MD5", "PLAIN", "LOGIN",
};

guint _surat_smtp_client_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SuratSmtpClient, surat_smtp_client, G_TYPE_OBJECT)

static void pump_ops (SuratSmtpClient *self);

/* --- reports ------------------------------------------------------------ */

static void
recipient_result_free (gpointer data)
{
  SuratSmtpRecipientResult *result = data;

  g_free (result->address);
  g_free (result->enhanced_code);
  g_free (result->text);
  g_free (result);
}

static SuratSmtpRecipientResult *
recipient_result_copy (const SuratSmtpRecipientResult *result)
{
  SuratSmtpRecipientResult *copy = g_new0 (SuratSmtpRecipientResult, 1);

  copy->address = g_strdup (result->address);
  copy->accepted = result->accepted;
  copy->code = result->code;
  copy->enhanced_code = g_strdup (result->enhanced_code);
  copy->text = g_strdup (result->text);

  return copy;
}

G_DEFINE_BOXED_TYPE (SuratSmtpSendReport, surat_smtp_send_report,
                     surat_smtp_send_report_copy, surat_smtp_send_report_free)

SuratSmtpSendReport *
surat_smtp_send_report_copy (const SuratSmtpSendReport *report)
{
  SuratSmtpSendReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (SuratSmtpSendReport, 1);
  *copy = *report;
  copy->recipients = g_ptr_array_new_with_free_func (recipient_result_free);
  for (guint i = 0; i < report->recipients->len; i++)
    g_ptr_array_add (copy->recipients,
                     recipient_result_copy (g_ptr_array_index (report->recipients, i)));
  copy->reply = report->reply != NULL ? surat_smtp_reply_copy (report->reply) : NULL;

  return copy;
}

void
surat_smtp_send_report_free (SuratSmtpSendReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->recipients);
  surat_smtp_reply_free (report->reply);
  g_free (report);
}

static SuratSmtpSendReport *
send_report_new (const char * const *recipients)
{
  SuratSmtpSendReport *report = g_new0 (SuratSmtpSendReport, 1);

  report->outcome = SURAT_SMTP_OUTCOME_NOT_SENT;
  report->recipients = g_ptr_array_new_with_free_func (recipient_result_free);
  for (guint i = 0; recipients[i] != NULL; i++)
    {
      SuratSmtpRecipientResult *result = g_new0 (SuratSmtpRecipientResult, 1);

      result->address = g_strdup (recipients[i]);
      g_ptr_array_add (report->recipients, result);
    }

  return report;
}

/* --- operations --------------------------------------------------------- */

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->user);
  g_clear_pointer (&op->password, surat_secret_free);
  g_clear_error (&op->error);
  g_free (op->from);
  g_strfreev (op->recipients);
  g_clear_object (&op->file);
  g_clear_pointer (&op->report, surat_smtp_send_report_free);
  g_clear_pointer (&op->envelope, g_ptr_array_unref);
  g_clear_pointer (&op->replies, g_ptr_array_unref);
  g_clear_object (&op->input);
  g_clear_object (&op->data_cancellable);
  g_clear_object (&op->watch_cancellable);
  g_free (op->chunk);
  g_free (op->encoded);
  g_clear_error (&op->watch_error);
  g_clear_error (&op->data_error);
  g_free (op);
}

/* Takes the op out of the queue before its result is known to anyone: the
 * callback may issue new calls. */
static void
op_finish (GTask *task)
{
  SuratSmtpClient *self = task_client (task);

  if (self->running == task)
    self->running = NULL;
}

void
_surat_smtp_op_return_error (GTask  *task,
                             GError *error)
{
  g_autoptr(SuratSmtpClient) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_error (task, error);
  g_object_unref (task);
  pump_ops (self);
}

void
_surat_smtp_op_return_boolean (GTask *task)
{
  g_autoptr(SuratSmtpClient) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  pump_ops (self);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  /* The session is over already; how the close went changes nothing. */
  surat_connection_close_finish (SURAT_CONNECTION (source), result, NULL);
}

void
_surat_smtp_fail_session (SuratSmtpClient *self,
                          const GError    *error)
{
  if (self->error == NULL)
    {
      /* Only the cancelled call was cancelled; for every later one the
       * connection is simply gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                           _("The connection was closed because an "
                                             "operation was cancelled"));
      else
        self->error = g_error_copy (error);

      g_debug ("SMTP session failed: %s", error->message);
    }

  self->ready = FALSE;
  surat_smtp_reply_parser_clear (&self->parser);
  surat_smtp_reply_parser_init (&self->parser);

  if (surat_connection_is_connected (self->connection))
    surat_connection_close_async (self->connection, NULL, close_cb, NULL);
}

void
_surat_smtp_op_fail_session (GTask  *task,
                             GError *error)
{
  _surat_smtp_fail_session (task_client (task), error);
  _surat_smtp_op_return_error (task, error);
}

GError *
_surat_smtp_reply_error (SuratSmtpClient      *self,
                         const SuratSmtpReply *reply,
                         int                   code,
                         const char           *what)
{
  GError *error = surat_smtp_reply_to_error (reply, code, what);

  /* RFC 5321 §3.8: 421 means the server is closing the connection. */
  if (reply->code == 421)
    _surat_smtp_fail_session (self, error);

  return error;
}

static void
start_op (GTask *task)
{
  switch (task_op (task)->kind)
    {
    case OP_CONNECT:
      _surat_smtp_start_connect (task);
      break;
    case OP_LOGIN:
      _surat_smtp_start_login (task);
      break;
    case OP_SEND:
      _surat_smtp_start_send (task);
      break;
    case OP_RESET:
    case OP_NOOP:
    case OP_QUIT:
    default:
      g_assert_not_reached ();
    }
}

static void start_simple (GTask *task);

/* Starts the next waiting operation when none runs. After a failure every
 * waiting op fails with it, except QUIT, which just closes. */
static void
pump_ops (SuratSmtpClient *self)
{
  GTask *task;

  while (self->running == NULL && (task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      Op *op = task_op (task);
      GError *error = NULL;

      self->running = task;

      if (self->error != NULL && op->kind != OP_QUIT)
        {
          _surat_smtp_op_return_error (task, g_error_copy (self->error));
          continue;
        }

      /* Cancelled while it waited: nothing was sent, the session goes on. */
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
        {
          _surat_smtp_op_return_error (task, error);
          continue;
        }

      if (op->kind == OP_RESET || op->kind == OP_NOOP || op->kind == OP_QUIT)
        start_simple (task);
      else
        start_op (task);
    }
}

static GTask *
op_new (SuratSmtpClient     *self,
        OpKind               kind,
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
  g_task_set_task_data (task, op, op_free);

  return task;
}

/* Queues @task (the queue takes it). */
static void
op_queue (GTask *task)
{
  SuratSmtpClient *self = task_client (task);

  /* Nothing goes after QUIT. */
  if (self->quit_issued)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The SMTP session has ended"));
      g_object_unref (task);
      return;
    }

  if (task_op (task)->kind == OP_QUIT)
    self->quit_issued = TRUE;

  g_queue_push_tail (&self->waiting, task);
  pump_ops (self);
}

/* --- RSET, NOOP, QUIT --------------------------------------------------- */

static void
quit_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);

  surat_connection_close_finish (SURAT_CONNECTION (source), result, NULL);

  if (op->error != NULL)
    _surat_smtp_op_return_error (task, g_steal_pointer (&op->error));
  else
    _surat_smtp_op_return_boolean (task);
}

static void
quit_close (GTask  *task,
            GError *error)
{
  SuratSmtpClient *self = task_client (task);

  task_op (task)->error = error;
  self->ready = FALSE;
  if (self->error == NULL)
    self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                       _("The SMTP session has ended"));

  surat_connection_close_async (self->connection, NULL, quit_closed_cb, task);
}

static void
simple_done (GTask                *task,
             const SuratSmtpReply *reply,
             const GError         *error)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  const char *what;

  if (op->kind == OP_QUIT)
    {
      /* RFC 5321 §4.1.1.10: whatever it says, the session is over. */
      if (error != NULL)
        quit_close (task, g_error_copy (error));
      else if (surat_smtp_reply_class (reply) != 2)
        quit_close (task, surat_smtp_reply_to_error (reply, -1,
                                                     _("The server did not say goodbye "
                                                       "(QUIT)")));
      else
        quit_close (task, NULL);
      return;
    }

  if (error != NULL)
    {
      _surat_smtp_op_fail_session (task, g_error_copy (error));
      return;
    }

  if (surat_smtp_reply_class (reply) == 2)
    {
      _surat_smtp_op_return_boolean (task);
      return;
    }

  what = op->kind == OP_RESET ? _("Resetting the session (RSET) failed") :
                                _("Checking the connection (NOOP) failed");
  _surat_smtp_op_return_error (task, _surat_smtp_reply_error (self, reply, -1, what));
}

static void
start_simple (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  if (op->kind == OP_QUIT && !self->ready)
    {
      /* Never greeted, or failed already: nothing to say goodbye to. */
      if (surat_connection_is_connected (self->connection))
        quit_close (task, NULL);
      else
        {
          if (self->error == NULL)
            self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                               _("The SMTP session has ended"));
          _surat_smtp_op_return_boolean (task);
        }
      return;
    }

  if (!self->ready)
    {
      _surat_smtp_op_return_error (task, g_error_new_literal (G_IO_ERROR,
                                                              G_IO_ERROR_NOT_CONNECTED,
                                                              _("Not connected to the "
                                                                "SMTP server")));
      return;
    }

  _surat_smtp_command (task, op->kind == OP_RESET ? "RSET" :
                             op->kind == OP_NOOP ? "NOOP" : "QUIT",
                       NULL, WAIT_COMMAND, simple_done);
}

/* --- object ------------------------------------------------------------- */

static void
surat_smtp_client_finalize (GObject *object)
{
  SuratSmtpClient *self = SURAT_SMTP_CLIENT (object);

  g_assert (g_queue_is_empty (&self->waiting));
  g_assert (self->running == NULL);

  g_clear_object (&self->connection);
  g_clear_pointer (&self->helo_name, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_error (&self->error);
  surat_smtp_extensions_clear (&self->extensions);
  surat_smtp_reply_parser_clear (&self->parser);

  G_OBJECT_CLASS (surat_smtp_client_parent_class)->finalize (object);
}

static void
surat_smtp_client_class_init (SuratSmtpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_smtp_client_finalize;

  /**
   * SuratSmtpClient::progress:
   * @done: bytes of the message file sent so far
   * @total: bytes of the message file
   *
   * While a message is sent, after each block.
   */
  _surat_smtp_client_signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
surat_smtp_client_init (SuratSmtpClient *self)
{
  memcpy (self->timeouts, rfc5321_timeouts, sizeof self->timeouts);
  surat_smtp_extensions_init (&self->extensions);
  surat_smtp_reply_parser_init (&self->parser);
  g_queue_init (&self->waiting);
}

/* --- public API --------------------------------------------------------- */

/**
 * surat_smtp_client_new:
 * @connection: a connection, usually not yet connected
 *
 * Returns: (transfer full): a client that owns @connection from now on
 */
SuratSmtpClient *
surat_smtp_client_new (SuratConnection *connection)
{
  SuratSmtpClient *self;

  g_return_val_if_fail (SURAT_IS_CONNECTION (connection), NULL);

  self = g_object_new (SURAT_TYPE_SMTP_CLIENT, NULL);
  self->connection = g_object_ref (connection);
  self->base_timeout = surat_connection_get_timeout (connection);

  return self;
}

/**
 * surat_smtp_client_get_connection:
 *
 * Returns: (transfer none): the connection
 */
SuratConnection *
surat_smtp_client_get_connection (SuratSmtpClient *self)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), NULL);

  return self->connection;
}

void
surat_smtp_client_set_helo_name (SuratSmtpClient *self,
                                 const char      *name)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (name == NULL || (*name != '\0' && strpbrk (name, " \r\n") == NULL));

  g_free (self->helo_name);
  self->helo_name = g_strdup (name);
}

void
surat_smtp_client_set_timeout (SuratSmtpClient *self,
                               SuratSmtpWait    wait,
                               guint            seconds)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail ((guint) wait < SURAT_SMTP_N_WAITS);

  self->timeouts[wait] = seconds;
}

guint
surat_smtp_client_get_timeout (SuratSmtpClient *self,
                               SuratSmtpWait    wait)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), 0);
  g_return_val_if_fail ((guint) wait < SURAT_SMTP_N_WAITS, 0);

  return self->timeouts[wait];
}

void
surat_smtp_client_connect_async (SuratSmtpClient     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_CONNECT, surat_smtp_client_connect_async,
                    cancellable, callback, user_data));
}

static gboolean
propagate_boolean (SuratSmtpClient  *self,
                   GAsyncResult     *result,
                   gpointer          source_tag,
                   GError          **error)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
surat_smtp_client_connect_finish (SuratSmtpClient  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return propagate_boolean (self, result, surat_smtp_client_connect_async, error);
}

const char *
surat_smtp_client_get_greeting (SuratSmtpClient *self)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), NULL);

  return self->greeting;
}

/**
 * surat_smtp_client_get_extensions:
 *
 * Returns: (transfer none): what the last EHLO announced
 */
const SuratSmtpExtensions *
surat_smtp_client_get_extensions (SuratSmtpClient *self)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), NULL);

  return &self->extensions;
}

gboolean
surat_smtp_client_has_extension (SuratSmtpClient    *self,
                                 SuratSmtpExtension  extension)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), FALSE);

  return (self->extensions.flags & extension) == extension;
}

gboolean
surat_smtp_client_is_ready (SuratSmtpClient *self)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), FALSE);

  return self->ready && self->error == NULL && !self->quit_issued &&
         surat_connection_is_connected (self->connection);
}

void
surat_smtp_client_login_async (SuratSmtpClient     *self,
                               const char          *user,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_LOGIN, surat_smtp_client_login_async, cancellable, callback,
                 user_data);
  task_op (task)->user = g_strdup (user);
  task_op (task)->password = surat_secret_dup (password);
  op_queue (task);
}

gboolean
surat_smtp_client_login_finish (SuratSmtpClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return propagate_boolean (self, result, surat_smtp_client_login_async, error);
}

const char *
surat_smtp_client_get_login_method (SuratSmtpClient *self)
{
  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), NULL);

  return _surat_smtp_method_names[self->login_method];
}

void
surat_smtp_client_send_async (SuratSmtpClient     *self,
                              const char          *from,
                              const char * const  *recipients,
                              GFile               *message,
                              SuratSmtpSendFlags   flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (recipients != NULL);
  g_return_if_fail (G_IS_FILE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_SEND, surat_smtp_client_send_async, cancellable, callback,
                 user_data);
  op = task_op (task);
  op->from = g_strdup (from);
  op->recipients = g_strdupv ((char **) recipients);
  op->file = g_object_ref (message);
  op->flags = flags;
  op->report = send_report_new (recipients);
  op_queue (task);
}

/**
 * surat_smtp_client_send_finish:
 * @report: (out) (optional) (transfer full): what became of the message,
 *   set on failure too
 */
gboolean
surat_smtp_client_send_finish (SuratSmtpClient      *self,
                               GAsyncResult         *result,
                               SuratSmtpSendReport **report,
                               GError              **error)
{
  Op *op;

  g_return_val_if_fail (SURAT_IS_SMTP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_smtp_client_send_async, FALSE);

  op = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = g_steal_pointer (&op->report);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
surat_smtp_client_reset_async (SuratSmtpClient     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_RESET, surat_smtp_client_reset_async,
                    cancellable, callback, user_data));
}

gboolean
surat_smtp_client_reset_finish (SuratSmtpClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return propagate_boolean (self, result, surat_smtp_client_reset_async, error);
}

void
surat_smtp_client_noop_async (SuratSmtpClient     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_NOOP, surat_smtp_client_noop_async,
                    cancellable, callback, user_data));
}

gboolean
surat_smtp_client_noop_finish (SuratSmtpClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return propagate_boolean (self, result, surat_smtp_client_noop_async, error);
}

void
surat_smtp_client_quit_async (SuratSmtpClient     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_SMTP_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_QUIT, surat_smtp_client_quit_async,
                    cancellable, callback, user_data));
}

gboolean
surat_smtp_client_quit_finish (SuratSmtpClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return propagate_boolean (self, result, surat_smtp_client_quit_async, error);
}
