/* surat-test-process.c — the server processes of the real-server harnesses
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-test-process.h"

#define POLL_USEC (5 * 1000)

/* GLib 2.74 cannot read a subprocess's stdout back: it leaves a note in
 * the file this names. */
#define CRASH_INFO_VARIABLE "SURAT_TEST_CRASH_INFO"

void
surat_test_child_setup_new_session (gpointer user_data)
{
  /* Async-signal-safe, as a child setup function must be. */
  setsid ();
}

int
surat_test_wait_exit (GPid   *pid,
                      gint64  timeout_usec)
{
  gint64 deadline = g_get_monotonic_time () + timeout_usec;
  int status;

  for (;;)
    {
      pid_t done = waitpid (*pid, &status, WNOHANG);

      if (done == *pid)
        {
          *pid = 0;
          return status;
        }
      if (done < 0 && errno == ECHILD)
        {
          *pid = 0;
          return 0;
        }
      if (g_get_monotonic_time () > deadline)
        return -1;
      g_usleep (POLL_USEC);
    }
}

void
surat_test_reap_or_kill (GPid   *pid,
                         gint64  grace_usec)
{
  if (*pid == 0)
    return;

  if (surat_test_wait_exit (pid, grace_usec) == -1)
    {
      /* Its own session, so its process group is all of it. */
      kill (-*pid, SIGKILL);
      waitpid (*pid, NULL, 0);
      *pid = 0;
    }
}

char *
surat_test_tail_of_file (const char *path,
                         guint       n_lines)
{
  g_autofree char *text = NULL;
  const char *p;
  guint seen = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || *text == '\0')
    return g_strdup ("");

  p = text + strlen (text);
  if (p > text && p[-1] == '\n')
    p--;
  while (p > text)
    {
      if (p[-1] == '\n' && ++seen == n_lines)
        break;
      p--;
    }

  return g_strdup (p);
}

gboolean
surat_test_process_alive (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;

  /* "pid (comm) S …": a zombie has exited, whoever reaps it. */
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z';
}

gboolean
surat_test_wait_until_gone (GPid        pid,
                            const char *dir)
{
  for (guint i = 0; i < 300; i++)
    {
      if (!surat_test_process_alive (pid) && !g_file_test (dir, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (50 * 1000);
    }

  return FALSE;
}

void
surat_test_crash_leaving (GPid        pid,
                          const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%d\n%s\n", pid, dir);

  g_file_set_contents (g_getenv (CRASH_INFO_VARIABLE), text, -1, &error);
  g_assert_no_error (error);
  abort ();
}

void
surat_test_trap_crash (GPid  *pid,
                       char **dir)
{
  g_autofree char *info_path = NULL;
  g_autofree char *info = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  info_path = g_build_filename (g_get_user_data_dir (), "crash-info", NULL);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_setenv (CRASH_INFO_VARIABLE, info_path, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv (CRASH_INFO_VARIABLE);
  g_test_trap_assert_failed ();

  g_file_get_contents (info_path, &info, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (info, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  *pid = atoi (lines[0]);
  g_assert_cmpint (*pid, >, 0);
  g_assert_true (g_str_has_prefix (lines[1], g_get_tmp_dir ()));
  *dir = g_strdup (lines[1]);
}
