/* surat-tls-stream-private.h — what the TLS stream's input and output halves use
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-tls-stream.h"

G_BEGIN_DECLS

/* One attempt that never waits: G_IO_ERROR_WOULD_BLOCK when OpenSSL needs
 * the base stream to become readable or writable first. A handshake that
 * has not happened yet is run (one step of it) first. A read returns 0 at
 * the end of the stream. */
gssize   _surat_tls_stream_read_nonblocking  (SuratTlsStream  *self,
                                              void            *buffer,
                                              gsize            count,
                                              GError         **error);
gssize   _surat_tls_stream_write_nonblocking (SuratTlsStream  *self,
                                              const void      *buffer,
                                              gsize            count,
                                              GError         **error);

/* Blocking versions: they wait on the base stream's sources in a private
 * main context, so the base socket's timeout applies to every wait. */
gssize   _surat_tls_stream_read              (SuratTlsStream  *self,
                                              void            *buffer,
                                              gsize            count,
                                              GCancellable    *cancellable,
                                              GError         **error);
gssize   _surat_tls_stream_write             (SuratTlsStream  *self,
                                              const void      *buffer,
                                              gsize            count,
                                              GCancellable    *cancellable,
                                              GError         **error);

/* @direction is G_IO_IN for the input half, G_IO_OUT for the output half. */
gboolean _surat_tls_stream_can_poll          (SuratTlsStream  *self);
gboolean _surat_tls_stream_is_ready          (SuratTlsStream  *self,
                                              GIOCondition     direction);
GSource *_surat_tls_stream_create_source     (SuratTlsStream  *self,
                                              GIOCondition     direction,
                                              gpointer         pollable_stream,
                                              GCancellable    *cancellable);

/* The two halves (surat-tls-io.c). They hold only a weak reference to
 * @tls: the GIOStream owns them, as GIO expects. */
GInputStream  *_surat_tls_input_stream_new  (SuratTlsStream *tls);
GOutputStream *_surat_tls_output_stream_new (SuratTlsStream *tls);

G_END_DECLS
