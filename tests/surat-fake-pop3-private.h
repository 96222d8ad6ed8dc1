/* surat-fake-pop3-private.h — internals shared by the fake POP3 server's files
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-fake-pop3.h"

G_BEGIN_DECLS

typedef struct {
  char   *uid;
  GBytes *wire;     /* CRLF, dot-stuffed, ending in CRLF; no terminator */
} FakeMessage;

struct _SuratFakePop3
{
  /* Set before start, then read-only. */
  GPtrArray    *steps;
  gboolean      implicit_tls;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GCancellable *cancellable;
  char         *data_dir;
  guint16       port;
  guint         next_step;      /* server thread only */

  /* Guarded by mutex; cond signals port, done, error and stopping. */
  GMutex        mutex;
  GCond         cond;
  gboolean      stopping;
  gboolean      done;
  char         *error;
  guint         n_connections;
  GByteArray   *received;
  GByteArray   *received_clear;
  GPtrArray    *commands;
  GPtrArray    *messages;       /* FakeMessage* */
};

/* One connection, in the server thread. */
typedef struct {
  SuratFakePop3      *server;
  GSocketConnection  *connection;
  GIOStream          *tls;
  GInputStream       *input;
  GOutputStream      *output;
  GByteArray         *inbuf;
  gboolean            encrypted;
  gboolean            dropped;
  gboolean            next_is_early;
} Session;

void      _surat_fake_pop3_fail        (SuratFakePop3 *self,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (2, 3);
/* A command line, recorded; NULL at EOF or on error. */
char     *_surat_fake_pop3_read_line   (Session       *s,
                                        GError       **error);
gboolean  _surat_fake_pop3_write       (Session       *s,
                                        const void    *data,
                                        gsize          length,
                                        GError       **error);
gboolean  _surat_fake_pop3_start_tls   (Session       *s,
                                        GError       **error);
char     *_surat_fake_pop3_capa_reply  (const char    *capabilities);
/* Half-closes (FIN, no close_notify), drains, closes; sets s->dropped. */
void      _surat_fake_pop3_drop        (Session       *s);
gboolean  _surat_fake_pop3_serve       (Session       *s,
                                        const SuratFakePop3ServeOptions *options,
                                        GError       **error);

G_END_DECLS
