/* surat-tls-stream-private.h — between the TLS stream and its two halves
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/ssl.h>

#include "surat-tls-stream.h"

G_BEGIN_DECLS

typedef enum
{
  SURAT_TLS_STATE_NEW,          /* nothing sent yet */
  SURAT_TLS_STATE_HANDSHAKING,
  SURAT_TLS_STATE_ESTABLISHED,
  SURAT_TLS_STATE_FAILED,       /* self->error says why; every later call repeats it */
  SURAT_TLS_STATE_CLOSED,
} SuratTlsState;

/* The struct is shared by surat-tls-stream.c (the GIOStream, its public
 * API, closing) and surat-tls-session.c (the OpenSSL session). */
typedef enum
{
  SURAT_TLS_CLOSE_NOTIFY,   /* close_notify still to send */
  SURAT_TLS_CLOSE_LINGER,   /* sent; reading to the peer's end of stream */
  SURAT_TLS_CLOSE_DONE,
} SuratTlsClosePhase;

struct _SuratTlsStream
{
  GIOStream              parent_instance;

  GIOStream             *base_io_stream;
  GPollableInputStream  *base_input;    /* owned by base_io_stream */
  GPollableOutputStream *base_output;   /* owned by base_io_stream */
  GInputStream          *input;
  GOutputStream         *output;

  char                  *server_identity;
  char                  *host_name;     /* ASCII, for SNI and the name check… */
  char                  *ip_address;    /* …or an IP literal instead */
  char                  *ca_file;
  char                  *pinned_fingerprint;

  SSL_CTX               *ssl_ctx;
  SSL                   *ssl;
  SuratTlsState          state;
  GError                *error;         /* SURAT_TLS_STATE_FAILED: the cause */
  GError                *io_error;      /* the base stream's, during one OpenSSL call */
  GError                *verify_error;  /* the verdict on the peer's certificate */
  GArray                *verify_failures;
  GIOCondition           read_wants;    /* what a blocked read waits for */
  GIOCondition           write_wants;
  gboolean               read_eof;
  gboolean               no_close_notify;
  gboolean               handshake_pending;
  SuratTlsClosePhase     close_phase;

  SuratCertificate      *peer_certificate;
  char                  *protocol_version;
  char                  *cipher;
};


/* surat-tls-session.c: the OpenSSL session. */

/* Host name (ASCII, lower case, no trailing dot) or IP literal (no
 * brackets, no zone) from what the user dialled. */
gboolean      _surat_tls_parse_identity            (const char      *identity,
                                                    char           **host_name,
                                                    char           **ip_address,
                                                    GError         **error);
/* One step of the handshake: TRUE once established; else FALSE with
 * WOULD_BLOCK (and *@wants) or the error that ended it. */
gboolean      _surat_tls_stream_handshake_step     (SuratTlsStream  *self,
                                                    GIOCondition    *wants,
                                                    GError         **error);
/* One step of closing politely (close_notify, half-close, reading to the
 * peer's end): FALSE with *@wants while it must wait; TRUE when done or
 * not possible. The caller bounds the whole in time. */
gboolean      _surat_tls_stream_close_step         (SuratTlsStream  *self,
                                                    GIOCondition    *wants);
/* Frees the session (keys included) and enters the closed state. */
void          _surat_tls_stream_end_session        (SuratTlsStream  *self);

/* One attempt that never waits: G_IO_ERROR_WOULD_BLOCK when OpenSSL needs
 * the base stream to become readable or writable first (which one:
 * _surat_tls_stream_get_wants()). A handshake that has not happened yet
 * runs (a step of it) first. A read returns 0 at the end of the stream. */
gssize        _surat_tls_stream_read_nonblocking   (SuratTlsStream  *self,
                                                    void            *buffer,
                                                    gsize            count,
                                                    GError         **error);
gssize        _surat_tls_stream_write_nonblocking  (SuratTlsStream  *self,
                                                    const void      *buffer,
                                                    gsize            count,
                                                    GError         **error);

/* @direction: G_IO_IN for the input half, G_IO_OUT for the output half.
 * Returns what the last blocked attempt in that direction waits for on the
 * base stream: G_IO_IN or G_IO_OUT (TLS may need to write to read). */
GIOCondition  _surat_tls_stream_get_wants          (SuratTlsStream  *self,
                                                    GIOCondition     direction);
/* TRUE when the next attempt in @direction needs no socket event: data
 * already decrypted, or an end or error to report. */
gboolean      _surat_tls_stream_is_ready_now       (SuratTlsStream  *self,
                                                    GIOCondition     direction);
gboolean      _surat_tls_stream_is_ready           (SuratTlsStream  *self,
                                                    GIOCondition     direction);
gboolean      _surat_tls_stream_can_poll           (SuratTlsStream  *self);
/* (nullable): the base stream's source for @condition; NULL once closed. */
GSource      *_surat_tls_stream_create_base_source (SuratTlsStream  *self,
                                                    GIOCondition     condition,
                                                    GCancellable    *cancellable);

/* surat-tls-io.c: the halves, and waiting. */

/* Blocks, in a private main context, until the base stream is ready for
 * @condition: FALSE with CANCELLED, or TIMED_OUT once @deadline (monotonic
 * µs; -1 for none) passed. A socket whose own timeout expired counts as
 * ready: the next nonblocking call then fails with TIMED_OUT. */
gboolean      _surat_tls_stream_wait               (SuratTlsStream  *self,
                                                    GIOCondition     condition,
                                                    gint64           deadline,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

/* They hold only a weak reference to @tls: the GIOStream owns them, as GIO
 * expects. */
GInputStream  *_surat_tls_input_stream_new         (SuratTlsStream  *tls);
GOutputStream *_surat_tls_output_stream_new        (SuratTlsStream  *tls);

G_END_DECLS
