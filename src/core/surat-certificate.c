/* surat-certificate.c — a server's X.509 certificate, in words a person can check
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "surat-certificate-private.h"

/* Everything is extracted when the object is built: the object is then plain
 * immutable data, cheap to pass around and safe to keep after the TLS
 * session that produced it is gone. */
struct _SuratCertificate
{
  GObject    parent_instance;

  char      *pem;
  char      *fingerprint;
  char      *subject;
  char      *issuer;
  char      *common_name;
  GStrv      hosts;
  GDateTime *not_before;
  GDateTime *not_after;
  gboolean   self_signed;
};

G_DEFINE_FINAL_TYPE (SuratCertificate, surat_certificate, G_TYPE_OBJECT)

#define FINGERPRINT_LEN 32 /* bytes of SHA-256 */

static char *
fingerprint_to_string (const guint8 *digest,
                       gsize         len)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *str = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        g_string_append_c (str, ':');
      g_string_append_c (str, hex[digest[i] >> 4]);
      g_string_append_c (str, hex[digest[i] & 0xf]);
    }

  return g_string_free (str, FALSE);
}

/* Text from a certificate is chosen by whoever made it: control characters
 * and invalid UTF-8 must not reach a label or a terminal as they are. */
static char *
sanitize_text (const char *text,
               gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *str = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (str, "\\x%02X", c);
      else
        g_string_append_c (str, (char) c);
    }

  return g_string_free (str, FALSE);
}

static char *
bio_to_string (BIO *bio)
{
  char *data = NULL;
  long len = BIO_get_mem_data (bio, &data);

  return g_strndup (data, len > 0 ? (gsize) len : 0);
}

static char *
name_to_string (const X509_NAME *name)
{
  /* RFC 2253 order and escaping, but UTF-8 left as such so that a person
   * reads "Zürich" rather than "Z\C3\BCrich". */
  unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
  BIO *bio = BIO_new (BIO_s_mem ());
  g_autofree char *text = NULL;

  if (X509_NAME_print_ex (bio, name, 0, flags) < 0)
    {
      BIO_free (bio);
      return g_strdup ("");
    }

  text = bio_to_string (bio);
  BIO_free (bio);

  return sanitize_text (text, strlen (text));
}

static char *
get_common_name (const X509_NAME *name)
{
  int pos = -1;
  int last = -1;
  const ASN1_STRING *data;
  unsigned char *utf8 = NULL;
  int len;
  char *result;

  /* The most specific CN is the last one in DER order. */
  while ((pos = X509_NAME_get_index_by_NID (name, NID_commonName, pos)) >= 0)
    last = pos;
  if (last < 0)
    return NULL;

  data = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, last));
  len = ASN1_STRING_to_UTF8 (&utf8, data);
  if (len < 0)
    return NULL;

  result = sanitize_text ((const char *) utf8, len);
  OPENSSL_free (utf8);

  return result;
}

static GStrv
get_hosts (X509 *x509)
{
  GPtrArray *hosts = g_ptr_array_new ();
  GENERAL_NAMES *names;

  names = X509_get_ext_d2i (x509, NID_subject_alt_name, NULL, NULL);
  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names); i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

      if (name->type == GEN_DNS)
        {
          const ASN1_STRING *dns = name->d.dNSName;

          g_ptr_array_add (hosts,
                           sanitize_text ((const char *) ASN1_STRING_get0_data (dns),
                                          ASN1_STRING_length (dns)));
        }
      else if (name->type == GEN_IPADD)
        {
          const ASN1_STRING *ip = name->d.iPAddress;
          int len = ASN1_STRING_length (ip);
          g_autoptr(GInetAddress) address = NULL;

          if (len == 4)
            address = g_inet_address_new_from_bytes (ASN1_STRING_get0_data (ip),
                                                     G_SOCKET_FAMILY_IPV4);
          else if (len == 16)
            address = g_inet_address_new_from_bytes (ASN1_STRING_get0_data (ip),
                                                     G_SOCKET_FAMILY_IPV6);
          if (address != NULL)
            g_ptr_array_add (hosts, g_inet_address_to_string (address));
        }
    }
  GENERAL_NAMES_free (names);
  g_ptr_array_add (hosts, NULL);

  return (GStrv) g_ptr_array_free (hosts, FALSE);
}

static GDateTime *
asn1_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    return g_date_time_new_from_unix_utc (0);

  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
surat_certificate_finalize (GObject *object)
{
  SuratCertificate *self = SURAT_CERTIFICATE (object);

  g_free (self->pem);
  g_free (self->fingerprint);
  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->common_name);
  g_strfreev (self->hosts);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (surat_certificate_parent_class)->finalize (object);
}

static void
surat_certificate_class_init (SuratCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_certificate_finalize;
}

static void
surat_certificate_init (SuratCertificate *self)
{
}

SuratCertificate *
_surat_certificate_new_from_x509 (X509 *x509)
{
  SuratCertificate *self;
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  BIO *bio;

  g_return_val_if_fail (x509 != NULL, NULL);

  self = g_object_new (SURAT_TYPE_CERTIFICATE, NULL);

  bio = BIO_new (BIO_s_mem ());
  PEM_write_bio_X509 (bio, x509);
  self->pem = bio_to_string (bio);
  BIO_free (bio);

  if (X509_digest (x509, EVP_sha256 (), digest, &digest_len) && digest_len == FINGERPRINT_LEN)
    self->fingerprint = fingerprint_to_string (digest, digest_len);
  else
    self->fingerprint = g_strdup ("");

  self->subject = name_to_string (X509_get_subject_name (x509));
  self->issuer = name_to_string (X509_get_issuer_name (x509));
  self->common_name = get_common_name (X509_get_subject_name (x509));
  self->hosts = get_hosts (x509);
  self->not_before = asn1_time_to_date_time (X509_get0_notBefore (x509));
  self->not_after = asn1_time_to_date_time (X509_get0_notAfter (x509));
  /* Signature checked too: a certificate merely naming itself as its
   * issuer is not what a person means by "self-signed". */
  self->self_signed = X509_self_signed (x509, 1) == 1;

  /* Whatever failed above (an odd extension, say) must not linger in this
   * thread's queue and be blamed on the next TLS call. */
  ERR_clear_error ();

  return self;
}

/**
 * surat_certificate_new_from_pem:
 * @pem: text holding a "-----BEGIN CERTIFICATE-----" block
 * @error: return location for a #GError
 *
 * Reads the first certificate in @pem.
 *
 * Returns: (transfer full): the certificate, or %NULL with
 *   %G_IO_ERROR_INVALID_DATA.
 */
SuratCertificate *
surat_certificate_new_from_pem (const char  *pem,
                                GError     **error)
{
  BIO *bio;
  X509 *x509;
  SuratCertificate *self;

  g_return_val_if_fail (pem != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bio = BIO_new_mem_buf (pem, -1);
  x509 = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  BIO_free (bio);
  ERR_clear_error ();

  if (x509 == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The text does not contain a certificate"));
      return NULL;
    }

  self = _surat_certificate_new_from_x509 (x509);
  X509_free (x509);

  return self;
}

/**
 * surat_certificate_new_from_der:
 * @der: (array length=len): one DER-encoded certificate
 * @len: length of @der
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the certificate, or %NULL with
 *   %G_IO_ERROR_INVALID_DATA when @der is not exactly one certificate.
 */
SuratCertificate *
surat_certificate_new_from_der (const guint8  *der,
                                gsize          len,
                                GError       **error)
{
  const unsigned char *p = der;
  X509 *x509;
  SuratCertificate *self;

  g_return_val_if_fail (der != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  x509 = len > 0 && len <= G_MAXLONG ? d2i_X509 (NULL, &p, (long) len) : NULL;
  ERR_clear_error ();

  if (x509 == NULL || p != der + len)
    {
      X509_free (x509);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The data is not a certificate"));
      return NULL;
    }

  self = _surat_certificate_new_from_x509 (x509);
  X509_free (x509);

  return self;
}

/**
 * surat_certificate_get_pem:
 *
 * Returns: (transfer none): the certificate as PEM text.
 */
const char *
surat_certificate_get_pem (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->pem;
}

/**
 * surat_certificate_get_fingerprint:
 *
 * Returns: (transfer none): SHA-256 of the DER encoding, as 32 upper-case
 *   hex pairs joined by ':'.
 */
const char *
surat_certificate_get_fingerprint (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->fingerprint;
}

/**
 * surat_certificate_get_subject:
 *
 * Returns: (transfer none): the subject's distinguished name (RFC 2253),
 *   with control characters escaped.
 */
const char *
surat_certificate_get_subject (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->subject;
}

/**
 * surat_certificate_get_issuer:
 *
 * Returns: (transfer none): the issuer's distinguished name (RFC 2253).
 */
const char *
surat_certificate_get_issuer (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->issuer;
}

/**
 * surat_certificate_get_common_name:
 *
 * Returns: (transfer none) (nullable): the subject's (most specific) CN.
 */
const char *
surat_certificate_get_common_name (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->common_name;
}

/**
 * surat_certificate_get_hosts:
 *
 * Returns: (transfer none) (array zero-terminated=1): the DNS names and IP
 *   addresses of subjectAltName, in certificate order.
 */
const char * const *
surat_certificate_get_hosts (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return (const char * const *) self->hosts;
}

/**
 * surat_certificate_get_not_before:
 *
 * Returns: (transfer none): the start of the validity period, in UTC.
 */
GDateTime *
surat_certificate_get_not_before (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->not_before;
}

/**
 * surat_certificate_get_not_after:
 *
 * Returns: (transfer none): the end of the validity period, in UTC.
 */
GDateTime *
surat_certificate_get_not_after (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), NULL);

  return self->not_after;
}

/**
 * surat_certificate_is_self_signed:
 *
 * Returns: %TRUE when the certificate is its own issuer and its signature
 *   verifies with its own key.
 */
gboolean
surat_certificate_is_self_signed (SuratCertificate *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), FALSE);

  return self->self_signed;
}

/**
 * surat_certificate_matches_fingerprint:
 * @fingerprint: (nullable): a SHA-256 fingerprint in any form
 *   surat_certificate_normalize_fingerprint() accepts
 *
 * Returns: %TRUE when @fingerprint names this certificate.
 */
gboolean
surat_certificate_matches_fingerprint (SuratCertificate *self,
                                       const char       *fingerprint)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (SURAT_IS_CERTIFICATE (self), FALSE);

  if (fingerprint == NULL)
    return FALSE;

  normalized = surat_certificate_normalize_fingerprint (fingerprint);

  return normalized != NULL && strcmp (normalized, self->fingerprint) == 0;
}

/**
 * surat_certificate_normalize_fingerprint:
 * @fingerprint: 32 bytes as hex, any case, pairs optionally separated by
 *   ':' or spaces, optionally prefixed "sha256:" (or "SHA256:"); leading and
 *   trailing white space is ignored
 *
 * Returns: (transfer full) (nullable): upper-case hex pairs joined by ':',
 *   or %NULL when @fingerprint is not 32 bytes of hex.
 */
char *
surat_certificate_normalize_fingerprint (const char *fingerprint)
{
  guint8 digest[FINGERPRINT_LEN];
  const char *p;
  gsize nibbles = 0;

  g_return_val_if_fail (fingerprint != NULL, NULL);

  p = fingerprint;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "sha256:", strlen ("sha256:")) == 0)
    p += strlen ("sha256:");

  for (; *p; p++)
    {
      int value;

      if (*p == ':' || g_ascii_isspace (*p))
        continue;

      value = g_ascii_xdigit_value (*p);
      if (value < 0 || nibbles >= 2 * FINGERPRINT_LEN)
        return NULL;

      if (nibbles % 2 == 0)
        digest[nibbles / 2] = (guint8) (value << 4);
      else
        digest[nibbles / 2] |= (guint8) value;
      nibbles++;
    }

  if (nibbles != 2 * FINGERPRINT_LEN)
    return NULL;

  return fingerprint_to_string (digest, FINGERPRINT_LEN);
}
