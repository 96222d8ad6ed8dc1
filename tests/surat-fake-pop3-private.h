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

/* The fake POP3 server's protocol data: the maildrop that serve steps
 * share with the test. */
typedef struct {
  GMutex     mutex;
  GPtrArray *messages;       /* FakeMessage* */
} FakeMaildrop;

static inline FakeMaildrop *
fake_maildrop (SuratFakePop3 *self)
{
  return surat_fake_server_get_protocol_data (self);
}

char     *_surat_fake_pop3_capa_reply  (const char        *capabilities);
/* The serve step (a SuratFakeStepFunc; @data is the options). */
gboolean  _surat_fake_pop3_serve       (SuratFakeSession  *s,
                                        gpointer           data,
                                        GError           **error);

G_END_DECLS
