/* surat-fd-output-stream.h — a GOutputStream over a file descriptor of a regular file
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * GUnixOutputStream asks the kernel at creation whether its descriptor can
 * be polled (an epoll instance, a failing epoll_ctl, a close): three
 * system calls per stream, for every one of thousands of messages a fetch
 * writes, to learn what is known already — a file never blocks. This one
 * only writes. It never closes the descriptor: its owner does (the
 * Maildir delivery fsyncs and closes it).
 */

#define SURAT_TYPE_FD_OUTPUT_STREAM (surat_fd_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (SuratFdOutputStream, surat_fd_output_stream, SURAT, FD_OUTPUT_STREAM,
                      GOutputStream)

GOutputStream *surat_fd_output_stream_new (int fd);

G_END_DECLS
