/* surat-tls-stream.h — client TLS over a GIOStream, with OpenSSL
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-certificate.h"

G_BEGIN_DECLS

#define SURAT_TLS_ERROR (surat_tls_error_quark ())

/**
 * SuratTlsError:
 * @SURAT_TLS_ERROR_HANDSHAKE: the TLS handshake failed (no common protocol or
 *   cipher, a TLS alert, a server that does not speak TLS)
 * @SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED: the chain does not lead to a trusted
 *   root (self-signed, unknown authority, incomplete chain)
 * @SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY: the certificate is for another host
 * @SURAT_TLS_ERROR_CERTIFICATE_EXPIRED: its validity ended
 * @SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED: its validity has not started
 * @SURAT_TLS_ERROR_CERTIFICATE_INVALID: any other verification failure
 * @SURAT_TLS_ERROR_CERTIFICATE_CHANGED: it differs from the one the user pinned
 * @SURAT_TLS_ERROR_STARTTLS_INJECTION: the server sent bytes after its
 *   STARTTLS go-ahead and before the handshake (RFC 3207 §4.2, RFC 2595 §4)
 * @SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE: the account requires STARTTLS and the
 *   server does not offer it
 *
 * Every CERTIFICATE_* error carries the peer certificate:
 * surat_tls_error_get_certificate() returns it, so a UI can show it and the
 * user can pin it. Messages name the host and are meant for people ("The
 * certificate of mail.example.com is signed by an unknown authority").
 *
 * A certificate with several problems is reported by the first of them in
 * this order: UNTRUSTED (nothing it says can be believed, so it must never
 * hide behind a milder-sounding problem), INVALID (a broken chain: bad
 * signature, not a CA, weak key…), BAD_IDENTITY, EXPIRED, NOT_ACTIVATED;
 * within one kind, the problem nearest the server's own certificate. An
 * expired self-signed certificate for the wrong host is thus UNTRUSTED; a
 * trusted one that is expired and for the wrong host is BAD_IDENTITY.
 *
 * Socket problems are passed through as G_IO_ERROR_* (TIMED_OUT,
 * CANCELLED, CONNECTION_CLOSED, BROKEN_PIPE…).
 */
typedef enum {
  SURAT_TLS_ERROR_HANDSHAKE,
  SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
  SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY,
  SURAT_TLS_ERROR_CERTIFICATE_EXPIRED,
  SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED,
  SURAT_TLS_ERROR_CERTIFICATE_INVALID,
  SURAT_TLS_ERROR_CERTIFICATE_CHANGED,
  SURAT_TLS_ERROR_STARTTLS_INJECTION,
  SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE,
} SuratTlsError;

GQuark            surat_tls_error_quark           (void);
/* (transfer none) (nullable): the peer certificate an error is about. */
SuratCertificate *surat_tls_error_get_certificate (const GError     *error);
/* Attach @certificate to an error of the SURAT_TLS_ERROR domain. */
void              surat_tls_error_set_certificate (GError           *error,
                                                   SuratCertificate *certificate);

#define SURAT_TYPE_TLS_STREAM (surat_tls_stream_get_type ())

G_DECLARE_FINAL_TYPE (SuratTlsStream, surat_tls_stream, SURAT, TLS_STREAM, GIOStream)

/*
 * @base_io_stream: a connected stream whose input and output are pollable
 *   (a GSocketConnection). It may already have carried plain text
 *   (STARTTLS): TLS starts with the next byte on the socket, so whatever
 *   sits in the caller's own read buffer must be dealt with first (RFC 3207
 *   §4.2; SuratConnection refuses it). Timeouts come from its socket: with
 *   g_socket_set_timeout() every wait, handshake included, fails with
 *   G_IO_ERROR_TIMED_OUT.
 * @server_identity: the host name we dialled (sent as SNI and checked with
 *   SSL_set1_host) or an IP literal, brackets allowed (checked against the
 *   IP SANs, no SNI, RFC 6066 §3). Fails with G_IO_ERROR_INVALID_ARGUMENT
 *   for something that is neither.
 *
 * The input and output streams are GPollableInputStream and
 * GPollableOutputStream, so GIO's ordinary async calls work on them from
 * the main loop, without threads; a read and a write may be pending at the
 * same time. Rules that come from TLS:
 * - The first read or write runs the handshake if it has not run yet.
 * - A read returns 0 at the end of the stream, whether the server sent
 *   close_notify or just closed the connection (mail protocols delimit
 *   their replies themselves, so truncation shows up there).
 * - A write that failed with WOULD_BLOCK must be retried with at least the
 *   same bytes (GIO's own retries do); after a cancelled write the stream
 *   is only good for closing.
 * - After any error other than WOULD_BLOCK and CANCELLED (a timeout, a
 *   refused certificate, a TLS alert) the stream stays failed: every later
 *   call repeats that error, and only closing is left.
 * Closing (sync or async) sends close_notify without waiting for the
 * server's, gives up on it after 2 seconds (or at once when cancelled),
 * then closes @base_io_stream and frees the session and its keys.
 * Dropping the last reference closes it too.
 */
SuratTlsStream   *surat_tls_stream_new                    (GIOStream           *base_io_stream,
                                                           const char          *server_identity,
                                                           GError             **error);
/* Extra trust anchors (PEM) on top of the system store; any certificate in
 * the file is trusted as an anchor, also a server's own. Before the
 * handshake; a file that cannot be read or holds no certificate fails it
 * with HANDSHAKE, naming the file. */
void              surat_tls_stream_set_ca_file            (SuratTlsStream      *self,
                                                           const char          *ca_file);
/* A certificate the user accepted (SHA-256 fingerprint, any form
 * surat_certificate_normalize_fingerprint() takes): accepted even when
 * verification fails, host name included; any other certificate is refused
 * with CERTIFICATE_CHANGED, even one that would verify. Before the
 * handshake. */
void              surat_tls_stream_set_pinned_fingerprint (SuratTlsStream      *self,
                                                           const char          *fingerprint);
/* Runs the handshake and the certificate checks. Again after success: TRUE
 * at once; after a failure: the same error. */
void              surat_tls_stream_handshake_async        (SuratTlsStream      *self,
                                                           int                  io_priority,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_tls_stream_handshake_finish       (SuratTlsStream      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* (transfer none) (nullable): the server's certificate, once the handshake
 * got that far (also when it refused the certificate). */
SuratCertificate *surat_tls_stream_get_peer_certificate   (SuratTlsStream      *self);
/* (nullable): "TLSv1.3", "TLS_AES_256_GCM_SHA384"; NULL until the handshake
 * succeeded. */
const char       *surat_tls_stream_get_protocol_version   (SuratTlsStream      *self);
const char       *surat_tls_stream_get_cipher             (SuratTlsStream      *self);

G_END_DECLS
