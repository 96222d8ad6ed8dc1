/* surat-secret.h — passwords and other secrets in memory
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A NUL-terminated string holding a secret. Free it with surat_secret_free()
 * (or g_autoptr(SuratSecret)) so its bytes are wiped before the memory goes
 * back to the allocator (DESIGN.md "Security rules"). */
typedef char SuratSecret;

void         surat_secret_wipe (void       *data,
                                gsize       len);
void         surat_secret_free (SuratSecret *secret);
SuratSecret *surat_secret_dup  (const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratSecret, surat_secret_free)

G_END_DECLS
