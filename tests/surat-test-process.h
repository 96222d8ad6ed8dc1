/* surat-test-process.h — the server processes of the real-server harnesses
 * (Dovecot, aiosmtpd), and the tests that check they leave nothing behind
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GSpawnChildSetupFunc: the child goes into a session of its own, so a
 * signal to the test's process group (Ctrl-C, meson's timeout) reaches
 * only the test process, whose harness then stops the server cleanly; and
 * kill (-pid, …) reaches all of the server. */
void      surat_test_child_setup_new_session (gpointer     user_data);

/* Waits at most @timeout_usec for the child *@pid to exit: its wait status
 * (0 when someone else reaped it), with *@pid set to 0; -1 while it still
 * runs. */
int       surat_test_wait_exit               (GPid        *pid,
                                              gint64       timeout_usec);
/* surat_test_wait_exit() for @grace_usec, then SIGKILL to the child's
 * process group and a wait for it. *@pid is 0 after; 0 before is fine. */
void      surat_test_reap_or_kill            (GPid        *pid,
                                              gint64       grace_usec);

/* The last @n_lines lines of the file at @path ("" when there is none),
 * for a failure message. (transfer full) */
char     *surat_test_tail_of_file            (const char  *path,
                                              guint        n_lines);

/* Whether @pid runs: a zombie has exited, whoever reaps it. */
gboolean  surat_test_process_alive           (GPid         pid);
/* Waits (at most 15 s) until @pid no longer runs and @dir is gone. A
 * bounded wait for what another process does, not a timing check. */
gboolean  surat_test_wait_until_gone         (GPid         pid,
                                              const char  *dir);

/* A test that crashes without stopping its server. In the test's
 * subprocess (g_test_subprocess()): notes @pid and @dir for the parent,
 * then aborts. */
G_NORETURN
void      surat_test_crash_leaving           (GPid         pid,
                                              const char  *dir);
/* In the parent: runs this test in a subprocess, asserts that it failed,
 * and returns the server pid and directory it noted, checked to be a
 * process id and a directory under g_get_tmp_dir(). */
void      surat_test_trap_crash              (GPid        *pid,
                                              char       **dir);

G_END_DECLS
