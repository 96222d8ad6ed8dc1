/* surat-tls-stream.c — client TLS over a GIOStream, with OpenSSL
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "surat-certificate-private.h"
#include "surat-tls-stream-private.h"

/*
 * How it works. OpenSSL talks to the base stream through a BIO of our own
 * whose read and write are the base stream's *nonblocking* calls: when the
 * socket has nothing (or is full), the BIO says "retry", OpenSSL returns
 * SSL_ERROR_WANT_READ or _WANT_WRITE, and we turn that into
 * G_IO_ERROR_WOULD_BLOCK plus a note of which direction OpenSSL waits on.
 * Waiting is then GIO's business: the async paths attach a source built from
 * the base stream's own source for that direction, the blocking paths iterate
 * a private main context on the same source. The base socket's timeout
 * (g_socket_set_timeout) therefore applies to every wait, handshake included:
 * its source fires, and the next nonblocking call fails with TIMED_OUT.
 *
 * The direction is per operation, not fixed: a TLS 1.3 read may have to
 * write (a KeyUpdate reply), a write may have to read (a renegotiation).
 * Plaintext OpenSSL has already decrypted (SSL_pending) is readable without
 * any socket activity, so the input source is then ready at once.
 *
 * Certificate checks run inside the handshake (SSL_CTX_set_cert_verify_
 * callback): OpenSSL verifies the chain with a callback that records every
 * problem instead of stopping at the first, and we then pick the one to
 * report (see rank_of()) or accept a pinned certificate. A refusal aborts the
 * handshake with the matching alert, so the server learns why too.
 */

/* close_notify is a courtesy (RFC 8446 §6.1): a peer that does not take it
 * within this time does not hold up closing the connection. */
#define CLOSE_NOTIFY_TIMEOUT_MS 2000

/* ---- the error domain ---- */

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

/* ---- the stream ---- */

typedef enum
{
  STATE_NEW,          /* nothing sent yet */
  STATE_HANDSHAKING,
  STATE_ESTABLISHED,
  STATE_FAILED,       /* self->error says why; every later call repeats it */
  STATE_CLOSED,
} State;

typedef struct
{
  int error;          /* X509_V_ERR_* */
  int depth;          /* 0 = the server's own certificate */
} VerifyFailure;

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
  State                  state;
  GError                *error;         /* STATE_FAILED: the cause */
  GError                *io_error;      /* the base stream's, during one OpenSSL call */
  GError                *verify_error;  /* the verdict on the peer's certificate */
  GArray                *verify_failures;
  GIOCondition           read_wants;    /* what a blocked read waits for */
  GIOCondition           write_wants;
  gboolean               read_eof;
  gboolean               no_close_notify;
  gboolean               handshake_pending;

  SuratCertificate      *peer_certificate;
  char                  *protocol_version;
  char                  *cipher;
};

G_DEFINE_FINAL_TYPE (SuratTlsStream, surat_tls_stream, G_TYPE_IO_STREAM)

typedef enum
{
  OP_HANDSHAKE,
  OP_READ,
  OP_WRITE,
} Op;

/* ---- the BIO between OpenSSL and the base stream ---- */

static int
bio_read (BIO  *bio,
          char *buffer,
          int   len)
{
  SuratTlsStream *self = BIO_get_data (bio);
  g_autoptr(GError) error = NULL;
  gssize n;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;

  n = g_pollable_input_stream_read_nonblocking (self->base_input, buffer, len, NULL, &error);
  if (n >= 0)
    return (int) n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    BIO_set_retry_read (bio);
  else if (self->io_error == NULL)
    self->io_error = g_steal_pointer (&error);

  return -1;
}

static int
bio_write (BIO        *bio,
           const char *buffer,
           int         len)
{
  SuratTlsStream *self = BIO_get_data (bio);
  g_autoptr(GError) error = NULL;
  gssize n;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;

  n = g_pollable_output_stream_write_nonblocking (self->base_output, buffer, len, NULL, &error);
  if (n >= 0)
    return (int) n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    BIO_set_retry_write (bio);
  else if (self->io_error == NULL)
    self->io_error = g_steal_pointer (&error);

  return -1;
}

static long
bio_ctrl (BIO  *bio,
          int   cmd,
          long  num,
          void *ptr)
{
  /* Every write goes straight to the socket: nothing to flush. Everything
   * else (kTLS, dgram options, …) is not supported. */
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int
bio_create (BIO *bio)
{
  BIO_set_init (bio, 1);
  return 1;
}

static BIO_METHOD *
get_bio_method (void)
{
  static BIO_METHOD *method = NULL;

  if (g_once_init_enter (&method))
    {
      BIO_METHOD *m = BIO_meth_new (BIO_get_new_index () | BIO_TYPE_SOURCE_SINK,
                                    "surat-gio-stream");

      BIO_meth_set_read (m, bio_read);
      BIO_meth_set_write (m, bio_write);
      BIO_meth_set_ctrl (m, bio_ctrl);
      BIO_meth_set_create (m, bio_create);
      g_once_init_leave (&method, m);
    }

  return method;
}

/* ---- errors a person reads ---- */

static const char *
openssl_reason (unsigned long err)
{
  const char *reason = err != 0 ? ERR_reason_error_string (err) : NULL;

  return reason != NULL ? reason : _("unknown error");
}

static GError *
handshake_error_new (SuratTlsStream *self,
                     unsigned long   err,
                     gboolean        eof)
{
  int reason = ERR_GET_LIB (err) == ERR_LIB_SSL ? ERR_GET_REASON (err) : 0;

  if (eof || reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
    /* Translators: %s is the server's host name. */
    return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                        _("%s closed the connection while setting up encryption"),
                        self->server_identity);

  switch (reason)
    {
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      /* Translators: %s is the server's host name. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("%s only offers versions of TLS older than 1.2, "
                            "which are no longer secure"),
                          self->server_identity);

    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_HTTP_REQUEST:
      /* Translators: %s is the server's host name. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("%s did not answer with TLS; is this the port for "
                            "encrypted connections?"),
                          self->server_identity);

    default:
      /* Translators: the first %s is the server's host name, the second
       * OpenSSL's own words. */
      return g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                          _("Could not set up encryption with %s: %s"),
                          self->server_identity, openssl_reason (err));
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

static const VerifyFailure *
pick_failure (GArray *failures)
{
  const VerifyFailure *best = NULL;

  for (guint i = 0; i < failures->len; i++)
    {
      const VerifyFailure *f = &g_array_index (failures, VerifyFailure, i);

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

static GError *
certificate_error_new (SuratTlsStream      *self,
                       const VerifyFailure *failure)
{
  SuratTlsError code = classify_failure (failure->error);
  const char *host = self->server_identity;
  SuratCertificate *cert = self->peer_certificate;
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

/* ---- verification, inside the handshake ---- */

static int
verify_record_cb (int             ok,
                  X509_STORE_CTX *store_ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  SuratTlsStream *self = SSL_get_app_data (ssl);

  if (!ok)
    {
      VerifyFailure failure = {
        .error = X509_STORE_CTX_get_error (store_ctx),
        .depth = X509_STORE_CTX_get_error_depth (store_ctx),
      };

      g_array_append_val (self->verify_failures, failure);
    }

  /* Go on: we want every problem, and decide in cert_verify_cb(). */
  return 1;
}

static int
cert_verify_cb (X509_STORE_CTX *store_ctx,
                void           *user_data)
{
  SuratTlsStream *self = user_data;
  X509 *leaf = X509_STORE_CTX_get0_cert (store_ctx);
  const VerifyFailure *failure;

  g_clear_object (&self->peer_certificate);
  g_clear_error (&self->verify_error);
  g_array_set_size (self->verify_failures, 0);

  if (leaf == NULL)
    {
      X509_STORE_CTX_set_error (store_ctx, X509_V_ERR_UNSPECIFIED);
      return 0;
    }

  self->peer_certificate = _surat_certificate_new_from_x509 (leaf);

  /* A pinned certificate is the one the user looked at and accepted: it
   * stands for itself, whatever the authorities or its dates say, and
   * nothing else takes its place, however well it verifies. */
  if (self->pinned_fingerprint != NULL)
    {
      if (surat_certificate_matches_fingerprint (self->peer_certificate,
                                                 self->pinned_fingerprint))
        {
          X509_STORE_CTX_set_error (store_ctx, X509_V_OK);
          return 1;
        }

      self->verify_error =
        /* Translators: %s is the server's host name. */
        g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_CERTIFICATE_CHANGED,
                     _("The certificate of %s has changed since you accepted it"),
                     self->server_identity);
      surat_tls_error_set_certificate (self->verify_error, self->peer_certificate);
      X509_STORE_CTX_set_error (store_ctx, X509_V_ERR_APPLICATION_VERIFICATION);
      return 0;
    }

  X509_STORE_CTX_set_verify_cb (store_ctx, verify_record_cb);
  if (X509_verify_cert (store_ctx) <= 0 && self->verify_failures->len == 0)
    {
      /* Failed without telling the callback (out of memory, say). */
      VerifyFailure failure = { X509_STORE_CTX_get_error (store_ctx), 0 };

      if (failure.error == X509_V_OK)
        failure.error = X509_V_ERR_UNSPECIFIED;
      g_array_append_val (self->verify_failures, failure);
    }

  failure = pick_failure (self->verify_failures);
  if (failure == NULL)
    return 1;

  self->verify_error = certificate_error_new (self, failure);
  /* Decides the alert OpenSSL sends the server (certificate_expired…). */
  X509_STORE_CTX_set_error (store_ctx, failure->error);

  return 0;
}

/* ---- setting up the session ---- */

static gboolean
parse_identity (const char  *identity,
                char       **host_name,
                char       **ip_address,
                GError     **error)
{
  g_autofree char *literal = NULL;
  g_autofree char *ascii = NULL;
  gsize len = strlen (identity);
  char *percent;

  if (len >= 2 && identity[0] == '[' && identity[len - 1] == ']')
    literal = g_strndup (identity + 1, len - 2);
  else
    literal = g_strdup (identity);

  /* An IPv6 zone ("fe80::1%eth0") only means something on this machine;
   * a certificate names the address alone. */
  percent = strchr (literal, '%');
  if (percent != NULL && strchr (literal, ':') != NULL)
    *percent = '\0';

  if (g_hostname_is_ip_address (literal))
    {
      *ip_address = g_steal_pointer (&literal);
      return TRUE;
    }

  /* SNI and the certificate carry A-labels (RFC 6066 §3, RFC 6125 §6.4.2),
   * without the root's trailing dot. */
  ascii = g_hostname_to_ascii (identity);
  if (ascii != NULL && g_str_has_suffix (ascii, "."))
    ascii[strlen (ascii) - 1] = '\0';

  if (ascii == NULL || *ascii == '\0' || strspn (ascii, "abcdefghijklmnopqrstuvwxyz"
                                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                        "0123456789-._") != strlen (ascii))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user typed as a server name. */
                   _("“%s” is not a valid server name"), identity);
      return FALSE;
    }

  *host_name = g_ascii_strdown (ascii, -1);

  return TRUE;
}

static gboolean
setup_session (SuratTlsStream  *self,
               GError         **error)
{
  BIO *bio;

  ERR_clear_error ();

  self->ssl_ctx = SSL_CTX_new (TLS_client_method ());
  if (self->ssl_ctx == NULL)
    goto openssl_failed;

  /* RFC 8996 retires TLS 1.0 and 1.1; RFC 9325 §3.1.1 asks for 1.2 at least. */
  SSL_CTX_set_min_proto_version (self->ssl_ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify (self->ssl_ctx, SSL_VERIFY_PEER, NULL);
  SSL_CTX_set_cert_verify_callback (self->ssl_ctx, cert_verify_cb, self);
  /* Nothing of the session outlives the stream. */
  SSL_CTX_set_session_cache_mode (self->ssl_ctx, SSL_SESS_CACHE_OFF);
  /* One record per SSL_write, and GIO may hand the same bytes back from
   * another address when it retries after WOULD_BLOCK. */
  SSL_CTX_set_mode (self->ssl_ctx,
                    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  /* A machine without a system store can still use a ca-file or a pin. */
  if (!SSL_CTX_set_default_verify_paths (self->ssl_ctx))
    g_debug ("No system trust store: %s", openssl_reason (ERR_peek_error ()));
  ERR_clear_error ();

  if (self->ca_file != NULL && !SSL_CTX_load_verify_file (self->ssl_ctx, self->ca_file))
    {
      g_set_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                   /* Translators: %s is a file name, then OpenSSL's own words. */
                   _("Could not read trusted certificates from “%s”: %s"),
                   self->ca_file, openssl_reason (ERR_peek_error ()));
      ERR_clear_error ();
      return FALSE;
    }

  /* A certificate the user put in their ca-file is trusted as such, even
   * when it is not a self-signed root (their server's own, or an
   * intermediate): that is what they asked for. */
  X509_VERIFY_PARAM_set_flags (SSL_CTX_get0_param (self->ssl_ctx), X509_V_FLAG_PARTIAL_CHAIN);

  self->ssl = SSL_new (self->ssl_ctx);
  if (self->ssl == NULL)
    goto openssl_failed;

  SSL_set_app_data (self->ssl, self);
  SSL_set_connect_state (self->ssl);

  if (self->host_name != NULL)
    {
      /* RFC 6066 §3: SNI names a host, never an address literal. */
      if (!SSL_set_tlsext_host_name (self->ssl, self->host_name) ||
          !SSL_set1_host (self->ssl, self->host_name))
        goto openssl_failed;
      /* RFC 6125 §6.4.3: "f*.example.com" matches nothing. */
      SSL_set_hostflags (self->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    }
  else if (!X509_VERIFY_PARAM_set1_ip_asc (SSL_get0_param (self->ssl), self->ip_address))
    goto openssl_failed;

  bio = BIO_new (get_bio_method ());
  if (bio == NULL)
    goto openssl_failed;
  BIO_set_data (bio, self);
  SSL_set_bio (self->ssl, bio, bio);

  return TRUE;

openssl_failed:
  g_set_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
               _("Could not set up encryption with %s: %s"),
               self->server_identity, openssl_reason (ERR_peek_error ()));
  ERR_clear_error ();
  return FALSE;
}

static void
end_session (SuratTlsStream *self)
{
  g_clear_pointer (&self->ssl, SSL_free);
  g_clear_pointer (&self->ssl_ctx, SSL_CTX_free);
  g_clear_error (&self->io_error);
  g_clear_error (&self->verify_error);
  ERR_clear_error ();
  self->state = STATE_CLOSED;
}

/* ---- one step of each operation ---- */

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                       _("The secure connection is closed"));
}

static void
stream_fail (SuratTlsStream *self,
             const GError   *error)
{
  if (self->state == STATE_FAILED || self->state == STATE_CLOSED)
    return;

  self->state = STATE_FAILED;
  self->error = g_error_copy (error);
}

/* Before every OpenSSL call: its error queue must start empty, or
 * SSL_get_error() blames this call for an older failure. */
static void
begin_call (SuratTlsStream *self)
{
  ERR_clear_error ();
  g_clear_error (&self->io_error);
}

/* After an OpenSSL call returned @ret <= 0. Returns -1 with @error set
 * (WOULD_BLOCK, with *@wants, when it has to wait), or 0 for a read at the
 * end of the stream. Leaves the error queue empty. */
static gssize
ssl_failed (SuratTlsStream  *self,
            int              ret,
            Op               op,
            GIOCondition    *wants,
            GError         **error)
{
  int code = SSL_get_error (self->ssl, ret);
  unsigned long err = ERR_peek_error ();
  gboolean eof = FALSE;
  GError *local = NULL;

  switch (code)
    {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      *wants = code == SSL_ERROR_WANT_READ ? G_IO_IN : G_IO_OUT;
      ERR_clear_error ();
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("Operation would block"));
      return -1;

    case SSL_ERROR_ZERO_RETURN:
      /* The peer's close_notify: a clean end of what it sends. */
      eof = TRUE;
      break;

    case SSL_ERROR_SYSCALL:
      eof = self->io_error == NULL && err == 0;
      break;

    case SSL_ERROR_SSL:
      eof = (ERR_GET_LIB (err) == ERR_LIB_SSL &&
             ERR_GET_REASON (err) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
      break;

    default:
      break;
    }

  if (code != SSL_ERROR_ZERO_RETURN)
    self->no_close_notify = TRUE;  /* SSL_shutdown() is off limits after a fatal error */

  if (op == OP_READ && eof && self->io_error == NULL)
    {
      /* The end of the stream, with or without close_notify. Mail protocols
       * mark the end of every reply themselves (RFC 1939 §3, RFC 5321 §4.2),
       * so a truncation shows up there; reporting EOF like a plain socket
       * keeps a server that just hangs up after QUIT from looking broken. */
      ERR_clear_error ();
      self->read_eof = TRUE;
      return 0;
    }

  if (self->io_error != NULL)
    local = g_steal_pointer (&self->io_error);
  else if (op == OP_HANDSHAKE && self->verify_error != NULL)
    local = g_error_copy (self->verify_error);
  else if (op == OP_HANDSHAKE)
    local = handshake_error_new (self, err, eof);
  else if (eof)
    local = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         /* Translators: %s is the server's host name. */
                         _("%s closed the connection"), self->server_identity);
  else
    local = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                         /* Translators: %s is the server's host name, then
                          * OpenSSL's own words. */
                         _("The encrypted connection with %s failed: %s"),
                         self->server_identity, openssl_reason (err));

  ERR_clear_error ();
  stream_fail (self, local);
  g_propagate_error (error, local);

  return -1;
}

static gboolean
handshake_step (SuratTlsStream  *self,
                GIOCondition    *wants,
                GError         **error)
{
  int ret;

  switch (self->state)
    {
    case STATE_ESTABLISHED:
      return TRUE;

    case STATE_FAILED:
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;

    case STATE_CLOSED:
      set_closed_error (error);
      return FALSE;

    case STATE_NEW:
      {
        g_autoptr(GError) local = NULL;

        if (!setup_session (self, &local))
          {
            stream_fail (self, local);
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        self->state = STATE_HANDSHAKING;
      }
      break;

    case STATE_HANDSHAKING:
    default:
      break;
    }

  begin_call (self);
  ret = SSL_do_handshake (self->ssl);
  if (ret != 1)
    {
      ssl_failed (self, ret, OP_HANDSHAKE, wants, error);
      return FALSE;
    }

  ERR_clear_error ();
  self->state = STATE_ESTABLISHED;
  self->protocol_version = g_strdup (SSL_get_version (self->ssl));
  self->cipher = g_strdup (SSL_get_cipher_name (self->ssl));

  return TRUE;
}

gssize
_surat_tls_stream_read_nonblocking (SuratTlsStream  *self,
                                    void            *buffer,
                                    gsize            count,
                                    GError         **error)
{
  size_t done = 0;
  int ret;

  if (self->state != STATE_ESTABLISHED && !handshake_step (self, &self->read_wants, error))
    return -1;
  if (self->read_eof || count == 0)
    return 0;

  begin_call (self);
  ret = SSL_read_ex (self->ssl, buffer, count, &done);
  if (ret != 1)
    return ssl_failed (self, ret, OP_READ, &self->read_wants, error);

  self->read_wants = G_IO_IN;

  return (gssize) done;
}

gssize
_surat_tls_stream_write_nonblocking (SuratTlsStream  *self,
                                     const void      *buffer,
                                     gsize            count,
                                     GError         **error)
{
  size_t done = 0;
  int ret;

  if (self->state != STATE_ESTABLISHED && !handshake_step (self, &self->write_wants, error))
    return -1;
  if (count == 0)
    return 0;

  /* A write that returned WOULD_BLOCK has its record already sealed inside
   * OpenSSL: the retry must offer at least the same bytes, as GIO's own
   * retry loops do. (SSL_write(3): "must be repeated with the same
   * arguments".) */
  begin_call (self);
  ret = SSL_write_ex (self->ssl, buffer, MIN (count, (gsize) G_MAXSSIZE), &done);
  if (ret != 1)
    return ssl_failed (self, ret, OP_WRITE, &self->write_wants, error);

  self->write_wants = G_IO_OUT;

  return (gssize) done;
}

/* ---- waiting ---- */

static GSource *
create_base_source (SuratTlsStream *self,
                    GIOCondition    condition,
                    GCancellable   *cancellable)
{
  if (condition & G_IO_IN)
    return g_pollable_input_stream_create_source (self->base_input, cancellable);
  else
    return g_pollable_output_stream_create_source (self->base_output, cancellable);
}

static gboolean
set_flag_cb (GObject  *pollable,
             gpointer  user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Blocks until the base stream is ready for @condition, @cancellable fires
 * or @deadline (monotonic µs, or -1) passes. A timed-out socket reports
 * ready: the next nonblocking call fails with TIMED_OUT. */
static gboolean
wait_for_base (SuratTlsStream  *self,
               GIOCondition     condition,
               gint64           deadline,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GSource *source = create_base_source (self, condition, cancellable);
  gboolean ready = FALSE;

  if (deadline >= 0)
    {
      GSource *timeout = g_timeout_source_new (MAX (0, (deadline - g_get_monotonic_time ()) / 1000));

      g_source_set_dummy_callback (timeout);
      g_source_add_child_source (source, timeout);
      g_source_unref (timeout);
    }

  g_source_set_callback (source, G_SOURCE_FUNC (set_flag_cb), &ready, NULL);
  g_source_attach (source, context);
  while (!ready)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (deadline >= 0 && g_get_monotonic_time () >= deadline)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("Timed out"));
      return FALSE;
    }

  return TRUE;
}

gssize
_surat_tls_stream_read (SuratTlsStream  *self,
                        void            *buffer,
                        gsize            count,
                        GCancellable    *cancellable,
                        GError         **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;

      n = _surat_tls_stream_read_nonblocking (self, buffer, count, &local);
      if (n >= 0)
        return n;

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }

      if (!wait_for_base (self, self->read_wants, -1, cancellable, error))
        return -1;
    }
}

gssize
_surat_tls_stream_write (SuratTlsStream  *self,
                         const void      *buffer,
                         gsize            count,
                         GCancellable    *cancellable,
                         GError         **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;

      n = _surat_tls_stream_write_nonblocking (self, buffer, count, &local);
      if (n >= 0)
        return n;

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }

      if (!wait_for_base (self, self->write_wants, -1, cancellable, error))
        return -1;
    }
}

/* True when the next attempt in @direction will not need the socket: the
 * stream is done for (the attempt fails at once), or OpenSSL already holds
 * decrypted bytes (SSL_pending) that no socket event would announce. */
static gboolean
is_ready_now (SuratTlsStream *self,
              GIOCondition    direction)
{
  if (self->state == STATE_FAILED || self->state == STATE_CLOSED)
    return TRUE;

  if (direction == G_IO_IN)
    return self->read_eof || (self->ssl != NULL && SSL_pending (self->ssl) > 0);

  return FALSE;
}

typedef struct
{
  GSource         source;
  SuratTlsStream *stream;
  GIOCondition    direction;
} ReadySource;

static gboolean
ready_source_prepare (GSource *source,
                      int     *timeout)
{
  ReadySource *ready = (ReadySource *) source;

  *timeout = -1;

  return is_ready_now (ready->stream, ready->direction);
}

static gboolean
ready_source_check (GSource *source)
{
  ReadySource *ready = (ReadySource *) source;

  return is_ready_now (ready->stream, ready->direction);
}

static gboolean
ready_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return callback == NULL || callback (user_data);
}

static void
ready_source_finalize (GSource *source)
{
  ReadySource *ready = (ReadySource *) source;

  g_clear_object (&ready->stream);
}

static GSourceFuncs ready_source_funcs = {
  ready_source_prepare,
  ready_source_check,
  ready_source_dispatch,
  ready_source_finalize,
  NULL, NULL,
};

gboolean
_surat_tls_stream_can_poll (SuratTlsStream *self)
{
  return (g_pollable_input_stream_can_poll (self->base_input) &&
          g_pollable_output_stream_can_poll (self->base_output));
}

gboolean
_surat_tls_stream_is_ready (SuratTlsStream *self,
                            GIOCondition    direction)
{
  GIOCondition wants = direction == G_IO_IN ? self->read_wants : self->write_wants;

  if (is_ready_now (self, direction))
    return TRUE;

  if (wants & G_IO_IN)
    return g_pollable_input_stream_is_readable (self->base_input);
  else
    return g_pollable_output_stream_is_writable (self->base_output);
}

GSource *
_surat_tls_stream_create_source (SuratTlsStream *self,
                                 GIOCondition    direction,
                                 gpointer        pollable_stream,
                                 GCancellable   *cancellable)
{
  GIOCondition wants = direction == G_IO_IN ? self->read_wants : self->write_wants;
  g_autoptr(GSource) base_source = NULL;
  ReadySource *ready;
  GSource *source;

  /* After close the socket is gone; the ready child fires instead. */
  if (self->state != STATE_CLOSED)
    base_source = create_base_source (self, wants, NULL);

  source = g_pollable_source_new_full (pollable_stream, base_source, cancellable);

  ready = (ReadySource *) g_source_new (&ready_source_funcs, sizeof (ReadySource));
  ready->stream = g_object_ref (self);
  ready->direction = direction;
  /* No callback of its own (its dispatch copes): being ready is enough to
   * make the parent dispatch. */
  g_source_set_name ((GSource *) ready, "SuratTlsStream ready");
  g_source_add_child_source (source, (GSource *) ready);
  g_source_unref ((GSource *) ready);

  return source;
}

/* The source owns a reference to @task until it is destroyed. */
static void
attach_task_source (GTask       *task,
                    GSource     *source,
                    GSourceFunc  callback)
{
  g_source_set_priority (source, g_task_get_priority (task));
  g_source_set_callback (source, callback, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

/* ---- closing ---- */

/* One attempt at sending our close_notify. Returns FALSE with *@wants
 * when the socket must drain first; TRUE when it is out or not possible.
 * The peer's close_notify is not awaited (RFC 8446 §6.1 allows that). */
static gboolean
close_notify_step (SuratTlsStream *self,
                   GIOCondition   *wants)
{
  int ret;
  int code;

  if (self->state != STATE_ESTABLISHED || self->no_close_notify)
    return TRUE;

  begin_call (self);
  ret = SSL_shutdown (self->ssl);
  code = ret < 0 ? SSL_get_error (self->ssl, ret) : SSL_ERROR_NONE;
  ERR_clear_error ();
  g_clear_error (&self->io_error);

  if (code == SSL_ERROR_WANT_WRITE)
    {
      *wants = G_IO_OUT;
      return FALSE;
    }

  return TRUE;
}

static void
close_halves (SuratTlsStream *self)
{
  /* Marks them closed for GIO (their own close does nothing); one with an
   * operation still pending stays "open" but fails with CLOSED. */
  g_input_stream_close (self->input, NULL, NULL);
  g_output_stream_close (self->output, NULL, NULL);
}

static gboolean
surat_tls_stream_close_fn (GIOStream     *stream,
                           GCancellable  *cancellable,
                           GError       **error)
{
  SuratTlsStream *self = SURAT_TLS_STREAM (stream);
  gint64 deadline = g_get_monotonic_time () + CLOSE_NOTIFY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  GIOCondition wants = 0;

  if (self->base_io_stream == NULL)
    return TRUE;

  while (!close_notify_step (self, &wants))
    if (!wait_for_base (self, wants, deadline, cancellable, NULL))
      break;

  end_session (self);
  close_halves (self);

  /* The socket is closed even when @cancellable fired: cancelling only
   * skips the wait for close_notify to go out. */
  return g_io_stream_close (self->base_io_stream, NULL, error);
}

static void
base_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean close_source_cb (GObject  *pollable,
                                 gpointer  user_data);

static void
close_async_step (GTask *task)
{
  SuratTlsStream *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64 deadline = *(gint64 *) g_task_get_task_data (task);
  GIOCondition wants = 0;

  if (!g_cancellable_is_cancelled (cancellable) &&
      g_get_monotonic_time () < deadline &&
      !close_notify_step (self, &wants))
    {
      g_autoptr(GSource) source = create_base_source (self, wants, cancellable);
      g_autoptr(GSource) timeout = NULL;

      timeout = g_timeout_source_new (MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
      g_source_set_dummy_callback (timeout);
      g_source_add_child_source (source, timeout);
      attach_task_source (task, source, G_SOURCE_FUNC (close_source_cb));
      return;
    }

  end_session (self);
  close_halves (self);
  g_io_stream_close_async (self->base_io_stream, g_task_get_priority (task), NULL,
                           base_closed_cb, g_object_ref (task));
}

static gboolean
close_source_cb (GObject  *pollable,
                 gpointer  user_data)
{
  close_async_step (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static void
surat_tls_stream_close_async (GIOStream           *stream,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  gint64 *deadline = g_new (gint64, 1);

  *deadline = g_get_monotonic_time () + CLOSE_NOTIFY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  g_task_set_source_tag (task, surat_tls_stream_close_async);
  g_task_set_priority (task, io_priority);
  /* Closed is closed: a cancelled close still closes (see close_fn). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, deadline, g_free);

  close_async_step (task);
}

static gboolean
surat_tls_stream_close_finish (GIOStream     *stream,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject ---- */

static GInputStream *
surat_tls_stream_get_input_stream (GIOStream *stream)
{
  return SURAT_TLS_STREAM (stream)->input;
}

static GOutputStream *
surat_tls_stream_get_output_stream (GIOStream *stream)
{
  return SURAT_TLS_STREAM (stream)->output;
}

static void
surat_tls_stream_dispose (GObject *object)
{
  SuratTlsStream *self = SURAT_TLS_STREAM (object);

  /* GIOStream would close us too, but only after we dropped what closing
   * needs. */
  if (self->base_io_stream != NULL && !g_io_stream_is_closed (G_IO_STREAM (self)))
    g_io_stream_close (G_IO_STREAM (self), NULL, NULL);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->base_io_stream);
  self->base_input = NULL;
  self->base_output = NULL;

  G_OBJECT_CLASS (surat_tls_stream_parent_class)->dispose (object);
}

static void
surat_tls_stream_finalize (GObject *object)
{
  SuratTlsStream *self = SURAT_TLS_STREAM (object);

  g_clear_pointer (&self->ssl, SSL_free);
  g_clear_pointer (&self->ssl_ctx, SSL_CTX_free);
  g_free (self->server_identity);
  g_free (self->host_name);
  g_free (self->ip_address);
  g_free (self->ca_file);
  g_free (self->pinned_fingerprint);
  g_clear_error (&self->error);
  g_clear_error (&self->io_error);
  g_clear_error (&self->verify_error);
  g_array_unref (self->verify_failures);
  g_clear_object (&self->peer_certificate);
  g_free (self->protocol_version);
  g_free (self->cipher);

  G_OBJECT_CLASS (surat_tls_stream_parent_class)->finalize (object);
}

static void
surat_tls_stream_class_init (SuratTlsStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *io_stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = surat_tls_stream_dispose;
  object_class->finalize = surat_tls_stream_finalize;

  io_stream_class->get_input_stream = surat_tls_stream_get_input_stream;
  io_stream_class->get_output_stream = surat_tls_stream_get_output_stream;
  io_stream_class->close_fn = surat_tls_stream_close_fn;
  io_stream_class->close_async = surat_tls_stream_close_async;
  io_stream_class->close_finish = surat_tls_stream_close_finish;
}

static void
surat_tls_stream_init (SuratTlsStream *self)
{
  self->state = STATE_NEW;
  self->read_wants = G_IO_IN;
  self->write_wants = G_IO_OUT;
  self->verify_failures = g_array_new (FALSE, FALSE, sizeof (VerifyFailure));
}

/* ---- public API ---- */

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

/**
 * surat_tls_stream_new:
 * @base_io_stream: a connected stream with pollable halves
 * @server_identity: the host name dialled, or an IP literal
 * @error: return location for a #GError
 *
 * Nothing is sent until the handshake (explicit, or implied by the first
 * read or write).
 *
 * Returns: (transfer full): the stream, or %NULL with
 *   %G_IO_ERROR_NOT_SUPPORTED (halves not pollable) or
 *   %G_IO_ERROR_INVALID_ARGUMENT (not a host name).
 */
SuratTlsStream *
surat_tls_stream_new (GIOStream   *base_io_stream,
                      const char  *server_identity,
                      GError     **error)
{
  SuratTlsStream *self;
  GInputStream *input;
  GOutputStream *output;
  g_autofree char *host_name = NULL;
  g_autofree char *ip_address = NULL;

  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (server_identity != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = g_io_stream_get_input_stream (base_io_stream);
  output = g_io_stream_get_output_stream (base_io_stream);
  if (!G_IS_POLLABLE_INPUT_STREAM (input) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)) ||
      !G_IS_POLLABLE_OUTPUT_STREAM (output) ||
      !g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "TLS needs a base stream whose halves are pollable");
      return NULL;
    }

  if (!parse_identity (server_identity, &host_name, &ip_address, error))
    return NULL;

  self = g_object_new (SURAT_TYPE_TLS_STREAM, NULL);
  self->base_io_stream = g_object_ref (base_io_stream);
  self->base_input = G_POLLABLE_INPUT_STREAM (input);
  self->base_output = G_POLLABLE_OUTPUT_STREAM (output);
  self->server_identity = g_strdup (server_identity);
  self->host_name = g_steal_pointer (&host_name);
  self->ip_address = g_steal_pointer (&ip_address);
  self->input = _surat_tls_input_stream_new (self);
  self->output = _surat_tls_output_stream_new (self);

  return self;
}

/**
 * surat_tls_stream_set_ca_file:
 * @ca_file: (nullable): a PEM file of certificates to trust as well
 *
 * Call before the handshake. A file that cannot be read makes the
 * handshake fail with %SURAT_TLS_ERROR_HANDSHAKE naming it.
 */
void
surat_tls_stream_set_ca_file (SuratTlsStream *self,
                              const char     *ca_file)
{
  g_return_if_fail (SURAT_IS_TLS_STREAM (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

/**
 * surat_tls_stream_set_pinned_fingerprint:
 * @fingerprint: (nullable): SHA-256 fingerprint of the accepted
 *   certificate, in any form surat_certificate_normalize_fingerprint()
 *   takes; %NULL for none
 *
 * Call before the handshake. A value that is no fingerprint at all matches
 * no certificate: every connection is refused with CHANGED.
 */
void
surat_tls_stream_set_pinned_fingerprint (SuratTlsStream *self,
                                         const char     *fingerprint)
{
  g_return_if_fail (SURAT_IS_TLS_STREAM (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = g_strdup (fingerprint);
}

static gboolean handshake_source_cb (GObject  *pollable,
                                     gpointer  user_data);

static void
handshake_async_step (GTask *task)
{
  SuratTlsStream *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GIOCondition wants = 0;

  if (g_task_return_error_if_cancelled (task))
    {
      self->handshake_pending = FALSE;
      return;
    }

  if (handshake_step (self, &wants, &error))
    {
      self->handshake_pending = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_autoptr(GSource) source = create_base_source (self, wants,
                                                      g_task_get_cancellable (task));

      attach_task_source (task, source, G_SOURCE_FUNC (handshake_source_cb));
      return;
    }

  self->handshake_pending = FALSE;
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
handshake_source_cb (GObject  *pollable,
                     gpointer  user_data)
{
  handshake_async_step (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

/**
 * surat_tls_stream_handshake_async:
 *
 * Runs the TLS handshake, certificate checks included. Calling it again
 * after success succeeds at once; after a failure it fails the same way.
 */
void
surat_tls_stream_handshake_async (SuratTlsStream      *self,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SURAT_IS_TLS_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_tls_stream_handshake_async);
  g_task_set_priority (task, io_priority);

  if (self->handshake_pending)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A handshake is already in progress");
      return;
    }

  self->handshake_pending = TRUE;
  handshake_async_step (task);
}

/**
 * surat_tls_stream_handshake_finish:
 *
 * Returns: %TRUE when the session is up and the server's certificate
 *   accepted; else %FALSE with a %SURAT_TLS_ERROR (certificate errors carry
 *   the certificate) or a %G_IO_ERROR from the socket (TIMED_OUT,
 *   CANCELLED, CONNECTION_CLOSED…).
 */
gboolean
surat_tls_stream_handshake_finish (SuratTlsStream  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (SURAT_IS_TLS_STREAM (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_tls_stream_handshake_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * surat_tls_stream_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the server's certificate, once the
 *   handshake got that far (also when it was refused).
 */
SuratCertificate *
surat_tls_stream_get_peer_certificate (SuratTlsStream *self)
{
  g_return_val_if_fail (SURAT_IS_TLS_STREAM (self), NULL);

  return self->peer_certificate;
}

/**
 * surat_tls_stream_get_protocol_version:
 *
 * Returns: (transfer none) (nullable): "TLSv1.3", "TLSv1.2"; %NULL until
 *   the handshake succeeded.
 */
const char *
surat_tls_stream_get_protocol_version (SuratTlsStream *self)
{
  g_return_val_if_fail (SURAT_IS_TLS_STREAM (self), NULL);

  return self->protocol_version;
}

/**
 * surat_tls_stream_get_cipher:
 *
 * Returns: (transfer none) (nullable): the cipher suite, as OpenSSL names
 *   it ("TLS_AES_256_GCM_SHA384"); %NULL until the handshake succeeded.
 */
const char *
surat_tls_stream_get_cipher (SuratTlsStream *self)
{
  g_return_val_if_fail (SURAT_IS_TLS_STREAM (self), NULL);

  return self->cipher;
}
