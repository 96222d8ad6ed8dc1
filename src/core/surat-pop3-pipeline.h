/* surat-pop3-pipeline.h — POP3 commands in flight, in order (private)
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-connection.h"
#include "surat-dot-decoder.h"
#include "surat-pop3-reply.h"

G_BEGIN_DECLS

/*
 * The engine under SuratPop3Client. Commands go in with surat_pop3_pipeline_push();
 * up to "window" of them are on the wire at a time (RFC 2449 §6.6); their
 * replies are read strictly in order and each command's done callback runs
 * exactly once, in the same order. Any failure of the connection (I/O
 * error, timeout, an over-long line, a reply that is not POP3, a cancelled
 * read) fails every queued command with that error; the pipeline then
 * closes the connection as soon as no read or write is pending and refuses
 * all later commands with the same error.
 */

typedef enum {
  SURAT_POP3_REPLY_STATUS,  /* one status line */
  SURAT_POP3_REPLY_LINES,   /* +OK and lines up to ".", unstuffed (CAPA, UIDL, LIST) */
  SURAT_POP3_REPLY_BODY,    /* +OK and a body streamed into a sink (RETR, TOP) */
  SURAT_POP3_REPLY_AUTH,    /* a status line or a "+ " continuation (RFC 5034 §4) */
} SuratPop3ReplyKind;

typedef struct _SuratPop3Command  SuratPop3Command;
typedef struct _SuratPop3Pipeline SuratPop3Pipeline;

/* @error is set for a failure of the connection (or a cancelled command);
 * otherwise command->reply tells +OK or -ERR. */
typedef void (*SuratPop3CommandDone) (SuratPop3Command *command,
                                      const GError     *error,
                                      gpointer          user_data);

struct _SuratPop3Command
{
  /* Set by whoever makes the command. */
  SuratPop3ReplyKind    kind;
  char                 *line;          /* with CRLF; NULL: only read a reply (the greeting) */
  gsize                 line_len;
  gboolean              secret;        /* the line holds a password or an AUTH response */
  GCancellable         *cancellable;
  GOutputStream        *sink;          /* SURAT_POP3_REPLY_BODY */
  SuratPop3CommandDone  done;
  gpointer              user_data;

  /* Results, valid in the done callback. */
  SuratPop3Reply        reply;
  gboolean              continuation;  /* SURAT_POP3_REPLY_AUTH: "+ text" in reply.text */
  GPtrArray            *lines;         /* SURAT_POP3_REPLY_LINES, unstuffed, without CRLF */
  guint64               written;       /* SURAT_POP3_REPLY_BODY: bytes written to the sink */
  GError               *sink_error;    /* writing the sink failed (the body was read to its end) */

  /* Private to the pipeline. */
  SuratDotDecoder       decoder;
  gboolean              skipped;
};

/* "VERB" or "VERB argument", CRLF appended. @argument must hold no CR or
 * LF (the caller checks). A secret line lives in a buffer that is wiped. */
SuratPop3Command  *surat_pop3_command_new          (SuratPop3ReplyKind     kind,
                                                    const char            *verb,
                                                    const char            *argument,
                                                    gboolean               secret);
void               surat_pop3_command_free         (SuratPop3Command      *command);

SuratPop3Pipeline *surat_pop3_pipeline_new         (SuratConnection       *connection);
SuratPop3Pipeline *surat_pop3_pipeline_ref         (SuratPop3Pipeline     *self);
void               surat_pop3_pipeline_unref       (SuratPop3Pipeline     *self);
/* Most commands on the wire before their replies; 1 = one at a time. */
void               surat_pop3_pipeline_set_window  (SuratPop3Pipeline     *self,
                                                    guint                  window);
/* Called (once) when the pipeline fails by itself, before the commands
 * are failed; not called for surat_pop3_pipeline_fail(). */
void               surat_pop3_pipeline_set_failed_func (SuratPop3Pipeline *self,
                                                    GFunc                  func,
                                                    gpointer               user_data);
/* Takes @command. Its done callback may run before this returns (when the
 * pipeline has failed already, or the command was cancelled). */
void               surat_pop3_pipeline_push        (SuratPop3Pipeline     *self,
                                                    SuratPop3Command      *command);
/* Fails every queued command with @error and closes the connection. */
void               surat_pop3_pipeline_fail        (SuratPop3Pipeline     *self,
                                                    const GError          *error);
/* (nullable): why the pipeline failed. */
const GError      *surat_pop3_pipeline_get_error   (SuratPop3Pipeline     *self);
gboolean           surat_pop3_pipeline_is_idle     (SuratPop3Pipeline     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratPop3Pipeline, surat_pop3_pipeline_unref)

G_END_DECLS
