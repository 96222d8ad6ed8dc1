/* surat-pop3-pipeline.c — POP3 commands in flight, in order (private)
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-pipeline.h"
#include "surat-secret.h"
#include "surat-wire-text-private.h"

struct _SuratPop3Pipeline
{
  SuratConnection *connection;
  guint            window;

  GQueue           pending;       /* SuratPop3Command*, not yet sent */
  GQueue           inflight;      /* sent (or skipped), reply not read yet */
  guint            n_unanswered;  /* sent commands in inflight */

  gboolean         reading;
  gboolean         writing;

  /* Lines being written. Grown by hand, never by realloc, so that no
   * unwiped copy of a password is left in freed memory. */
  guint8          *out;
  gsize            out_len;
  gsize            out_size;

  /* Decoded body bytes, on their way to a sink. */
  guint8          *decoded;
  gsize            decoded_size;

  GError          *error;
  gboolean         close_when_idle;

  GFunc            failed_func;
  gpointer         failed_data;
};

static void pump       (SuratPop3Pipeline *self);
static void body_step  (SuratPop3Pipeline *self);

/* --- commands ----------------------------------------------------------- */

SuratPop3Command *
surat_pop3_command_new (SuratPop3ReplyKind  kind,
                        const char         *verb,
                        const char         *argument,
                        gboolean            secret)
{
  SuratPop3Command *command;
  gsize verb_len, argument_len, len;
  char *line;

  g_return_val_if_fail (verb != NULL, NULL);
  g_return_val_if_fail (argument == NULL || strpbrk (argument, "\r\n") == NULL, NULL);

  verb_len = strlen (verb);
  argument_len = argument != NULL ? strlen (argument) : 0;
  len = verb_len + (argument != NULL ? 1 + argument_len : 0) + 2;

  /* Built by hand into one exact buffer: printf-style helpers may leave
   * intermediate copies of a secret behind. */
  line = g_malloc (len + 1);
  memcpy (line, verb, verb_len);
  if (argument != NULL)
    {
      line[verb_len] = ' ';
      memcpy (line + verb_len + 1, argument, argument_len);
    }
  memcpy (line + len - 2, "\r\n", 3);

  command = g_new0 (SuratPop3Command, 1);
  command->kind = kind;
  command->line = line;
  command->line_len = len;
  command->secret = secret;

  return command;
}

void
surat_pop3_command_free (SuratPop3Command *command)
{
  if (command == NULL)
    return;

  if (command->line != NULL)
    {
      if (command->secret)
        surat_secret_wipe (command->line, command->line_len);
      g_free (command->line);
    }

  g_clear_object (&command->cancellable);
  g_clear_object (&command->sink);
  g_clear_pointer (&command->lines, g_ptr_array_unref);
  g_clear_error (&command->sink_error);
  surat_pop3_reply_clear (&command->reply);
  g_free (command);
}

/* --- life --------------------------------------------------------------- */

SuratPop3Pipeline *
surat_pop3_pipeline_new (SuratConnection *connection)
{
  SuratPop3Pipeline *self;

  g_return_val_if_fail (SURAT_IS_CONNECTION (connection), NULL);

  self = g_rc_box_new0 (SuratPop3Pipeline);
  self->connection = g_object_ref (connection);
  self->window = 1;
  g_queue_init (&self->pending);
  g_queue_init (&self->inflight);

  return self;
}

SuratPop3Pipeline *
surat_pop3_pipeline_ref (SuratPop3Pipeline *self)
{
  return g_rc_box_acquire (self);
}

static void
pipeline_clear (gpointer data)
{
  SuratPop3Pipeline *self = data;

  /* Every command holds a task that holds the client that holds us, so
   * nothing can be queued by now. */
  g_assert (g_queue_is_empty (&self->pending));
  g_assert (g_queue_is_empty (&self->inflight));

  if (self->out != NULL)
    surat_secret_wipe (self->out, self->out_size);
  g_clear_pointer (&self->out, g_free);
  g_clear_pointer (&self->decoded, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->connection);
}

void
surat_pop3_pipeline_unref (SuratPop3Pipeline *self)
{
  g_rc_box_release_full (self, pipeline_clear);
}

void
surat_pop3_pipeline_set_window (SuratPop3Pipeline *self,
                                guint              window)
{
  self->window = MAX (window, 1);
  pump (self);
}

void
surat_pop3_pipeline_set_failed_func (SuratPop3Pipeline *self,
                                     GFunc              func,
                                     gpointer           user_data)
{
  self->failed_func = func;
  self->failed_data = user_data;
}

const GError *
surat_pop3_pipeline_get_error (SuratPop3Pipeline *self)
{
  return self->error;
}

gboolean
surat_pop3_pipeline_is_idle (SuratPop3Pipeline *self)
{
  return g_queue_is_empty (&self->pending) && g_queue_is_empty (&self->inflight);
}

/* --- failing ------------------------------------------------------------ */

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  /* The session failed already; how the close went changes nothing. */
  surat_connection_close_finish (SURAT_CONNECTION (source), result, NULL);
}

static void
maybe_close (SuratPop3Pipeline *self)
{
  if (!self->close_when_idle || self->reading || self->writing)
    return;

  self->close_when_idle = FALSE;
  if (surat_connection_is_connected (self->connection))
    surat_connection_close_async (self->connection, NULL, close_cb, NULL);
}

static void
finish_command (SuratPop3Command *command,
                const GError     *error)
{
  command->done (command, error, command->user_data);
  surat_pop3_command_free (command);
}

/* @culprit (nullable) gets @error itself; every other command gets the
 * pipeline's error, which for a cancelled read says that the connection
 * was closed because of it: only the cancelled command was cancelled.
 * With @notify, the failed func hears of it first, so that its owner
 * knows the session is over before the first done callback runs. */
static void
fail_all (SuratPop3Pipeline *self,
          const GError      *error,
          SuratPop3Command  *culprit,
          gboolean           notify)
{
  SuratPop3Command *command;

  if (self->error != NULL)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                       _("The connection was closed because a command "
                                         "was cancelled"));
  else
    self->error = g_error_copy (error);

  g_debug ("POP3 session failed: %s", error->message);

  self->close_when_idle = TRUE;
  maybe_close (self);

  if (notify && self->failed_func != NULL)
    self->failed_func (self->error, self->failed_data);

  /* Done callbacks may push new commands: those fail at once (the error
   * is set), after these and in order. */
  while ((command = g_queue_pop_head (&self->inflight)) != NULL ||
         (command = g_queue_pop_head (&self->pending)) != NULL)
    finish_command (command, command == culprit ? error : self->error);
  self->n_unanswered = 0;
}

void
surat_pop3_pipeline_fail (SuratPop3Pipeline *self,
                          const GError      *error)
{
  g_return_if_fail (error != NULL);

  fail_all (self, error, NULL, FALSE);
}

/* A failure found by the pipeline itself: the owner hears of it. */
static void
fail_connection (SuratPop3Pipeline *self,
                 const GError      *error,
                 SuratPop3Command  *culprit)
{
  fail_all (self, error, culprit, TRUE);
}

/* --- writing ------------------------------------------------------------ */

static void
out_append (SuratPop3Pipeline *self,
            const char        *data,
            gsize              len)
{
  if (self->out_size - self->out_len < len)
    {
      gsize size = MAX (self->out_size * 2, self->out_len + len);
      guint8 *bigger = g_malloc (MAX (size, 1024));

      if (self->out != NULL)
        {
          memcpy (bigger, self->out, self->out_len);
          surat_secret_wipe (self->out, self->out_size);
          g_free (self->out);
        }
      self->out = bigger;
      self->out_size = MAX (size, 1024);
    }

  memcpy (self->out + self->out_len, data, len);
  self->out_len += len;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SuratPop3Pipeline *self = user_data;
  g_autoptr(GError) error = NULL;

  surat_connection_write_finish (SURAT_CONNECTION (source), result, &error);

  self->writing = FALSE;
  surat_secret_wipe (self->out, self->out_len);
  self->out_len = 0;

  if (error != NULL)
    fail_connection (self, error, NULL);
  else
    pump (self);

  maybe_close (self);
  surat_pop3_pipeline_unref (self);
}

static void
start_write (SuratPop3Pipeline *self)
{
  SuratPop3Command *command;

  if (self->writing || self->error != NULL)
    return;

  while (self->n_unanswered < self->window &&
         (command = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_queue_push_tail (&self->inflight, command);

      if (command->line == NULL)
        continue;

      /* A command cancelled before it went out is not sent at all; it
       * completes, cancelled, when its turn comes. */
      if (g_cancellable_is_cancelled (command->cancellable))
        {
          command->skipped = TRUE;
          continue;
        }

      _surat_log_commands (command->line, command->line_len, command->secret);
      out_append (self, command->line, command->line_len);
      self->n_unanswered++;
    }

  if (self->out_len == 0)
    return;

  /* All lines that may go now, in one write: fewer packets, and no
   * Nagle delay between two small writes. */
  self->writing = TRUE;
  surat_connection_write_async (self->connection, self->out, self->out_len, NULL,
                                write_cb, surat_pop3_pipeline_ref (self));
}

/* --- reading ------------------------------------------------------------ */

/* The head's reply is complete. */
static void
complete_head (SuratPop3Pipeline *self,
               const GError      *error)
{
  SuratPop3Command *command = g_queue_pop_head (&self->inflight);

  g_assert (command != NULL);

  if (command->line != NULL && !command->skipped)
    self->n_unanswered--;

  finish_command (command, error);
}

static void
lines_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SuratPop3Pipeline *self = user_data;
  SuratPop3Command *head;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = surat_connection_read_line_finish (SURAT_CONNECTION (source), result, NULL, &error);
  self->reading = FALSE;

  if (self->error != NULL)
    goto out;

  head = g_queue_peek_head (&self->inflight);
  if (line == NULL)
    {
      fail_connection (self, error, head);
      goto out;
    }

  /* RFC 1939 §3: "." alone ends the listing, and a leading "." of any
   * other line is stuffing. */
  if (strcmp (line, ".") == 0)
    {
      complete_head (self, NULL);
      pump (self);
      goto out;
    }

  g_ptr_array_add (head->lines, g_strdup (line[0] == '.' ? line + 1 : line));

  self->reading = TRUE;
  surat_connection_read_line_async (self->connection, head->cancellable, lines_cb,
                                    surat_pop3_pipeline_ref (self));

out:
  maybe_close (self);
  surat_pop3_pipeline_unref (self);
}

static void
fill_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SuratPop3Pipeline *self = user_data;
  g_autoptr(GError) error = NULL;

  surat_connection_fill_finish (SURAT_CONNECTION (source), result, &error);
  self->reading = FALSE;

  if (self->error != NULL)
    ;
  else if (error != NULL)
    fail_connection (self, error, g_queue_peek_head (&self->inflight));
  else
    body_step (self);

  maybe_close (self);
  surat_pop3_pipeline_unref (self);
}

/* Streams what is buffered of the head's body into its sink, and waits for
 * more until the terminator. The body has no line limit: it never sits
 * whole in memory. */
static void
body_step (SuratPop3Pipeline *self)
{
  SuratPop3Command *head = g_queue_peek_head (&self->inflight);

  for (;;)
    {
      const guint8 *data;
      gsize len = 0;
      gsize out_len = 0;
      gsize consumed;

      data = surat_connection_peek (self->connection, &len);
      if (len == 0)
        {
          self->reading = TRUE;
          surat_connection_fill_async (self->connection, head->cancellable, fill_cb,
                                       surat_pop3_pipeline_ref (self));
          return;
        }

      if (self->decoded_size < len + 1)
        {
          g_free (self->decoded);
          self->decoded_size = len + 1;
          self->decoded = g_malloc (self->decoded_size);
        }

      consumed = surat_dot_decoder_feed (&head->decoder, data, len, self->decoded, &out_len);
      surat_connection_consume (self->connection, consumed);

      /* A sink that fails (a full disk) fails this command, but the rest
       * of the body is still read, so the session stays in step. */
      if (out_len > 0 && head->sink_error == NULL)
        {
          if (g_output_stream_write_all (head->sink, self->decoded, out_len, NULL, NULL,
                                         &head->sink_error))
            head->written += out_len;
        }

      if (surat_dot_decoder_is_done (&head->decoder))
        {
          complete_head (self, NULL);
          pump (self);
          return;
        }
    }
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SuratPop3Pipeline *self = user_data;
  SuratPop3Command *head;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = surat_connection_read_line_finish (SURAT_CONNECTION (source), result, NULL, &error);
  self->reading = FALSE;

  if (self->error != NULL)
    goto out;

  head = g_queue_peek_head (&self->inflight);
  if (line == NULL)
    {
      fail_connection (self, error, head);
      goto out;
    }

  /* RFC 5034 §4: during AUTH the server asks for more with "+ " and
   * base64 (or "+" alone, for an empty challenge). "+OK" is not one. */
  if (head->kind == SURAT_POP3_REPLY_AUTH && line[0] == '+' &&
      (line[1] == ' ' || line[1] == '\0'))
    {
      g_debug ("S: %s", line);
      head->continuation = TRUE;
      head->reply.text = g_strdup (line[1] == ' ' ? line + 2 : "");
      complete_head (self, NULL);
      pump (self);
      goto out;
    }

  if (!surat_pop3_reply_parse (line, &head->reply, &error))
    {
      /* We no longer know where one reply ends and the next begins. */
      fail_connection (self, error, NULL);
      goto out;
    }

  g_debug ("S: %s%s%s%s", head->reply.ok ? "+OK" : "-ERR",
           head->reply.code != NULL ? " [" : "",
           head->reply.code != NULL ? head->reply.code : "",
           head->reply.code != NULL ? "]" : "");

  if (head->reply.ok && head->kind == SURAT_POP3_REPLY_LINES)
    {
      head->lines = g_ptr_array_new_with_free_func (g_free);
      self->reading = TRUE;
      surat_connection_read_line_async (self->connection, head->cancellable, lines_cb,
                                        surat_pop3_pipeline_ref (self));
    }
  else if (head->reply.ok && head->kind == SURAT_POP3_REPLY_BODY)
    {
      surat_dot_decoder_init (&head->decoder);
      body_step (self);
    }
  else
    {
      complete_head (self, NULL);
      pump (self);
    }

out:
  maybe_close (self);
  surat_pop3_pipeline_unref (self);
}

static void
start_read (SuratPop3Pipeline *self)
{
  SuratPop3Command *head;

  while (!self->reading && self->error == NULL &&
         (head = g_queue_peek_head (&self->inflight)) != NULL)
    {
      if (head->skipped)
        {
          g_autoptr(GError) error = NULL;

          g_cancellable_set_error_if_cancelled (head->cancellable, &error);
          complete_head (self, error);
          continue;
        }

      self->reading = TRUE;
      surat_connection_read_line_async (self->connection, head->cancellable, status_cb,
                                        surat_pop3_pipeline_ref (self));
    }
}

static void
pump (SuratPop3Pipeline *self)
{
  if (self->error != NULL)
    return;

  start_write (self);
  start_read (self);
}

void
surat_pop3_pipeline_push (SuratPop3Pipeline *self,
                          SuratPop3Command  *command)
{
  g_return_if_fail (command != NULL);
  g_return_if_fail (command->done != NULL);

  if (self->error != NULL)
    {
      finish_command (command, self->error);
      return;
    }

  g_queue_push_tail (&self->pending, command);
  pump (self);
}
