/* surat-fake-pop3.c — a scripted POP3 server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-fake-pop3.h"
#include "surat-fake-pop3-private.h"

/* A serve step's options, with its own copies of the strings. */
typedef struct {
  SuratFakePop3ServeOptions  options;
  char                      *strings[3];
} ServeStep;

static void
message_free (gpointer data)
{
  FakeMessage *message = data;

  g_free (message->uid);
  g_bytes_unref (message->wire);
  g_free (message);
}

static void
maildrop_free (gpointer data)
{
  FakeMaildrop *maildrop = data;

  g_ptr_array_unref (maildrop->messages);
  g_mutex_clear (&maildrop->mutex);
  g_free (maildrop);
}

SuratFakePop3 *
surat_fake_pop3_new (void)
{
  SuratFakePop3 *self = surat_fake_server_new ("POP3", "-ERR unexpected command\r\n");
  FakeMaildrop *maildrop = g_new0 (FakeMaildrop, 1);

  g_mutex_init (&maildrop->mutex);
  maildrop->messages = g_ptr_array_new_with_free_func (message_free);
  surat_fake_server_set_protocol_data (self, maildrop, maildrop_free);

  return self;
}

void
surat_fake_pop3_greet (SuratFakePop3 *self)
{
  surat_fake_server_send (self, "+OK fake POP3 server ready\r\n");
}

/* "A\nB" → "+OK\r\nA\r\nB\r\n.\r\n" */
char *
_surat_fake_pop3_capa_reply (const char *capabilities)
{
  g_auto(GStrv) lines = NULL;
  GString *reply;

  if (capabilities == NULL)
    return g_strdup ("-ERR no CAPA here\r\n");

  reply = g_string_new ("+OK Capability list follows\r\n");
  lines = g_strsplit (capabilities, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (reply, "%s\r\n", lines[i]);
  g_string_append (reply, ".\r\n");

  return g_string_free (reply, FALSE);
}

void
surat_fake_pop3_expect_capa (SuratFakePop3 *self,
                             const char    *capabilities)
{
  g_autofree char *reply = _surat_fake_pop3_capa_reply (capabilities);

  surat_fake_server_expect (self, "CAPA", reply);
}

/* --- the maildrop ----------------------------------------------------------- */

/* The message as it goes over the wire: CRLF line ends, dot-stuffed, with
 * a final CRLF; without the terminating ".". */
static GBytes *
wire_form (const char *content)
{
  GString *out = g_string_new (NULL);
  gboolean line_start = TRUE;

  for (const char *p = content; *p != '\0'; p++)
    {
      if (line_start && *p == '.')
        g_string_append_c (out, '.');
      line_start = FALSE;

      if (*p == '\r' && p[1] == '\n')
        continue;
      if (*p == '\n')
        {
          g_string_append (out, "\r\n");
          line_start = TRUE;
          continue;
        }
      g_string_append_c (out, *p);
    }

  if (!line_start)
    g_string_append (out, "\r\n");

  return g_string_free_to_bytes (out);
}

void
surat_fake_pop3_add_message (SuratFakePop3 *self,
                             const char    *uid,
                             const char    *content)
{
  FakeMaildrop *maildrop = fake_maildrop (self);
  FakeMessage *message = g_new0 (FakeMessage, 1);

  message->uid = g_strdup (uid);
  message->wire = wire_form (content);

  g_mutex_lock (&maildrop->mutex);
  g_ptr_array_add (maildrop->messages, message);
  g_mutex_unlock (&maildrop->mutex);
}

static void
serve_step_free (gpointer data)
{
  ServeStep *step = data;

  for (guint i = 0; i < G_N_ELEMENTS (step->strings); i++)
    g_free (step->strings[i]);
  g_free (step);
}

void
surat_fake_pop3_serve (SuratFakePop3                   *self,
                       const SuratFakePop3ServeOptions *options)
{
  ServeStep *step = g_new0 (ServeStep, 1);

  if (options != NULL)
    step->options = *options;

  step->strings[0] = g_strdup (step->options.user != NULL ? step->options.user : "alice");
  step->strings[1] = g_strdup (step->options.password != NULL ? step->options.password :
                               "secret");
  step->strings[2] = g_strdup (step->options.capabilities != NULL ?
                               step->options.capabilities :
                               "USER\nUIDL\nTOP\nPIPELINING\nRESP-CODES\nAUTH-RESP-CODE\n"
                               "SASL PLAIN");
  step->options.user = step->strings[0];
  step->options.password = step->strings[1];
  step->options.capabilities = step->strings[2];

  /* The options come first in the struct: the step sees them as its data. */
  surat_fake_server_add_step (self, _surat_fake_pop3_serve, step, serve_step_free);
}

GStrv
surat_fake_pop3_dup_uids (SuratFakePop3 *self)
{
  FakeMaildrop *maildrop = fake_maildrop (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_mutex_lock (&maildrop->mutex);
  for (guint i = 0; i < maildrop->messages->len; i++)
    g_strv_builder_add (builder,
                        ((FakeMessage *) g_ptr_array_index (maildrop->messages, i))->uid);
  g_mutex_unlock (&maildrop->mutex);

  return g_strv_builder_end (builder);
}
