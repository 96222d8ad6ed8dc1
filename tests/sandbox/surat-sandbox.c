/* surat-sandbox.c — the sandbox's servers, run from tools/run
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the sandbox (tests/surat-test-sandbox.h): Dovecot and aiosmtpd on
 * loopback with the mailbox in --mailbox (seeded the first time), writes
 * the sandbox account into the profile's accounts.ini, prints
 * SURAT_SANDBOX_*=VALUE lines and "READY", and serves until its standard
 * input reaches end of file (tools/run closed the pipe or died) or it gets
 * SIGINT or SIGTERM. Then it stops both servers; the mailbox stays.
 */
#include "config.h"

#include <stdio.h>

#include "bench/surat-bench-serve.h"
#include "surat-test-sandbox.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *mailbox_dir = NULL;
  g_autofree char *config_dir = NULL;
  GOptionEntry entries[] = {
    { "mailbox", 'm', 0, G_OPTION_ARG_FILENAME, &mailbox_dir,
      "Where the mailbox lives from one run to the next", "DIR" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_dir,
      "Write the sandbox account into DIR/surat/accounts.ini (an XDG_CONFIG_HOME)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Surat's sandbox mail servers");
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSandbox) sandbox = NULL;
  g_autofree char *maildir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints SURAT_SANDBOX_*=VALUE lines and READY, then serves until standard input\n"
    "ends or a SIGINT/SIGTERM arrives, and stops both servers.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("surat-sandbox: %s\n", error->message);
      return 2;
    }
  if (mailbox_dir == NULL || config_dir == NULL)
    {
      g_printerr ("surat-sandbox: --mailbox and --config are needed\n");
      return 2;
    }

  sandbox = surat_test_sandbox_new (mailbox_dir, &error);
  if (sandbox == NULL ||
      !surat_test_sandbox_write_account (sandbox, config_dir, &error))
    {
      g_printerr ("surat-sandbox: %s\n", error->message);
      return 1;
    }

  maildir = surat_test_sandbox_get_maildir (sandbox);
  printf ("SURAT_SANDBOX_ACCOUNT=%s\n", SURAT_TEST_SANDBOX_ACCOUNT);
  printf ("SURAT_SANDBOX_ADDRESS=%s\n", SURAT_TEST_SANDBOX_ADDRESS);
  printf ("SURAT_SANDBOX_USER=%s\n", SURAT_TEST_SANDBOX_USER);
  printf ("SURAT_SANDBOX_PASSWORD=%s\n", SURAT_TEST_SANDBOX_PASSWORD);
  printf ("SURAT_SANDBOX_POP3S_PORT=%u\n",
          surat_test_dovecot_get_pop3s_port (surat_test_sandbox_get_dovecot (sandbox)));
  printf ("SURAT_SANDBOX_SMTP_PORT=%u\n",
          surat_test_smtpd_get_starttls_port (surat_test_sandbox_get_smtpd (sandbox)));
  printf ("SURAT_SANDBOX_DOVECOT_PID=%d\n",
          (int) surat_test_dovecot_get_pid (surat_test_sandbox_get_dovecot (sandbox)));
  printf ("SURAT_SANDBOX_SMTPD_PID=%d\n",
          (int) surat_test_smtpd_get_pid (surat_test_sandbox_get_smtpd (sandbox)));
  printf ("SURAT_SANDBOX_SEEDED=%d\n", surat_test_sandbox_get_seeded (sandbox) ? 1 : 0);
  printf ("SURAT_SANDBOX_MESSAGES=%u\n", surat_test_sandbox_get_n_seeded (sandbox));
  printf ("SURAT_SANDBOX_MAILDIR=%s\n", maildir);
  printf ("SURAT_SANDBOX_SENT_DIR=%s\n", surat_test_sandbox_get_sent_dir (sandbox));

  surat_bench_serve ();
  return 0;
}
