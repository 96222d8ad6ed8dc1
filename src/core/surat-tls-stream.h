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
 * user can pin it.
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
 *   (a GSocketConnection). Timeouts come from its socket: with
 *   g_socket_set_timeout() every wait, handshake included, fails with
 *   G_IO_ERROR_TIMED_OUT.
 * @server_identity: the host name we dialled (sent as SNI and checked with
 *   SSL_set1_host) or an IP literal (checked against the IP SANs, no SNI,
 *   RFC 6066 §3).
 *
 * The input and output streams are GPollableInputStream and
 * GPollableOutputStream, so GIO's ordinary async calls work on them.
 */
SuratTlsStream   *surat_tls_stream_new                    (GIOStream           *base_io_stream,
                                                           const char          *server_identity,
                                                           GError             **error);
/* Extra trust anchors (PEM) on top of the system store. */
void              surat_tls_stream_set_ca_file            (SuratTlsStream      *self,
                                                           const char          *ca_file);
/* A certificate the user accepted: accepted even when verification fails;
 * any other certificate is refused with CERTIFICATE_CHANGED. */
void              surat_tls_stream_set_pinned_fingerprint (SuratTlsStream      *self,
                                                           const char          *fingerprint);
void              surat_tls_stream_handshake_async        (SuratTlsStream      *self,
                                                           int                  io_priority,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_tls_stream_handshake_finish       (SuratTlsStream      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* (nullable): after the handshake got as far as the server's certificate. */
SuratCertificate *surat_tls_stream_get_peer_certificate   (SuratTlsStream      *self);
/* "TLSv1.3", "TLS_AES_256_GCM_SHA384"; NULL before the handshake. */
const char       *surat_tls_stream_get_protocol_version   (SuratTlsStream      *self);
const char       *surat_tls_stream_get_cipher             (SuratTlsStream      *self);

G_END_DECLS
