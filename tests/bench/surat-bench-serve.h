/* surat-bench-serve.h — how the benchmark server runners wait
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "READY" and serves until standard input reaches end of file (the
 * script closed the pipe, or died) or SIGINT/SIGTERM arrives. */
void surat_bench_serve (void);

G_END_DECLS
