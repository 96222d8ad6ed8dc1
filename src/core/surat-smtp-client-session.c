/* surat-smtp-client-session.c — greeting, EHLO/HELO, STARTTLS, AUTH
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-sasl.h"
#include "surat-smtp-client-private.h"
#include "surat-tls-stream.h"

/* RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF;
 * an AUTH command whose initial response would be longer waits for the
 * server's 334 instead (RFC 4954 §4). */
#define MAX_COMMAND_LINE 512

static void send_ehlo (GTask *task);

/* --- connect: greeting, EHLO, STARTTLS, EHLO ----------------------------- */

static const char *
host (GTask *task)
{
  return surat_connection_get_host (task_client (task)->connection);
}

/* A failure while connecting ends the session: the connection is in no
 * state to go on (half a greeting, no TLS where TLS was required). */
static void
connect_failed (GTask        *task,
                const GError *error)
{
  _surat_smtp_op_fail_session (task, g_error_copy (error));
}

/* A reply that ends the connect attempt: 4yz TRANSIENT, 5yz PERMANENT,
 * anything else PROTOCOL. */
static void
connect_refused (GTask                *task,
                 const SuratSmtpReply *reply,
                 const char           *what)
{
  g_autoptr(GError) error = NULL;
  guint klass = surat_smtp_reply_class (reply);

  error = surat_smtp_reply_to_error (reply, klass == 4 || klass == 5 ? -1 :
                                            SURAT_SMTP_ERROR_PROTOCOL, what);
  connect_failed (task, error);
}

/* Each step of the connect dialogue gets its reply; a failure of the
 * connection ends the attempt before any step sees it. */
typedef void (*ConnectStep) (GTask                *task,
                             const SuratSmtpReply *reply);

static void
connect_reply_cb (GTask                *task,
                  const SuratSmtpReply *reply,
                  const GError         *error)
{
  ConnectStep step = (ConnectStep) task_op (task)->next_step;

  if (error != NULL)
    connect_failed (task, error);
  else
    step (task, reply);
}

static void
connect_command (GTask       *task,
                 const char  *verb,
                 const char  *argument,
                 ConnectStep  step)
{
  task_op (task)->next_step = (gpointer) step;
  _surat_smtp_command (task, verb, argument, WAIT_COMMAND, connect_reply_cb);
}

static void
read_greeting (GTask       *task,
               ConnectStep  step)
{
  task_op (task)->next_step = (gpointer) step;
  _surat_smtp_read_reply (task, SURAT_SMTP_WAIT_GREETING, connect_reply_cb);
}

static void
connected (GTask *task)
{
  SuratSmtpClient *self = task_client (task);

  self->ready = TRUE;
  g_debug ("SMTP session with %s ready%s", host (task),
           surat_connection_is_encrypted (self->connection) ? ", encrypted" : "");
  _surat_smtp_op_return_boolean (task);
}

static void
start_tls_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!surat_connection_start_tls_finish (SURAT_CONNECTION (source), result, &error))
    {
      connect_failed (task, error);
      return;
    }

  /* RFC 3207 §4.2: forget what the server said before TLS, which may have
   * been forged, and ask again. */
  surat_smtp_extensions_clear (&task_client (task)->extensions);
  send_ehlo (task);
}

static void
starttls_done (GTask                *task,
               const SuratSmtpReply *reply)
{
  SuratSmtpClient *self = task_client (task);
  g_autofree char *what = NULL;

  if (reply->code != 220)
    {
      what = g_strdup_printf (_("The server %s refused to start encryption (STARTTLS); "
                                "nothing was sent unencrypted"), host (task));
      connect_refused (task, reply, what);
      return;
    }

  /* The connection refuses any byte that came after the 220 (RFC 3207
   * §4.2, CVE-2011-0411). */
  surat_connection_start_tls_async (self->connection, g_task_get_cancellable (task),
                                    start_tls_cb, task);
}

/* EHLO (or HELO) has been answered with 250. */
static void
greeted (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  g_autoptr(GError) error = NULL;

  if (surat_connection_get_security (self->connection) != SURAT_SECURITY_STARTTLS ||
      surat_connection_is_encrypted (self->connection))
    {
      connected (task);
      return;
    }

  if (op->tls_started || !surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_STARTTLS))
    {
      /* Never a silent fallback to plain text (DESIGN.md). */
      error = g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE,
                           _("The server %s does not offer STARTTLS, which this account "
                             "requires; nothing was sent unencrypted"), host (task));
      connect_failed (task, error);
      return;
    }

  op->tls_started = TRUE;
  connect_command (task, "STARTTLS", NULL, starttls_done);
}

static void
helo_done (GTask                *task,
           const SuratSmtpReply *reply)
{
  g_autofree char *what = NULL;

  if (surat_smtp_reply_class (reply) != 2)
    {
      what = g_strdup_printf (_("The server %s refused to start a session (HELO)"), host (task));
      connect_refused (task, reply, what);
      return;
    }

  /* RFC 5321 §4.1.1.1: after HELO, no extensions. */
  surat_smtp_extensions_clear (&task_client (task)->extensions);
  greeted (task);
}

static char *
helo_name (SuratSmtpClient *self)
{
  g_autoptr(GSocketAddress) local = NULL;

  if (self->helo_name != NULL)
    return g_strdup (self->helo_name);

  local = surat_connection_get_local_address (self->connection);
  return surat_smtp_helo_name (g_get_host_name (),
                               G_IS_INET_SOCKET_ADDRESS (local) ?
                               g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)) :
                               NULL);
}

static void
ehlo_done (GTask                *task,
           const SuratSmtpReply *reply)
{
  SuratSmtpClient *self = task_client (task);
  g_autofree char *what = NULL;
  g_autofree char *name = NULL;

  /* RFC 5321 §4.1.4: a server that does not know EHLO says 500 or 502;
   * then HELO. */
  if (reply->code == 500 || reply->code == 502)
    {
      name = helo_name (self);
      connect_command (task, "HELO", name, helo_done);
      return;
    }

  if (surat_smtp_reply_class (reply) != 2)
    {
      what = g_strdup_printf (_("The server %s refused to start a session (EHLO)"), host (task));
      connect_refused (task, reply, what);
      return;
    }

  surat_smtp_extensions_parse (&self->extensions, reply);
  greeted (task);
}

static void
send_ehlo (GTask *task)
{
  g_autofree char *name = helo_name (task_client (task));

  connect_command (task, "EHLO", name, ehlo_done);
}

static void
greeting_done (GTask                *task,
               const SuratSmtpReply *reply)
{
  SuratSmtpClient *self = task_client (task);
  g_autofree char *what = NULL;

  /* RFC 5321 §3.1: 220, or 554 for "no SMTP service here"; 421 is the
   * temporary version. */
  if (reply->code != 220)
    {
      if (reply->code == 421)
        what = g_strdup_printf (_("The server %s is not taking connections right now"),
                                host (task));
      else if (surat_smtp_reply_class (reply) == 5)
        what = g_strdup_printf (_("The server %s refused the connection"), host (task));
      else
        what = g_strdup_printf (_("The server %s did not greet as an SMTP server does"),
                                host (task));
      connect_refused (task, reply, what);
      return;
    }

  g_free (self->greeting);
  self->greeting = g_strdup (reply->text);
  send_ehlo (task);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!surat_connection_connect_finish (SURAT_CONNECTION (source), result, &error))
    {
      connect_failed (task, error);
      return;
    }

  /* RFC 5321 §3.1: the server speaks first. */
  read_greeting (task, greeting_done);
}

void
_surat_smtp_start_connect (GTask *task)
{
  SuratSmtpClient *self = task_client (task);

  if (self->ready)
    {
      _surat_smtp_op_return_error (task, g_error_new_literal (G_IO_ERROR,
                                                              G_IO_ERROR_ALREADY_MOUNTED,
                                                              _("Already connected to the "
                                                                "SMTP server")));
      return;
    }

  /* The floor under every wait of the session. */
  self->base_timeout = surat_connection_get_timeout (self->connection);

  /* The caller may have connected (and wrapped in TLS) already. */
  if (surat_connection_is_connected (self->connection))
    {
      read_greeting (task, greeting_done);
      return;
    }

  _surat_smtp_set_wait (self, WAIT_COMMAND);
  surat_connection_connect_async (self->connection, g_task_get_cancellable (task),
                                  connect_cb, task);
}

/* --- login (RFC 4954) ---------------------------------------------------- */

/* What the next reply of a login dialogue should be. */
typedef enum {
  EXPECT_DONE,            /* 235: logged in; or 334, answered at op->sasl_step */
  EXPECT_CANCELLED,       /* we sent "*"; op->error says why */
} LoginExpect;

static void login_done (GTask                *task,
                        const SuratSmtpReply *reply,
                        const GError         *error);

static void
login_send (GTask       *task,
            LoginExpect  expect,
            char        *line,
            gboolean     secret)
{
  task_op (task)->expect = expect;
  _surat_smtp_send_line (task, line, secret, WAIT_COMMAND, login_done);
}

/* RFC 4954 §4: "*" cancels the exchange; the server answers 501, and we
 * fail with @error. */
static void
login_cancel (GTask  *task,
              GError *error)
{
  Op *op = task_op (task);

  g_clear_error (&op->error);
  op->error = error;
  login_send (task, EXPECT_CANCELLED, g_strdup ("*\r\n"), FALSE);
}

static GError *
login_error (GTask                *task,
             const SuratSmtpReply *reply)
{
  SuratSmtpClient *self = task_client (task);
  g_autofree char *what = NULL;
  int code;

  /* RFC 4954 §6. */
  switch (reply->code)
    {
    case 535:
      code = SURAT_SMTP_ERROR_AUTH_FAILED;
      what = g_strdup_printf (_("Logging in to %s failed: the user name or password was not "
                                "accepted"), host (task));
      break;
    case 534:
    case 504:
      code = SURAT_SMTP_ERROR_NO_MECHANISM;
      what = g_strdup_printf (_("Logging in to %s failed: the server does not accept the "
                                "%s login method"), host (task),
                              _surat_smtp_method_names[task_op (task)->method]);
      break;
    case 530:
    case 538:
      code = SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION;
      what = g_strdup_printf (_("Logging in to %s failed: the server wants an encrypted "
                                "connection first"), host (task));
      break;
    default:
      code = -1;
      if (surat_smtp_reply_class (reply) == 4)
        what = g_strdup_printf (_("Logging in to %s failed for now; try again later"),
                                host (task));
      else
        what = g_strdup_printf (_("Logging in to %s failed"), host (task));
      break;
    }

  if (surat_smtp_reply_class (reply) != 4 && surat_smtp_reply_class (reply) != 5)
    code = SURAT_SMTP_ERROR_PROTOCOL;

  return _surat_smtp_reply_error (self, reply, code, what);
}

/* The server asked for more (334). */
static void
login_continue (GTask                *task,
                const SuratSmtpReply *reply)
{
  Op *op = task_op (task);
  g_autoptr(SuratSecret) response = NULL;
  g_autoptr(GError) error = NULL;

  if (op->sasl_step == SURAT_SASL_STEP_NONE)
    {
      login_cancel (task, g_error_new (SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL,
                                       _("Logging in to %s failed: the server asked for "
                                         "more than the %s method needs"), host (task),
                                       _surat_smtp_method_names[op->method]));
      return;
    }

  /* The challenge as sent, not the text with an enhanced code taken off:
   * base64 may look like one. */
  response = surat_sasl_answer (op->sasl_step, op->user, op->password,
                                reply->lines[0] != NULL ? reply->lines[0] : "",
                                &op->sasl_step, &error);
  if (response == NULL)
    {
      login_cancel (task, g_error_new (SURAT_SMTP_ERROR,
                                       error->code == SURAT_SASL_ERROR_BAD_INPUT ?
                                       SURAT_SMTP_ERROR_NO_MECHANISM : SURAT_SMTP_ERROR_PROTOCOL,
                                       _("Logging in to %s failed: %s"), host (task),
                                       error->message));
      return;
    }

  login_send (task, EXPECT_DONE, surat_sasl_line (NULL, response), TRUE);
}

static void
login_done (GTask                *task,
            const SuratSmtpReply *reply,
            const GError         *error)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);

  if (error != NULL)
    {
      _surat_smtp_op_fail_session (task, g_error_copy (error));
      return;
    }

  if (op->expect == EXPECT_CANCELLED)
    {
      _surat_smtp_op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  if (reply->code == 334)
    {
      login_continue (task, reply);
      return;
    }

  if (surat_smtp_reply_class (reply) != 2)
    {
      _surat_smtp_op_return_error (task, login_error (task, reply));
      return;
    }

  self->login_method = op->method;
  _surat_smtp_op_return_boolean (task);
}

static LoginMethod
choose_method (SuratSmtpClient *self)
{
  SuratSmtpAuthMechanism offered = self->extensions.auth;

  /* Strongest first: CRAM-MD5 never shows the password, PLAIN sends it in
   * one step, LOGIN in two. */
  if (offered & SURAT_SMTP_AUTH_CRAM_MD5)
    return METHOD_CRAM_MD5;
  if (offered & SURAT_SMTP_AUTH_PLAIN)
    return METHOD_PLAIN;
  if (offered & SURAT_SMTP_AUTH_LOGIN)
    return METHOD_LOGIN;

  return METHOD_NONE;
}

/* Fails the login before anything is sent. */
static void
login_refuse (GTask      *task,
              int         code,
              const char *message)
{
  _surat_smtp_op_return_error (task, g_error_new_literal (SURAT_SMTP_ERROR, code, message));
}

static void
start_plain (GTask *task)
{
  Op *op = task_op (task);
  g_autoptr(SuratSecret) response = NULL;
  g_autoptr(SuratSecret) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  response = surat_sasl_plain (NULL, op->user, op->password, &error);
  if (response == NULL)
    {
      message = g_strdup_printf (_("Logging in to %s failed: %s"), host (task), error->message);
      login_refuse (task, SURAT_SMTP_ERROR_NO_MECHANISM, message);
      return;
    }

  /* RFC 4954 §4: the initial response saves a round trip when the line
   * stays short; else wait for the server's 334. */
  line = surat_sasl_line ("AUTH PLAIN", response);
  if (strlen (line) > MAX_COMMAND_LINE)
    {
      op->sasl_step = SURAT_SASL_STEP_PLAIN;
      login_send (task, EXPECT_DONE, g_strdup ("AUTH PLAIN\r\n"), FALSE);
      return;
    }

  login_send (task, EXPECT_DONE, g_steal_pointer (&line), TRUE);
}

void
_surat_smtp_start_login (GTask *task)
{
  SuratSmtpClient *self = task_client (task);
  Op *op = task_op (task);
  g_autofree char *message = NULL;

  if (!self->ready)
    {
      _surat_smtp_op_return_error (task, g_error_new_literal (G_IO_ERROR,
                                                              G_IO_ERROR_NOT_CONNECTED,
                                                              _("Not connected to the "
                                                                "SMTP server")));
      return;
    }

  /* Defensive: connect refuses to go on without TLS when the account
   * wants it, but a password must never cross an unencrypted connection
   * unless the account explicitly says "none". */
  if (!surat_connection_is_encrypted (self->connection) &&
      surat_connection_get_security (self->connection) != SURAT_SECURITY_NONE)
    {
      login_refuse (task, SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION,
                    _("Logging in was refused: the connection is not encrypted, and this "
                      "account requires encryption"));
      return;
    }

  /* A CR or LF would end the command early and start another one. */
  if (*op->user == '\0' || strpbrk (op->user, "\r\n") != NULL ||
      strpbrk (op->password, "\r\n") != NULL)
    {
      login_refuse (task, SURAT_SMTP_ERROR_NO_MECHANISM,
                    _("Logging in failed: the user name or password holds characters SMTP "
                      "cannot carry"));
      return;
    }

  if (!surat_smtp_client_has_extension (self, SURAT_SMTP_EXTENSION_AUTH))
    {
      message = g_strdup_printf (_("The server %s does not offer logging in (AUTH); to send "
                                   "without logging in, leave the account's SMTP user name "
                                   "empty"), host (task));
      login_refuse (task, SURAT_SMTP_ERROR_NO_MECHANISM, message);
      return;
    }

  op->method = choose_method (self);
  switch (op->method)
    {
    case METHOD_CRAM_MD5:
      op->sasl_step = SURAT_SASL_STEP_CRAM_MD5;
      login_send (task, EXPECT_DONE, g_strdup ("AUTH CRAM-MD5\r\n"), FALSE);
      break;
    case METHOD_PLAIN:
      start_plain (task);
      break;
    case METHOD_LOGIN:
      op->sasl_step = SURAT_SASL_STEP_LOGIN_USER;
      login_send (task, EXPECT_DONE, g_strdup ("AUTH LOGIN\r\n"), FALSE);
      break;
    case METHOD_NONE:
    default:
      message = g_strdup_printf (_("Logging in to %s failed: the server offers no login "
                                   "method Surat knows (CRAM-MD5, PLAIN, LOGIN)"), host (task));
      login_refuse (task, SURAT_SMTP_ERROR_NO_MECHANISM, message);
      break;
    }
}
