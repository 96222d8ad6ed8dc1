/* surat-core.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
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
  SuratCertificate *certificate;

  g_return_val_if_fail (error != NULL, NULL);

  /* A person can only decide about a certificate they can identify: name
   * it by the fingerprint they can compare with what the provider says. */
  certificate = error->domain == SURAT_TLS_ERROR ? surat_tls_error_get_certificate (error) : NULL;
  if (certificate != NULL &&
      strstr (error->message, surat_certificate_get_fingerprint (certificate)) == NULL)
    {
      return g_strdup_printf (_("%s (certificate SHA-256 fingerprint %s)"), error->message,
                              surat_certificate_get_fingerprint (certificate));
    }

  return g_strdup (error->message);
}
