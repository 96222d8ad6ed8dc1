/* surat-test-util.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "surat-test-util.h"

void
surat_test_result_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
surat_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

void
surat_test_wait_flag (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

void
surat_test_spin (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add_once (msec, set_flag_cb, &done);
  surat_test_wait_flag (&done);
}

char *
surat_test_make_tmpdir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *path = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return path;
}

void
surat_test_rm_rf (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  if (path == NULL)
    return;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

const char *
surat_test_cli_path (void)
{
  const char *path = g_getenv ("SURAT_CLI");

  g_assert_nonnull (path);
  return path;
}

int
surat_test_run_cli (const char          *home,
                    const char * const  *argv,
                    char               **stdout_text,
                    char               **stderr_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int status = -1;

  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "HOME", home, TRUE);

  g_ptr_array_add (args, (char *) surat_test_cli_path ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  /* Output nobody asked for must not reach the TAP stream. */
  g_spawn_sync (NULL, (char **) args->pdata, env,
                (stdout_text ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) |
                (stderr_text ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, stdout_text, stderr_text, &status, &error);
  g_assert_no_error (error);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}

GBytes *
surat_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

void
surat_test_message_lines (const char *what,
                          const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && i < 40; i++)
    {
      if (*lines[i] != '\0')
        g_test_message ("%s: %s", what, lines[i]);
    }
}

int
surat_test_cli (const char  *home,
                char       **stdout_text,
                char       **stderr_text,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *joined = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, stderr_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = surat_test_run_cli (home, (const char * const *) args->pdata, &out, &err);
  joined = g_strjoinv (" ", (char **) args->pdata);
  g_test_message ("surat-cli %s → %d", joined, status);
  surat_test_message_lines ("stdout", out);
  surat_test_message_lines ("stderr", err);

  if (stdout_text != NULL)
    *stdout_text = g_steal_pointer (&out);
  if (stderr_text != NULL)
    *stderr_text = g_steal_pointer (&err);
  return status;
}

/* A resolver that knows no name: "unknown host" without asking any DNS
 * server (tests talk only to loopback). */
typedef GResolver TestNoResolver;
typedef GResolverClass TestNoResolverClass;
static GType test_no_resolver_get_type (void);
G_DEFINE_TYPE (TestNoResolver, test_no_resolver, G_TYPE_RESOLVER)

static void
test_no_resolver_lookup_by_name_async (GResolver                *resolver,
                                       const char               *hostname,
                                       GResolverNameLookupFlags  flags,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  /* The words glibc gives, as GIO's own resolver would pass them on. */
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "Error resolving “%s”: Name or service not known", hostname);
}

static GList *
test_no_resolver_lookup_by_name_finish (GResolver     *resolver,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_no_resolver_class_init (TestNoResolverClass *klass)
{
  klass->lookup_by_name_with_flags_async = test_no_resolver_lookup_by_name_async;
  klass->lookup_by_name_with_flags_finish = test_no_resolver_lookup_by_name_finish;
}

static void
test_no_resolver_init (TestNoResolver *self)
{
}

GResolver *
surat_test_no_resolver_new (void)
{
  return g_object_new (test_no_resolver_get_type (), NULL);
}
