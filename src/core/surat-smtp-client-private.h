/* surat-smtp-client-private.h — what the SuratSmtpClient files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-dot-encoder.h"
#include "surat-sasl.h"
#include "surat-secret.h"
#include "surat-smtp-client.h"

G_BEGIN_DECLS

/*
 * SuratSmtpClient is split by what a session does:
 *   surat-smtp-client.c          the object, the queue of operations, RSET,
 *                                NOOP, QUIT, the public API
 *   surat-smtp-client-io.c       commands out, replies in, timeouts
 *   surat-smtp-client-session.c  greeting, EHLO/HELO, STARTTLS, AUTH
 *   surat-smtp-client-send.c     one message: checks, MAIL/RCPT/DATA, RSET
 *   surat-smtp-client-data.c     the message itself, streamed, and the final "."
 */

typedef enum {
  OP_CONNECT,
  OP_LOGIN,
  OP_SEND,
  OP_RESET,
  OP_NOOP,
  OP_QUIT,
} OpKind;

typedef enum {
  METHOD_NONE,
  METHOD_CRAM_MD5,
  METHOD_PLAIN,
  METHOD_LOGIN,
} LoginMethod;

/* A wait that RFC 5321 §4.5.3.2 does not name: the connection's timeout. */
#define WAIT_COMMAND ((SuratSmtpWait) -1)

/* How much of the message one read takes from the file. */
#define DATA_CHUNK (64 * 1024)

/* The task data of every operation's GTask. */
typedef struct {
  OpKind               kind;

  /* connect */
  gboolean             tls_started;
  gpointer             next_step;      /* ConnectStep, surat-smtp-client-session.c */

  /* login */
  char                *user;
  SuratSecret         *password;
  LoginMethod          method;
  guint                expect;         /* LoginExpect, surat-smtp-client-session.c */
  SuratSaslStep        sasl_step;      /* what the next 334 gets */
  GError              *error;          /* to return once the server has answered */

  /* send */
  char                *from;
  GStrv                recipients;
  GFile               *file;
  SuratSmtpSendFlags   flags;
  SuratSmtpSendReport *report;
  guint64              file_size;
  GPtrArray           *envelope;       /* command lines with CRLF: MAIL, RCPT…, maybe DATA */
  GPtrArray           *replies;        /* SuratSmtpReply*, one per envelope line answered */
  guint                n_written;      /* envelope lines sent */
  gboolean             data_pipelined; /* DATA is the last envelope line */

  /* send: the message (surat-smtp-client-data.c) */
  GInputStream        *input;
  GCancellable        *data_cancellable;  /* file reads and writes of the message */
  GCancellable        *watch_cancellable; /* the read that watches for the server */
  gulong               cancelled_id;
  SuratDotEncoder      encoder;
  guint8              *chunk;
  guint8              *encoded;
  gsize                encoded_len;
  gsize                chunk_len;
  guint64              done;
  gboolean             io_busy;
  gboolean             watch_busy;
  gboolean             watch_rearm;
  gint64               watch_started;
  gboolean             watch_fired;
  GError              *watch_error;
  gboolean             body_done;
  gboolean             dot_started;
  gboolean             dot_written;
  gboolean             failing;
  GError              *data_error;
} Op;

struct _SuratSmtpClient
{
  GObject              parent_instance;

  SuratConnection     *connection;
  char                *helo_name;
  guint                timeouts[SURAT_SMTP_N_WAITS];
  guint                base_timeout;

  char                *greeting;
  SuratSmtpExtensions  extensions;
  gboolean             ready;          /* greeted and said EHLO/HELO */
  LoginMethod          login_method;

  GQueue               waiting;        /* GTask*, not started */
  GTask               *running;        /* the operation under way */
  SuratSmtpReplyParser parser;

  /* Why no more commands can be sent (failure, QUIT). */
  GError              *error;
  gboolean             quit_issued;
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS,
};

extern guint _surat_smtp_client_signals[N_SIGNALS];

/* Indexed by LoginMethod. */
extern const char * const _surat_smtp_method_names[];

static inline Op *
task_op (GTask *task)
{
  return g_task_get_task_data (task);
}

static inline SuratSmtpClient *
task_client (GTask *task)
{
  return g_task_get_source_object (task);
}

/* Called with a reply, or with @error for a failure of the connection
 * (the session is then over: the callee returns the op's error). */
typedef void (*ReplyFunc) (GTask                *task,
                           const SuratSmtpReply *reply,
                           const GError         *error);
typedef void (*WrittenFunc) (GTask        *task,
                             const GError *error);

/* Completing an operation: takes it out of the queue, returns the result
 * and lets the next operation start. */
void      _surat_smtp_op_return_error    (GTask                *task,
                                          GError               *error);
void      _surat_smtp_op_return_boolean  (GTask                *task);

/* The timeout of a wait, in seconds (0: none). */
guint     _surat_smtp_wait_seconds       (SuratSmtpClient      *self,
                                          SuratSmtpWait         wait);
/* Sets the connection's timeout for the next wait. */
void      _surat_smtp_set_wait           (SuratSmtpClient      *self,
                                          SuratSmtpWait         wait);
/* Writes @buffer (taken; wiped first when @secret), then calls @done. */
void      _surat_smtp_write              (GTask                *task,
                                          char                 *buffer,
                                          gsize                 length,
                                          gboolean              secret,
                                          SuratSmtpWait         wait,
                                          WrittenFunc           done);
/* Reads one whole reply, every line of a multi-line one. */
void      _surat_smtp_read_reply         (GTask                *task,
                                          SuratSmtpWait         wait,
                                          ReplyFunc             done);
/* A command line with CRLF (taken; wiped first when @secret), then its
 * reply. */
void      _surat_smtp_send_line          (GTask                *task,
                                          char                 *line,
                                          gboolean              secret,
                                          SuratSmtpWait         wait,
                                          ReplyFunc             done);
/* "VERB" or "VERB argument" with CRLF, then its reply. */
void      _surat_smtp_command            (GTask                *task,
                                          const char           *verb,
                                          const char           *argument,
                                          SuratSmtpWait         wait,
                                          ReplyFunc             done);
/* The session cannot go on: remember why and close the connection (no
 * read or write may be pending). */
void      _surat_smtp_fail_session       (SuratSmtpClient      *self,
                                          const GError         *error);
/* Fails the session with @error and returns it (taken) from @task. */
void      _surat_smtp_op_fail_session    (GTask                *task,
                                          GError               *error);
/* The error for a reply that fails the op; a 421 also ends the session
 * (RFC 5321 §3.8: the server is closing the connection). */
GError   *_surat_smtp_reply_error        (SuratSmtpClient      *self,
                                          const SuratSmtpReply *reply,
                                          int                   code,
                                          const char           *what);

void      _surat_smtp_start_connect      (GTask                *task);
void      _surat_smtp_start_login        (GTask                *task);
void      _surat_smtp_start_send         (GTask                *task);
/* After 354: the message, the final ".", its reply. */
void      _surat_smtp_start_data         (GTask                *task);
/* Ends a send: RSET when @rset (a transaction is open), then returns
 * @error (taken) with the report. */
void      _surat_smtp_send_fail          (GTask                *task,
                                          GError               *error,
                                          gboolean              rset);
void      _surat_smtp_send_succeed       (GTask                *task);

G_END_DECLS
