/* surat-cli.c — Surat's engine from a terminal
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "surat-cli.h"

/*
 * Every command prints its result on stdout and every failure as one line
 * on stderr, "surat-cli: <what failed>: <why>", with a non-zero exit:
 * 1 for a failure, 2 for a usage error. The --json shapes are documented
 * in README.md and stay stable: scripts and tests read them.
 */

static const SuratCliCommand commands[] = {
  { "fetch", "[ACCOUNT…]", N_("Download new mail"), surat_cli_fetch },
  { "list", "", N_("List messages"), surat_cli_list },
  { "show", "ID", N_("Show a message"), surat_cli_show },
  { "save-attachments", "ID DIR", N_("Save a message’s attachments"), surat_cli_save_attachments },
  { "reindex", "", N_("Rebuild the index from the Maildirs"), surat_cli_reindex },
  { "send", "[OPTION…]", N_("Send a message (to, cc, bcc, subject, body, attachments)"),
    surat_cli_send },
  { "outbox", "[OPTION…]", N_("List the messages waiting to be sent; --flush sends them now"),
    surat_cli_outbox },
};

static void
print_usage (void)
{
  g_print ("%s\n  surat-cli COMMAND [OPTION…]\n\n%s\n", _("Usage:"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* Padded by characters, not bytes: "…" is three bytes. */
      glong width = g_utf8_strlen (commands[i].args, -1);

      g_print ("  %-17s %s%*s %s\n", commands[i].name, commands[i].args,
               (int) MAX (0, 11 - width), "", _(commands[i].summary));
    }
  g_print ("\n%s\n", _("“surat-cli COMMAND --help” tells more about each."));
}

int
main (int    argc,
      char **argv)
{
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
  g_set_prgname ("surat-cli");

  surat_core_init ();

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("surat-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          surat_cli_current_command = &commands[i];
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  surat_cli_print_error (_("“%s” is not a command; try “surat-cli --help”"), argv[1]);
  return 2;
}
