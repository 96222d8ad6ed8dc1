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
/* Put on the server before every round, so that each run has about the
 * same work and the kills spread over all its phases. */
#define N_MESSAGES 150

typedef struct {
  SuratTestDovecot *dovecot;
  char             *home;
  char             *inbox;
  GHashTable       *expected;  /* set of GBytes: everything ever put on the server */
} Crash;

static GHashTable *
bytes_set_new (void)
{
  return g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                (GDestroyNotify) g_bytes_unref, NULL);
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

typedef struct {
  guint stored;
  guint on_server;
  guint to_download;   /* on the server, not yet here */
} State;

static State
check_invariant (Crash    *c,
                 gboolean  final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = read_store (c);
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(GHashTable) stored_set = bytes_set_new ();
  g_autoptr(GHashTable) server_set = bytes_set_new ();
  GHashTableIter iter;
  gpointer message;
  State state = { 0 };

  on_server = surat_test_dovecot_list_messages (c->dovecot, SURAT_TEST_DOVECOT_USER, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < on_server->len; i++)
    g_hash_table_add (server_set, g_bytes_ref (g_ptr_array_index (on_server, i)));

  for (guint i = 0; i < stored->len; i++)
    {
      message = g_ptr_array_index (stored, i);

      /* Nothing that was never sent, nothing twice. */
      g_assert_true (g_hash_table_contains (c->expected, message));
      if (!g_hash_table_add (stored_set, g_bytes_ref (message)))
        g_error ("a message is in the store twice");
    }

  /* Nothing lost: each message is still on the server, or safe here. */
  g_hash_table_iter_init (&iter, c->expected);
  while (g_hash_table_iter_next (&iter, &message, NULL))
    {
      if (!g_hash_table_contains (stored_set, message) &&
          !g_hash_table_contains (server_set, message))
        g_error ("a message was deleted from the server but is not in the store");
    }

  if (final)
    {
      g_assert_cmpuint (stored->len, ==, g_hash_table_size (c->expected));
      g_assert_cmpuint (on_server->len, ==, 0);
    }

  state.stored = stored->len;
  state.on_server = on_server->len;
  for (guint i = 0; i < on_server->len; i++)
    state.to_download += !g_hash_table_contains (stored_set, g_ptr_array_index (on_server, i));
  return state;
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
    g_assert_true (g_hash_table_add (c->expected, g_bytes_ref (g_ptr_array_index (added, i))));
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
  c.expected = bytes_set_new ();

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

  /* Until 20 runs were really killed; the ones that finish first are
   * kept too (they test the next run after a complete one). */
  for (guint round = 0; n_killed < N_KILLS; round++)
    {
      g_autoptr(GSubprocess) process = NULL;
      State before = check_invariant (&c, FALSE);
      State after;
      gint64 expected_usec;
      guint delay_ms;

      /* A run that got through QUIT emptied the server: give it work. */
      if (before.on_server == 0)
        {
          seed (&c, N_MESSAGES);
          before = check_invariant (&c, FALSE);
        }

      /* How long this run should take, from the measured one: downloads
       * dominate, DELEs are pipelined and cheap. Every other round aims
       * at the end of the run, where the last commit, the DELEs and QUIT
       * happen; the others anywhere from before the connection on. */
      expected_usec = full * (before.to_download + (before.on_server - before.to_download) / 5 + 10)
                      / (N_MESSAGES + 10);
      if (round % 2 == 0)
        delay_ms = g_rand_int_range (rand, 0, (gint32) (expected_usec * 11 / 10 / 1000) + 1);
      else
        delay_ms = g_rand_int_range (rand, (gint32) (expected_usec * 6 / 10 / 1000),
                                     (gint32) (expected_usec * 11 / 10 / 1000) + 1);

      g_assert_cmpuint (round, <, 4 * N_KILLS);

      process = spawn_fetch (&c);
      surat_test_spin (delay_ms);
      if (g_subprocess_get_identifier (process) != NULL)
        {
          g_subprocess_send_signal (process, SIGKILL);
          n_killed++;
        }
      g_subprocess_wait (process, NULL, NULL);

      after = check_invariant (&c, FALSE);
      g_test_message ("round %u: %s after %u ms: store %u → %u, server %u → %u", round,
                      g_subprocess_get_if_signaled (process) ? "killed" : "finished",
                      delay_ms, before.stored, after.stored, before.on_server, after.on_server);
    }


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
  g_hash_table_unref (c.expected);
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
