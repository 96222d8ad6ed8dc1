/* surat-fd-output-stream.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "surat-fd-output-stream.h"

struct _SuratFdOutputStream
{
  GOutputStream parent_instance;

  int fd;
};

G_DEFINE_FINAL_TYPE (SuratFdOutputStream, surat_fd_output_stream, G_TYPE_OUTPUT_STREAM)

static gssize
surat_fd_output_stream_write (GOutputStream  *stream,
                              const void     *buffer,
                              gsize           count,
                              GCancellable   *cancellable,
                              GError        **error)
{
  SuratFdOutputStream *self = SURAT_FD_OUTPUT_STREAM (stream);
  gssize n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  do
    n = write (self->fd, buffer, count);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write to a file: %s"), g_strerror (saved_errno));
    }

  return n;
}

static void
surat_fd_output_stream_class_init (SuratFdOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = surat_fd_output_stream_write;
}

static void
surat_fd_output_stream_init (SuratFdOutputStream *self)
{
  self->fd = -1;
}

/**
 * surat_fd_output_stream_new:
 * @fd: an open, writable descriptor of a regular file, which stays the
 *   caller's to close
 *
 * Returns: (transfer full): the stream
 */
GOutputStream *
surat_fd_output_stream_new (int fd)
{
  SuratFdOutputStream *self;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (SURAT_TYPE_FD_OUTPUT_STREAM, NULL);
  self->fd = fd;
  return G_OUTPUT_STREAM (self);
}
