/* surat-certificate.h — a server's X.509 certificate, in words a person can check
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SURAT_TYPE_CERTIFICATE (surat_certificate_get_type ())

G_DECLARE_FINAL_TYPE (SuratCertificate, surat_certificate, SURAT, CERTIFICATE, GObject)

/* The first certificate in @pem; G_IO_ERROR_INVALID_DATA when there is none.
 * All getters return data owned by the certificate (transfer none), which
 * is immutable. Text from the certificate has control characters escaped. */
SuratCertificate *surat_certificate_new_from_pem          (const char        *pem,
                                                           GError           **error);
SuratCertificate *surat_certificate_new_from_der          (const guint8      *der,
                                                           gsize              len,
                                                           GError           **error);

/* PEM of the leaf certificate, "-----BEGIN CERTIFICATE-----…". */
const char       *surat_certificate_get_pem               (SuratCertificate  *self);
/* SHA-256 over the DER, upper-case hex pairs joined by ':' (64 pairs). */
const char       *surat_certificate_get_fingerprint       (SuratCertificate  *self);
/* Distinguished names, RFC 2253 order ("CN=mail.example.com,O=Example"). */
const char       *surat_certificate_get_subject           (SuratCertificate  *self);
const char       *surat_certificate_get_issuer            (SuratCertificate  *self);
/* The subject's common name alone, or NULL. */
const char       *surat_certificate_get_common_name       (SuratCertificate  *self);
/* DNS names and IP addresses from subjectAltName; NULL-terminated, never NULL. */
const char * const *surat_certificate_get_hosts           (SuratCertificate  *self);
/* The validity period, in UTC. */
GDateTime        *surat_certificate_get_not_before        (SuratCertificate  *self);
GDateTime        *surat_certificate_get_not_after         (SuratCertificate  *self);
/* Its own issuer, and its signature verifies with its own key. */
gboolean          surat_certificate_is_self_signed        (SuratCertificate  *self);

/* TRUE when @fingerprint (nullable) names this certificate. Accepts any
 * case, with or without ':' (or space) separators, optionally prefixed
 * "sha256:". */
gboolean          surat_certificate_matches_fingerprint   (SuratCertificate  *self,
                                                           const char        *fingerprint);
/* Canonical form (upper-case, ':'-separated) of a fingerprint a person typed
 * or a file held; NULL when it is not 32 bytes of hex. */
char             *surat_certificate_normalize_fingerprint (const char        *fingerprint);

G_END_DECLS
