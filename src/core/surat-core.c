/* surat-core.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmime/gmime.h>

#include "surat-core.h"

void
surat_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

char *
surat_core_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  return g_strdup (error->message);
}
