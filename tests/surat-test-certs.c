/* surat-test-certs.c — certificates made on the fly for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "surat-test-certs.h"

#define DAY (24 * 60 * 60)

struct _SuratTestCa
{
  X509     *x509;
  EVP_PKEY *key;
  char     *cert_file;
  char     *chain_pem;   /* this CA, then its issuers up to the root */
};

struct _SuratTestCert
{
  char   *cert_file;
  char   *key_file;
  char   *chain_file;
  GBytes *der;
  char   *fingerprint;
};

static EVP_PKEY *
new_key (void)
{
  EVP_PKEY *key = EVP_EC_gen ("P-256");

  g_assert_nonnull (key);
  return key;
}

static void
add_extension (X509        *x509,
               X509V3_CTX  *ctx,
               int          nid,
               const char  *value)
{
  X509_EXTENSION *ext = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  g_assert_nonnull (ext);
  g_assert_cmpint (X509_add_ext (x509, ext, -1), ==, 1);
  X509_EXTENSION_free (ext);
}

/* @issuer NULL: self-signed with @key. */
static X509 *
build_certificate (const char         *common_name,
                   EVP_PKEY           *key,
                   SuratTestCa        *issuer,
                   gboolean            is_ca,
                   const char * const *alt_names,
                   gint64              not_before,
                   gint64              not_after)
{
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_get_subject_name (x509);
  X509V3_CTX ctx;
  guint64 serial = ((guint64) g_random_int () << 31) ^ g_random_int ();

  g_assert_cmpint (X509_set_version (x509, X509_VERSION_3), ==, 1);
  g_assert_cmpint (ASN1_INTEGER_set_uint64 (X509_get_serialNumber (x509), serial + 1), ==, 1);
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notBefore (x509), (long) not_before));
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notAfter (x509), (long) not_after));
  g_assert_cmpint (X509_set_pubkey (x509, key), ==, 1);

  X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                              (const unsigned char *) "Surat tests", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                              (const unsigned char *) common_name, -1, -1, 0);
  X509_set_issuer_name (x509, issuer != NULL ? X509_get_subject_name (issuer->x509) : name);

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, issuer != NULL ? issuer->x509 : x509, x509, NULL, NULL, 0);

  if (is_ca)
    {
      add_extension (x509, &ctx, NID_basic_constraints, "critical,CA:TRUE");
      add_extension (x509, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
  else
    {
      add_extension (x509, &ctx, NID_basic_constraints, "critical,CA:FALSE");
      add_extension (x509, &ctx, NID_key_usage, "critical,digitalSignature");
      add_extension (x509, &ctx, NID_ext_key_usage, "serverAuth");
    }
  add_extension (x509, &ctx, NID_subject_key_identifier, "hash");
  if (issuer != NULL)
    add_extension (x509, &ctx, NID_authority_key_identifier, "keyid:always");

  if (alt_names != NULL && alt_names[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", (char **) alt_names);

      add_extension (x509, &ctx, NID_subject_alt_name, joined);
    }

  g_assert_cmpint (X509_sign (x509, issuer != NULL ? issuer->key : key, EVP_sha256 ()), >, 0);
  ERR_clear_error ();

  return x509;
}

static char *
x509_to_pem (X509 *x509)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  char *pem;

  g_assert_cmpint (PEM_write_bio_X509 (bio, x509), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  pem = g_strndup (data, len);
  BIO_free (bio);

  return pem;
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode, &error);
  g_assert_no_error (error);
}

static void
write_key (const char *path,
           EVP_PKEY   *key)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  g_autofree char *pem = NULL;

  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  pem = g_strndup (data, len);
  BIO_free (bio);

  write_file (path, pem, 0600);
}

SuratTestCa *
surat_test_ca_new (const char  *dir,
                   const char  *name,
                   SuratTestCa *issuer)
{
  SuratTestCa *ca = g_new0 (SuratTestCa, 1);
  g_autofree char *pem = NULL;
  g_autofree char *basename = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_basename = g_strconcat (name, ".key", NULL);
  g_autofree char *key_file = g_build_filename (dir, key_basename, NULL);

  ca->key = new_key ();
  ca->x509 = build_certificate (name, ca->key, issuer, TRUE, NULL, -30 * DAY, 3650 * DAY);
  ca->cert_file = g_build_filename (dir, basename, NULL);

  pem = x509_to_pem (ca->x509);
  ca->chain_pem = g_strconcat (pem, issuer != NULL ? issuer->chain_pem : "", NULL);
  write_file (ca->cert_file, pem, 0644);
  write_key (key_file, ca->key);

  return ca;
}

const char *
surat_test_ca_get_cert_file (SuratTestCa *ca)
{
  return ca->cert_file;
}

void
surat_test_ca_free (SuratTestCa *ca)
{
  if (ca == NULL)
    return;

  X509_free (ca->x509);
  EVP_PKEY_free (ca->key);
  g_free (ca->cert_file);
  g_free (ca->chain_pem);
  g_free (ca);
}

static char *
fingerprint_of (GBytes *der)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  GString *str = g_string_new (NULL);

  g_checksum_update (checksum, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_checksum_get_digest (checksum, digest, &len);
  g_assert_cmpuint (len, ==, sizeof digest);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (str, "%s%02X", i > 0 ? ":" : "", digest[i]);

  return g_string_free (str, FALSE);
}

SuratTestCert *
surat_test_cert_new (const char              *dir,
                     const char              *name,
                     SuratTestCa             *issuer,
                     const SuratTestCertSpec *spec)
{
  SuratTestCert *cert = g_new0 (SuratTestCert, 1);
  g_autofree char *cert_basename = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_basename = g_strconcat (name, ".key", NULL);
  g_autofree char *chain_basename = g_strconcat (name, "-chain.pem", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *chain = NULL;
  const char *common_name = spec->common_name;
  gint64 not_before = spec->not_before;
  gint64 not_after = spec->not_after;
  EVP_PKEY *key = new_key ();
  X509 *x509;
  unsigned char *der = NULL;
  int der_len;

  if (common_name == NULL && spec->alt_names != NULL)
    for (guint i = 0; spec->alt_names[i] != NULL && common_name == NULL; i++)
      if (g_str_has_prefix (spec->alt_names[i], "DNS:"))
        common_name = spec->alt_names[i] + strlen ("DNS:");
  if (common_name == NULL)
    common_name = "Surat test server";

  if (not_before == 0 && not_after == 0)
    {
      not_before = -DAY;
      not_after = 365 * DAY;
    }

  x509 = build_certificate (common_name, key, issuer, FALSE, spec->alt_names,
                            not_before, not_after);

  cert->cert_file = g_build_filename (dir, cert_basename, NULL);
  cert->key_file = g_build_filename (dir, key_basename, NULL);
  cert->chain_file = g_build_filename (dir, chain_basename, NULL);

  pem = x509_to_pem (x509);
  chain = g_strconcat (pem, issuer != NULL ? issuer->chain_pem : "", NULL);
  write_file (cert->cert_file, pem, 0644);
  write_file (cert->chain_file, chain, 0644);
  write_key (cert->key_file, key);

  der_len = i2d_X509 (x509, &der);
  g_assert_cmpint (der_len, >, 0);
  cert->der = g_bytes_new (der, der_len);
  cert->fingerprint = fingerprint_of (cert->der);

  OPENSSL_free (der);
  X509_free (x509);
  EVP_PKEY_free (key);
  ERR_clear_error ();

  return cert;
}

SuratTestCert *
surat_test_cert_new_localhost (const char  *dir,
                               SuratTestCa *issuer)
{
  const char * const alt_names[] = { "DNS:localhost", "IP:127.0.0.1", "IP:::1", NULL };
  SuratTestCertSpec spec = { .alt_names = alt_names };

  return surat_test_cert_new (dir, "localhost", issuer, &spec);
}

const char *
surat_test_cert_get_cert_file (SuratTestCert *cert)
{
  return cert->cert_file;
}

const char *
surat_test_cert_get_key_file (SuratTestCert *cert)
{
  return cert->key_file;
}

const char *
surat_test_cert_get_chain_file (SuratTestCert *cert)
{
  return cert->chain_file;
}

GBytes *
surat_test_cert_get_der (SuratTestCert *cert)
{
  return cert->der;
}

const char *
surat_test_cert_get_fingerprint (SuratTestCert *cert)
{
  return cert->fingerprint;
}

GTlsCertificate *
surat_test_cert_get_tls_certificate (SuratTestCert *cert,
                                     gboolean       with_chain)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *tls;

  tls = g_tls_certificate_new_from_files (with_chain ? cert->chain_file : cert->cert_file,
                                          cert->key_file, &error);
  g_assert_no_error (error);

  return tls;
}

char *
surat_test_cert_fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der_array = NULL;
  g_autoptr(GBytes) der = NULL;

  g_object_get (certificate, "certificate", &der_array, NULL);
  g_assert_nonnull (der_array);
  der = g_bytes_new (der_array->data, der_array->len);

  return fingerprint_of (der);
}

void
surat_test_cert_free (SuratTestCert *cert)
{
  if (cert == NULL)
    return;

  g_free (cert->cert_file);
  g_free (cert->key_file);
  g_free (cert->chain_file);
  g_bytes_unref (cert->der);
  g_free (cert->fingerprint);
  g_free (cert);
}
