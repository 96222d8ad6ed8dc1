/* surat-test-certs.h — certificates made on the fly for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A test certificate authority and server certificates, made with OpenSSL's
 * C API (EC P-256 keys, SHA-256 signatures) and written as PEM files into a
 * directory the test owns. Nothing is cached: every call makes new keys.
 * Failures abort the test (g_assert). Freeing an object leaves its files;
 * remove the directory with surat_test_rm_rf().
 *
 * Typical use:
 *
 *   g_autofree char *dir = surat_test_make_tmpdir ("certs");
 *   g_autoptr(SuratTestCa) ca = surat_test_ca_new (dir, "ca", NULL);
 *   g_autoptr(SuratTestCert) cert = surat_test_cert_new_localhost (dir, ca);
 *
 *   client:  ca-file = surat_test_ca_get_cert_file (ca)
 *   Dovecot: ssl_cert = <surat_test_cert_get_chain_file (cert)
 *            ssl_key  = <surat_test_cert_get_key_file (cert)
 *   GIO:     g_tls_server_connection_new (base, surat_test_cert_get_tls_certificate (cert, TRUE), …)
 */

typedef struct _SuratTestCa   SuratTestCa;
typedef struct _SuratTestCert SuratTestCert;

/* A CA named @name (also its CN), valid from 30 days ago for ten years:
 * @dir/@name.pem (certificate) and @dir/@name.key. With @issuer NULL it is a
 * self-signed root; otherwise an intermediate signed by @issuer. */
SuratTestCa      *surat_test_ca_new                  (const char               *dir,
                                                      const char               *name,
                                                      SuratTestCa              *issuer);
/* The CA's certificate alone: what a client trusts as its ca-file. */
const char       *surat_test_ca_get_cert_file        (SuratTestCa              *ca);
void              surat_test_ca_free                 (SuratTestCa              *ca);

typedef struct
{
  /* Subject CN; NULL: the first DNS name of @alt_names, else "Surat test
   * server". */
  const char         *common_name;
  /* subjectAltName entries in OpenSSL's notation, NULL-terminated:
   * "DNS:mail.example.test", "IP:127.0.0.1", "IP:::1". NULL: no
   * subjectAltName extension at all. */
  const char * const *alt_names;
  /* Validity, in seconds from now (negative: in the past). Both 0: from a
   * day ago until a year from now. Expired: -172800, -86400. Not yet
   * valid: 86400, 172800. */
  gint64              not_before;
  gint64              not_after;
} SuratTestCertSpec;

/* A server certificate named @name: @dir/@name.pem (the certificate),
 * @dir/@name.key (its key, unencrypted PKCS#8, mode 0600) and
 * @dir/@name-chain.pem (the certificate, then every issuer up to and
 * including the root: what a server presents). Signed by @issuer, or
 * self-signed when @issuer is NULL. */
SuratTestCert    *surat_test_cert_new                (const char               *dir,
                                                      const char               *name,
                                                      SuratTestCa              *issuer,
                                                      const SuratTestCertSpec  *spec);
/* The usual loopback server: "localhost" with DNS:localhost, IP:127.0.0.1
 * and IP:::1, valid now. */
SuratTestCert    *surat_test_cert_new_localhost      (const char               *dir,
                                                      SuratTestCa              *issuer);

const char       *surat_test_cert_get_cert_file      (SuratTestCert            *cert);
const char       *surat_test_cert_get_key_file       (SuratTestCert            *cert);
const char       *surat_test_cert_get_chain_file     (SuratTestCert            *cert);
/* (transfer none): the certificate's DER encoding. */
GBytes           *surat_test_cert_get_der            (SuratTestCert            *cert);
/* SHA-256 over the DER, computed with GLib's GChecksum (not with the code
 * under test), as upper-case hex pairs joined by ':'. */
const char       *surat_test_cert_get_fingerprint    (SuratTestCert            *cert);
/* (transfer full): certificate and key for GIO's (GnuTLS) server side;
 * with @with_chain the issuers are presented too, without it the server
 * sends its own certificate alone (an incomplete chain, when the issuer is
 * an intermediate). */
GTlsCertificate  *surat_test_cert_get_tls_certificate (SuratTestCert           *cert,
                                                       gboolean                 with_chain);
void              surat_test_cert_free               (SuratTestCert            *cert);

/* SHA-256 of the DER that GnuTLS parsed out of @certificate (its
 * "certificate" property), with GChecksum: a fingerprint computed without
 * any of the code under test, in the "AB:CD:…" form. */
char             *surat_test_cert_fingerprint_of     (GTlsCertificate          *certificate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestCa, surat_test_ca_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestCert, surat_test_cert_free)

G_END_DECLS
