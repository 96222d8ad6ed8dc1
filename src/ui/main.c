/* main.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "surat-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SuratApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* SURAT_LOCALEDIR points an uninstalled build at its own translations
   * (<build>/po, where <build>/po/id/LC_MESSAGES/surat.mo is compiled), for
   * the tests and running from the build tree; see po/README.md. */
  localedir = g_getenv ("SURAT_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = surat_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
