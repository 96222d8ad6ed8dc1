/* surat-tls-io.c — the pollable input and output halves of a SuratTlsStream
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-tls-stream-private.h"

/* Both halves are thin: every decision is the SuratTlsStream's, which owns
 * the OpenSSL session. Because they implement the pollable interfaces,
 * GInputStream's and GOutputStream's default async methods run them from the
 * main loop (read_nonblocking + create_source) instead of on a thread. */

#define SURAT_TYPE_TLS_INPUT_STREAM (surat_tls_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (SuratTlsInputStream, surat_tls_input_stream,
                      SURAT, TLS_INPUT_STREAM, GInputStream)

#define SURAT_TYPE_TLS_OUTPUT_STREAM (surat_tls_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (SuratTlsOutputStream, surat_tls_output_stream,
                      SURAT, TLS_OUTPUT_STREAM, GOutputStream)

struct _SuratTlsInputStream
{
  GInputStream parent_instance;
  GWeakRef     tls;
};

struct _SuratTlsOutputStream
{
  GOutputStream parent_instance;
  GWeakRef      tls;
};

static void surat_tls_input_stream_pollable_init  (GPollableInputStreamInterface  *iface);
static void surat_tls_output_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SuratTlsInputStream, surat_tls_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      surat_tls_input_stream_pollable_init))

G_DEFINE_FINAL_TYPE_WITH_CODE (SuratTlsOutputStream, surat_tls_output_stream, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      surat_tls_output_stream_pollable_init))

static SuratTlsStream *
get_tls (GWeakRef  *ref,
         GError   **error)
{
  SuratTlsStream *tls = g_weak_ref_get (ref);

  if (tls == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                         _("The secure connection is closed"));

  return tls;
}

/* A source that is ready at once: the stream is gone, and the caller's next
 * attempt will say so. */
static GSource *
create_closed_source (gpointer      pollable_stream,
                      GCancellable *cancellable)
{
  GSource *source = g_pollable_source_new_full (pollable_stream, NULL, cancellable);

  g_source_set_ready_time (source, 0);

  return source;
}

/* Closing a half alone does nothing: the TLS session is closed with the
 * GIOStream (close_notify, then the socket). Overriding close_async keeps
 * GIO from running this no-op on a worker thread. */
static void
close_async_noop (gpointer             stream,
                  int                  io_priority,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  g_task_return_boolean (task, TRUE);
}

/* ---- waiting ---- */

static gboolean
set_flag_cb (GObject  *pollable,
             gpointer  user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
_surat_tls_stream_wait (SuratTlsStream  *tls,
                        GIOCondition     condition,
                        gint64           deadline,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) source = _surat_tls_stream_create_base_source (tls, condition, cancellable);
  gboolean ready = FALSE;

  if (source == NULL)
    return TRUE;

  if (deadline >= 0)
    {
      g_autoptr(GSource) timeout = NULL;

      timeout = g_timeout_source_new (MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
      g_source_set_dummy_callback (timeout);
      g_source_add_child_source (source, timeout);
    }

  /* A private context: blocking calls must not run the caller's sources. */
  context = g_main_context_new ();
  g_source_set_callback (source, G_SOURCE_FUNC (set_flag_cb), &ready, NULL);
  g_source_attach (source, context);
  while (!ready)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (deadline >= 0 && g_get_monotonic_time () >= deadline)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("Timed out"));
      return FALSE;
    }

  return TRUE;
}

/* Blocking read or write: nonblocking attempts, waiting in between. */
static gssize
run_blocking (SuratTlsStream  *tls,
              GIOCondition     direction,
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

      if (direction == G_IO_IN)
        n = _surat_tls_stream_read_nonblocking (tls, buffer, count, &local);
      else
        n = _surat_tls_stream_write_nonblocking (tls, buffer, count, &local);
      if (n >= 0)
        return n;

      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }

      if (!_surat_tls_stream_wait (tls, _surat_tls_stream_get_wants (tls, direction), -1,
                                   cancellable, error))
        return -1;
    }
}

/* A child source that is ready whenever the stream is ready without the
 * socket (see _surat_tls_stream_is_ready_now()). */
typedef struct
{
  GSource         source;
  SuratTlsStream *tls;
  GIOCondition    direction;
} ReadySource;

static gboolean
ready_source_prepare (GSource *source,
                      int     *timeout)
{
  ReadySource *ready = (ReadySource *) source;

  *timeout = -1;

  return _surat_tls_stream_is_ready_now (ready->tls, ready->direction);
}

static gboolean
ready_source_check (GSource *source)
{
  ReadySource *ready = (ReadySource *) source;

  return _surat_tls_stream_is_ready_now (ready->tls, ready->direction);
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

  g_clear_object (&ready->tls);
}

static GSourceFuncs ready_source_funcs = {
  ready_source_prepare,
  ready_source_check,
  ready_source_dispatch,
  ready_source_finalize,
  NULL, NULL,
};

/* What OpenSSL waits for (which may be the other direction), or data it
 * already holds, or the cancellable. */
static GSource *
create_source (SuratTlsStream *tls,
               GIOCondition    direction,
               gpointer        pollable_stream,
               GCancellable   *cancellable)
{
  GIOCondition wants = _surat_tls_stream_get_wants (tls, direction);
  g_autoptr(GSource) base_source = _surat_tls_stream_create_base_source (tls, wants, NULL);
  ReadySource *ready;
  GSource *source;

  source = g_pollable_source_new_full (pollable_stream, base_source, cancellable);

  /* No callback of its own (its dispatch copes): being ready is enough to
   * make the parent dispatch. */
  ready = (ReadySource *) g_source_new (&ready_source_funcs, sizeof (ReadySource));
  ready->tls = g_object_ref (tls);
  ready->direction = direction;
  g_source_set_name ((GSource *) ready, "SuratTlsStream ready");
  g_source_add_child_source (source, (GSource *) ready);
  g_source_unref ((GSource *) ready);

  return source;
}

/* ---- input ---- */

static gssize
surat_tls_input_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (stream);
  g_autoptr(SuratTlsStream) tls = get_tls (&self->tls, error);

  if (tls == NULL)
    return -1;

  return run_blocking (tls, G_IO_IN, buffer, count, cancellable, error);
}

static gboolean
surat_tls_input_stream_close (GInputStream  *stream,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return TRUE;
}

static void
surat_tls_input_stream_close_async (GInputStream        *stream,
                                    int                  io_priority,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  close_async_noop (stream, io_priority, cancellable, callback, user_data,
                    surat_tls_input_stream_close_async);
}

static gboolean
surat_tls_input_stream_close_finish (GInputStream  *stream,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
surat_tls_input_stream_can_poll (GPollableInputStream *pollable)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  /* A closed stream can "poll": its source fires and the read fails. */
  return tls == NULL || _surat_tls_stream_can_poll (tls);
}

static gboolean
surat_tls_input_stream_is_readable (GPollableInputStream *pollable)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  return tls == NULL || _surat_tls_stream_is_ready (tls, G_IO_IN);
}

static GSource *
surat_tls_input_stream_create_source (GPollableInputStream *pollable,
                                      GCancellable         *cancellable)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  if (tls == NULL)
    return create_closed_source (pollable, cancellable);

  return create_source (tls, G_IO_IN, pollable, cancellable);
}

static gssize
surat_tls_input_stream_read_nonblocking (GPollableInputStream  *pollable,
                                         void                  *buffer,
                                         gsize                  count,
                                         GError               **error)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = get_tls (&self->tls, error);

  if (tls == NULL)
    return -1;

  return _surat_tls_stream_read_nonblocking (tls, buffer, count, error);
}

static void
surat_tls_input_stream_finalize (GObject *object)
{
  SuratTlsInputStream *self = SURAT_TLS_INPUT_STREAM (object);

  g_weak_ref_clear (&self->tls);

  G_OBJECT_CLASS (surat_tls_input_stream_parent_class)->finalize (object);
}

static void
surat_tls_input_stream_class_init (SuratTlsInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = surat_tls_input_stream_finalize;

  input_class->read_fn = surat_tls_input_stream_read;
  input_class->close_fn = surat_tls_input_stream_close;
  input_class->close_async = surat_tls_input_stream_close_async;
  input_class->close_finish = surat_tls_input_stream_close_finish;
}

static void
surat_tls_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = surat_tls_input_stream_can_poll;
  iface->is_readable = surat_tls_input_stream_is_readable;
  iface->create_source = surat_tls_input_stream_create_source;
  iface->read_nonblocking = surat_tls_input_stream_read_nonblocking;
}

static void
surat_tls_input_stream_init (SuratTlsInputStream *self)
{
  g_weak_ref_init (&self->tls, NULL);
}

GInputStream *
_surat_tls_input_stream_new (SuratTlsStream *tls)
{
  SuratTlsInputStream *self = g_object_new (SURAT_TYPE_TLS_INPUT_STREAM, NULL);

  g_weak_ref_set (&self->tls, tls);

  return G_INPUT_STREAM (self);
}

/* ---- output ---- */

static gssize
surat_tls_output_stream_write (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (stream);
  g_autoptr(SuratTlsStream) tls = get_tls (&self->tls, error);

  if (tls == NULL)
    return -1;

  return run_blocking (tls, G_IO_OUT, (void *) buffer, count, cancellable, error);
}

static gboolean
surat_tls_output_stream_close (GOutputStream  *stream,
                               GCancellable   *cancellable,
                               GError        **error)
{
  return TRUE;
}

static void
surat_tls_output_stream_close_async (GOutputStream       *stream,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  close_async_noop (stream, io_priority, cancellable, callback, user_data,
                    surat_tls_output_stream_close_async);
}

static gboolean
surat_tls_output_stream_close_finish (GOutputStream  *stream,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
surat_tls_output_stream_can_poll (GPollableOutputStream *pollable)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  return tls == NULL || _surat_tls_stream_can_poll (tls);
}

static gboolean
surat_tls_output_stream_is_writable (GPollableOutputStream *pollable)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  return tls == NULL || _surat_tls_stream_is_ready (tls, G_IO_OUT);
}

static GSource *
surat_tls_output_stream_create_source (GPollableOutputStream *pollable,
                                       GCancellable          *cancellable)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = g_weak_ref_get (&self->tls);

  if (tls == NULL)
    return create_closed_source (pollable, cancellable);

  return create_source (tls, G_IO_OUT, pollable, cancellable);
}

static gssize
surat_tls_output_stream_write_nonblocking (GPollableOutputStream  *pollable,
                                           const void             *buffer,
                                           gsize                   count,
                                           GError                **error)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (pollable);
  g_autoptr(SuratTlsStream) tls = get_tls (&self->tls, error);

  if (tls == NULL)
    return -1;

  return _surat_tls_stream_write_nonblocking (tls, buffer, count, error);
}

static void
surat_tls_output_stream_finalize (GObject *object)
{
  SuratTlsOutputStream *self = SURAT_TLS_OUTPUT_STREAM (object);

  g_weak_ref_clear (&self->tls);

  G_OBJECT_CLASS (surat_tls_output_stream_parent_class)->finalize (object);
}

static void
surat_tls_output_stream_class_init (SuratTlsOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = surat_tls_output_stream_finalize;

  /* Nothing to flush: each record goes to the socket as it is written.
   * Without flush_async, g_output_stream_flush_async() returns at once
   * instead of running a no-op on a thread. */
  output_class->flush_async = NULL;
  output_class->write_fn = surat_tls_output_stream_write;
  output_class->close_fn = surat_tls_output_stream_close;
  output_class->close_async = surat_tls_output_stream_close_async;
  output_class->close_finish = surat_tls_output_stream_close_finish;
}

static void
surat_tls_output_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = surat_tls_output_stream_can_poll;
  iface->is_writable = surat_tls_output_stream_is_writable;
  iface->create_source = surat_tls_output_stream_create_source;
  iface->write_nonblocking = surat_tls_output_stream_write_nonblocking;
}

static void
surat_tls_output_stream_init (SuratTlsOutputStream *self)
{
  g_weak_ref_init (&self->tls, NULL);
}

GOutputStream *
_surat_tls_output_stream_new (SuratTlsStream *tls)
{
  SuratTlsOutputStream *self = g_object_new (SURAT_TYPE_TLS_OUTPUT_STREAM, NULL);

  g_weak_ref_set (&self->tls, tls);

  return G_OUTPUT_STREAM (self);
}
