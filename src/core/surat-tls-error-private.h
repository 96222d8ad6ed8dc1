/* surat-tls-error-private.h — SURAT_TLS_ERROR messages, for surat-tls-stream.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-tls-stream.h"

G_BEGIN_DECLS

/* One problem X509_verify_cert() reported. */
typedef struct
{
  int error;   /* X509_V_ERR_* */
  int depth;   /* 0 = the server's own certificate */
} SuratTlsVerifyFailure;

/* OpenSSL's words for @err (ERR_get_error()), or "unknown error". */
const char                  *_surat_tls_openssl_reason        (unsigned long                err);

/* SURAT_TLS_ERROR_HANDSHAKE for @err; @eof: the peer hung up. */
GError                      *_surat_tls_handshake_error_new   (const char                  *host,
                                                               unsigned long                err,
                                                               gboolean                     eof);

/* (nullable): the problem to report among @failures (an array of
 * SuratTlsVerifyFailure), in the order surat-tls-stream.h documents. */
const SuratTlsVerifyFailure *_surat_tls_pick_failure          (GArray                      *failures);

/* The CERTIFICATE_* error for @failure, @certificate attached. */
GError                      *_surat_tls_certificate_error_new (const char                  *host,
                                                               SuratCertificate            *certificate,
                                                               const SuratTlsVerifyFailure *failure);

G_END_DECLS
