/* surat-smtp-client-send.c — one message: checks, MAIL, RCPT, DATA, RSET
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-smtp-client-private.h"

static const char *
host (GTask *task)
{
  return surat_connection_get_host (task_client (task)->connection);
}

/* --- ending ------------------------------------------------------------- */

static void
rset_done (GTask                *task,
           const SuratSmtpReply *reply,
           const GError         *error)
{
  Op *op = task_op (task);

  /* The send has failed already; a failing RSET only ends the session. */
  if (error != NULL)
    _surat_smtp_fail_session (task_client (task), error);
  else if (surat_smtp_reply_class (reply) != 2)
    g_debug ("RSET refused: %u %s", reply->code, reply->text);

  _surat_smtp_op_return_error (task, g_steal_pointer (&op->error));
}

void
_surat_smtp_send_fail (GTask    *task,
                       GError   *error,
                       gboolean  rset)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  g_debug ("Sending failed (%s): %s",
           op->report->outcome == SURAT_SMTP_OUTCOME_UNKNOWN ? "outcome unknown" : "not sent",
           error->message);

  /* RFC 5321 §4.1.1.5: RSET ends the transaction we opened, so that the
   * session is clean for the next message. */
  if (rset && self->error == NULL)
    {
      g_clear_error (&op->error);
      op->error = error;
      _surat_smtp_command (task, "RSET", NULL, WAIT_COMMAND, rset_done);
      return;
    }

  _surat_smtp_op_return_error (task, error);
}

void
_surat_smtp_send_succeed (GTask *task)
{
  task_op (task)->report->outcome = SURAT_SMTP_OUTCOME_ACCEPTED;
  _surat_smtp_op_return_boolean (task);
}

/* A failure of the connection in the envelope: nothing was sent, and the
 * session is over. */
static void
envelope_failed (GTask        *task,
                 const GError *error)
{
  _surat_smtp_fail_session (task_client (task), error);
  _surat_smtp_send_fail (task, g_error_copy (error), FALSE);
}

/* --- the envelope (RFC 5321 §3.3) --------------------------------------- */

static const SuratSmtpReply *
envelope_reply (Op    *op,
                guint  index)
{
  return index < op->replies->len ? g_ptr_array_index (op->replies, index) : NULL;
}

static GError *
mail_error (GTask                *task,
            const SuratSmtpReply *reply)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  g_autofree char *what = NULL;
  int code = -1;

  if (reply->code == 552)
    {
      /* RFC 1870 §6.1: 552 to MAIL with SIZE: over the fixed limit. */
      code = SURAT_SMTP_ERROR_SIZE_EXCEEDED;
      what = g_strdup_printf (_("The server %s refused the message as too large"), host (task));
    }
  else if (reply->code == 530)
    {
      /* RFC 4954 §6: "Authentication required". */
      code = SURAT_SMTP_ERROR_AUTH_REQUIRED;
      what = g_strdup_printf (_("The server %s takes mail only after logging in"), host (task));
    }
  else if (surat_smtp_reply_class (reply) == 4)
    {
      what = g_strdup_printf (_("The server %s cannot take mail from %s right now"),
                              host (task), *op->from != '\0' ? op->from : "<>");
    }
  else
    {
      what = g_strdup_printf (_("The server %s refused the sender address %s"),
                              host (task), *op->from != '\0' ? op->from : "<>");
    }

  return _surat_smtp_reply_error (self, reply, code, what);
}

/* Fills the report from the RCPT replies; the error naming every refused
 * recipient, or NULL when all were accepted. */
static GError *
recipients_error (GTask *task)
{
  Op *op = task_op (task);
  g_autoptr(GString) refused = g_string_new (NULL);
  guint n_refused = 0;
  guint n_transient = 0;
  guint n_auth = 0;
  guint n = op->report->recipients->len;
  int code;

  for (guint i = 0; i < n; i++)
    {
      SuratSmtpRecipientResult *result = g_ptr_array_index (op->report->recipients, i);
      const SuratSmtpReply *reply = envelope_reply (op, i + 1);
      g_autofree char *described = NULL;

      if (reply == NULL)
        continue;

      result->code = reply->code;
      result->accepted = surat_smtp_reply_class (reply) == 2;
      g_free (result->enhanced_code);
      result->enhanced_code = g_strdup (reply->enhanced_code);
      g_free (result->text);
      result->text = g_strdup (reply->text);

      if (result->accepted)
        continue;

      n_refused++;
      n_transient += surat_smtp_reply_class (reply) == 4;
      n_auth += reply->code == 530;

      described = surat_smtp_reply_describe (reply);
      g_string_append_printf (refused, "%s%s (%s)", refused->len > 0 ? "; " : "",
                              result->address, described);
    }

  if (n_refused == 0)
    return NULL;

  /* Every refusal temporary (greylisting, a full mailbox): try again
   * later. One permanent refusal makes the whole message wait for the
   * user. */
  if (n_auth == n_refused)
    code = SURAT_SMTP_ERROR_AUTH_REQUIRED;
  else if (n_transient == n_refused)
    code = SURAT_SMTP_ERROR_TRANSIENT;
  else
    code = SURAT_SMTP_ERROR_RECIPIENTS_REFUSED;

  if (code == SURAT_SMTP_ERROR_TRANSIENT)
    return g_error_new (SURAT_SMTP_ERROR, code,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The server %s cannot take %u of %u recipients right now, "
                                     "so the message was not sent: %s",
                                     "The server %s cannot take %u of %u recipients right now, "
                                     "so the message was not sent: %s", n),
                        host (task), n_refused, n, refused->str);

  return g_error_new (SURAT_SMTP_ERROR, code,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The server %s refused %u of %u recipient, so the message "
                                   "was not sent: %s",
                                   "The server %s refused %u of %u recipients, so the message "
                                   "was not sent: %s", n),
                      host (task), n_refused, n, refused->str);
}

static void
abort_dot_done (GTask                *task,
                const SuratSmtpReply *reply,
                const GError         *error)
{
  Op *op = task_op (task);

  if (error != NULL)
    {
      _surat_smtp_fail_session (task_client (task), error);
      _surat_smtp_op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  _surat_smtp_send_fail (task, g_steal_pointer (&op->error), TRUE);
}

/* The envelope failed: nothing may be sent. */
static void
abort_envelope (GTask  *task,
                GError *error)
{
  Op *op = task_op (task);
  const SuratSmtpReply *data = op->data_pipelined ? envelope_reply (op, op->envelope->len - 1) :
                                                    NULL;

  /* RFC 2920 §3.1: a pipelined DATA may have been accepted although its
   * recipient was refused; the only way out of the data phase is a ".",
   * a message to nobody. (DATA goes in the pipeline only with a single
   * recipient, so nobody is right.) */
  if (data != NULL && data->code == 354)
    {
      g_clear_error (&op->error);
      op->error = error;
      _surat_smtp_send_line (task, g_strdup (".\r\n"), FALSE, SURAT_SMTP_WAIT_DATA_END,
                             abort_dot_done);
      return;
    }

  _surat_smtp_send_fail (task, error, TRUE);
}

static GError *
data_error (GTask                *task,
            const SuratSmtpReply *reply)
{
  g_autofree char *what = g_strdup_printf (_("The server %s refused to take the message "
                                             "(DATA)"), host (task));

  return _surat_smtp_reply_error (task_client (task), reply,
                                  surat_smtp_reply_class (reply) == 4 ||
                                  surat_smtp_reply_class (reply) == 5 ? -1 :
                                  SURAT_SMTP_ERROR_PROTOCOL, what);
}

static void
data_done (GTask                *task,
           const SuratSmtpReply *reply,
           const GError         *error)
{
  if (error != NULL)
    {
      envelope_failed (task, error);
      return;
    }

  /* RFC 5321 §4.1.1.4: 354, then the message. */
  if (reply->code != 354)
    {
      task_op (task)->report->reply = surat_smtp_reply_copy (reply);
      _surat_smtp_send_fail (task, data_error (task, reply), TRUE);
      return;
    }

  _surat_smtp_start_data (task);
}

/* Every reply of the envelope is in. */
static void
envelope_done (GTask *task)
{
  Op *op = task_op (task);
  const SuratSmtpReply *mail = envelope_reply (op, 0);
  const SuratSmtpReply *data;
  GError *error;

  if (surat_smtp_reply_class (mail) != 2)
    {
      op->report->reply = surat_smtp_reply_copy (mail);
      abort_envelope (task, mail_error (task, mail));
      return;
    }

  error = recipients_error (task);
  if (error != NULL)
    {
      abort_envelope (task, error);
      return;
    }

  if (task_client (task)->error != NULL)
    {
      /* A 421 among the replies ended the session. */
      _surat_smtp_send_fail (task, g_error_copy (task_client (task)->error), FALSE);
      return;
    }

  if (!op->data_pipelined)
    {
      _surat_smtp_command (task, "DATA", NULL, SURAT_SMTP_WAIT_DATA, data_done);
      return;
    }

  data = envelope_reply (op, op->envelope->len - 1);
  if (data->code != 354)
    {
      op->report->reply = surat_smtp_reply_copy (data);
      abort_envelope (task, data_error (task, data));
      return;
    }

  _surat_smtp_start_data (task);
}

static SuratSmtpWait
envelope_wait (Op    *op,
               guint  index)
{
  if (index == 0)
    return SURAT_SMTP_WAIT_MAIL;
  if (op->data_pipelined && index == op->envelope->len - 1)
    return SURAT_SMTP_WAIT_DATA;
  return SURAT_SMTP_WAIT_RCPT;
}

static void envelope_next (GTask *task);

static void
envelope_reply_done (GTask                *task,
                     const SuratSmtpReply *reply,
                     const GError         *error)
{
  Op *op = task_op (task);

  if (error != NULL)
    {
      envelope_failed (task, error);
      return;
    }

  g_ptr_array_add (op->replies, surat_smtp_reply_copy (reply));

  /* RFC 5321 §3.8: after 421 the server closes the connection; no more
   * replies will come. */
  if (reply->code == 421)
    {
      g_autoptr(GError) closing = _surat_smtp_reply_error (task_client (task), reply, -1,
                                                           _("The server is closing the "
                                                             "connection"));
      envelope_done (task);
      return;
    }

  /* One at a time, a refused MAIL makes every RCPT pointless (in a
   * pipeline they went out with it already). */
  if (op->replies->len == 1 && op->n_written == 1 && surat_smtp_reply_class (reply) != 2)
    {
      envelope_done (task);
      return;
    }

  if (op->replies->len < op->n_written)
    _surat_smtp_read_reply (task, envelope_wait (op, op->replies->len), envelope_reply_done);
  else if (op->n_written < op->envelope->len)
    envelope_next (task);
  else
    envelope_done (task);
}

static void
envelope_written (GTask        *task,
                  const GError *error)
{
  if (error != NULL)
    {
      envelope_failed (task, error);
      return;
    }

  _surat_smtp_read_reply (task, SURAT_SMTP_WAIT_MAIL, envelope_reply_done);
}

static void
envelope_next (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  /* RFC 2920 §3.1: MAIL, RCPT and DATA may go ahead of their replies, in
   * one write; the replies come back in order. */
  if (surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_PIPELINING))
    {
      GString *batch = g_string_new (NULL);
      gsize len;

      for (guint i = 0; i < op->envelope->len; i++)
        g_string_append (batch, g_ptr_array_index (op->envelope, i));
      op->n_written = op->envelope->len;

      len = batch->len;
      _surat_smtp_write (task, g_string_free (batch, FALSE), len, FALSE, SURAT_SMTP_WAIT_MAIL,
                         envelope_written);
      return;
    }

  _surat_smtp_send_line (task, g_strdup (g_ptr_array_index (op->envelope, op->n_written)),
                         FALSE, envelope_wait (op, op->n_written), envelope_reply_done);
  op->n_written++;
}

/* --- checks before anything is sent ------------------------------------- */

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

/* The address as it goes between "<" and ">": as it is with SMTPUTF8,
 * else with an internationalized domain in A-labels. */
static char *
envelope_address (GTask       *task,
                  const char  *address,
                  gboolean     smtputf8,
                  GError     **error)
{
  char *ascii;

  if (smtputf8 || is_ascii (address))
    return g_strdup (address);

  ascii = surat_smtp_address_to_ascii (address);
  if (ascii == NULL)
    g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_SMTPUTF8_UNSUPPORTED,
                 _("The address %s has characters beyond ASCII, and the server %s does not "
                   "accept such addresses (no SMTPUTF8)"), address, host (task));

  return ascii;
}

static gboolean
build_envelope (GTask   *task,
                GError **error)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  SuratSmtpSendReport *report = op->report;
  g_autofree char *from = NULL;
  GString *mail;
  gboolean all_ascii = is_ascii (op->from);
  guint n = g_strv_length (op->recipients);

  for (guint i = 0; i < n; i++)
    all_ascii &= is_ascii (op->recipients[i]);

  /* RFC 6531 §3.4: SMTPUTF8 whenever the envelope has UTF-8 and the
   * server takes it; without it only the domains can be converted. */
  report->smtputf8 = !all_ascii &&
                     surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_SMTPUTF8);

  from = envelope_address (task, op->from, report->smtputf8, error);
  if (from == NULL)
    return FALSE;

  op->envelope = g_ptr_array_new_with_free_func (g_free);

  mail = g_string_new (NULL);
  g_string_append_printf (mail, "MAIL FROM:<%s>", from);
  if (surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_SIZE))
    g_string_append_printf (mail, " SIZE=%" G_GUINT64_FORMAT, report->size);
  if (report->eight_bit)
    g_string_append (mail, " BODY=8BITMIME");
  if (report->smtputf8)
    g_string_append (mail, " SMTPUTF8");
  g_string_append (mail, "\r\n");
  g_ptr_array_add (op->envelope, g_string_free (mail, FALSE));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *to = envelope_address (task, op->recipients[i], report->smtputf8, error);

      if (to == NULL)
        return FALSE;
      g_ptr_array_add (op->envelope, g_strdup_printf ("RCPT TO:<%s>\r\n", to));
    }

  /* See surat_smtp_client_send_async(): with one recipient a refused RCPT
   * leaves nobody to deliver to, so DATA may go ahead of it. */
  op->data_pipelined = n == 1 &&
                       surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_PIPELINING);
  if (op->data_pipelined)
    g_ptr_array_add (op->envelope, g_strdup ("DATA\r\n"));

  op->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) surat_smtp_reply_free);
  return TRUE;
}

static gboolean
check_message (GTask   *task,
               GError **error)
{
  SuratSmtpClient *self = task_client (task);
  SuratSmtpSendReport *report = task_op (task)->report;
  guint64 limit = self->extensions.size_limit;

  /* RFC 1870 §6: refuse before MAIL what the server said it would not
   * take; it would only read it all and then say no. */
  if (surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_SIZE) && limit > 0 &&
      report->size > limit)
    {
      g_autofree char *size = g_format_size_full (report->size, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *max = g_format_size_full (limit, G_FORMAT_SIZE_LONG_FORMAT);

      g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_SIZE_EXCEEDED,
                   _("The message is too large for the server %s: it is %s, and the server "
                     "accepts at most %s"), host (task), size, max);
      return FALSE;
    }

  /* RFC 6152: 8-bit data only to a server that says it takes it. */
  if (report->eight_bit &&
      !surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_8BITMIME))
    {
      g_set_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_8BITMIME_UNSUPPORTED,
                   _("The message has 8-bit characters, and the server %s does not accept "
                     "them (no 8BITMIME); it must be converted to 7 bit first"), host (task));
      return FALSE;
    }

  return build_envelope (task, error);
}

/* --- reading the file once, for its size -------------------------------- */

typedef struct {
  GFile                *file;
  SuratDotEncoderFlags  flags;
  guint64               size;
  guint64               file_size;
  gboolean              eight_bit;
} Scan;

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_object_unref (scan->file);
  g_free (scan);
}

/* In a worker thread: the size SIZE= announces (RFC 1870 §3 counts what is
 * sent, CRLF line ends, Bcc left out) and whether there are 8-bit bytes,
 * from the very encoder that sends the message. */
static void
scan_thread (GTask        *scan_task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree guint8 *chunk = g_malloc (DATA_CHUNK);
  g_autofree guint8 *encoded = g_malloc (SURAT_DOT_ENCODER_OUTPUT_SIZE (DATA_CHUNK));
  guint8 tail[SURAT_DOT_ENCODER_FINISH_SIZE];
  SuratDotEncoder encoder;
  GError *error = NULL;
  gssize n;

  input = g_file_read (scan->file, cancellable, &error);
  if (input == NULL)
    {
      g_task_return_error (scan_task, error);
      return;
    }

  surat_dot_encoder_init (&encoder, scan->flags);
  while ((n = g_input_stream_read (G_INPUT_STREAM (input), chunk, DATA_CHUNK, cancellable,
                                   &error)) > 0)
    {
      surat_dot_encoder_feed (&encoder, chunk, n, encoded);
      scan->file_size += n;
    }
  if (n < 0)
    {
      g_task_return_error (scan_task, error);
      return;
    }
  surat_dot_encoder_finish (&encoder, tail);

  scan->size = surat_dot_encoder_get_size (&encoder);
  scan->eight_bit = surat_dot_encoder_is_8bit (&encoder);
  g_task_return_boolean (scan_task, TRUE);
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  Scan *scan = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("The message could not be read, so it was not sent: "));
      _surat_smtp_send_fail (task, g_steal_pointer (&error), FALSE);
      return;
    }

  op->report->size = scan->size;
  op->report->eight_bit = scan->eight_bit;
  op->file_size = scan->file_size;

  if (!check_message (task, &error))
    {
      _surat_smtp_send_fail (task, g_steal_pointer (&error), FALSE);
      return;
    }

  envelope_next (task);
}

void
_surat_smtp_start_send (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  g_autoptr(GTask) scan_task = NULL;
  GError *error = NULL;
  Scan *scan;

  if (!self->ready)
    {
      _surat_smtp_send_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                                        _("Not connected to the SMTP server")),
                             FALSE);
      return;
    }

  if (op->recipients[0] == NULL)
    {
      _surat_smtp_send_fail (task, g_error_new_literal (SURAT_SMTP_ERROR,
                                                        SURAT_SMTP_ERROR_INVALID_ADDRESS,
                                                        _("The message has no recipients")),
                             FALSE);
      return;
    }

  if (!surat_smtp_check_address (op->from, TRUE, &error))
    {
      _surat_smtp_send_fail (task, error, FALSE);
      return;
    }
  for (guint i = 0; op->recipients[i] != NULL; i++)
    if (!surat_smtp_check_address (op->recipients[i], FALSE, &error))
      {
        _surat_smtp_send_fail (task, error, FALSE);
        return;
      }

  scan = g_new0 (Scan, 1);
  scan->file = g_object_ref (op->file);
  scan->flags = (op->flags & SURAT_SMTP_SEND_STRIP_BCC) ? SURAT_DOT_ENCODER_STRIP_BCC :
                                                          SURAT_DOT_ENCODER_NONE;

  scan_task = g_task_new (self, g_task_get_cancellable (task), scan_done, task);
  g_task_set_source_tag (scan_task, _surat_smtp_start_send);
  g_task_set_task_data (scan_task, scan, scan_free);
  g_task_run_in_thread (scan_task, scan_thread);
}
