/* surat-test-util.h — small helpers every test binary uses
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pass as the GAsyncReadyCallback with &result as user data; then
 * surat_test_wait_result (&result) spins the thread-default main context
 * until it arrived. */
void          surat_test_result_cb        (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
GAsyncResult *surat_test_wait_result      (GAsyncResult **result);
/* Spins the thread-default context until *flag is TRUE. */
void          surat_test_wait_flag        (gboolean      *flag);
/* Spins for @msec milliseconds. */
void          surat_test_spin             (guint          msec);

/* A fresh directory under the test's isolated tmp dir; removed by
 * surat_test_rm_rf(). */
char         *surat_test_make_tmpdir      (const char    *prefix);
void          surat_test_rm_rf            (const char    *path);

/* Path of the surat-cli binary under test ($SURAT_CLI). */
const char   *surat_test_cli_path         (void);

/* Runs surat-cli with @argv (NULL-terminated, without the program) in an
 * environment whose XDG_CONFIG_HOME and XDG_DATA_HOME are @home/config and
 * @home/data. Returns the exit status (0 = success) and captures output. */
int           surat_test_run_cli          (const char    *home,
                                           const char * const *argv,
                                           char         **stdout_text,
                                           char         **stderr_text);

/* g_test_message() for each line of @text (at most 40), prefixed "@what: ":
 * a message with a bare newline would break the TAP stream. */
void          surat_test_message_lines    (const char    *what,
                                           const char    *text);

/* surat_test_run_cli() with the arguments as a NULL-terminated list,
 * logging the command, its status and its output as TAP comments. */
int           surat_test_cli              (const char    *home,
                                           char         **stdout_text,
                                           char         **stderr_text,
                                           ...) G_GNUC_NULL_TERMINATED;

/* Reads a whole file; asserts on failure. */
GBytes       *surat_test_read_file        (const char    *path);
/* A resolver that knows no name ("Name or service not known" for every
 * host), for g_resolver_set_default(): unknown hosts without DNS. */
GResolver    *surat_test_no_resolver_new  (void);

G_END_DECLS
