/* surat-pop3-client-login.c — POP3's AUTHORIZATION state: greeting, CAPA,
 * STLS, login
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-client-private.h"
#include "surat-sasl.h"
#include "surat-tls-stream.h"

/* RFC 5034 §4: an AUTH command with its initial response must fit in 255
 * octets, CRLF included; a longer one waits for the server's "+ ". */
#define MAX_AUTH_LINE 255

static void send_capa (GTask            *task);
static void stls_done (SuratPop3Command *command,
                       const GError     *error,
                       gpointer          user_data);

/* --- connect: greeting, CAPA, STLS, CAPA -------------------------------- */

/* Any failure while connecting ends the session: the connection is in no
 * state to go on (half a greeting, no TLS where TLS was required). */
static void
fail_session_op (GTask  *task,
                 GError *error)
{
  SuratPop3Client *self = task_client (task);

  _surat_pop3_abandon_session (self, error);
  _surat_pop3_op_return_error (task, error);
}

static void
capa_done (SuratPop3Command *command,
           const GError     *error,
           gpointer          user_data)
{
  GTask *task = user_data;
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  op->n_outstanding--;

  if (error != NULL)
    {
      fail_session_op (task, g_error_copy (error));
      return;
    }

  surat_pop3_capa_clear (&self->capa);

  /* RFC 2449 §5: a server without CAPA says -ERR; it then has no
   * extensions we may rely on. */
  self->capa_known = command->reply.ok;
  if (command->reply.ok)
    {
      for (guint i = 0; i < command->lines->len; i++)
        surat_pop3_capa_parse_line (&self->capa, g_ptr_array_index (command->lines, i));
    }

  surat_pop3_pipeline_set_window (self->pipeline,
                                  (self->capa.flags & SURAT_POP3_CAPA_PIPELINING) != 0 ?
                                  self->pipeline_depth : 1);

  if (surat_connection_get_security (self->connection) == SURAT_SECURITY_STARTTLS &&
      !op->tls_started)
    {
      if ((self->capa.flags & SURAT_POP3_CAPA_STLS) == 0)
        {
          /* Never a silent fallback to plain text (DESIGN.md). */
          fail_session_op (task,
                           g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE,
                                        _("The server %s does not offer STARTTLS (STLS), which "
                                          "this account requires; nothing was sent unencrypted"),
                                        surat_connection_get_host (self->connection)));
          return;
        }

      op->tls_started = TRUE;
      _surat_pop3_op_send_line (task, SURAT_POP3_REPLY_STATUS, "STLS", NULL, FALSE, stls_done);
      return;
    }

  _surat_pop3_op_return_boolean (task);
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
      fail_session_op (task, g_steal_pointer (&error));
      return;
    }

  /* RFC 2595 §4: what the server said before TLS may have been forged;
   * forget it and ask again. */
  send_capa (task);
}

static void
stls_done (SuratPop3Command *command,
           const GError     *error,
           gpointer          user_data)
{
  GTask *task = user_data;
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  op->n_outstanding--;

  if (error != NULL)
    {
      fail_session_op (task, g_error_copy (error));
      return;
    }

  if (!command->reply.ok)
    {
      g_autofree char *doing = op->doing;

      op->doing = g_strdup (_("Starting encryption (STLS)"));
      fail_session_op (task, _surat_pop3_op_reply_error (op, &command->reply));
      return;
    }

  surat_connection_start_tls_async (self->connection, g_task_get_cancellable (task),
                                    start_tls_cb, task);
}

static void
send_capa (GTask *task)
{
  _surat_pop3_op_send_line (task, SURAT_POP3_REPLY_LINES, "CAPA", NULL, FALSE, capa_done);
}

static void
greeting_done (SuratPop3Command *command,
               const GError     *error,
               gpointer          user_data)
{
  GTask *task = user_data;
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  op->n_outstanding--;

  if (error != NULL)
    {
      fail_session_op (task, g_error_copy (error));
      return;
    }

  if (!command->reply.ok)
    {
      fail_session_op (task, _surat_pop3_op_reply_error (op, &command->reply));
      return;
    }

  g_free (self->greeting);
  self->greeting = g_strdup (command->reply.text);
  g_free (self->apop_timestamp);
  self->apop_timestamp = surat_pop3_parse_apop_timestamp (self->greeting);

  send_capa (task);
}

static void
read_greeting (GTask *task)
{
  SuratPop3Command *command;

  /* RFC 1939 §4: the server speaks first. */
  command = g_new0 (SuratPop3Command, 1);
  command->kind = SURAT_POP3_REPLY_STATUS;
  _surat_pop3_op_send (task, command, greeting_done);
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
      fail_session_op (task, g_steal_pointer (&error));
      return;
    }

  read_greeting (task);
}

void
_surat_pop3_start_connect (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  /* The caller may have connected (and wrapped in TLS) already. */
  if (surat_connection_is_connected (self->connection))
    {
      read_greeting (task);
      return;
    }

  surat_connection_connect_async (self->connection, g_task_get_cancellable (task),
                                  connect_cb, task);
}

/* --- login -------------------------------------------------------------- */

/* What the next reply of a login dialogue should be. */
typedef enum {
  EXPECT_OK,              /* +OK: logged in; or "+ ", answered at op->sasl_step */
  EXPECT_OK_THEN_PASS,    /* +OK to USER: send PASS (RFC 1939 §7) */
  EXPECT_CANCELLED,       /* we sent "*"; op->error says why */
} LoginExpect;

static void login_done (SuratPop3Command *command,
                        const GError     *error,
                        gpointer          user_data);

static void
login_send (GTask              *task,
            LoginExpect         expect,
            SuratPop3ReplyKind  kind,
            const char         *verb,
            const char         *argument,
            gboolean            secret)
{
  task_op (task)->expect = expect;
  _surat_pop3_op_send_line (task, kind, verb, argument, secret, login_done);
}

/* A whole line from surat_sasl_line () (taken): an AUTH command with its
 * initial response, or the answer to a challenge. */
static void
login_send_sasl_line (GTask       *task,
                      SuratSecret *line)
{
  SuratPop3Command *command;

  command = g_new0 (SuratPop3Command, 1);
  command->kind = SURAT_POP3_REPLY_AUTH;
  command->secret = TRUE;
  command->line = line;
  command->line_len = strlen (line);

  task_op (task)->expect = EXPECT_OK;
  _surat_pop3_op_send (task, command, login_done);
}

/* RFC 5034 §4: "*" cancels an AUTH exchange; the server answers -ERR, and
 * then we fail with @error. */
static void
login_cancel (GTask  *task,
              GError *error)
{
  Op *op = task_op (task);

  g_clear_error (&op->error);
  op->error = error;
  login_send (task, EXPECT_CANCELLED, SURAT_POP3_REPLY_AUTH, "*", NULL, FALSE);
}

/* RFC 3206 §4 and RFC 2449 §6.8: a server that announces AUTH-RESP-CODE
 * marks bad credentials with [AUTH], so a -ERR without it is something
 * else. Without that promise a bare -ERR at login most likely means a
 * wrong user name or password, and saying so lets the app ask again. */
static GError *
login_error (SuratPop3Client      *self,
             Op                   *op,
             const SuratPop3Reply *reply)
{
  SuratPop3Reply guess;

  if (reply->code != NULL || (self->capa.flags & SURAT_POP3_CAPA_AUTH_RESP_CODE) != 0)
    return _surat_pop3_op_reply_error (op, reply);

  guess = *reply;
  guess.code = (char *) "AUTH";
  return _surat_pop3_op_reply_error (op, &guess);
}

static void
login_succeeded (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  self->login_method = task_op (task)->method;
  _surat_pop3_op_return_boolean (task);
}

/* The server asked for more ("+ text"). */
static void
login_continue (GTask            *task,
                SuratPop3Command *command)
{
  Op *op = task_op (task);
  g_autoptr(SuratSecret) response = NULL;
  g_autoptr(GError) error = NULL;

  if (op->sasl_step == SURAT_SASL_STEP_NONE)
    {
      login_cancel (task, g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                                       _("Logging in failed: the server asked for more than "
                                         "the %s method needs"),
                                       _surat_pop3_method_names[op->method]));
      return;
    }

  response = surat_sasl_answer (op->sasl_step, op->user, op->password, command->reply.text,
                                &op->sasl_step, &error);
  if (response == NULL)
    {
      login_cancel (task, g_error_new (SURAT_POP3_ERROR,
                                       error->code == SURAT_SASL_ERROR_BAD_INPUT ?
                                       SURAT_POP3_ERROR_NO_MECHANISM : SURAT_POP3_ERROR_PROTOCOL,
                                       _("Logging in failed: %s"), error->message));
      return;
    }

  login_send_sasl_line (task, surat_sasl_line (NULL, response));
}

static void
login_done (SuratPop3Command *command,
            const GError     *error,
            gpointer          user_data)
{
  GTask *task = user_data;
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  op->n_outstanding--;

  if (error != NULL)
    {
      _surat_pop3_op_return_error (task, g_error_copy (error));
      return;
    }

  if (op->expect == EXPECT_CANCELLED)
    {
      _surat_pop3_op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  if (command->continuation)
    {
      login_continue (task, command);
      return;
    }

  if (!command->reply.ok)
    {
      _surat_pop3_op_return_error (task, login_error (self, op, &command->reply));
      return;
    }

  if (op->expect == EXPECT_OK_THEN_PASS)
    {
      login_send (task, EXPECT_OK, SURAT_POP3_REPLY_STATUS, "PASS", op->password, TRUE);
      return;
    }

  /* +OK where a challenge was due: the server let us in without one,
   * which is its business. */
  login_succeeded (task);
}

static LoginMethod
choose_method (SuratPop3Client *self)
{
  SuratPop3Capabilities flags = self->capa.flags;

  /* RFC 1939 §7: APOP only when the account asks for it, and then first. */
  if (self->allow_apop && self->apop_timestamp != NULL)
    return METHOD_APOP;

  /* Strongest first: CRAM-MD5 never shows the password, PLAIN sends it in
   * one step, LOGIN in two. */
  if (flags & SURAT_POP3_CAPA_SASL_CRAM_MD5)
    return METHOD_CRAM_MD5;
  if (flags & SURAT_POP3_CAPA_SASL_PLAIN)
    return METHOD_PLAIN;
  if (flags & SURAT_POP3_CAPA_SASL_LOGIN)
    return METHOD_LOGIN;

  /* USER/PASS when announced, and on servers without CAPA, which predate
   * RFC 2449 and know nothing better. */
  if ((flags & SURAT_POP3_CAPA_USER) || !self->capa_known)
    return METHOD_USER;

  return METHOD_NONE;
}

static void
start_apop (GTask *task)
{
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);
  g_autoptr(SuratSecret) digest = surat_apop_digest (self->apop_timestamp, op->password);
  g_autoptr(SuratSecret) argument = NULL;
  gsize user_len = strlen (op->user);
  gsize digest_len = strlen (digest);

  /* RFC 1939 §7: APOP name digest. */
  argument = g_malloc (user_len + 1 + digest_len + 1);
  memcpy (argument, op->user, user_len);
  argument[user_len] = ' ';
  memcpy (argument + user_len + 1, digest, digest_len + 1);

  login_send (task, EXPECT_OK, SURAT_POP3_REPLY_STATUS, "APOP", argument, TRUE);
}

/* Fails the login before anything is sent, with @message (taken). */
static void
login_refuse (GTask *task,
              char  *message)
{
  _surat_pop3_op_return_error (task, g_error_new_literal (SURAT_POP3_ERROR,
                                                          SURAT_POP3_ERROR_NO_MECHANISM,
                                                          message));
  g_free (message);
}

static void
start_plain (GTask *task)
{
  Op *op = task_op (task);
  g_autoptr(SuratSecret) response = NULL;
  g_autoptr(SuratSecret) line = NULL;
  g_autoptr(GError) error = NULL;

  response = surat_sasl_plain (NULL, op->user, op->password, &error);
  if (response == NULL)
    {
      login_refuse (task, g_strdup_printf (_("Logging in failed: %s"), error->message));
      return;
    }

  /* RFC 5034 §4: the initial response saves a round trip, if the whole
   * command fits in 255 octets; else wait for the server's "+ ". */
  line = surat_sasl_line ("AUTH PLAIN", response);
  if (strlen (line) > MAX_AUTH_LINE)
    {
      op->sasl_step = SURAT_SASL_STEP_PLAIN;
      login_send (task, EXPECT_OK, SURAT_POP3_REPLY_AUTH, "AUTH", "PLAIN", FALSE);
      return;
    }

  login_send_sasl_line (task, g_steal_pointer (&line));
}

static gboolean
has_line_break (const char *text)
{
  return strpbrk (text, "\r\n") != NULL;
}

void
_surat_pop3_start_login (GTask *task)
{
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  /* Defensive: connect refuses to go on without TLS when the account
   * wants it, but a password must never cross an unencrypted connection
   * unless the account explicitly says "none". */
  if (!surat_connection_is_encrypted (self->connection) &&
      surat_connection_get_security (self->connection) != SURAT_SECURITY_NONE)
    {
      login_refuse (task, g_strdup (_("Logging in was refused: the connection is not "
                                      "encrypted, and this account requires encryption")));
      return;
    }

  /* A CR or LF would end the command early and start another one; a
   * space would split USER's single argument. */
  if (*op->user == '\0' || has_line_break (op->user) || strchr (op->user, ' ') != NULL ||
      has_line_break (op->password))
    {
      login_refuse (task, g_strdup (_("Logging in failed: the user name or password "
                                      "holds characters POP3 cannot carry")));
      return;
    }

  op->method = choose_method (self);
  if (op->method != METHOD_NONE)
    g_debug ("Logging in with %s", _surat_pop3_method_names[op->method]);

  switch (op->method)
    {
    case METHOD_APOP:
      start_apop (task);
      break;
    case METHOD_CRAM_MD5:
      op->sasl_step = SURAT_SASL_STEP_CRAM_MD5;
      login_send (task, EXPECT_OK, SURAT_POP3_REPLY_AUTH, "AUTH", "CRAM-MD5", FALSE);
      break;
    case METHOD_PLAIN:
      start_plain (task);
      break;
    case METHOD_LOGIN:
      op->sasl_step = SURAT_SASL_STEP_LOGIN_USER;
      login_send (task, EXPECT_OK, SURAT_POP3_REPLY_AUTH, "AUTH", "LOGIN", FALSE);
      break;
    case METHOD_USER:
      login_send (task, EXPECT_OK_THEN_PASS, SURAT_POP3_REPLY_STATUS, "USER", op->user, FALSE);
      break;
    case METHOD_NONE:
    default:
      login_refuse (task, g_strdup (_("Logging in failed: the server offers no login method "
                                      "Surat knows (CRAM-MD5, PLAIN, LOGIN, USER)")));
      break;
    }
}
