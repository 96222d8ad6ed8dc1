/* surat-test-smtpd.c — a private, real SMTP submission server (aiosmtpd)
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "surat-test-certs.h"
#include "surat-test-process.h"
#include "surat-test-smtpd.h"
#include "surat-test-util.h"

#define DEFAULT_PYTHON   "/usr/bin/python3"
#define SCRIPT           "surat-test-smtpd.py"
/* aiosmtpd starts in 0.1–0.3 s; a loaded CI machine may take longer. */
#define START_TIMEOUT_MS (10 * 1000)
#define STOP_GRACE_USEC  (5 * G_USEC_PER_SEC)
/* The script's exit status when aiosmtpd cannot be imported. */
#define EXIT_NOT_INSTALLED 3

G_DEFINE_QUARK (surat-test-smtpd-error-quark, surat_test_smtpd_error)

struct _SuratTestSmtpd
{
  SuratTestSmtpdFlags  flags;
  gsize                data_size_limit;

  char                *python;
  char                *script;

  char                *dir;
  char                *config_path;
  char                *users_path;
  char                *routes_path;
  char                *envelopes_path;
  char                *log_path;
  char                *maildir;

  SuratTestCa         *ca;
  SuratTestCert       *cert;

  GHashTable          *users;     /* user → password */
  GHashTable          *routes;    /* address → Maildir, or NULL: refused */

  guint16              starttls_port;
  guint16              tls_port;
  GPid                 pid;
  int                  control_fd;  /* the server's stdin; closing it stops it */
};

static gboolean
fail (GError    **error,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SURAT_TEST_SMTPD_ERROR, code, format, args));
  va_end (args);

  return FALSE;
}

void
surat_test_smtpd_envelope_free (SuratTestSmtpdEnvelope *envelope)
{
  if (envelope == NULL)
    return;

  g_free (envelope->listener);
  g_free (envelope->auth_user);
  g_free (envelope->mail_from);
  g_strfreev (envelope->mail_options);
  g_strfreev (envelope->rcpt_tos);
  g_strfreev (envelope->rcpt_options);
  g_free (envelope->body);
  g_free (envelope->data_sha256);
  g_strfreev (envelope->delivered);
  g_free (envelope);
}

/* The script: beside the tests' sources. G_TEST_SRCDIR is tests/ for the
 * test programs; benchmarks and others fall back to where we were built
 * from. */
static char *
find_script (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  char *path;

  if (srcdir != NULL)
    {
      path = g_build_filename (srcdir, "smtpd", SCRIPT, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }

  path = g_build_filename (SURAT_TESTS_SRCDIR, "smtpd", SCRIPT, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free (path);

  return NULL;
}

static gboolean
write_json (const char  *path,
            JsonNode    *root,
            GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  /* Renamed into place: the server never reads half a file. */
  return g_file_set_contents_full (path, text, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_table (const char  *path,
             GHashTable  *table,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return write_json (path, root, error);
}

static gboolean
write_config (SuratTestSmtpd  *self,
              GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dir");
  json_builder_add_string_value (builder, self->dir);
  json_builder_set_member_name (builder, "users");
  json_builder_add_string_value (builder, self->users_path);
  json_builder_set_member_name (builder, "routes");
  json_builder_add_string_value (builder, self->routes_path);
  json_builder_set_member_name (builder, "envelopes");
  json_builder_add_string_value (builder, self->envelopes_path);
  json_builder_set_member_name (builder, "maildir");
  json_builder_add_string_value (builder, self->maildir);
  json_builder_set_member_name (builder, "cert_chain");
  json_builder_add_string_value (builder, surat_test_cert_get_chain_file (self->cert));
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, surat_test_cert_get_key_file (self->cert));
  json_builder_set_member_name (builder, "data_size_limit");
  json_builder_add_int_value (builder, self->data_size_limit);
  json_builder_set_member_name (builder, "smtputf8");
  json_builder_add_boolean_value (builder, !(self->flags & SURAT_TEST_SMTPD_NO_SMTPUTF8));
  /* aiosmtpd's auth_exclude_mechanism: what AUTH must not offer. */
  json_builder_set_member_name (builder, "auth_exclude");
  json_builder_begin_array (builder);
  if (self->flags & (SURAT_TEST_SMTPD_ONLY_PLAIN | SURAT_TEST_SMTPD_ONLY_LOGIN))
    json_builder_add_string_value (builder, "CRAM-MD5");
  if (self->flags & SURAT_TEST_SMTPD_ONLY_PLAIN)
    json_builder_add_string_value (builder, "LOGIN");
  if (self->flags & SURAT_TEST_SMTPD_ONLY_LOGIN)
    json_builder_add_string_value (builder, "PLAIN");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return write_json (self->config_path, root, error);
}

static gboolean
make_maildir (const char  *path,
              GError     **error)
{
  static const char * const subdirs[] = { "", "tmp", "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (path, subdirs[i], NULL);

      if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
        return fail (error, SURAT_TEST_SMTPD_ERROR_SETUP, "Could not create %s: %s", dir,
                     g_strerror (errno));
    }

  return TRUE;
}

static void
stop_server (SuratTestSmtpd *self)
{
  if (self->control_fd >= 0)
    {
      close (self->control_fd);
      self->control_fd = -1;
    }

  surat_test_reap_or_kill (&self->pid, STOP_GRACE_USEC);
}

/* Reads the server's one line on stdout: its ports, once both listen. */
static char *
read_ready_line (int         fd,
                 gboolean   *timed_out)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

  *timed_out = FALSE;
  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char buf[256];
      gssize n;
      int ready;

      if (left <= 0)
        {
          *timed_out = TRUE;
          return NULL;
        }
      ready = poll (&pfd, 1, left);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        continue;

      n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return NULL;
      g_string_append_len (line, buf, n);
      if (memchr (buf, '\n', n) != NULL)
        return g_strdup (line->str);
    }
}

static gboolean
launch (SuratTestSmtpd  *self,
        GError         **error)
{
  const char *argv[] = { self->python, self->script, self->config_path, NULL };
  g_autofree char *line = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ports;
  int stdin_pipe[2];
  int stdout_pipe[2];
  int log_fd;
  gboolean timed_out;
  gboolean ok;
  int status;

  log_fd = g_open (self->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0)
    return fail (error, SURAT_TEST_SMTPD_ERROR_SETUP, "Could not create %s: %s",
                 self->log_path, g_strerror (errno));
  /* Close-on-exec both: our ends must reach no other child, or the
   * server would not see the end of its stdin when we go. */
  if (!g_unix_open_pipe (stdin_pipe, FD_CLOEXEC, error))
    {
      close (log_fd);
      return FALSE;
    }
  if (!g_unix_open_pipe (stdout_pipe, FD_CLOEXEC, error))
    {
      close (log_fd);
      close (stdin_pipe[0]);
      close (stdin_pipe[1]);
      return FALSE;
    }

  ok = g_spawn_async_with_pipes_and_fds (self->dir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                         surat_test_child_setup_new_session, NULL,
                                         stdin_pipe[0], stdout_pipe[1], log_fd, NULL, NULL, 0,
                                         &self->pid, NULL, NULL, NULL, error);
  close (stdin_pipe[0]);
  close (stdout_pipe[1]);
  close (log_fd);
  if (!ok)
    {
      close (stdin_pipe[1]);
      close (stdout_pipe[0]);
      return FALSE;
    }
  self->control_fd = stdin_pipe[1];

  line = read_ready_line (stdout_pipe[0], &timed_out);
  close (stdout_pipe[0]);

  if (line == NULL)
    {
      status = timed_out ? -1 : surat_test_wait_exit (&self->pid, STOP_GRACE_USEC);
      stop_server (self);
      log = surat_test_tail_of_file (self->log_path, 20);
      if (status != -1 && WIFEXITED (status) && WEXITSTATUS (status) == EXIT_NOT_INSTALLED)
        return fail (error, SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED,
                     "aiosmtpd is not installed for %s: the SMTP tests need the Debian package "
                     "python3-aiosmtpd (tools/install-deps).\n%s", self->python, log);
      if (timed_out)
        return fail (error, SURAT_TEST_SMTPD_ERROR_START,
                     "The test SMTP server did not listen within %d s.\n--- %s ---\n%s",
                     START_TIMEOUT_MS / 1000, self->log_path, log);
      return fail (error, SURAT_TEST_SMTPD_ERROR_START,
                   "The test SMTP server (%s %s) exited at start-up (status %d).\n--- %s ---\n%s",
                   self->python, self->script, status, self->log_path, log);
    }

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      stop_server (self);
      return fail (error, SURAT_TEST_SMTPD_ERROR_START,
                   "The test SMTP server said “%s” instead of its ports", g_strchomp (line));
    }
  ports = json_node_get_object (json_parser_get_root (parser));
  self->starttls_port = json_object_get_int_member_with_default (ports, "starttls_port", 0);
  self->tls_port = json_object_get_int_member_with_default (ports, "tls_port", 0);
  if (self->starttls_port == 0 || self->tls_port == 0)
    {
      stop_server (self);
      return fail (error, SURAT_TEST_SMTPD_ERROR_START,
                   "The test SMTP server said “%s” instead of its ports", g_strchomp (line));
    }

  return TRUE;
}

static gboolean
find_python (SuratTestSmtpd  *self,
             GError         **error)
{
  const char *override = g_getenv ("SURAT_TEST_PYTHON");

  /* Not the python3 in PATH: it may be a pyenv build that cannot see
   * Debian's packages (TESTING.md). */
  self->python = g_strdup (override != NULL ? override : DEFAULT_PYTHON);
  if (!g_file_test (self->python, G_FILE_TEST_IS_EXECUTABLE))
    return fail (error, SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED,
                 "%s is not installed: the SMTP tests run aiosmtpd with it (Debian packages "
                 "python3 and python3-aiosmtpd, tools/install-deps)", self->python);

  self->script = find_script ();
  if (self->script == NULL)
    return fail (error, SURAT_TEST_SMTPD_ERROR_SETUP,
                 "Cannot find smtpd/" SCRIPT " under $G_TEST_SRCDIR or %s", SURAT_TESTS_SRCDIR);

  return TRUE;
}

SuratTestSmtpd *
surat_test_smtpd_new (const char           *maildir,
                      gsize                 data_size_limit,
                      SuratTestSmtpdFlags   flags,
                      GError              **error)
{
  g_autoptr(SuratTestSmtpd) self = g_new0 (SuratTestSmtpd, 1);

  self->flags = flags;
  self->data_size_limit = data_size_limit != 0 ? data_size_limit
                                               : SURAT_TEST_SMTPD_DEFAULT_SIZE_LIMIT;
  self->control_fd = -1;
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!find_python (self, error))
    return NULL;

  self->dir = g_dir_make_tmp ("surat-smtpd-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->config_path = g_build_filename (self->dir, "config.json", NULL);
  self->users_path = g_build_filename (self->dir, "users.json", NULL);
  self->routes_path = g_build_filename (self->dir, "routes.json", NULL);
  self->envelopes_path = g_build_filename (self->dir, "envelopes.jsonl", NULL);
  self->log_path = g_build_filename (self->dir, "server.log", NULL);

  if (maildir != NULL)
    {
      if (!g_file_test (maildir, G_FILE_TEST_IS_DIR))
        {
          fail (error, SURAT_TEST_SMTPD_ERROR_SETUP, "%s is not a Maildir", maildir);
          return NULL;
        }
      self->maildir = g_strdup (maildir);
    }
  else
    {
      self->maildir = g_build_filename (self->dir, "Maildir", NULL);
      if (!make_maildir (self->maildir, error))
        return NULL;
    }

  /* The same certificate code as the TLS tests: a CA of our own and a
   * localhost certificate it signed. */
  self->ca = surat_test_ca_new (self->dir, "ca", NULL);
  self->cert = surat_test_cert_new_localhost (self->dir, self->ca);

  if (!surat_test_smtpd_add_user (self, SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD, error) ||
      !write_table (self->routes_path, self->routes, error) ||
      !write_config (self, error) ||
      !launch (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SuratTestSmtpd *
surat_test_smtpd_start (const char          *maildir,
                        gsize                data_size_limit,
                        SuratTestSmtpdFlags  flags)
{
  g_autoptr(GError) error = NULL;
  SuratTestSmtpd *self = surat_test_smtpd_new (maildir, data_size_limit, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

void
surat_test_smtpd_free (SuratTestSmtpd *self)
{
  if (self == NULL)
    return;

  stop_server (self);
  /* The server removes its directory as it stops; not when it crashed or
   * never started. */
  if (self->dir != NULL)
    surat_test_rm_rf (self->dir);

  g_clear_pointer (&self->cert, surat_test_cert_free);
  g_clear_pointer (&self->ca, surat_test_ca_free);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->routes, g_hash_table_unref);
  g_free (self->python);
  g_free (self->script);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->users_path);
  g_free (self->routes_path);
  g_free (self->envelopes_path);
  g_free (self->log_path);
  g_free (self->maildir);
  g_free (self);
}

const char *
surat_test_smtpd_get_host (SuratTestSmtpd *self)
{
  return "127.0.0.1";
}

guint16
surat_test_smtpd_get_starttls_port (SuratTestSmtpd *self)
{
  return self->starttls_port;
}

guint16
surat_test_smtpd_get_tls_port (SuratTestSmtpd *self)
{
  return self->tls_port;
}

const char *
surat_test_smtpd_get_ca_file (SuratTestSmtpd *self)
{
  return surat_test_ca_get_cert_file (self->ca);
}

const char *
surat_test_smtpd_get_fingerprint (SuratTestSmtpd *self)
{
  return surat_test_cert_get_fingerprint (self->cert);
}

const char *
surat_test_smtpd_get_dir (SuratTestSmtpd *self)
{
  return self->dir;
}

const char *
surat_test_smtpd_get_maildir (SuratTestSmtpd *self)
{
  return self->maildir;
}

const char *
surat_test_smtpd_get_log_path (SuratTestSmtpd *self)
{
  return self->log_path;
}

char *
surat_test_smtpd_get_log_tail (SuratTestSmtpd *self,
                               guint           n_lines)
{
  return surat_test_tail_of_file (self->log_path, n_lines);
}

GPid
surat_test_smtpd_get_pid (SuratTestSmtpd *self)
{
  return self->pid;
}

gboolean
surat_test_smtpd_add_user (SuratTestSmtpd  *self,
                           const char      *user,
                           const char      *password,
                           GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (user != NULL && *user != '\0', FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  g_hash_table_insert (self->users, g_strdup (user), g_strdup (password));
  return write_table (self->users_path, self->users, error);
}

gboolean
surat_test_smtpd_route (SuratTestSmtpd  *self,
                        const char      *address,
                        const char      *maildir,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (maildir != NULL && !g_file_test (maildir, G_FILE_TEST_IS_DIR))
    return fail (error, SURAT_TEST_SMTPD_ERROR_SETUP, "%s is not a Maildir", maildir);

  g_hash_table_insert (self->routes, g_strdup (address), g_strdup (maildir));
  return write_table (self->routes_path, self->routes, error);
}

static GStrv
strv_member (JsonObject *object,
             const char *name)
{
  JsonArray *array = json_object_has_member (object, name)
                     ? json_object_get_array_member (object, name) : NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv strv;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));

  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? g_strdup (json_node_get_string (node))
                                                        : NULL;
}

GPtrArray *
surat_test_smtpd_get_envelopes (SuratTestSmtpd  *self,
                                GError         **error)
{
  g_autoptr(GPtrArray) envelopes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) surat_test_smtpd_envelope_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!g_file_get_contents (self->envelopes_path, &text, NULL, &local_error))
    {
      /* Nothing accepted yet. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&envelopes);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      SuratTestSmtpdEnvelope *envelope;
      JsonObject *object;
      JsonNode *size;

      if (*lines[i] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, error))
        return NULL;
      object = json_node_get_object (json_parser_get_root (parser));

      envelope = g_new0 (SuratTestSmtpdEnvelope, 1);
      envelope->listener = string_member (object, "listener");
      envelope->auth_user = string_member (object, "auth_user");
      envelope->mail_from = string_member (object, "mail_from");
      envelope->mail_options = strv_member (object, "mail_options");
      envelope->rcpt_tos = strv_member (object, "rcpt_tos");
      envelope->rcpt_options = strv_member (object, "rcpt_options");
      envelope->smtputf8 = json_object_get_boolean_member (object, "smtputf8");
      envelope->body = string_member (object, "body");
      size = json_object_get_member (object, "size");
      envelope->size = size != NULL && !JSON_NODE_HOLDS_NULL (size) ? json_node_get_int (size) : -1;
      envelope->data_size = json_object_get_int_member (object, "data_size");
      envelope->data_sha256 = string_member (object, "data_sha256");
      envelope->delivered = strv_member (object, "delivered");
      g_ptr_array_add (envelopes, envelope);
    }

  return g_steal_pointer (&envelopes);
}
