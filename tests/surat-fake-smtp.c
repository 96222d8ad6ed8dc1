/* surat-fake-smtp.c — a scripted SMTP server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-fake-smtp.h"

/* The protocol data: the messages read by DATA steps. */
typedef struct {
  GMutex     mutex;
  GPtrArray *messages;   /* GBytes*, wire form */
} Mailbox;

typedef struct {
  char     *reply;
  gboolean  drop;
  gsize     drop_after;
} DataStep;

static void
mailbox_free (gpointer data)
{
  Mailbox *mailbox = data;

  g_ptr_array_unref (mailbox->messages);
  g_mutex_clear (&mailbox->mutex);
  g_free (mailbox);
}

SuratFakeServer *
surat_fake_smtp_new (void)
{
  SuratFakeServer *self = surat_fake_server_new ("SMTP", "500 5.5.1 Unexpected command\r\n");
  Mailbox *mailbox = g_new0 (Mailbox, 1);

  g_mutex_init (&mailbox->mutex);
  mailbox->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  surat_fake_server_set_protocol_data (self, mailbox, mailbox_free);

  return self;
}

void
surat_fake_smtp_greet (SuratFakeServer *self)
{
  surat_fake_server_send (self, "220 fake.example ESMTP ready\r\n");
}

char *
surat_fake_smtp_ehlo_reply (const char *extensions)
{
  g_auto(GStrv) lines = g_strsplit (extensions != NULL ? extensions : "", "\n", -1);
  GString *reply = g_string_new ("250");
  guint n = g_strv_length (lines);

  /* RFC 5321 §4.1.1.1: the domain first, then a keyword a line; "-" on
   * every line but the last. */
  g_string_append_printf (reply, "%cfake.example greets you\r\n", n > 0 ? '-' : ' ');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (reply, "250%c%s\r\n", i + 1 < n ? '-' : ' ', lines[i]);

  return g_string_free (reply, FALSE);
}

void
surat_fake_smtp_expect_ehlo (SuratFakeServer *self,
                             const char      *extensions)
{
  g_autofree char *reply = surat_fake_smtp_ehlo_reply (extensions);

  surat_fake_server_expect (self, "EHLO *", reply);
}

static void
keep_message (SuratFakeSession *s,
              const guint8     *data,
              gsize             length)
{
  Mailbox *mailbox = surat_fake_server_get_protocol_data (surat_fake_session_get_server (s));

  g_mutex_lock (&mailbox->mutex);
  g_ptr_array_add (mailbox->messages, g_bytes_new (data, length));
  g_mutex_unlock (&mailbox->mutex);
}

/* Where the message in @buffer ends: the length of the message proper
 * (up to and with the CRLF before the "."), or -1 when the end has not
 * come yet. *scanned remembers how far the search got. */
static gssize
find_end (GByteArray *buffer,
          gsize      *scanned,
          gsize      *terminator_length)
{
  static const char end[] = "\r\n.\r\n";

  /* RFC 5321 §4.1.1.4: CRLF.CRLF, the first CRLF that of the last line
   * (or of the DATA command, for an empty message). */
  if (buffer->len >= 3 && memcmp (buffer->data, ".\r\n", 3) == 0)
    {
      *terminator_length = 3;
      return 0;
    }

  for (gsize i = *scanned; i + 5 <= buffer->len; i++)
    if (memcmp (buffer->data + i, end, 5) == 0)
      {
        *terminator_length = 3;
        return i + 2;
      }

  *scanned = buffer->len >= 4 ? buffer->len - 4 : 0;
  return -1;
}

static gboolean
data_step (SuratFakeSession  *s,
           gpointer           data,
           GError           **error)
{
  DataStep *step = data;
  GByteArray *buffer = surat_fake_session_get_buffer (s);
  gsize scanned = 0;
  gsize terminator_length = 0;

  for (;;)
    {
      gssize length = find_end (buffer, &scanned, &terminator_length);

      if (length >= 0)
        {
          keep_message (s, buffer->data, length);
          g_byte_array_remove_range (buffer, 0, length + terminator_length);
          return step->reply == NULL ||
                 surat_fake_session_write (s, step->reply, strlen (step->reply), error);
        }

      if (step->drop && buffer->len >= step->drop_after)
        {
          keep_message (s, buffer->data, buffer->len);
          g_byte_array_set_size (buffer, 0);
          if (step->reply != NULL &&
              !surat_fake_session_write (s, step->reply, strlen (step->reply), error))
            return FALSE;
          surat_fake_session_drop (s);
          return TRUE;
        }

      if (!surat_fake_session_fill (s, error))
        {
          g_prefix_error (error, "reading a message (%u bytes so far): ", buffer->len);
          return FALSE;
        }
    }
}

static void
data_step_free (gpointer data)
{
  DataStep *step = data;

  g_free (step->reply);
  g_free (step);
}

void
surat_fake_smtp_expect_data (SuratFakeServer *self,
                             const char      *reply)
{
  DataStep *step = g_new0 (DataStep, 1);

  step->reply = g_strdup (reply);
  surat_fake_server_add_step (self, data_step, step, data_step_free);
}

void
surat_fake_smtp_expect_data_then_drop (SuratFakeServer *self,
                                       gsize            count)
{
  DataStep *step = g_new0 (DataStep, 1);

  step->drop = TRUE;
  step->drop_after = count;
  surat_fake_server_add_step (self, data_step, step, data_step_free);
}

void
surat_fake_smtp_expect_data_early_reply (SuratFakeServer *self,
                                         gsize            count,
                                         const char      *reply)
{
  DataStep *step = g_new0 (DataStep, 1);

  step->drop = TRUE;
  step->drop_after = count;
  step->reply = g_strdup (reply);
  surat_fake_server_add_step (self, data_step, step, data_step_free);
}

guint
surat_fake_smtp_get_n_messages (SuratFakeServer *self)
{
  Mailbox *mailbox = surat_fake_server_get_protocol_data (self);
  guint n;

  g_mutex_lock (&mailbox->mutex);
  n = mailbox->messages->len;
  g_mutex_unlock (&mailbox->mutex);

  return n;
}

GBytes *
surat_fake_smtp_get_message (SuratFakeServer *self,
                             guint            index)
{
  Mailbox *mailbox = surat_fake_server_get_protocol_data (self);
  GBytes *message = NULL;

  g_mutex_lock (&mailbox->mutex);
  if (index < mailbox->messages->len)
    message = g_bytes_ref (g_ptr_array_index (mailbox->messages, index));
  g_mutex_unlock (&mailbox->mutex);

  return message;
}
