/* surat-smtp-client-data.c — the message itself, streamed, and the final "."
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-smtp-client-private.h"

/*
 * After DATA's 354 the message streams from the file: read a block, encode
 * it (CRLF, dot-stuffing), write it, again, until the end; then the final
 * ".", and the reply to it. One file read or socket write is under way at
 * a time (io_busy), so memory does not grow with the message.
 *
 * Beside them a read is kept waiting on the connection: the watch. A server
 * says nothing during the message (RFC 5321 §4.1.1.4), so anything the
 * watch sees before the "." — the end of the stream, an error, a reply —
 * means the server has given up on it: we stop, and never send the ".".
 * Only after the "." has gone out can the outcome be unknown; before, the
 * message was certainly not delivered (§3.8: no delivery without it).
 *
 * The watch's wait has a timeout like every wait (the data block's); it is
 * renewed before it could run out, since a timeout fails a TLS stream for
 * good.
 */

static void data_step (GTask *task);

static gboolean
user_cancelled (GTask *task)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

static const char *
host (GTask *task)
{
  return surat_connection_get_host (task_client (task)->connection);
}

/* Something went wrong before the ".": stop and keep the first reason.
 * A cancellation we caused ourselves, stopping the other branches, is no
 * reason. */
static void
data_fail (GTask        *task,
           const GError *error,
           const char   *prefix)
{
  Op *op = task_op (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  op->failing = TRUE;
  g_cancellable_cancel (op->data_cancellable);

  if (op->data_error != NULL || (cancelled && !user_cancelled (task)))
    return;

  op->data_error = g_error_copy (error);
  if (!cancelled && prefix != NULL)
    g_prefix_error (&op->data_error, "%s", prefix);
}

static char *
lost_prefix (GTask *task)
{
  return g_strdup_printf (_("The connection to %s was lost while the message was being sent, "
                            "so it was not delivered: "), host (task));
}

static void
emit_progress (GTask *task)
{
  Op *op = task_op (task);

  g_signal_emit (task_client (task), _surat_smtp_client_signals[SIGNAL_PROGRESS], 0,
                 op->done, op->file_size);
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  Op *op = user_data;

  g_cancellable_cancel (op->data_cancellable);
  g_cancellable_cancel (op->watch_cancellable);
}

static void
stop_forwarding_cancel (GTask *task)
{
  Op *op = task_op (task);

  if (op->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), op->cancelled_id);
  op->cancelled_id = 0;
}

/* --- the end ------------------------------------------------------------ */

/* Before the ".": the message was not delivered, and the session, stuck in
 * the middle of DATA, is over. */
static void
finish_not_sent (GTask  *task,
                 GError *error)
{
  _surat_smtp_fail_session (task_client (task), error);
  _surat_smtp_send_fail (task, error, FALSE);
}

/* After the "." and without a reply: it may have been delivered. */
static void
finish_unknown (GTask        *task,
                const GError *cause)
{
  GError *error = g_error_copy (cause);

  task_op (task)->report->outcome = SURAT_SMTP_OUTCOME_UNKNOWN;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("The whole message was sent to %s, but the server did not "
                              "confirm it; it may or may not have been delivered: "),
                    host (task));

  _surat_smtp_fail_session (task_client (task), error);
  _surat_smtp_send_fail (task, error, FALSE);
}

/* @what says it for a 5yz, @later for a 4yz. */
static GError *
message_refused (GTask                *task,
                 const SuratSmtpReply *reply,
                 const char           *what,
                 const char           *later)
{
  int code = -1;

  /* RFC 3463 §3.4: x.3.4 "message too big for system". */
  if (reply->code == 552 ||
      (reply->enhanced_code != NULL && g_str_has_suffix (reply->enhanced_code, ".3.4")))
    code = SURAT_SMTP_ERROR_SIZE_EXCEEDED;
  else if (surat_smtp_reply_class (reply) != 4 && surat_smtp_reply_class (reply) != 5)
    code = SURAT_SMTP_ERROR_PROTOCOL;

  return _surat_smtp_reply_error (task_client (task), reply, code,
                                  surat_smtp_reply_class (reply) == 4 ? later : what);
}

static void
final_reply_done (GTask                *task,
                  const SuratSmtpReply *reply,
                  const GError         *error)
{
  Op *op = task_op (task);
  g_autofree char *what = NULL;
  g_autofree char *later = NULL;
  GError *refused;

  if (error != NULL)
    {
      finish_unknown (task, error);
      return;
    }

  op->report->reply = surat_smtp_reply_copy (reply);

  /* RFC 5321 §4.1.1.4: 2yz, and the server has taken responsibility. */
  if (surat_smtp_reply_class (reply) == 2)
    {
      _surat_smtp_send_succeed (task);
      return;
    }

  what = g_strdup_printf (_("The server %s refused the message"), host (task));
  later = g_strdup_printf (_("The server %s could not take the message now"), host (task));
  refused = message_refused (task, reply, what, later);

  /* Anything but 4yz and 5yz here, and we no longer know where we are. */
  if (g_error_matches (refused, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL))
    _surat_smtp_fail_session (task_client (task), refused);

  _surat_smtp_send_fail (task, refused, FALSE);
}

static void
early_reply_done (GTask                *task,
                  const SuratSmtpReply *reply,
                  const GError         *error)
{
  Op *op = task_op (task);
  GError *failure;

  if (error != NULL)
    {
      g_autofree char *prefix = lost_prefix (task);

      failure = g_error_copy (error);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&failure, "%s", prefix);
    }
  else
    {
      g_autofree char *what = g_strdup_printf (_("The server %s refused the message while "
                                                 "it was being sent"), host (task));
      g_autofree char *later = g_strdup_printf (_("The server %s stopped taking the message "
                                                  "while it was being sent"), host (task));

      op->report->reply = surat_smtp_reply_copy (reply);
      failure = message_refused (task, reply, what, later);
    }

  finish_not_sent (task, failure);
}

/* Every branch has stopped before the ".". */
static void
stopped_before_dot (GTask *task)
{
  Op *op = task_op (task);

  stop_forwarding_cancel (task);

  /* The server spoke during the message: its reply says why. */
  if (op->watch_fired && op->watch_error == NULL && !user_cancelled (task))
    {
      _surat_smtp_read_reply (task, WAIT_COMMAND, early_reply_done);
      return;
    }

  if (op->data_error == NULL)
    op->data_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("Operation was cancelled"));
  finish_not_sent (task, g_steal_pointer (&op->data_error));
}

/* --- the message -------------------------------------------------------- */

static void
watch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) error = NULL;

  op->watch_busy = FALSE;

  if (!surat_connection_fill_finish (SURAT_CONNECTION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Renewed, or stopped: the server said nothing. */
      op->watch_rearm = FALSE;
      if (user_cancelled (task) && !op->dot_started)
        data_fail (task, error, NULL);
      data_step (task);
      return;
    }

  op->watch_fired = TRUE;
  op->watch_error = g_steal_pointer (&error);

  if (!op->dot_started)
    {
      if (op->watch_error != NULL)
        {
          g_autofree char *prefix = lost_prefix (task);

          /* Gone: no use waiting for the write under way. */
          data_fail (task, op->watch_error, prefix);
        }
      else
        {
          /* A reply: read it once the write under way is done. */
          op->failing = TRUE;
        }
    }

  data_step (task);
}

static void
start_watch (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  /* Reset, not replaced: another thread cancelling the send may be
   * cancelling it right now (forward_cancel_cb). The read it was
   * cancelled for has finished. */
  g_cancellable_reset (op->watch_cancellable);

  op->watch_busy = TRUE;
  op->watch_started = g_get_monotonic_time ();
  _surat_smtp_set_wait (self, SURAT_SMTP_WAIT_DATA_BLOCK);
  surat_connection_fill_async (self->connection, op->watch_cancellable, watch_cb, task);
}

/* Whether the watch has waited long enough that its timeout could come
 * before the next block is written. */
static gboolean
watch_is_old (GTask *task)
{
  Op *op = task_op (task);
  guint seconds = _surat_smtp_wait_seconds (task_client (task), SURAT_SMTP_WAIT_DATA_BLOCK);

  return seconds > 0 &&
         g_get_monotonic_time () - op->watch_started > seconds * G_TIME_SPAN_SECOND / 2;
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  op->io_busy = FALSE;
  ok = surat_connection_write_finish (SURAT_CONNECTION (source), result, &error);

  if (op->dot_started)
    {
      /* The final "." (and whatever was left of the last line). */
      if (ok)
        op->dot_written = TRUE;
      else
        op->data_error = g_steal_pointer (&error);
    }
  else if (!ok)
    {
      g_autofree char *prefix = lost_prefix (task);

      data_fail (task, error, prefix);
    }
  else
    {
      op->done += op->chunk_len;
      emit_progress (task);
    }

  data_step (task);
}

static void
write_encoded (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  op->io_busy = TRUE;
  _surat_smtp_set_wait (self, SURAT_SMTP_WAIT_DATA_BLOCK);
  surat_connection_write_async (self->connection, op->encoded, op->encoded_len,
                                op->data_cancellable, written_cb, task);
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  op->io_busy = FALSE;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      data_fail (task, error, _("The message could not be read, so it was not sent: "));
      data_step (task);
      return;
    }

  if (n == 0)
    {
      op->body_done = TRUE;
      data_step (task);
      return;
    }

  op->chunk_len = n;
  op->encoded_len = surat_dot_encoder_feed (&op->encoder, op->chunk, n, op->encoded);

  /* All of it a Bcc field: nothing to send this time. */
  if (op->encoded_len == 0)
    {
      op->done += n;
      emit_progress (task);
      data_step (task);
      return;
    }

  write_encoded (task);
}

static void
file_opened_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) error = NULL;

  op->io_busy = FALSE;
  op->input = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), result, &error));
  if (op->input == NULL)
    data_fail (task, error, _("The message could not be read, so it was not sent: "));

  data_step (task);
}

/* Decides what comes next, once the file read or write under way is done. */
static void
data_step (GTask *task)
{
  Op *op = task_op (task);

  if (op->io_busy)
    return;

  if (!op->dot_started && !op->failing && user_cancelled (task))
    {
      g_autoptr(GError) error = NULL;

      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
      data_fail (task, error, NULL);
    }

  if (op->failing && !op->dot_started)
    {
      if (op->watch_busy)
        {
          g_cancellable_cancel (op->watch_cancellable);
          return;
        }
      stopped_before_dot (task);
      return;
    }

  if (op->dot_started)
    {
      if (op->watch_busy)
        {
          g_cancellable_cancel (op->watch_cancellable);
          return;
        }

      stop_forwarding_cancel (task);
      if (!op->dot_written)
        finish_unknown (task, op->data_error);
      else if (op->watch_fired && op->watch_error != NULL)
        finish_unknown (task, op->watch_error);
      else
        /* The reply may be in the buffer already, read by the watch. */
        _surat_smtp_read_reply (task, SURAT_SMTP_WAIT_DATA_END, final_reply_done);
      return;
    }

  if (!op->watch_busy)
    start_watch (task);
  else if (watch_is_old (task))
    {
      g_debug ("Renewing the wait for the server during the message");
      op->watch_rearm = TRUE;
      g_cancellable_cancel (op->watch_cancellable);
      return;
    }

  if (op->body_done)
    {
      /* RFC 5321 §4.1.1.4: CRLF.CRLF; from now on, a failure leaves the
       * outcome unknown. */
      op->encoded_len = surat_dot_encoder_finish (&op->encoder, op->encoded);
      op->dot_started = TRUE;
      write_encoded (task);
      return;
    }

  op->io_busy = TRUE;
  g_input_stream_read_async (op->input, op->chunk, DATA_CHUNK, G_PRIORITY_DEFAULT,
                             op->data_cancellable, chunk_read_cb, task);
}

void
_surat_smtp_start_data (GTask *task)
{
  Op *op = task_op (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  op->data_cancellable = g_cancellable_new ();
  op->watch_cancellable = g_cancellable_new ();
  op->chunk = g_malloc (DATA_CHUNK);
  op->encoded = g_malloc (SURAT_DOT_ENCODER_OUTPUT_SIZE (DATA_CHUNK));
  surat_dot_encoder_init (&op->encoder,
                          (op->flags & SURAT_SMTP_SEND_STRIP_BCC) ? SURAT_DOT_ENCODER_STRIP_BCC :
                                                                    SURAT_DOT_ENCODER_NONE);

  if (cancellable != NULL)
    op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                              op, NULL);

  start_watch (task);

  op->io_busy = TRUE;
  g_file_read_async (op->file, G_PRIORITY_DEFAULT, op->data_cancellable, file_opened_cb, task);
}
