/* surat-pop3-client.c — an asynchronous, pipelining POP3 client
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-client.h"
#include "surat-pop3-pipeline.h"
#include "surat-sasl.h"
#include "surat-secret.h"
#include "surat-tls-stream.h"

/*
 * Two layers. SuratPop3Pipeline (surat-pop3-pipeline.c) puts command lines
 * on the wire and reads their replies in order. Here, every public call is
 * an operation (a GTask with an Op) in one queue:
 *
 * - simple operations (STAT, UIDL+LIST, RETR, TOP, DELE, RSET, NOOP, QUIT)
 *   hand their commands to the pipeline at once, which sends them ahead
 *   as far as the window allows;
 * - sequential operations (connect, login) run a dialogue in which each
 *   command depends on the reply before it; while one runs nothing else is
 *   sent, and it starts only when everything before it has finished.
 *
 * Operations complete in the order they were issued.
 */

/* RFC 2449 §6.6 asks for a bound; this many RETRs in flight hide a long
 * round trip and keep the server's output buffer small. */
#define DEFAULT_PIPELINE_DEPTH 16

/* RFC 5034 §4: an AUTH command with its initial response must fit in 255
 * octets, CRLF included; a longer one waits for the server's "+ ". */
#define MAX_AUTH_LINE 255

typedef enum {
  OP_CONNECT,
  OP_LOGIN,
  OP_STAT,
  OP_SCAN,
  OP_RETRIEVE,
  OP_TOP,
  OP_DELETE,
  OP_RESET,
  OP_NOOP,
  OP_QUIT,
} OpKind;

typedef enum {
  METHOD_NONE,
  METHOD_APOP,
  METHOD_CRAM_MD5,
  METHOD_PLAIN,
  METHOD_LOGIN,
  METHOD_USER,
} LoginMethod;

static const char * const method_names[] = {
  NULL, "APOP", "CRAM-MD5", "PLAIN", "LOGIN", "USER",
};

typedef struct {
  OpKind          kind;
  gboolean        sequential;
  char           *doing;          /* what we tried, in words, for errors */
  guint           n_outstanding;  /* commands handed to the pipeline, not done */

  /* RETR, TOP, DELE */
  guint           number;
  guint           lines;
  GOutputStream  *sink;

  /* login */
  char           *user;
  SuratSecret    *password;
  LoginMethod     method;
  guint           expect;         /* LoginExpect */

  /* connect */
  gboolean        tls_started;

  /* scan */
  GPtrArray      *uidl_lines;
  GPtrArray      *list_lines;
  gboolean        have_uidl;
  GError         *error;
} Op;

struct _SuratPop3Client
{
  GObject             parent_instance;

  SuratConnection    *connection;
  SuratPop3Pipeline  *pipeline;
  gboolean            allow_apop;
  guint               pipeline_depth;

  char               *greeting;
  char               *apop_timestamp;
  SuratPop3Capa       capa;
  gboolean            capa_known;
  LoginMethod         login_method;

  GQueue              waiting;        /* GTask*, not started */
  GQueue              running;        /* GTask*, started, not complete */
  GTask              *sequential;     /* the running sequential op, if any */
  gboolean            pumping;
  gboolean            repump;

  /* Why no more commands can be sent (failure, QUIT). */
  GError             *error;
  gboolean            quit_issued;
};

G_DEFINE_FINAL_TYPE (SuratPop3Client, surat_pop3_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SuratPop3Message, surat_pop3_message,
                     surat_pop3_message_copy, surat_pop3_message_free)

static void pump_ops   (SuratPop3Client  *self);
static void send_capa  (GTask            *task);
static void stls_done  (SuratPop3Command *command,
                        const GError     *error,
                        gpointer          user_data);

/* --- messages ----------------------------------------------------------- */

SuratPop3Message *
surat_pop3_message_copy (const SuratPop3Message *message)
{
  SuratPop3Message *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_new0 (SuratPop3Message, 1);
  copy->number = message->number;
  copy->size = message->size;
  copy->uid = g_strdup (message->uid);

  return copy;
}

void
surat_pop3_message_free (SuratPop3Message *message)
{
  if (message == NULL)
    return;

  g_free (message->uid);
  g_free (message);
}

/* --- operations --------------------------------------------------------- */

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->doing);
  g_clear_object (&op->sink);
  g_free (op->user);
  g_clear_pointer (&op->password, surat_secret_free);
  g_clear_pointer (&op->uidl_lines, g_ptr_array_unref);
  g_clear_pointer (&op->list_lines, g_ptr_array_unref);
  g_clear_error (&op->error);
  g_free (op);
}

static Op *
task_op (GTask *task)
{
  return g_task_get_task_data (task);
}

static SuratPop3Client *
task_client (GTask *task)
{
  return g_task_get_source_object (task);
}

/* Takes the op out of the queue before its result is known to anyone: the
 * callback may issue new commands. */
static void
op_finish (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  g_queue_remove (&self->running, task);
  if (self->sequential == task)
    self->sequential = NULL;
}

static void
op_return_error (GTask  *task,
                 GError *error)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_error (task, error);
  g_object_unref (task);
  pump_ops (self);
}

static void
op_return_boolean (GTask *task)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  pump_ops (self);
}

static void
op_return_int (GTask  *task,
               gssize  value)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_int (task, value);
  g_object_unref (task);
  pump_ops (self);
}

static void
op_return_pointer (GTask          *task,
                   gpointer        result,
                   GDestroyNotify  destroy)
{
  g_autoptr(SuratPop3Client) self = g_object_ref (task_client (task));

  op_finish (task);
  g_task_return_pointer (task, result, destroy);
  g_object_unref (task);
  pump_ops (self);
}

/* The session cannot go on: remember why, fail whatever is queued, and
 * close the connection. */
static void
abandon_session (SuratPop3Client *self,
                 const GError    *error)
{
  if (self->error == NULL)
    self->error = g_error_copy (error);

  surat_pop3_pipeline_fail (self->pipeline, error);
}

static void
pipeline_failed_cb (gpointer error,
                    gpointer user_data)
{
  SuratPop3Client *self = user_data;

  if (self->error == NULL)
    self->error = g_error_copy (error);

  pump_ops (self);
}

/* Hands a command to the pipeline on behalf of @task. */
static void
op_send (GTask                *task,
         SuratPop3Command     *command,
         SuratPop3CommandDone  done)
{
  SuratPop3Client *self = task_client (task);

  command->cancellable = g_task_get_cancellable (task) != NULL ?
                         g_object_ref (g_task_get_cancellable (task)) : NULL;
  command->done = done;
  command->user_data = task;
  task_op (task)->n_outstanding++;

  surat_pop3_pipeline_push (self->pipeline, command);
}

static void
op_send_line (GTask                *task,
              SuratPop3ReplyKind    kind,
              const char           *verb,
              const char           *argument,
              gboolean              secret,
              SuratPop3CommandDone  done)
{
  op_send (task, surat_pop3_command_new (kind, verb, argument, secret), done);
}

/* The typed error for a -ERR reply, saying what @op was doing. */
static GError *
op_reply_error (Op                   *op,
                const SuratPop3Reply *reply)
{
  return surat_pop3_reply_to_error (reply, op->doing);
}

static void start_connect   (GTask *task);
static void start_login     (GTask *task);
static void start_simple    (GTask *task);
static void start_scan      (GTask *task);

static void
start_op (GTask *task)
{
  switch (task_op (task)->kind)
    {
    case OP_CONNECT:
      start_connect (task);
      break;
    case OP_LOGIN:
      start_login (task);
      break;
    case OP_SCAN:
      start_scan (task);
      break;
    case OP_STAT:
    case OP_RETRIEVE:
    case OP_TOP:
    case OP_DELETE:
    case OP_RESET:
    case OP_NOOP:
    case OP_QUIT:
      start_simple (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Starts what may start: simple operations while no sequential one runs,
 * a sequential one when nothing runs. After a failure every waiting op
 * fails, once those running have finished (so that the order holds). */
static void
pump_ops (SuratPop3Client *self)
{
  if (self->pumping)
    {
      self->repump = TRUE;
      return;
    }

  g_object_ref (self);
  self->pumping = TRUE;

  do
    {
      GTask *task;

      self->repump = FALSE;

      while ((task = g_queue_peek_head (&self->waiting)) != NULL)
        {
          Op *op = task_op (task);

          if (self->sequential != NULL)
            break;

          if (self->error != NULL)
            {
              if (!g_queue_is_empty (&self->running))
                break;
              g_queue_pop_head (&self->waiting);
              g_queue_push_tail (&self->running, task);
              op_return_error (task, g_error_copy (self->error));
              continue;
            }

          if (op->sequential && !g_queue_is_empty (&self->running))
            break;

          g_queue_pop_head (&self->waiting);
          g_queue_push_tail (&self->running, task);
          if (op->sequential)
            self->sequential = task;

          /* A cancelled op starts too: its commands are skipped in the
           * pipeline, so it still completes in its turn. */
          start_op (task);
        }
    }
  while (self->repump);

  self->pumping = FALSE;
  g_object_unref (self);
}

static GTask *
op_new (SuratPop3Client     *self,
        OpKind               kind,
        gboolean             sequential,
        char                *doing,
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
  op->sequential = sequential;
  op->doing = doing;
  g_task_set_task_data (task, op, op_free);

  return task;
}

/* Queues @task (the queue takes it). */
static void
op_queue (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  /* Nothing goes after QUIT: the session is over once it is answered. */
  if (self->quit_issued && self->error == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The POP3 session has ended"));
      g_object_unref (task);
      return;
    }

  if (task_op (task)->kind == OP_QUIT)
    self->quit_issued = TRUE;

  g_queue_push_tail (&self->waiting, task);
  pump_ops (self);
}

/* --- connect: greeting, CAPA, STLS, CAPA -------------------------------- */

static void
fail_session_op (GTask  *task,
                 GError *error)
{
  SuratPop3Client *self = task_client (task);

  abandon_session (self, error);
  op_return_error (task, error);
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
      op_return_error (task, g_error_copy (error));
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
      op_send_line (task, SURAT_POP3_REPLY_STATUS, "STLS", NULL, FALSE, stls_done);
      return;
    }

  op_return_boolean (task);
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
      op_return_error (task, g_error_copy (error));
      return;
    }

  if (!command->reply.ok)
    {
      g_autofree char *doing = op->doing;

      op->doing = g_strdup (_("Starting encryption (STLS)"));
      fail_session_op (task, op_reply_error (op, &command->reply));
      return;
    }

  surat_connection_start_tls_async (self->connection, g_task_get_cancellable (task),
                                    start_tls_cb, task);
}

static void
send_capa (GTask *task)
{
  op_send_line (task, SURAT_POP3_REPLY_LINES, "CAPA", NULL, FALSE, capa_done);
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
      op_return_error (task, g_error_copy (error));
      return;
    }

  if (!command->reply.ok)
    {
      fail_session_op (task, op_reply_error (op, &command->reply));
      return;
    }

  g_free (self->greeting);
  self->greeting = g_strdup (command->reply.text);
  g_free (self->apop_timestamp);
  self->apop_timestamp = surat_pop3_parse_apop_timestamp (self->greeting);

  send_capa (task);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SuratPop3Command *command;
  g_autoptr(GError) error = NULL;

  if (!surat_connection_connect_finish (SURAT_CONNECTION (source), result, &error))
    {
      fail_session_op (task, g_steal_pointer (&error));
      return;
    }

  /* RFC 1939 §4: the server speaks first. */
  command = g_new0 (SuratPop3Command, 1);
  command->kind = SURAT_POP3_REPLY_STATUS;
  op_send (task, command, greeting_done);
}

static void
start_connect (GTask *task)
{
  SuratPop3Client *self = task_client (task);

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
  op_send_line (task, kind, verb, argument, secret, login_done);
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
  op_send (task, command, login_done);
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
    return op_reply_error (op, reply);

  guess = *reply;
  guess.code = (char *) "AUTH";
  return op_reply_error (op, &guess);
}

static void
login_succeeded (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  self->login_method = task_op (task)->method;
  op_return_boolean (task);
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
                                       method_names[op->method]));
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
      op_return_error (task, g_error_copy (error));
      return;
    }

  if (op->expect == EXPECT_CANCELLED)
    {
      op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  if (command->continuation)
    {
      login_continue (task, command);
      return;
    }

  if (!command->reply.ok)
    {
      op_return_error (task, login_error (self, op, &command->reply));
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
      op_return_error (task, g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM,
                                          _("Logging in failed: %s"), error->message));
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

static void
start_login (GTask *task)
{
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);

  /* Defensive: connect refuses to go on without TLS when the account
   * wants it, but a password must never cross an unencrypted connection
   * unless the account explicitly says "none". */
  if (!surat_connection_is_encrypted (self->connection) &&
      surat_connection_get_security (self->connection) != SURAT_SECURITY_NONE)
    {
      op_return_error (task,
                       g_error_new_literal (SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM,
                                            _("Logging in was refused: the connection is not "
                                              "encrypted, and this account requires "
                                              "encryption")));
      return;
    }

  /* A CR or LF would end the command early and start another one; a
   * space would split USER's single argument. */
  if (*op->user == '\0' || has_line_break (op->user) || strchr (op->user, ' ') != NULL ||
      has_line_break (op->password))
    {
      op_return_error (task,
                       g_error_new_literal (SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM,
                                            _("Logging in failed: the user name or password "
                                              "holds characters POP3 cannot carry")));
      return;
    }

  op->method = choose_method (self);
  g_debug ("Logging in with %s", method_names[op->method] ? method_names[op->method] : "-");

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
      op_return_error (task,
                       g_error_new_literal (SURAT_POP3_ERROR, SURAT_POP3_ERROR_NO_MECHANISM,
                                            _("Logging in failed: the server offers no login "
                                              "method Surat knows (CRAM-MD5, PLAIN, LOGIN, "
                                              "USER)")));
      break;
    }
}

/* --- simple commands ---------------------------------------------------- */

static void
quit_done (GTask            *task,
           SuratPop3Command *command)
{
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);
  g_autoptr(GError) closed = NULL;

  /* RFC 1939 §6: after QUIT the server closes; so do we, as soon as
   * nothing is pending. Anything issued after QUIT fails. */
  closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, _("The POP3 session has ended"));
  abandon_session (self, closed);

  if (!command->reply.ok)
    op_return_error (task, op_reply_error (op, &command->reply));
  else
    op_return_boolean (task);
}

static void
simple_done (SuratPop3Command *command,
             const GError     *error,
             gpointer          user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) parse_error = NULL;
  guint64 *result;
  guint count = 0;
  guint64 size = 0;

  op->n_outstanding--;

  if (error != NULL)
    {
      op_return_error (task, g_error_copy (error));
      return;
    }

  if (op->kind == OP_QUIT)
    {
      quit_done (task, command);
      return;
    }

  if (!command->reply.ok)
    {
      op_return_error (task, op_reply_error (op, &command->reply));
      return;
    }

  switch (op->kind)
    {
    case OP_STAT:
      if (!surat_pop3_parse_stat (command->reply.text, &count, &size, &parse_error))
        {
          op_return_error (task, g_steal_pointer (&parse_error));
          return;
        }
      result = g_new (guint64, 2);
      result[0] = count;
      result[1] = size;
      op_return_pointer (task, result, g_free);
      break;

    case OP_RETRIEVE:
    case OP_TOP:
      if (command->sink_error != NULL)
        op_return_error (task, g_steal_pointer (&command->sink_error));
      else
        op_return_int (task, (gssize) command->written);
      break;

    case OP_DELETE:
    case OP_RESET:
    case OP_NOOP:
      op_return_boolean (task);
      break;

    case OP_CONNECT:
    case OP_LOGIN:
    case OP_SCAN:
    case OP_QUIT:
    default:
      g_assert_not_reached ();
    }
}

static void
start_simple (GTask *task)
{
  Op *op = task_op (task);
  SuratPop3Command *command = NULL;
  g_autofree char *argument = NULL;

  switch (op->kind)
    {
    case OP_STAT:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "STAT", NULL, FALSE);
      break;
    case OP_RETRIEVE:
      argument = g_strdup_printf ("%u", op->number);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_BODY, "RETR", argument, FALSE);
      break;
    case OP_TOP:
      argument = g_strdup_printf ("%u %u", op->number, op->lines);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_BODY, "TOP", argument, FALSE);
      break;
    case OP_DELETE:
      argument = g_strdup_printf ("%u", op->number);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "DELE", argument, FALSE);
      break;
    case OP_RESET:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "RSET", NULL, FALSE);
      break;
    case OP_NOOP:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "NOOP", NULL, FALSE);
      break;
    case OP_QUIT:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "QUIT", NULL, FALSE);
      break;
    case OP_CONNECT:
    case OP_LOGIN:
    case OP_SCAN:
    default:
      g_assert_not_reached ();
    }

  if (op->sink != NULL)
    command->sink = g_object_ref (op->sink);

  op_send (task, command, simple_done);
}

/* --- scan: UIDL and LIST ------------------------------------------------ */

static void
message_array_add (GPtrArray *messages,
                   guint      number,
                   guint64    size)
{
  SuratPop3Message *message = g_new0 (SuratPop3Message, 1);

  message->number = number;
  message->size = size;
  g_ptr_array_add (messages, message);
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const SuratPop3Message *ma = *(SuratPop3Message * const *) a;
  const SuratPop3Message *mb = *(SuratPop3Message * const *) b;

  return (ma->number > mb->number) - (ma->number < mb->number);
}

/* LIST gives the messages and their sizes, UIDL (if any) their uids. */
static GPtrArray *
build_scan (Op      *op,
            GError **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) surat_pop3_message_free);
  g_autoptr(GHashTable) by_number = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) uids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < op->list_lines->len; i++)
    {
      const char *line = g_ptr_array_index (op->list_lines, i);
      guint number;
      guint64 size;

      if (!surat_pop3_parse_list_line (line, &number, &size, error))
        return NULL;

      if (g_hash_table_contains (by_number, GUINT_TO_POINTER (number)))
        {
          g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                       _("The server listed message %u twice"), number);
          return NULL;
        }

      message_array_add (messages, number, size);
      g_hash_table_insert (by_number, GUINT_TO_POINTER (number),
                           g_ptr_array_index (messages, messages->len - 1));
    }

  if (op->have_uidl)
    {
      for (guint i = 0; i < op->uidl_lines->len; i++)
        {
          const char *line = g_ptr_array_index (op->uidl_lines, i);
          SuratPop3Message *message;
          g_autofree char *uid = NULL;
          guint number;

          if (!surat_pop3_parse_uidl_line (line, &number, &uid, error))
            return NULL;

          message = g_hash_table_lookup (by_number, GUINT_TO_POINTER (number));
          if (message == NULL)
            continue;

          /* RFC 1939 §7: unique-ids are unique within the maildrop. Two
           * messages sharing one would make one of them look downloaded
           * when it is not: refuse rather than lose mail. */
          if (message->uid != NULL || g_hash_table_contains (uids, uid))
            {
              g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                           _("The server gave the unique-id “%s” to two messages"), uid);
              return NULL;
            }

          message->uid = g_steal_pointer (&uid);
          g_hash_table_add (uids, message->uid);
        }
    }

  g_ptr_array_sort (messages, compare_messages);
  return g_steal_pointer (&messages);
}

static void
scan_done (SuratPop3Command *command,
           const GError     *error,
           gpointer          user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  gboolean is_uidl = g_str_has_prefix (command->line, "UIDL");
  GPtrArray *messages;

  op->n_outstanding--;

  if (error != NULL && op->error == NULL)
    op->error = g_error_copy (error);
  else if (op->error == NULL && is_uidl)
    {
      /* -ERR to UIDL: the server has none (RFC 1939 §7 makes it
       * optional); the uids stay NULL and the caller decides. */
      op->have_uidl = command->reply.ok;
      op->uidl_lines = g_steal_pointer (&command->lines);
    }
  else if (op->error == NULL)
    {
      if (!command->reply.ok)
        op->error = op_reply_error (op, &command->reply);
      else
        op->list_lines = g_steal_pointer (&command->lines);
    }

  if (op->n_outstanding > 0)
    return;

  if (op->error != NULL)
    {
      op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  messages = build_scan (op, &op->error);
  if (messages == NULL)
    op_return_error (task, g_steal_pointer (&op->error));
  else
    op_return_pointer (task, messages, (GDestroyNotify) g_ptr_array_unref);
}

static void
start_scan (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  /* Ask for UIDL when CAPA announced it, or when there was no CAPA to
   * ask; both commands go out together when pipelining. */
  if (!self->capa_known || (self->capa.flags & SURAT_POP3_CAPA_UIDL) != 0)
    op_send_line (task, SURAT_POP3_REPLY_LINES, "UIDL", NULL, FALSE, scan_done);
  op_send_line (task, SURAT_POP3_REPLY_LINES, "LIST", NULL, FALSE, scan_done);
}

/* --- object ------------------------------------------------------------- */

static void
surat_pop3_client_finalize (GObject *object)
{
  SuratPop3Client *self = SURAT_POP3_CLIENT (object);

  g_assert (g_queue_is_empty (&self->waiting));
  g_assert (g_queue_is_empty (&self->running));

  g_clear_pointer (&self->pipeline, surat_pop3_pipeline_unref);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->apop_timestamp, g_free);
  g_clear_error (&self->error);
  surat_pop3_capa_clear (&self->capa);

  G_OBJECT_CLASS (surat_pop3_client_parent_class)->finalize (object);
}

static void
surat_pop3_client_class_init (SuratPop3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_pop3_client_finalize;
}

static void
surat_pop3_client_init (SuratPop3Client *self)
{
  self->pipeline_depth = DEFAULT_PIPELINE_DEPTH;
  surat_pop3_capa_init (&self->capa);
  g_queue_init (&self->waiting);
  g_queue_init (&self->running);
}

/* --- public API --------------------------------------------------------- */

/**
 * surat_pop3_client_new:
 * @connection: a connection, usually not yet connected
 *
 * Returns: (transfer full): a client that owns @connection from now on
 */
SuratPop3Client *
surat_pop3_client_new (SuratConnection *connection)
{
  SuratPop3Client *self;

  g_return_val_if_fail (SURAT_IS_CONNECTION (connection), NULL);

  self = g_object_new (SURAT_TYPE_POP3_CLIENT, NULL);
  self->connection = g_object_ref (connection);
  self->pipeline = surat_pop3_pipeline_new (connection);
  surat_pop3_pipeline_set_failed_func (self->pipeline, pipeline_failed_cb, self);

  return self;
}

/**
 * surat_pop3_client_get_connection:
 *
 * Returns: (transfer none): the connection
 */
SuratConnection *
surat_pop3_client_get_connection (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return self->connection;
}

void
surat_pop3_client_set_allow_apop (SuratPop3Client *self,
                                  gboolean         allow_apop)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));

  self->allow_apop = !!allow_apop;
}

void
surat_pop3_client_set_pipeline_depth (SuratPop3Client *self,
                                      guint            depth)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));

  self->pipeline_depth = MAX (depth, 1);
  if (self->capa.flags & SURAT_POP3_CAPA_PIPELINING)
    surat_pop3_pipeline_set_window (self->pipeline, self->pipeline_depth);
}

/**
 * surat_pop3_client_connect_async:
 *
 * Connects, reads the greeting and asks for the capabilities; with
 * %SURAT_SECURITY_STARTTLS also STLS, the handshake, and CAPA again. Any
 * failure here ends the session: make a new client to try again.
 */
void
surat_pop3_client_connect_async (SuratPop3Client     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_CONNECT, TRUE,
                 g_strdup_printf (_("Connecting to %s"),
                                  surat_connection_get_host (self->connection)),
                 surat_pop3_client_connect_async, cancellable, callback, user_data);
  op_queue (task);
}

gboolean
surat_pop3_client_connect_finish (SuratPop3Client  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * surat_pop3_client_get_greeting:
 *
 * Returns: (nullable): the text of the server's greeting, after "+OK "
 */
const char *
surat_pop3_client_get_greeting (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return self->greeting;
}

/**
 * surat_pop3_client_get_capa:
 *
 * Returns: (transfer none): the capabilities (after STLS: those announced
 *   over TLS); empty when the server has no CAPA
 */
const SuratPop3Capa *
surat_pop3_client_get_capa (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return &self->capa;
}

void
surat_pop3_client_login_async (SuratPop3Client     *self,
                               const char          *user,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_LOGIN, TRUE, g_strdup (_("Logging in")),
                 surat_pop3_client_login_async, cancellable, callback, user_data);
  op = task_op (task);
  op->user = g_strdup (user);
  op->password = surat_secret_dup (password);
  op_queue (task);
}

gboolean
surat_pop3_client_login_finish (SuratPop3Client  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_login_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
surat_pop3_client_get_login_method (SuratPop3Client *self)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);

  return method_names[self->login_method];
}

void
surat_pop3_client_stat_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_STAT, FALSE, g_strdup (_("Counting the messages")),
                    surat_pop3_client_stat_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_stat_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               guint            *count,
                               guint64          *size,
                               GError          **error)
{
  g_autofree guint64 *values = NULL;

  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_stat_async, FALSE);

  values = g_task_propagate_pointer (G_TASK (result), error);
  if (values == NULL)
    return FALSE;

  if (count != NULL)
    *count = (guint) values[0];
  if (size != NULL)
    *size = values[1];

  return TRUE;
}

void
surat_pop3_client_scan_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_SCAN, FALSE, g_strdup (_("Listing the messages")),
                    surat_pop3_client_scan_async, cancellable, callback, user_data));
}

/**
 * surat_pop3_client_scan_finish:
 *
 * Returns: (transfer full) (element-type SuratPop3Message): the messages,
 *   by number
 */
GPtrArray *
surat_pop3_client_scan_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_scan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
surat_pop3_client_retrieve_async (SuratPop3Client     *self,
                                  guint                number,
                                  GOutputStream       *sink,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_RETRIEVE, FALSE,
                 g_strdup_printf (_("Downloading message %u"), number),
                 surat_pop3_client_retrieve_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  task_op (task)->sink = g_object_ref (sink);
  op_queue (task);
}

gssize
surat_pop3_client_retrieve_finish (SuratPop3Client  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_retrieve_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
surat_pop3_client_top_async (SuratPop3Client     *self,
                             guint                number,
                             guint                lines,
                             GOutputStream       *sink,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_TOP, FALSE,
                 g_strdup_printf (_("Downloading the header of message %u"), number),
                 surat_pop3_client_top_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  task_op (task)->lines = lines;
  task_op (task)->sink = g_object_ref (sink);
  op_queue (task);
}

gssize
surat_pop3_client_top_finish (SuratPop3Client  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_top_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
surat_pop3_client_delete_async (SuratPop3Client     *self,
                                guint                number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (number > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_new (self, OP_DELETE, FALSE,
                 g_strdup_printf (_("Deleting message %u"), number),
                 surat_pop3_client_delete_async, cancellable, callback, user_data);
  task_op (task)->number = number;
  op_queue (task);
}

gboolean
surat_pop3_client_delete_finish (SuratPop3Client  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
surat_pop3_client_reset_async (SuratPop3Client     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_RESET, FALSE, g_strdup (_("Undoing the deletions")),
                    surat_pop3_client_reset_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_reset_finish (SuratPop3Client  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_reset_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
surat_pop3_client_noop_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_NOOP, FALSE, g_strdup (_("Keeping the connection alive")),
                    surat_pop3_client_noop_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_noop_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_noop_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * surat_pop3_client_quit_async:
 *
 * QUIT, then close. Success means the server answered +OK, i.e. it
 * committed the deletions (RFC 1939 §6). Commands issued after this fail
 * with %G_IO_ERROR_CLOSED.
 */
void
surat_pop3_client_quit_async (SuratPop3Client     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_POP3_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_queue (op_new (self, OP_QUIT, FALSE,
                    g_strdup (_("Deleting the marked messages (QUIT)")),
                    surat_pop3_client_quit_async, cancellable, callback, user_data));
}

gboolean
surat_pop3_client_quit_finish (SuratPop3Client  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SURAT_IS_POP3_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_pop3_client_quit_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
