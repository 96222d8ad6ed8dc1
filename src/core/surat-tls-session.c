/* surat-tls-session.c — the OpenSSL session under a SuratTlsStream
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "surat-certificate-private.h"
#include "surat-tls-error-private.h"
#include "surat-tls-stream-private.h"

/* See surat-tls-stream.c for how the pieces fit together. */

typedef enum
{
  OP_HANDSHAKE,
  OP_READ,
  OP_WRITE,
} Op;

/* ---- the BIO between OpenSSL and the base stream ---- */

/* One non-blocking read (@reading) or write of the base stream, for
 * OpenSSL. A would-block asks OpenSSL to retry in that direction; any
 * other error is kept, the first one only, for whoever called SSL_*(). */
static int
bio_transfer (BIO      *bio,
              char     *buffer,
              int       len,
              gboolean  reading)
{
  SuratTlsStream *self = BIO_get_data (bio);
  g_autoptr(GError) error = NULL;
  gssize n;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;

  if (reading)
    n = g_pollable_input_stream_read_nonblocking (self->base_input, buffer, len, NULL, &error);
  else
    n = g_pollable_output_stream_write_nonblocking (self->base_output, buffer, len, NULL,
                                                    &error);
  if (n >= 0)
    return (int) n;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      if (self->io_error == NULL)
        self->io_error = g_steal_pointer (&error);
    }
  else if (reading)
    BIO_set_retry_read (bio);
  else
    BIO_set_retry_write (bio);

  return -1;
}

static int
bio_read (BIO  *bio,
          char *buffer,
          int   len)
{
  return bio_transfer (bio, buffer, len, TRUE);
}

static int
bio_write (BIO        *bio,
           const char *buffer,
           int         len)
{
  /* Only read from: the write below takes a const pointer. */
  return bio_transfer (bio, (char *) buffer, len, FALSE);
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

/* ---- verification, inside the handshake ---- */

static int
verify_record_cb (int             ok,
                  X509_STORE_CTX *store_ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  SuratTlsStream *self = SSL_get_app_data (ssl);

  if (!ok)
    {
      SuratTlsVerifyFailure failure = {
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
  const SuratTlsVerifyFailure *failure;

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
      SuratTlsVerifyFailure failure = { X509_STORE_CTX_get_error (store_ctx), 0 };

      if (failure.error == X509_V_OK)
        failure.error = X509_V_ERR_UNSPECIFIED;
      g_array_append_val (self->verify_failures, failure);
    }

  failure = _surat_tls_pick_failure (self->verify_failures);
  if (failure == NULL)
    return 1;

  self->verify_error = _surat_tls_certificate_error_new (self->server_identity,
                                                        self->peer_certificate, failure);
  /* Decides the alert OpenSSL sends the server (certificate_expired…). */
  X509_STORE_CTX_set_error (store_ctx, failure->error);

  return 0;
}

/* ---- setting up the session ---- */

gboolean
_surat_tls_parse_identity (const char  *identity,
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

/* The anchors in the system's bundle file (OpenSSL's cert.pem, or
 * $SSL_CERT_FILE), parsed once per process: parsing some 150 roots takes
 * about 25 ms, too long to spend on the main loop for every connection.
 * Never freed. */
static X509_STORE *
get_system_anchors (void)
{
  static X509_STORE *anchors = NULL;

  if (g_once_init_enter (&anchors))
    {
      X509_STORE *store = X509_STORE_new ();
      X509_LOOKUP *lookup = X509_STORE_add_lookup (store, X509_LOOKUP_file ());

      if (lookup == NULL || !X509_LOOKUP_load_file (lookup, NULL, X509_FILETYPE_DEFAULT))
        g_debug ("No system certificate bundle: %s",
                 _surat_tls_openssl_reason (ERR_peek_error ()));
      ERR_clear_error ();
      g_once_init_leave (&anchors, store);
    }

  return anchors;
}

/* What SSL_CTX_set_default_verify_paths() does, without parsing the
 * bundle each time: the bundle's anchors by reference, and the hashed
 * directory (/etc/ssl/certs, or $SSL_CERT_DIR), which is read lazily. */
static void
add_system_anchors (X509_STORE *store)
{
  STACK_OF (X509_OBJECT) *objects = X509_STORE_get0_objects (get_system_anchors ());
  X509_LOOKUP *lookup;

  for (int i = 0; i < sk_X509_OBJECT_num (objects); i++)
    {
      X509 *x509 = X509_OBJECT_get0_X509 (sk_X509_OBJECT_value (objects, i));

      if (x509 != NULL)
        X509_STORE_add_cert (store, x509);
    }

  lookup = X509_STORE_add_lookup (store, X509_LOOKUP_hash_dir ());
  if (lookup != NULL)
    X509_LOOKUP_add_dir (lookup, NULL, X509_FILETYPE_DEFAULT);
  ERR_clear_error ();
}

/* The account's ca-file: read with GLib, so that a missing file is named
 * in words a person understands, and a file without a single certificate
 * is an error rather than silently trusting nothing extra. */
static gboolean
add_ca_file (X509_STORE  *store,
             const char  *ca_file,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  STACK_OF (X509_INFO) *infos = NULL;
  gsize len = 0;
  int added = 0;
  BIO *bio;

  if (!g_file_get_contents (ca_file, &contents, &len, &local))
    {
      /* Translators: %s is GLib's explanation, naming the file. */
      g_set_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                   _("Could not read the trusted certificates: %s"), local->message);
      return FALSE;
    }

  bio = len <= G_MAXINT ? BIO_new_mem_buf (contents, (int) len) : NULL;
  if (bio != NULL)
    infos = PEM_X509_INFO_read_bio (bio, NULL, NULL, NULL);
  BIO_free (bio);

  for (int i = 0; infos != NULL && i < sk_X509_INFO_num (infos); i++)
    {
      X509_INFO *info = sk_X509_INFO_value (infos, i);

      if (info->x509 != NULL && X509_STORE_add_cert (store, info->x509) == 1)
        added++;
    }
  sk_X509_INFO_pop_free (infos, X509_INFO_free);
  ERR_clear_error ();

  if (added == 0)
    {
      /* Translators: %s is a file name. */
      g_set_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE,
                   _("“%s” contains no certificates to trust"), ca_file);
      return FALSE;
    }

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
  /* Read whatever the socket has, up to 64 KB, instead of a 5-byte record
   * header and then its body: a download of many megabytes otherwise
   * costs two system calls per 16 KB record. */
  SSL_CTX_set_read_ahead (self->ssl_ctx, 1);
  SSL_CTX_set_default_read_buffer_len (self->ssl_ctx, 64 * 1024);

  /* A machine without a system store can still use a ca-file or a pin. */
  add_system_anchors (SSL_CTX_get_cert_store (self->ssl_ctx));

  if (self->ca_file != NULL &&
      !add_ca_file (SSL_CTX_get_cert_store (self->ssl_ctx), self->ca_file, error))
    return FALSE;

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
               self->server_identity, _surat_tls_openssl_reason (ERR_peek_error ()));
  ERR_clear_error ();
  return FALSE;
}

void
_surat_tls_stream_end_session (SuratTlsStream *self)
{
  g_clear_pointer (&self->ssl, SSL_free);
  g_clear_pointer (&self->ssl_ctx, SSL_CTX_free);
  g_clear_error (&self->io_error);
  g_clear_error (&self->verify_error);
  ERR_clear_error ();
  self->state = SURAT_TLS_STATE_CLOSED;
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
  if (self->state == SURAT_TLS_STATE_FAILED || self->state == SURAT_TLS_STATE_CLOSED)
    return;

  self->state = SURAT_TLS_STATE_FAILED;
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
  else if (self->verify_error != NULL)
    /* Refused the certificate: in the handshake, or in a TLS 1.2
     * renegotiation a read or write ran into. */
    local = g_error_copy (self->verify_error);
  else if (op == OP_HANDSHAKE)
    local = _surat_tls_handshake_error_new (self->server_identity, err, eof);
  else if (eof)
    local = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         /* Translators: %s is the server's host name. */
                         _("%s closed the connection"), self->server_identity);
  else
    local = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                         /* Translators: %s is the server's host name, then
                          * OpenSSL's own words. */
                         _("The encrypted connection with %s failed: %s"),
                         self->server_identity, _surat_tls_openssl_reason (err));

  ERR_clear_error ();
  stream_fail (self, local);
  g_propagate_error (error, local);

  return -1;
}

gboolean
_surat_tls_stream_handshake_step (SuratTlsStream  *self,
                                  GIOCondition    *wants,
                                  GError         **error)
{
  int ret;

  switch (self->state)
    {
    case SURAT_TLS_STATE_ESTABLISHED:
      return TRUE;

    case SURAT_TLS_STATE_FAILED:
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;

    case SURAT_TLS_STATE_CLOSED:
      set_closed_error (error);
      return FALSE;

    case SURAT_TLS_STATE_NEW:
      {
        g_autoptr(GError) local = NULL;

        if (!setup_session (self, &local))
          {
            stream_fail (self, local);
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        self->state = SURAT_TLS_STATE_HANDSHAKING;
      }
      break;

    case SURAT_TLS_STATE_HANDSHAKING:
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
  self->state = SURAT_TLS_STATE_ESTABLISHED;
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

  if (self->state != SURAT_TLS_STATE_ESTABLISHED &&
      !_surat_tls_stream_handshake_step (self, &self->read_wants, error))
    return -1;
  if (self->read_eof || count == 0)
    return 0;

  begin_call (self);
  ret = SSL_read_ex (self->ssl, buffer, count, &done);
  if (ret != 1)
    return ssl_failed (self, ret, OP_READ, &self->read_wants, error);

  self->read_wants = G_IO_IN;

  /* SSL_read returns one record at most. With read-ahead OpenSSL often
   * holds more: hand them over now rather than one per main-loop turn. A
   * failure here (no whole record yet, the peer's close_notify) is met
   * again by the next call, so it only ends this one. */
  while (done < count && SSL_has_pending (self->ssl))
    {
      size_t more = 0;

      if (SSL_read_ex (self->ssl, (char *) buffer + done, count - done, &more) != 1)
        {
          ERR_clear_error ();
          break;
        }
      done += more;
    }

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

  if (self->state != SURAT_TLS_STATE_ESTABLISHED &&
      !_surat_tls_stream_handshake_step (self, &self->write_wants, error))
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

/* ---- what the halves need (surat-tls-io.c) ---- */

GSource *
_surat_tls_stream_create_base_source (SuratTlsStream *self,
                                      GIOCondition    condition,
                                      GCancellable   *cancellable)
{
  /* After close the socket is gone: nothing to wait for. */
  if (self->state == SURAT_TLS_STATE_CLOSED)
    return NULL;

  if (condition & G_IO_IN)
    return g_pollable_input_stream_create_source (self->base_input, cancellable);
  else
    return g_pollable_output_stream_create_source (self->base_output, cancellable);
}

GIOCondition
_surat_tls_stream_get_wants (SuratTlsStream *self,
                             GIOCondition    direction)
{
  return direction == G_IO_IN ? self->read_wants : self->write_wants;
}

/* Bytes that OpenSSL holds (decrypted, or records read ahead: that is
 * SSL_has_pending) are announced by no
 * socket event: without this, a reader would wait for more data while the
 * answer it waits for is already here. */
gboolean
_surat_tls_stream_is_ready_now (SuratTlsStream *self,
                                GIOCondition    direction)
{
  if (self->state == SURAT_TLS_STATE_FAILED || self->state == SURAT_TLS_STATE_CLOSED)
    return TRUE;

  if (direction == G_IO_IN)
    return self->read_eof || (self->ssl != NULL && SSL_has_pending (self->ssl));

  return FALSE;
}

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
  if (_surat_tls_stream_is_ready_now (self, direction))
    return TRUE;

  if (_surat_tls_stream_get_wants (self, direction) & G_IO_IN)
    return g_pollable_input_stream_is_readable (self->base_input);
  else
    return g_pollable_output_stream_is_writable (self->base_output);
}

/* ---- closing ---- */

/* One step of a polite close: send our close_notify (without waiting for
 * the peer's, RFC 8446 §6.1), half-close TCP, then read and drop what the
 * peer still sends until its end of stream. Without that last part,
 * closing a socket with unread bytes (TLS 1.3 session tickets, say) sends a
 * TCP reset, and a reset can make the peer lose our close_notify. A stream
 * that failed skips all of it: there is nobody to be polite to. */
gboolean
_surat_tls_stream_close_step (SuratTlsStream *self,
                              GIOCondition   *wants)
{
  if (self->close_phase == SURAT_TLS_CLOSE_NOTIFY)
    {
      int ret;
      int code;

      if (self->state != SURAT_TLS_STATE_ESTABLISHED || self->no_close_notify)
        {
          self->close_phase = SURAT_TLS_CLOSE_DONE;
          return TRUE;
        }

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
      if (code != SSL_ERROR_NONE)
        {
          self->close_phase = SURAT_TLS_CLOSE_DONE;
          return TRUE;
        }

      if (G_IS_SOCKET_CONNECTION (self->base_io_stream))
        g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->base_io_stream)),
                           FALSE, TRUE, NULL);
      self->close_phase = SURAT_TLS_CLOSE_LINGER;
    }

  if (self->close_phase == SURAT_TLS_CLOSE_LINGER)
    {
      char buffer[16384];

      /* Bounded per step, so a peer that keeps sending cannot hold the
       * main loop; the caller's deadline bounds the whole. */
      for (guint i = 0; i < 16; i++)
        {
          g_autoptr(GError) error = NULL;
          gssize n = g_pollable_input_stream_read_nonblocking (self->base_input, buffer,
                                                               sizeof buffer, NULL, &error);

          if (n > 0)
            continue;
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              *wants = G_IO_IN;
              return FALSE;
            }
          /* The peer's end of stream (or an error: nothing more to do). */
          self->close_phase = SURAT_TLS_CLOSE_DONE;
          return TRUE;
        }

      *wants = G_IO_IN;
      return FALSE;
    }

  return TRUE;
}
