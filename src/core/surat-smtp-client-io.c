/* surat-smtp-client-io.c — SMTP commands out, replies in
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-smtp-client-private.h"
#include "surat-wire-text-private.h"

/*
 * The only code that talks to the connection for SuratSmtpClient, apart
 * from the message itself (surat-smtp-client-data.c): every wait gets its
 * timeout here, every line sent is logged here (secrets left out), and
 * every reply is read whole, multi-line ones included (RFC 5321 §4.2.1),
 * with the parser's bounds.
 */

guint
_surat_smtp_wait_seconds (SuratSmtpClient *self,
                          SuratSmtpWait    wait)
{
  /* Never shorter than the connection's own timeout. */
  if (wait == WAIT_COMMAND)
    return self->base_timeout;

  return MAX (self->base_timeout, self->timeouts[wait]);
}

void
_surat_smtp_set_wait (SuratSmtpClient *self,
                      SuratSmtpWait    wait)
{
  surat_connection_set_timeout (self->connection, _surat_smtp_wait_seconds (self, wait));
}

typedef struct {
  GTask         *task;
  char          *buffer;
  gsize          length;
  gboolean       secret;
  SuratSmtpWait  wait;
  WrittenFunc    written;
  ReplyFunc      replied;   /* a command: read its reply next */
} Write;

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;

  surat_connection_write_finish (SURAT_CONNECTION (source), result, &error);

  if (write->secret)
    surat_secret_wipe (write->buffer, write->length);
  g_free (write->buffer);

  if (write->replied == NULL)
    write->written (write->task, error);
  else if (error != NULL)
    write->replied (write->task, NULL, error);
  else
    _surat_smtp_read_reply (write->task, write->wait, write->replied);

  g_free (write);
}

static void
write_full (GTask         *task,
            char          *buffer,
            gsize          length,
            gboolean       secret,
            SuratSmtpWait  wait,
            WrittenFunc    written,
            ReplyFunc      replied)
{
  SuratSmtpClient *self = task_client (task);
  Write *write = g_new0 (Write, 1);

  write->task = task;
  write->buffer = buffer;
  write->length = length;
  write->secret = secret;
  write->wait = wait;
  write->written = written;
  write->replied = replied;

  _surat_log_commands (buffer, length, secret);
  _surat_smtp_set_wait (self, wait);
  surat_connection_write_async (self->connection, buffer, length,
                                g_task_get_cancellable (task), write_cb, write);
}

void
_surat_smtp_write (GTask         *task,
                   char          *buffer,
                   gsize          length,
                   gboolean       secret,
                   SuratSmtpWait  wait,
                   WrittenFunc    done)
{
  write_full (task, buffer, length, secret, wait, done, NULL);
}

void
_surat_smtp_send_line (GTask         *task,
                       char          *line,
                       gboolean       secret,
                       SuratSmtpWait  wait,
                       ReplyFunc      done)
{
  write_full (task, line, strlen (line), secret, wait, NULL, done);
}

typedef struct {
  GTask     *task;
  ReplyFunc  done;
} Read;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = user_data;
  SuratSmtpClient *self = task_client (read->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSmtpReply) reply = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = surat_connection_read_line_finish (SURAT_CONNECTION (source), result, &length, &error);
  if (line == NULL)
    {
      read->done (read->task, NULL, error);
      g_free (read);
      return;
    }

  g_debug ("S: %s", line);

  reply = surat_smtp_reply_parser_feed (&self->parser, line, length, &error);
  if (reply == NULL && error == NULL)
    {
      /* RFC 5321 §4.2.1: more lines of a multi-line reply follow. */
      surat_connection_read_line_async (self->connection, g_task_get_cancellable (read->task),
                                        read_line_cb, read);
      return;
    }

  read->done (read->task, reply, error);
  g_free (read);
}

void
_surat_smtp_read_reply (GTask         *task,
                        SuratSmtpWait  wait,
                        ReplyFunc      done)
{
  SuratSmtpClient *self = task_client (task);
  Read *read = g_new0 (Read, 1);

  read->task = task;
  read->done = done;

  _surat_smtp_set_wait (self, wait);
  surat_connection_read_line_async (self->connection, g_task_get_cancellable (task),
                                    read_line_cb, read);
}

void
_surat_smtp_command (GTask         *task,
                     const char    *verb,
                     const char    *argument,
                     SuratSmtpWait  wait,
                     ReplyFunc      done)
{
  g_assert (argument == NULL || strpbrk (argument, "\r\n") == NULL);

  _surat_smtp_send_line (task,
                         argument != NULL ? g_strdup_printf ("%s %s\r\n", verb, argument) :
                                            g_strdup_printf ("%s\r\n", verb),
                         FALSE, wait, done);
}

