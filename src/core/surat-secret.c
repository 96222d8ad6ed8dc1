/* surat-secret.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-secret.h"

void
surat_secret_wipe (void  *data,
                   gsize  len)
{
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}

void
surat_secret_free (SuratSecret *secret)
{
  if (secret == NULL)
    return;

  surat_secret_wipe (secret, strlen (secret));
  g_free (secret);
}

SuratSecret *
surat_secret_dup (const char *text)
{
  return g_strdup (text);
}
