/* surat-tls-stream.c — client TLS over a GIOStream, with OpenSSL
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-tls-error-private.h"
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
 * report (see surat-tls-error.c) or accept a pinned certificate. A refusal
 * aborts the handshake with the matching alert, so the server learns why.
 *
 * The files: surat-tls-stream.c (this GIOStream, its public API, closing),
 * surat-tls-session.c (the OpenSSL session: BIO, verification, one step of
 * each operation), surat-tls-io.c (the pollable halves, waiting, sources),
 * surat-tls-error.c (the error domain and its messages).
 */

/* Closing politely (close_notify, then the peer's end of stream) is a
 * courtesy: a peer that does not take part within this time does not hold
 * up closing the connection. */
#define CLOSE_TIMEOUT_MS 2000

G_DEFINE_FINAL_TYPE (SuratTlsStream, surat_tls_stream, G_TYPE_IO_STREAM)

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

/* ---- the handshake ---- */

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

  if (_surat_tls_stream_handshake_step (self, &wants, &error))
    {
      self->handshake_pending = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      g_autoptr(GSource) source = _surat_tls_stream_create_base_source (self, wants, cancellable);

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

/* ---- closing ---- */

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
  gint64 deadline = g_get_monotonic_time () + CLOSE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  GIOCondition wants = 0;

  if (self->base_io_stream == NULL)
    return TRUE;

  while (!_surat_tls_stream_close_step (self, &wants))
    if (!_surat_tls_stream_wait (self, wants, deadline, cancellable, NULL))
      break;

  _surat_tls_stream_end_session (self);
  close_halves (self);

  /* The socket is closed even when @cancellable fired: cancelling only
   * cuts the polite part short. */
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
      !_surat_tls_stream_close_step (self, &wants))
    {
      g_autoptr(GSource) source = _surat_tls_stream_create_base_source (self, wants, cancellable);
      g_autoptr(GSource) timeout = NULL;

      timeout = g_timeout_source_new (MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
      g_source_set_dummy_callback (timeout);
      g_source_add_child_source (source, timeout);
      attach_task_source (task, source, G_SOURCE_FUNC (close_source_cb));
      return;
    }

  _surat_tls_stream_end_session (self);
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

  *deadline = g_get_monotonic_time () + CLOSE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

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
  self->state = SURAT_TLS_STATE_NEW;
  self->read_wants = G_IO_IN;
  self->write_wants = G_IO_OUT;
  self->verify_failures = g_array_new (FALSE, FALSE, sizeof (SuratTlsVerifyFailure));
}

/* ---- public API ---- */

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

  if (!_surat_tls_parse_identity (server_identity, &host_name, &ip_address, error))
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
 * Call before the handshake. A file that cannot be read, or holds no
 * certificate, makes the handshake fail with %SURAT_TLS_ERROR_HANDSHAKE
 * naming it.
 */
void
surat_tls_stream_set_ca_file (SuratTlsStream *self,
                              const char     *ca_file)
{
  g_return_if_fail (SURAT_IS_TLS_STREAM (self));
  g_return_if_fail (self->state == SURAT_TLS_STATE_NEW);

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
  g_return_if_fail (self->state == SURAT_TLS_STATE_NEW);

  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = g_strdup (fingerprint);
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
