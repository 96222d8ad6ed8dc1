/* surat-bench-smtpd.c — a private aiosmtpd for benchmarks, run from a script
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the tests' aiosmtpd (tests/surat-test-smtpd.h) with a 100 MB size
 * limit, prints what a client needs as KEY=VALUE lines followed by
 * "READY", and serves until its standard input ends. Then it stops the
 * server and removes every file it made.
 */
#include "config.h"

#include <stdio.h>

#include "surat-bench-serve.h"
#include "surat-test-smtpd.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSmtpd) smtpd = NULL;

  smtpd = surat_test_smtpd_new (NULL, 100 * 1024 * 1024, SURAT_TEST_SMTPD_FLAGS_NONE, &error);
  if (smtpd == NULL)
    {
      g_printerr ("surat-bench-smtpd: %s\n", error->message);
      return 1;
    }

  printf ("SURAT_SMTPD_HOST=%s\n", surat_test_smtpd_get_host (smtpd));
  printf ("SURAT_SMTPD_STARTTLS_PORT=%u\n", surat_test_smtpd_get_starttls_port (smtpd));
  printf ("SURAT_SMTPD_TLS_PORT=%u\n", surat_test_smtpd_get_tls_port (smtpd));
  printf ("SURAT_SMTPD_CA_FILE=%s\n", surat_test_smtpd_get_ca_file (smtpd));
  printf ("SURAT_SMTPD_USER=%s\n", SURAT_TEST_SMTPD_USER);
  printf ("SURAT_SMTPD_PASSWORD=%s\n", SURAT_TEST_SMTPD_PASSWORD);
  printf ("SURAT_SMTPD_MAILDIR=%s\n", surat_test_smtpd_get_maildir (smtpd));
  surat_bench_serve ();

  return 0;
}
