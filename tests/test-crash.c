/* test-crash.c — kill -9 a delete-after-download fetch, again and again
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "surat-core.h"
#include "surat-test-dovecot.h"
#include "surat-test-util.h"

/*
 * The promise under test (DESIGN.md "Fetch"): whatever moment the fetch
 * dies at — connecting, in the middle of a RETR, between a rename and the
 * index commit, among the DELEs, after QUIT was sent — the next run loses
 * nothing and duplicates nothing, and a message leaves the server only
 * once it is durably here.
 *
 * After every kill the invariant is checked: the store holds no message
 * twice and nothing that was never sent, and every message is still on
 * the server or in the store. At the end, after a run left alone, the
 * store holds exactly what the server had, and the server is empty.
 */

#define N_KILLS    20
#define N_MESSAGES 300

typedef struct {
  SuratTestDovecot *dovecot;
  char             *home;
  char             *inbox;
  GPtrArray        *expected;  /* GBytes: everything ever put on the server */
} Crash;

static gboolean
bytes_in (GPtrArray *array,
          GBytes    *bytes)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_bytes_equal (g_ptr_array_index (array, i), bytes))
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
read_store (Crash *c)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *stored;

  /* Before the first run there is no Maildir yet. */
  if (!g_file_test (c->inbox, G_FILE_TEST_IS_DIR))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  stored = surat_test_read_maildir (c->inbox, &error);
  g_assert_no_error (error);
  return stored;
}

static void
check_invariant (Crash    *c,
                 gboolean  final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = read_store (c);
  g_autoptr(GPtrArray) on_server = NULL;

  on_server = surat_test_dovecot_list_messages (c->dovecot, SURAT_TEST_DOVECOT_USER, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < stored->len; i++)
    {
      GBytes *message = g_ptr_array_index (stored, i);

      /* Nothing that was never sent, nothing twice. */
      g_assert_true (bytes_in (c->expected, message));
      for (guint j = i + 1; j < stored->len; j++)
        g_assert_false (g_bytes_equal (message, g_ptr_array_index (stored, j)));
    }

  /* Nothing lost: each message is still on the server, or safe here. */
  for (guint i = 0; i < c->expected->len; i++)
    {
      GBytes *message = g_ptr_array_index (c->expected, i);

      if (!bytes_in (stored, message) && !bytes_in (on_server, message))
        g_error ("message %u was deleted from the server but is not in the store", i);
    }

  if (final)
    {
      g_assert_cmpuint (stored->len, ==, c->expected->len);
      g_assert_cmpuint (on_server->len, ==, 0);
    }
}

static void
seed (Crash *c,
      guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = surat_test_dovecot_seed (c->dovecot, SURAT_TEST_DOVECOT_USER,
                                                         n, 3000, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (c->expected, g_bytes_ref (g_ptr_array_index (added, i)));
}

static GSubprocess *
spawn_fetch (Crash *c)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *config = g_build_filename (c->home, "config", NULL);
  g_autofree char *data = g_build_filename (c->home, "data", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, surat_test_cli_path (),
                                         "fetch", "acct", NULL);
  g_assert_no_error (error);
  return process;
}

/* Wall time of a whole run over N_MESSAGES, to spread the kills over it. */
static gint64
full_run_usec (Crash *c)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  process = spawn_fetch (c);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

static void
write_account (Crash      *c,
               const char *keep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (c->home, "config", "surat", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("[account acct]\n"
                          "address=tester@example.org\n"
                          "pop3-host=%s\npop3-port=%u\npop3-security=tls\n"
                          "pop3-user=%s\npassword-command=echo %s\nca-file=%s\n"
                          "keep-on-server=%s\n",
                          surat_test_dovecot_get_host (c->dovecot),
                          surat_test_dovecot_get_pop3s_port (c->dovecot),
                          SURAT_TEST_DOVECOT_USER, SURAT_TEST_DOVECOT_PASSWORD,
                          surat_test_dovecot_get_ca_file (c->dovecot), keep);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_crash_kill_9 (void)
{
  Crash c = { 0 };
  g_autoptr(GSubprocess) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *tmp_dir = NULL;
  g_autoptr(GDir) tmp = NULL;
  gint64 full;
  guint n_killed = 0;

  c.dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
  c.home = surat_test_make_tmpdir ("surat-crash");
  c.inbox = g_build_filename (c.home, "data", "surat", "acct", "Inbox", NULL);
  c.expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* How long a whole run takes here, measured on a copy of the work
   * (keep-on-server, into a store that is thrown away). */
  seed (&c, N_MESSAGES);
  write_account (&c, "true");
  full = full_run_usec (&c);
  g_test_message ("a full run of %u messages takes %" G_GINT64_FORMAT " ms",
                  N_MESSAGES, full / 1000);
  surat_test_rm_rf (c.home);
  g_assert_cmpint (g_mkdir_with_parents (c.home, 0700), ==, 0);
  write_account (&c, "false");

  for (guint round = 0; round < N_KILLS; round++)
    {
      g_autoptr(GSubprocess) process = spawn_fetch (&c);
      /* Anywhere from before the connection to after QUIT. */
      guint delay_ms = g_rand_int_range (rand, 0, (gint32) (full * 11 / 10 / 1000) + 1);

      surat_test_spin (delay_ms);
      if (g_subprocess_get_identifier (process) != NULL)
        {
          g_subprocess_send_signal (process, SIGKILL);
          n_killed++;
        }
      g_subprocess_wait (process, NULL, NULL);
      g_test_message ("round %u: killed after %u ms%s", round, delay_ms,
                      g_subprocess_get_if_signaled (process) ? "" : " (it had finished)");

      check_invariant (&c, FALSE);

      /* A run that got to QUIT emptied the server: give the next ones work. */
      {
        g_autoptr(GPtrArray) held = surat_test_dovecot_list_messages (c.dovecot,
                                                                      SURAT_TEST_DOVECOT_USER,
                                                                      &error);
        g_assert_no_error (error);
        if (held->len == 0)
          seed (&c, N_MESSAGES / 3);
      }
    }

  g_assert_cmpuint (n_killed, >=, N_KILLS / 2);

  /* Left alone, a run finishes the job. */
  last = spawn_fetch (&c);
  g_subprocess_wait_check (last, NULL, &error);
  g_assert_no_error (error);
  check_invariant (&c, TRUE);

  /* And it cleaned up after the runs that died writing into tmp/. */
  tmp_dir = g_build_filename (c.inbox, "tmp", NULL);
  tmp = g_dir_open (tmp_dir, 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (tmp));

  surat_test_rm_rf (c.home);
  g_free (c.home);
  g_free (c.inbox);
  g_ptr_array_unref (c.expected);
  surat_test_dovecot_free (c.dovecot);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

  g_test_add_func ("/crash/kill-9/delete-after-download", test_crash_kill_9);

  return g_test_run ();
}
