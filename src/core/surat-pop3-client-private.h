/* surat-pop3-client-private.h — what the SuratPop3Client files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-pop3-client.h"
#include "surat-pop3-pipeline.h"
#include "surat-sasl.h"
#include "surat-secret.h"

G_BEGIN_DECLS

/*
 * SuratPop3Client is split by RFC 1939's states:
 *   surat-pop3-client.c              the object, the queue of operations, the API
 *   surat-pop3-client-login.c        AUTHORIZATION: greeting, CAPA, STLS, login
 *   surat-pop3-client-transaction.c  TRANSACTION and UPDATE: STAT … QUIT
 */

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

/* Indexed by LoginMethod. */
extern const char * const _surat_pop3_method_names[];

/* The task data of every operation's GTask. */
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
  guint           expect;         /* LoginExpect, surat-pop3-client-login.c */
  SuratSaslStep   sasl_step;      /* what the next "+ " gets */

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

static inline Op *
task_op (GTask *task)
{
  return g_task_get_task_data (task);
}

static inline SuratPop3Client *
task_client (GTask *task)
{
  return g_task_get_source_object (task);
}

/* Completing an operation: takes it out of the queue, returns the result
 * and lets the next operations start. */
void      _surat_pop3_op_return_error    (GTask                *task,
                                          GError               *error);
void      _surat_pop3_op_return_boolean  (GTask                *task);
void      _surat_pop3_op_return_int      (GTask                *task,
                                          gssize                value);
void      _surat_pop3_op_return_pointer  (GTask                *task,
                                          gpointer              result,
                                          GDestroyNotify        destroy);
/* Hands a command to the pipeline on behalf of @task. */
void      _surat_pop3_op_send            (GTask                *task,
                                          SuratPop3Command     *command,
                                          SuratPop3CommandDone  done);
void      _surat_pop3_op_send_line       (GTask                *task,
                                          SuratPop3ReplyKind    kind,
                                          const char           *verb,
                                          const char           *argument,
                                          gboolean              secret,
                                          SuratPop3CommandDone  done);
/* The typed error for a -ERR reply, saying what @op was doing. */
GError   *_surat_pop3_op_reply_error     (Op                   *op,
                                          const SuratPop3Reply *reply);
/* The session cannot go on: fail what is queued and close. */
void      _surat_pop3_abandon_session    (SuratPop3Client      *self,
                                          const GError         *error);

void      _surat_pop3_start_connect      (GTask                *task);
void      _surat_pop3_start_login        (GTask                *task);
void      _surat_pop3_start_simple       (GTask                *task);
void      _surat_pop3_start_scan         (GTask                *task);

G_END_DECLS
