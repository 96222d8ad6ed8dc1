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
  EXPECT_OK,              /* +OK: logged in */
  EXPECT_OK_THEN_PASS,    /* +OK to USER: send PASS (RFC 1939 §7) */
  EXPECT_CRAM_CHALLENGE,  /* "+ " and a challenge (RFC 2195) */
  EXPECT_PLAIN_PROMPT,    /* "+ ": send the PLAIN response (RFC 4616) */
  EXPECT_LOGIN_USER,      /* "+ Username:" */
  EXPECT_LOGIN_PASSWORD,  /* "+ Password:" */
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

/* A SASL response line: base64 and nothing else (RFC 5034 §4). */
static void
login_send_response (GTask       *task,
                     LoginExpect  expect,
                     SuratSecret *response)
{
  SuratPop3Command *command;
  gsize len = strlen (response);

  command = g_new0 (SuratPop3Command, 1);
  command->kind = SURAT_POP3_REPLY_AUTH;
  command->secret = TRUE;
  command->line_len = len + 2;
  command->line = g_malloc (len + 3);
  memcpy (command->line, response, len);
  memcpy (command->line + len, "\r\n", 3);

  task_op (task)->expect = expect;
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

  switch (op->expect)
    {
    case EXPECT_CRAM_CHALLENGE:
      response = surat_sasl_cram_md5 (op->user, op->password, command->reply.text, &error);
      if (response == NULL)
        {
          login_cancel (task, g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                                           _("Logging in failed: %s"), error->message));
          return;
        }
      login_send_response (task, EXPECT_OK, response);
      break;

    case EXPECT_PLAIN_PROMPT:
      response = surat_sasl_plain (NULL, op->user, op->password, &error);
      if (response == NULL)
        {
          login_cancel (task, g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM,
                                           _("Logging in failed: %s"), error->message));
          return;
        }
      login_send_response (task, EXPECT_OK, response);
      break;

    case EXPECT_LOGIN_USER:
      /* The LOGIN mechanism (draft-murchison-sasl-login): the server
       * prompts "Username:" and then "Password:", each answered in
       * base64; we answer in that order whatever the prompt says. */
      response = surat_sasl_login_step (op->user);
      login_send_response (task, EXPECT_LOGIN_PASSWORD, response);
      break;

    case EXPECT_LOGIN_PASSWORD:
      response = surat_sasl_login_step (op->password);
      login_send_response (task, EXPECT_OK, response);
      break;

    case EXPECT_OK:
    case EXPECT_OK_THEN_PASS:
    case EXPECT_CANCELLED:
    default:
      login_cancel (task, g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                                       _("Logging in failed: the server asked for more than "
                                         "the %s method needs"),
                                       _surat_pop3_method_names[op->method]));
      break;
    }
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
  g_autoptr(SuratSecret) argument = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  response = surat_sasl_plain (NULL, op->user, op->password, &error);
  if (response == NULL)
    {
      login_refuse (task, g_strdup_printf (_("Logging in failed: %s"), error->message));
      return;
    }

  /* RFC 5034 §4: the initial response saves a round trip, if the whole
   * command fits in 255 octets; else wait for the server's "+ ". */
  len = strlen (response);
  if (strlen ("AUTH PLAIN ") + len + 2 > MAX_AUTH_LINE)
    {
      login_send (task, EXPECT_PLAIN_PROMPT, SURAT_POP3_REPLY_AUTH, "AUTH", "PLAIN", FALSE);
      return;
    }

  argument = g_malloc (strlen ("PLAIN ") + len + 1);
  memcpy (argument, "PLAIN ", strlen ("PLAIN "));
  memcpy (argument + strlen ("PLAIN "), response, len + 1);
  login_send (task, EXPECT_OK, SURAT_POP3_REPLY_AUTH, "AUTH", argument, TRUE);
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
      login_send (task, EXPECT_CRAM_CHALLENGE, SURAT_POP3_REPLY_AUTH, "AUTH", "CRAM-MD5", FALSE);
      break;
    case METHOD_PLAIN:
      start_plain (task);
      break;
    case METHOD_LOGIN:
      login_send (task, EXPECT_LOGIN_USER, SURAT_POP3_REPLY_AUTH, "AUTH", "LOGIN", FALSE);
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
