/* test-certificate.c — SuratCertificate: what a person is shown of a certificate
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates come from surat-test-certs (OpenSSL); the expected values
 * come from GIO's GnuTLS backend reading the same files, so the two sides
 * do not share code.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <openssl/err.h>

#include "surat-certificate.h"
#include "surat-test-certs.h"
#include "surat-test-util.h"

#define HOST "mail.example.test"

static struct
{
  char          *dir;
  SuratTestCa   *ca;
  SuratTestCert *good;         /* by ca: HOST and 127.0.0.1 */
  SuratTestCert *self_signed;  /* same names, self-signed */
} certs;

static void
test_certificate_fields (void)
{
  g_autoptr(GBytes) pem = surat_test_read_file (surat_test_cert_get_cert_file (certs.good));
  g_autoptr(GTlsCertificate) gnutls = surat_test_cert_get_tls_certificate (certs.good, FALSE);
  g_autoptr(GDateTime) gnutls_not_before = NULL;
  g_autoptr(GDateTime) gnutls_not_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratCertificate) cert = NULL;
  g_autoptr(SuratCertificate) from_der = NULL;
  g_autoptr(SuratCertificate) self_signed = NULL;
  g_autoptr(GBytes) self_signed_pem = NULL;
  g_autofree char *expected = surat_test_cert_fingerprint_of (gnutls);
  GBytes *der = surat_test_cert_get_der (certs.good);
  const char * const *hosts;

  cert = surat_certificate_new_from_pem (g_bytes_get_data (pem, NULL), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (surat_certificate_get_fingerprint (cert), ==, expected);
  g_assert_cmpstr (surat_certificate_get_subject (cert), ==, "CN=" HOST ",O=Surat tests");
  g_assert_cmpstr (surat_certificate_get_issuer (cert), ==, "CN=Surat Test Root,O=Surat tests");
  g_assert_cmpstr (surat_certificate_get_common_name (cert), ==, HOST);
  g_assert_true (g_str_has_prefix (surat_certificate_get_pem (cert), "-----BEGIN CERTIFICATE-----"));
  g_assert_false (surat_certificate_is_self_signed (cert));

  hosts = surat_certificate_get_hosts (cert);
  g_assert_cmpstr (hosts[0], ==, HOST);
  g_assert_cmpstr (hosts[1], ==, "127.0.0.1");
  g_assert_null (hosts[2]);

  /* The validity dates as GnuTLS reads them. */
  g_object_get (gnutls, "not-valid-before", &gnutls_not_before,
                "not-valid-after", &gnutls_not_after, NULL);
  g_assert_true (g_date_time_equal (surat_certificate_get_not_before (cert), gnutls_not_before));
  g_assert_true (g_date_time_equal (surat_certificate_get_not_after (cert), gnutls_not_after));

  from_der = surat_certificate_new_from_der (g_bytes_get_data (der, NULL),
                                             g_bytes_get_size (der), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_certificate_get_fingerprint (from_der), ==, expected);
  g_assert_cmpstr (surat_certificate_get_pem (from_der), ==, g_bytes_get_data (pem, NULL));

  self_signed_pem = surat_test_read_file (surat_test_cert_get_cert_file (certs.self_signed));
  self_signed = surat_certificate_new_from_pem (g_bytes_get_data (self_signed_pem, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (surat_certificate_is_self_signed (self_signed));
  g_assert_cmpstr (surat_certificate_get_issuer (self_signed), ==,
                   surat_certificate_get_subject (self_signed));
}

static void
test_certificate_garbage (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *der = surat_test_cert_get_der (certs.good);
  g_autofree guint8 *truncated = g_memdup2 (g_bytes_get_data (der, NULL), 100);
  SuratCertificate *cert;

  cert = surat_certificate_new_from_pem ("-----BEGIN CERTIFICATE-----\nAAAA\n"
                                         "-----END CERTIFICATE-----\n", &error);
  g_assert_null (cert);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  cert = surat_certificate_new_from_der (truncated, 100, &error);
  g_assert_null (cert);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_assert_cmpuint (ERR_peek_error (), ==, 0);
}

static void
test_certificate_fingerprints (void)
{
  g_autoptr(GBytes) pem = surat_test_read_file (surat_test_cert_get_cert_file (certs.good));
  g_autoptr(SuratCertificate) cert = surat_certificate_new_from_pem (g_bytes_get_data (pem, NULL),
                                                                     NULL);
  const char *canonical = surat_test_cert_get_fingerprint (certs.good);
  g_autofree char *lower = g_ascii_strdown (canonical, -1);
  g_auto(GStrv) pairs = g_strsplit (lower, ":", -1);
  g_autofree char *bare = g_strjoinv ("", pairs);
  g_autofree char *spaced = g_strjoinv (" ", pairs);
  g_autofree char *prefixed = g_strconcat ("SHA256:", bare, NULL);
  g_autofree char *padded = g_strconcat ("  sha256:", canonical, "\n", NULL);
  g_autofree char *normalized = NULL;
  g_autofree char *too_short = g_strndup (bare, 62);
  g_autofree char *too_long = g_strconcat (bare, "00", NULL);
  g_autofree char *not_hex = g_strdup (bare);

  not_hex[10] = 'g';

  normalized = surat_certificate_normalize_fingerprint (bare);
  g_assert_cmpstr (normalized, ==, canonical);

  g_assert_true (surat_certificate_matches_fingerprint (cert, canonical));
  g_assert_true (surat_certificate_matches_fingerprint (cert, lower));
  g_assert_true (surat_certificate_matches_fingerprint (cert, bare));
  g_assert_true (surat_certificate_matches_fingerprint (cert, spaced));
  g_assert_true (surat_certificate_matches_fingerprint (cert, prefixed));
  g_assert_true (surat_certificate_matches_fingerprint (cert, padded));
  g_assert_false (surat_certificate_matches_fingerprint (cert,
                                                         surat_test_cert_get_fingerprint (certs.self_signed)));
  g_assert_false (surat_certificate_matches_fingerprint (cert, NULL));

  g_assert_null (surat_certificate_normalize_fingerprint (too_short));
  g_assert_null (surat_certificate_normalize_fingerprint (too_long));
  g_assert_null (surat_certificate_normalize_fingerprint (not_hex));
  g_assert_null (surat_certificate_normalize_fingerprint (""));
}

static void
test_certificate_odd_names (void)
{
  const char * const names[] = { "DNS:b\xc3\xbc" "cher.example.test", "IP:::1", NULL };
  SuratTestCertSpec spec = { .common_name = "Z\xc3\xbcrich\x01mail", .alt_names = names };
  g_autoptr(SuratTestCert) odd = surat_test_cert_new (certs.dir, "odd", certs.ca, &spec);
  g_autoptr(GBytes) pem = surat_test_read_file (surat_test_cert_get_cert_file (odd));
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratCertificate) cert = surat_certificate_new_from_pem (g_bytes_get_data (pem, NULL),
                                                                     &error);
  const char * const *hosts;

  g_assert_no_error (error);

  /* UTF-8 stays readable; a control character is shown, not obeyed. */
  g_assert_cmpstr (surat_certificate_get_common_name (cert), ==, "Z\xc3\xbcrich\\x01mail");
  g_assert_true (g_utf8_validate (surat_certificate_get_subject (cert), -1, NULL));
  g_assert_nonnull (strstr (surat_certificate_get_subject (cert), "Z\xc3\xbcrich"));
  g_assert_null (strchr (surat_certificate_get_subject (cert), '\x01'));

  g_test_message ("Subject: %s", surat_certificate_get_subject (cert));

  hosts = surat_certificate_get_hosts (cert);
  g_assert_cmpstr (hosts[0], ==, "b\xc3\xbc" "cher.example.test");
  g_assert_cmpstr (hosts[1], ==, "::1");
  g_assert_null (hosts[2]);
}

int
main (int    argc,
      char **argv)
{
  const char * const names[] = { "DNS:" HOST, "IP:127.0.0.1", NULL };
  SuratTestCertSpec good = { .alt_names = names };
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  certs.dir = surat_test_make_tmpdir ("surat-test-certificate");
  certs.ca = surat_test_ca_new (certs.dir, "Surat Test Root", NULL);
  certs.good = surat_test_cert_new (certs.dir, "good", certs.ca, &good);
  certs.self_signed = surat_test_cert_new (certs.dir, "self-signed", NULL, &good);

  g_test_add_func ("/certificate/fields", test_certificate_fields);
  g_test_add_func ("/certificate/garbage", test_certificate_garbage);
  g_test_add_func ("/certificate/fingerprints", test_certificate_fingerprints);
  g_test_add_func ("/certificate/odd-names", test_certificate_odd_names);

  ret = g_test_run ();

  surat_test_cert_free (certs.good);
  surat_test_cert_free (certs.self_signed);
  surat_test_ca_free (certs.ca);
  surat_test_rm_rf (certs.dir);
  g_free (certs.dir);

  return ret;
}
