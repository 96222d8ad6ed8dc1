/* surat-types.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-types.h"

static const char * const security_names[] = { "tls", "starttls", "none" };
static const char * const folder_names[] = { "Inbox", "Sent", "Outbox", "Drafts", "Trash" };

const char *
surat_security_to_string (SuratSecurity security)
{
  g_return_val_if_fail (security <= SURAT_SECURITY_NONE, NULL);
  return security_names[security];
}

gboolean
surat_security_from_string (const char    *text,
                            SuratSecurity *security)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (security_names); i++)
    {
      if (g_ascii_strcasecmp (text, security_names[i]) == 0)
        {
          *security = (SuratSecurity) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
surat_folder_to_string (SuratFolder folder)
{
  g_return_val_if_fail (folder < SURAT_N_FOLDERS, NULL);
  return folder_names[folder];
}

gboolean
surat_folder_from_string (const char  *text,
                          SuratFolder *folder)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (folder_names); i++)
    {
      if (g_ascii_strcasecmp (text, folder_names[i]) == 0)
        {
          *folder = (SuratFolder) i;
          return TRUE;
        }
    }

  return FALSE;
}

guint
surat_security_default_port (SuratSecurity security,
                             gboolean      smtp)
{
  /* RFC 8314 §3.3 (995, 465), RFC 1939 / RFC 2595 (110 + STLS), RFC 6409
   * §3.1 (587 + STARTTLS); no encryption at all is only for a local relay,
   * traditionally port 25. */
  if (!smtp)
    return security == SURAT_SECURITY_TLS ? 995 : 110;

  switch (security)
    {
    case SURAT_SECURITY_TLS:
      return 465;
    case SURAT_SECURITY_STARTTLS:
      return 587;
    case SURAT_SECURITY_NONE:
    default:
      return 25;
    }
}
