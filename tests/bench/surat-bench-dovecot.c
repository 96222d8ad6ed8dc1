/* surat-bench-dovecot.c — a private Dovecot for benchmarks, run from a script
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the tests' Dovecot (tests/surat-test-dovecot.h), seeds the default
 * user's Maildir, prints what a client needs as KEY=VALUE lines followed by
 * "READY", and keeps the server running until its standard input reaches
 * end of file (the script closed the pipe or died) or it gets SIGINT or
 * SIGTERM. Then it stops Dovecot and removes every file it made.
 */
#include "config.h"

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib-unix.h>

#include "surat-bench-serve.h"
#include "surat-test-dovecot.h"

int
main (int    argc,
      char **argv)
{
  int n_messages = 2000;
  int size = 20000;
  gboolean apop = FALSE;
  gboolean refuse_plaintext = FALSE;
  GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &n_messages, "Messages to seed (2000)", "N" },
    { "size", 's', 0, G_OPTION_ARG_INT, &size, "Approximate size of each (20000)", "BYTES" },
    { "apop", 0, 0, G_OPTION_ARG_NONE, &apop, "Offer APOP", NULL },
    { "refuse-plaintext", 0, 0, G_OPTION_ARG_NONE, &refuse_plaintext,
      "Listen on 127.0.0.2, where Dovecot refuses logins before TLS", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a private Dovecot for benchmarks");
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestDovecot) dovecot = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autofree char *maildir = NULL;
  SuratTestDovecotFlags flags = SURAT_TEST_DOVECOT_FLAGS_NONE;
  guint64 total = 0;
  gint64 started;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints SURAT_DOVECOT_*=VALUE lines and READY, then serves until standard input\n"
    "ends or a SIGINT/SIGTERM arrives, and removes everything it made.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("surat-bench-dovecot: %s\n", error->message);
      return 2;
    }
  if (n_messages < 0 || size < 0)
    {
      g_printerr ("surat-bench-dovecot: --messages and --size must not be negative\n");
      return 2;
    }

  if (apop)
    flags |= SURAT_TEST_DOVECOT_APOP;
  if (refuse_plaintext)
    flags |= SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT;

  dovecot = surat_test_dovecot_new (flags, &error);
  if (dovecot == NULL)
    {
      g_printerr ("surat-bench-dovecot: %s\n", error->message);
      return 1;
    }

  started = g_get_monotonic_time ();
  seeded = surat_test_dovecot_seed (dovecot, SURAT_TEST_DOVECOT_USER, n_messages, size, &error);
  if (seeded == NULL)
    {
      g_printerr ("surat-bench-dovecot: seeding failed: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < seeded->len; i++)
    total += g_bytes_get_size (seeded->pdata[i]);
  g_clear_pointer (&seeded, g_ptr_array_unref);

  maildir = surat_test_dovecot_get_maildir (dovecot, SURAT_TEST_DOVECOT_USER);
  printf ("SURAT_DOVECOT_HOST=%s\n", surat_test_dovecot_get_host (dovecot));
  printf ("SURAT_DOVECOT_POP3_PORT=%u\n", surat_test_dovecot_get_pop3_port (dovecot));
  printf ("SURAT_DOVECOT_POP3S_PORT=%u\n", surat_test_dovecot_get_pop3s_port (dovecot));
  printf ("SURAT_DOVECOT_CA_FILE=%s\n", surat_test_dovecot_get_ca_file (dovecot));
  printf ("SURAT_DOVECOT_FINGERPRINT=%s\n", surat_test_dovecot_get_fingerprint (dovecot));
  printf ("SURAT_DOVECOT_USER=%s\n", SURAT_TEST_DOVECOT_USER);
  printf ("SURAT_DOVECOT_PASSWORD=%s\n", SURAT_TEST_DOVECOT_PASSWORD);
  printf ("SURAT_DOVECOT_MAILDIR=%s\n", maildir);
  printf ("SURAT_DOVECOT_DIR=%s\n", surat_test_dovecot_get_dir (dovecot));
  printf ("SURAT_DOVECOT_LOG=%s\n", surat_test_dovecot_get_log_path (dovecot));
  printf ("SURAT_DOVECOT_MESSAGES=%d\n", n_messages);
  printf ("SURAT_DOVECOT_BYTES=%" G_GUINT64_FORMAT "\n", total);
  printf ("SURAT_DOVECOT_SEED_SECONDS=%.2f\n",
          (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  surat_bench_serve ();

  return 0;
}
