/* surat-tls-error.c — SURAT_TLS_ERROR: what went wrong, in words a person reads
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "surat-tls-error-private.h"

typedef struct
{
  SuratCertificate *certificate;
} SuratTlsErrorPrivate;

static void
surat_tls_error_private_init (SuratTlsErrorPrivate *priv)
{
  priv->certificate = NULL;
}

static void
surat_tls_error_private_copy (const SuratTlsErrorPrivate *src,
                              SuratTlsErrorPrivate       *dest)
{
  dest->certificate = src->certificate != NULL ? g_object_ref (src->certificate) : NULL;
}

static void
surat_tls_error_private_clear (SuratTlsErrorPrivate *priv)
{
  g_clear_object (&priv->certificate);
}

/* An extended error (GLib 2.68): the peer certificate travels inside the
 * GError itself, through g_task_return_error(), g_error_copy() and
 * g_propagate_error(), without a side channel. */
G_DEFINE_EXTENDED_ERROR (SuratTlsError, surat_tls_error)

const char *
_surat_tls_openssl_reason (unsigned long err)
{
  const char *reason = err != 0 ? ERR_reason_error_string (err) : NULL;

  return reason != NULL ? reason : _("unknown error");
}

GError *
_surat_tls_handshake_error_new (const char    *host,
                                unsigned long  err,
                                gboolean       eof)
{
  int reason = ERR_GET_LIB (err) == ERR_LIB_SSL ? ERR_GET_REASON (err) : 0;

  if (eof || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
    /* Translators: %s is the server's host name. */
    return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                        _("%s closed the connection while setting up encryption"),
                        host);

  switch (reason)
    {
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      /* Translators: %s is the server's host name. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("%s only offers versions of TLS older than 1.2, "
                            "which are no longer secure"),
                          host);

    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_HTTP_REQUEST:
      /* Translators: %s is the server's host name. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("%s did not answer with TLS; is this the port for "
                            "encrypted connections?"),
                          host);

    default:
      /* Translators: the first %s is the server's host name, the second
       * OpenSSL's own words. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("Could not set up encryption with %s: %s"),
                          host, _surat_tls_openssl_reason (err));
    }
}

static SuratTlsError
classify_failure (int error)
{
  switch (error)
    {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
      return SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED;

    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY;

    case X509_V_ERR_CERT_HAS_EXPIRED:
      return SURAT_TLS_ERROR_CERTIFICATE_EXPIRED;

    case X509_V_ERR_CERT_NOT_YET_VALID:
      return SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED;

    default:
      return SURAT_TLS_ERROR_CERTIFICATE_INVALID;
    }
}

/* When a chain has several problems, the one reported is the first in this
 * order (documented in the header):
 *
 *  1. UNTRUSTED: no authority we trust vouches for the certificate, so
 *     nothing else it claims (its names, its dates) means anything, and an
 *     attacker must never be able to pick a milder-sounding message by
 *     presenting, say, an expired forgery.
 *  2. INVALID: an authority seems to vouch, but the chain is broken (bad
 *     signature, not a CA, revoked, weak key).
 *  3. BAD_IDENTITY: a sound certificate, but for another server.
 *  4. EXPIRED, then 5. NOT_ACTIVATED: the right server, the wrong time.
 *
 * Among problems of one kind, the one nearest the server's own certificate
 * wins, then the first reported. */
static int
rank_of (SuratTlsError code)
{
  switch (code)
    {
    case SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED:     return 0;
    case SURAT_TLS_ERROR_CERTIFICATE_INVALID:       return 1;
    case SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY:  return 2;
    case SURAT_TLS_ERROR_CERTIFICATE_EXPIRED:       return 3;
    case SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED: return 4;
    default:                                        return 5;
    }
}

const SuratTlsVerifyFailure *
_surat_tls_pick_failure (GArray *failures)
{
  const SuratTlsVerifyFailure *best = NULL;

  for (guint i = 0; i < failures->len; i++)
    {
      const SuratTlsVerifyFailure *f = &g_array_index (failures, SuratTlsVerifyFailure, i);

      if (best == NULL)
        best = f;
      else if (rank_of (classify_failure (f->error)) < rank_of (classify_failure (best->error)))
        best = f;
      else if (rank_of (classify_failure (f->error)) == rank_of (classify_failure (best->error)) &&
               f->depth < best->depth)
        best = f;
    }

  return best;
}

/* "a.example, b.example, c.example…": what the certificate is for. */
static char *
describe_names (SuratCertificate *certificate)
{
  const char * const *hosts = surat_certificate_get_hosts (certificate);
  const char *common_name = surat_certificate_get_common_name (certificate);
  GString *str = g_string_new (NULL);
  guint i;

  for (i = 0; hosts[i] != NULL && i < 3; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, hosts[i]);
    }
  if (hosts[i] != NULL)
    g_string_append (str, "…");

  if (str->len == 0 && common_name != NULL)
    g_string_append (str, common_name);

  return g_string_free (str, FALSE);
}

GError *
_surat_tls_certificate_error_new (const char                  *host,
                                  SuratCertificate            *cert,
                                  const SuratTlsVerifyFailure *failure)
{
  SuratTlsError code = classify_failure (failure->error);
  g_autofree char *names = NULL;
  g_autofree char *date = NULL;
  GError *error = NULL;

  switch (code)
    {
    case SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED:
      if (failure->error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
        /* Translators: %s is the server's host name. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s is self-signed: no authority "
                               "you trust vouches for it"), host);
      else
        /* Translators: %s is the server's host name. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s is signed by an unknown authority"),
                             host);
      break;

    case SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY:
      names = describe_names (cert);
      if (*names != '\0')
        /* Translators: the first %s is the host name we connected to, the
         * second the names the certificate is for. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate presented by %s is for another server (%s)"),
                             host, names);
      else
        /* Translators: %s is the server's host name. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate presented by %s does not name that server"),
                             host);
      break;

    case SURAT_TLS_ERROR_CERTIFICATE_EXPIRED:
      date = g_date_time_format (surat_certificate_get_not_after (cert), "%Y-%m-%d");
      if (failure->depth == 0)
        /* Translators: %s is the server's host name, then a date. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s expired on %s"), host, date);
      else
        /* Translators: %s is the server's host name. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s relies on an authority whose "
                               "certificate has expired"), host);
      break;

    case SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED:
      date = g_date_time_format (surat_certificate_get_not_before (cert), "%Y-%m-%d");
      if (failure->depth == 0)
        /* Translators: %s is the server's host name, then a date. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s is not valid before %s"), host, date);
      else
        /* Translators: %s is the server's host name. */
        error = g_error_new (SURAT_TLS_ERROR, code,
                             _("The certificate of %s relies on an authority whose "
                               "certificate is not valid yet"), host);
      break;

    default:
      /* Translators: the first %s is the server's host name, the second
       * OpenSSL's own words. */
      error = g_error_new (SURAT_TLS_ERROR, code,
                           _("The certificate of %s is not valid: %s"), host,
                           X509_verify_cert_error_string (failure->error));
      break;
    }

  surat_tls_error_set_certificate (error, cert);

  return error;
}

/**
 * surat_tls_error_get_certificate:
 * @error: an error of any domain
 *
 * Returns: (transfer none) (nullable): the peer certificate a
 *   %SURAT_TLS_ERROR is about; %NULL for other errors.
 */
SuratCertificate *
surat_tls_error_get_certificate (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SURAT_TLS_ERROR)
    return NULL;

  return surat_tls_error_get_private (error)->certificate;
}

/**
 * surat_tls_error_set_certificate:
 * @error: an error of the %SURAT_TLS_ERROR domain
 * @certificate: (nullable): the peer certificate
 */
void
surat_tls_error_set_certificate (GError           *error,
                                 SuratCertificate *certificate)
{
  g_return_if_fail (error != NULL);
  g_return_if_fail (error->domain == SURAT_TLS_ERROR);
  g_return_if_fail (certificate == NULL || SURAT_IS_CERTIFICATE (certificate));

  g_set_object (&surat_tls_error_get_private (error)->certificate, certificate);
}
