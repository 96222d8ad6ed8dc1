/* surat-test-dovecot.c — a private, real Dovecot 2.3 POP3 server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-test-certs.h"
#include "surat-test-dovecot-private.h"
#include "surat-test-process.h"

/* How long Dovecot may take to listen (it needs 20–40 ms), and to exit
 * after SIGTERM: about 1.1 s, but 6 s when the SIGTERM comes while a
 * process it just started still reads its configuration (in its first
 * ~50 ms, or just after a first connection). Then SIGKILL to all of it ends
 * the wait. Even before a restart that is safe: a dotlock a killed mail
 * process leaves names a dead PID, which Dovecot (lib/file-dotlock.c)
 * checks and removes once the lock is a few seconds old. */
#define START_TIMEOUT_USEC (10 * G_USEC_PER_SEC)
#define STOP_GRACE_USEC    (G_USEC_PER_SEC * 3 / 2)
#define POLL_USEC          (5 * 1000)
#define START_ATTEMPTS     3

G_DEFINE_QUARK (surat-test-dovecot-error-quark, surat_test_dovecot_error)

/* The watchdog: reads "pid N" lines (the master's current PID) and "done"
 * (dismissed) from a socket whose other end only the test process holds.
 * End of input means the test process is gone without stopping the
 * server: stop Dovecot as surat_test_dovecot_free() would (SIGTERM, then
 * SIGKILL to its process group; a zombie nobody reaps still answers
 * kill -0, hence the bounds) and remove the directory. */
static const char watchdog_script[] =
  "dir=$1; pid=\n"
  "while read -r cmd arg; do\n"
  "  case $cmd in\n"
  "    pid) pid=$arg ;;\n"
  "    done) exit 0 ;;\n"
  "  esac\n"
  "done\n"
  "if [ -n \"$pid\" ]; then\n"
  "  kill -TERM \"$pid\" 2>/dev/null\n"
  "  i=0\n"
  "  while [ $i -lt 15 ] && kill -0 \"$pid\" 2>/dev/null; do\n"
  "    sleep 0.1; i=$((i+1))\n"
  "  done\n"
  "  kill -KILL -- \"-$pid\" 2>/dev/null\n"
  "  sleep 0.2\n"
  "fi\n"
  "rm -rf -- \"$dir\"\n";

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
  g_propagate_error (error, g_error_new_valist (SURAT_TEST_DOVECOT_ERROR, code, format, args));
  va_end (args);

  return FALSE;
}

static char *
find_program (const char *name)
{
  static const char * const sbin_dirs[] = { "/usr/sbin", "/usr/local/sbin", "/sbin" };
  char *path = g_find_program_in_path (name);

  /* A non-root user's PATH often lacks the sbin directories. */
  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (sbin_dirs); i++)
    {
      g_autofree char *candidate = g_build_filename (sbin_dirs[i], name, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&candidate);
    }

  return path;
}

static void
watchdog_send (SuratTestDovecot *self,
               const char       *line)
{
  gsize len = strlen (line);

  if (self->watchdog_fd < 0)
    return;

  /* MSG_NOSIGNAL: a watchdog that died must not take the test with it. */
  if (send (self->watchdog_fd, line, len, MSG_NOSIGNAL) != (gssize) len)
    g_warning ("Could not talk to the Dovecot watchdog: %s", g_strerror (errno));
}

static gboolean
start_watchdog (SuratTestDovecot  *self,
                GError           **error)
{
  const char *argv[] = { "/bin/sh", "-c", watchdog_script, "surat-dovecot-watchdog",
                         self->dir, NULL };
  int fds[2];
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP,
                 "socketpair() for the Dovecot watchdog failed: %s", g_strerror (errno));

  ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDOUT_TO_DEV_NULL |
                                         G_SPAWN_STDERR_TO_DEV_NULL,
                                         surat_test_child_setup_new_session, NULL,
                                         fds[1], -1, -1, NULL, NULL, 0,
                                         &self->watchdog_pid, NULL, NULL, NULL, error);
  close (fds[1]);
  if (!ok)
    {
      close (fds[0]);
      return FALSE;
    }

  self->watchdog_fd = fds[0];
  return TRUE;
}

static gboolean
run_sync (const char * const  *argv,
          const char          *what,
          GError             **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, NULL))
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "%s failed:\n%s%s", what, out, err);

  return TRUE;
}

static gboolean
make_certificate (SuratTestDovecot  *self,
                  GError           **error)
{
  /* Our own minimal openssl config, so the system's openssl.cnf does not
   * matter. A proper server certificate (CA:FALSE, serverAuth); being
   * self-signed, it is its own trust anchor in a client's ca-file. */
  static const char req_config[] =
    "[req]\n"
    "distinguished_name = dn\n"
    "x509_extensions = v3\n"
    "prompt = no\n"
    "[dn]\n"
    "CN = localhost\n"
    "O = Surat tests\n"
    "[v3]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature, keyEncipherment\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1, IP:127.0.0.2\n"
    "subjectKeyIdentifier = hash\n";
  g_autofree char *config_path = g_build_filename (self->dir, "openssl-req.cnf", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *argv[] = { self->openssl_path, "req", "-x509", "-config", config_path,
                         "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                         "-nodes", "-sha256", "-days", "30",
                         "-keyout", self->key_path, "-out", self->cert_path, NULL };

  if (!g_file_set_contents (config_path, req_config, -1, error) ||
      !run_sync (argv, "Making the test certificate with openssl", error))
    return FALSE;

  /* Read back by GnuTLS, as a client sees it; fingerprinted as the other
   * harnesses' certificates are. */
  certificate = g_tls_certificate_new_from_file (self->cert_path, &local_error);
  if (certificate == NULL)
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "openssl wrote no usable certificate: %s",
                 local_error->message);

  self->fingerprint = surat_test_cert_fingerprint_of (certificate);
  return TRUE;
}

static gboolean
valid_user_name (const char *user)
{
  if (user == NULL || *user == '\0')
    return FALSE;

  for (const char *p = user; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_", *p) == NULL)
      return FALSE;

  return strcmp (user, ".") != 0 && strcmp (user, "..") != 0;
}

/* The first directory on the way to @path that users other than its owner
 * cannot pass through, or NULL. */
static char *
untraversable_parent (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (strcmp (dir, "/") != 0 && strcmp (dir, ".") != 0)
    {
      char *parent;
      struct stat st;

      if (g_stat (dir, &st) == 0 && !(st.st_mode & S_IXOTH))
        return g_steal_pointer (&dir);

      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }

  return NULL;
}

static gboolean
make_mail_dir (SuratTestDovecot  *self,
               const char        *path,
               GError           **error)
{
  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "Could not create %s: %s",
                 path, g_strerror (errno));

  if (self->as_root && chown (path, self->mail_uid, self->mail_gid) != 0)
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "Could not chown %s: %s",
                 path, g_strerror (errno));

  return TRUE;
}

/* One passwd-file per user (DIR/passwd.d/USER): Dovecot's passwd-file
 * driver looks at a file at most once a second and only notices a change of
 * mtime or size, so a user added to one shared file right after a login
 * could stay unknown for a second. A new user's new file is read at its
 * first login. */
static gboolean
write_passwd_file (SuratTestDovecot  *self,
                   const char        *user,
                   const char        *password,
                   GError           **error)
{
  g_autofree char *path = g_build_filename (self->passwd_dir, user, NULL);
  g_autofree char *line = g_strdup_printf ("%s:{PLAIN}%s\n", user, password);
  struct stat before;
  gboolean existed = g_stat (path, &before) == 0;

  /* Readable by Dovecot's unprivileged auth user; these are test
   * passwords. */
  if (!g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  if (existed)
    {
      struct timespec times[2] = { { 0, UTIME_OMIT }, { before.st_mtime - 1, 0 } };
      gint64 now = g_get_real_time ();

      /* A changed password: give the file an mtime Dovecot has not seen,
       * then let the second in which it may have looked last pass. */
      utimensat (AT_FDCWD, path, times, 0);
      g_usleep (G_USEC_PER_SEC - now % G_USEC_PER_SEC + 10 * 1000);
    }

  return TRUE;
}

static gboolean
write_config (SuratTestDovecot  *self,
              GError           **error)
{
  g_autoptr(GString) c = g_string_new (NULL);

  g_string_append (c, "# Written by Surat's test harness (tests/surat-test-dovecot.c).\n");
  g_string_append_printf (c, "base_dir = %s/run\n", self->dir);
  g_string_append_printf (c, "state_dir = %s/state\n", self->dir);
  g_string_append_printf (c, "log_path = %s\n", self->log_path);
  g_string_append (c, "protocols = pop3\n");
  g_string_append_printf (c, "listen = %s%s\n", self->host, self->ipv6 ? ", ::1" : "");
  g_string_append (c, "ssl = yes\n");
  g_string_append_printf (c, "ssl_cert = <%s\n", self->cert_path);
  g_string_append_printf (c, "ssl_key = <%s\n", self->key_path);
  /* "apop" is what makes Dovecot put a timestamp into the greeting. */
  g_string_append_printf (c, "auth_mechanisms = plain login cram-md5%s\n",
                          (self->flags & SURAT_TEST_DOVECOT_APOP) ? " apop" : "");
  g_string_append (c, "auth_verbose = yes\n");
  g_string_append (c, "mail_location = maildir:~/Maildir\n");

  g_string_append (c, "passdb {\n"
                      "  driver = passwd-file\n");
  g_string_append_printf (c, "  args = scheme=PLAIN username_format=%%u %s/%%u\n",
                          self->passwd_dir);
  g_string_append (c, "}\n"
                      "userdb {\n"
                      "  driver = static\n");
  if (self->as_root)
    g_string_append_printf (c, "  args = uid=%u gid=%u home=%s/home/%%u\n",
                            (guint) self->mail_uid, (guint) self->mail_gid, self->dir);
  else
    g_string_append_printf (c, "  args = home=%s/home/%%u\n", self->dir);
  g_string_append (c, "}\n");

  /* A failed login answers in about 0.5 s (Dovecot's failure timer) every
   * time, instead of 2 s growing to 15 s: no auth_failure_delay, and no
   * per-address penalty from anvil (Dovecot drops it when it cannot reach
   * this listener). Otherwise tests of wrong passwords take seconds each. */
  g_string_append (c, "auth_failure_delay = 0\n"
                      "service anvil {\n"
                      "  unix_listener anvil-auth-penalty {\n"
                      "    mode = 0\n"
                      "  }\n");
  if (!self->as_root)
    g_string_append (c, "  chroot =\n");
  g_string_append (c, "}\n");

  if (!self->as_root)
    {
      struct passwd *pw = getpwuid (getuid ());
      struct group *gr = getgrgid (getgid ());

      if (pw == NULL || gr == NULL)
        return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP,
                     "Dovecot needs a user and group name for uid %u/gid %u",
                     (guint) getuid (), (guint) getgid ());

      /* Without root Dovecot cannot switch users or chroot: run every
       * process as ourselves. */
      g_string_append_printf (c, "default_internal_user = %s\n", pw->pw_name);
      g_string_append_printf (c, "default_internal_group = %s\n", gr->gr_name);
      g_string_append_printf (c, "default_login_user = %s\n", pw->pw_name);
    }

  /* Blocks must span lines: Dovecot rejects "inet_listener x { port = 1 }". */
  g_string_append (c, "service pop3-login {\n");
  if (!self->as_root)
    g_string_append (c, "  chroot =\n");
  g_string_append_printf (c, "  inet_listener pop3 {\n"
                             "    port = %u\n"
                             "  }\n"
                             "  inet_listener pop3s {\n"
                             "    port = %u\n"
                             "    ssl = yes\n"
                             "  }\n"
                             "}\n",
                          self->pop3_port, self->pop3s_port);

  return g_file_set_contents (self->conf_path, c->str, c->len, error);
}

static char *
describe_logs (SuratTestDovecot *self)
{
  g_autofree char *log = surat_test_tail_of_file (self->log_path, 20);
  g_autofree char *err = surat_test_tail_of_file (self->stderr_path, 20);

  return g_strdup_printf ("--- %s (last lines) ---\n%s--- Dovecot's stderr ---\n%s",
                          self->log_path, log, err);
}

static gboolean
all_ports_listening (SuratTestDovecot *self)
{
  return _surat_test_dovecot_listening (self->host, self->pop3_port) &&
         _surat_test_dovecot_listening (self->host, self->pop3s_port) &&
         (!self->ipv6 || (_surat_test_dovecot_listening ("::1", self->pop3_port) &&
                          _surat_test_dovecot_listening ("::1", self->pop3s_port)));
}

static void
stop_master (SuratTestDovecot *self)
{
  if (self->pid == 0)
    return;

  kill (self->pid, SIGTERM);
  surat_test_reap_or_kill (&self->pid, STOP_GRACE_USEC);
}

typedef enum {
  LAUNCH_OK,
  LAUNCH_PORT_TAKEN,
  LAUNCH_FAILED,
} LaunchResult;

static LaunchResult
launch (SuratTestDovecot  *self,
        GError           **error)
{
  const char *argv[] = { self->dovecot_path, "-F", "-c", self->conf_path, NULL };
  g_autofree char *pid_line = NULL;
  g_autofree char *logs = NULL;
  gint64 deadline;
  int stderr_fd;
  int status;
  gboolean ok;

  /* Fresh for each launch: it tells why this one failed. (The log goes on
   * across restarts.) */
  stderr_fd = open (self->stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (stderr_fd < 0)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "Could not create %s: %s",
            self->stderr_path, g_strerror (errno));
      return LAUNCH_FAILED;
    }

  ok = g_spawn_async_with_pipes_and_fds (self->dir, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDIN_FROM_DEV_NULL |
                                         G_SPAWN_STDOUT_TO_DEV_NULL,
                                         surat_test_child_setup_new_session, NULL,
                                         -1, -1, stderr_fd, NULL, NULL, 0,
                                         &self->pid, NULL, NULL, NULL, error);
  close (stderr_fd);
  if (!ok)
    return LAUNCH_FAILED;

  pid_line = g_strdup_printf ("pid %d\n", self->pid);
  watchdog_send (self, pid_line);

  deadline = g_get_monotonic_time () + START_TIMEOUT_USEC;
  while (!all_ports_listening (self))
    {
      if (waitpid (self->pid, &status, WNOHANG) == self->pid)
        {
          g_autofree char *err = NULL;

          self->pid = 0;
          logs = describe_logs (self);
          fail (error, SURAT_TEST_DOVECOT_ERROR_START,
                "Dovecot (%s) exited at start-up (status %d).\n%s",
                self->dovecot_path, status, logs);
          /* Someone took a port between pick_ports() and Dovecot's bind:
           * "listen(127.0.0.1, 41110) failed: Address already in use". */
          g_file_get_contents (self->stderr_path, &err, NULL, NULL);
          return err != NULL && strstr (err, "Address already in use") != NULL
                 ? LAUNCH_PORT_TAKEN : LAUNCH_FAILED;
        }

      if (g_get_monotonic_time () > deadline)
        {
          stop_master (self);
          logs = describe_logs (self);
          fail (error, SURAT_TEST_DOVECOT_ERROR_START,
                "Dovecot did not accept connections on %s ports %u and %u within 10 s.\n%s",
                self->host, self->pop3_port, self->pop3s_port, logs);
          return LAUNCH_FAILED;
        }

      g_usleep (POLL_USEC);
    }

  return LAUNCH_OK;
}

SuratTestDovecot *
surat_test_dovecot_new (SuratTestDovecotFlags   flags,
                        GError                **error)
{
  g_autoptr(SuratTestDovecot) self = g_new0 (SuratTestDovecot, 1);
  g_autofree char *home = NULL;
  const char *override;
  LaunchResult result = LAUNCH_FAILED;

  self->flags = flags;
  self->watchdog_fd = -1;
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->host = (flags & SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT) ? "127.0.0.2" : "127.0.0.1";
  self->ipv6 = !(flags & SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT);

  override = g_getenv ("SURAT_TEST_DOVECOT");
  if (override != NULL)
    self->dovecot_path = g_file_test (override, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (override)
                                                                            : NULL;
  else
    self->dovecot_path = find_program ("dovecot");
  if (self->dovecot_path == NULL)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED,
            "Dovecot is not installed (no executable %s): the real-server tests need the "
            "Debian packages dovecot-core and dovecot-pop3d (tools/install-deps)",
            override != NULL ? override : "`dovecot` in PATH or /usr/sbin");
      return NULL;
    }
  if (!g_file_test ("/usr/lib/dovecot/pop3", G_FILE_TEST_IS_EXECUTABLE) &&
      !g_file_test ("/usr/libexec/dovecot/pop3", G_FILE_TEST_IS_EXECUTABLE))
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED,
            "Dovecot's POP3 server is not installed (no /usr/lib/dovecot/pop3): the real-server "
            "tests need the Debian package dovecot-pop3d (tools/install-deps)");
      return NULL;
    }
  self->openssl_path = find_program ("openssl");
  if (self->openssl_path == NULL)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED,
            "The openssl command is not installed: the Dovecot tests need it to make a "
            "certificate (Debian package openssl)");
      return NULL;
    }

  self->as_root = geteuid () == 0;
  if (self->as_root)
    {
      struct passwd *pw = getpwnam ("nobody");
      struct group *gr = getgrnam ("nogroup");

      if (pw == NULL)
        {
          fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP,
                "Running as root, Dovecot's mail processes need the user nobody, "
                "which does not exist");
          return NULL;
        }
      self->mail_uid = pw->pw_uid;
      self->mail_gid = gr != NULL ? gr->gr_gid : pw->pw_gid;
    }
  else
    {
      self->mail_uid = getuid ();
      self->mail_gid = getgid ();
    }

  self->dir = g_dir_make_tmp ("surat-dovecot-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  /* Dovecot's unprivileged processes must reach their files in here. */
  if (self->as_root && g_chmod (self->dir, 0711) != 0)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "Could not chmod %s: %s",
            self->dir, g_strerror (errno));
      return NULL;
    }
  if (self->as_root)
    {
      g_autofree char *closed = untraversable_parent (self->dir);

      if (closed != NULL)
        {
          fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP,
                "Dovecot's mail processes (user nobody) cannot reach %s through %s: "
                "set TMPDIR to a directory like /tmp", self->dir, closed);
          return NULL;
        }
    }
  /* Dovecot's config file syntax has no quoting we could rely on in paths. */
  if (strpbrk (self->dir, " \t\"'#<{}\\") != NULL)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP,
            "The temporary directory %s has characters Dovecot's config cannot take; "
            "set TMPDIR to a plain path", self->dir);
      return NULL;
    }

  if (!start_watchdog (self, error))
    return NULL;

  self->conf_path = g_build_filename (self->dir, "dovecot.conf", NULL);
  self->log_path = g_build_filename (self->dir, "dovecot.log", NULL);
  self->stderr_path = g_build_filename (self->dir, "stderr.log", NULL);
  self->passwd_dir = g_build_filename (self->dir, "passwd.d", NULL);
  self->cert_path = g_build_filename (self->dir, "cert.pem", NULL);
  self->key_path = g_build_filename (self->dir, "key.pem", NULL);
  home = g_build_filename (self->dir, "home", NULL);

  if (!make_certificate (self, error))
    return NULL;

  if (g_mkdir (home, self->as_root ? 0711 : 0700) != 0 ||
      g_mkdir (self->passwd_dir, self->as_root ? 0711 : 0700) != 0)
    {
      fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "Could not create directories in %s: %s",
            self->dir, g_strerror (errno));
      return NULL;
    }

  if (!surat_test_dovecot_add_user (self, SURAT_TEST_DOVECOT_USER,
                                    SURAT_TEST_DOVECOT_PASSWORD, error))
    return NULL;

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_clear_error (error);
      if (!_surat_test_dovecot_pick_ports (self->host, &self->ipv6, &self->pop3_port,
                                           &self->pop3s_port, error) ||
          !write_config (self, error))
        return NULL;

      result = launch (self, error);
      if (result != LAUNCH_PORT_TAKEN)
        break;
    }

  if (result != LAUNCH_OK)
    return NULL;

  return g_steal_pointer (&self);
}

SuratTestDovecot *
surat_test_dovecot_start (SuratTestDovecotFlags flags)
{
  g_autoptr(GError) error = NULL;
  SuratTestDovecot *self = surat_test_dovecot_new (flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

void
surat_test_dovecot_free (SuratTestDovecot *self)
{
  if (self == NULL)
    return;

  stop_master (self);

  if (self->watchdog_fd >= 0)
    {
      int status;

      watchdog_send (self, "done\n");
      close (self->watchdog_fd);
      self->watchdog_fd = -1;
      waitpid (self->watchdog_pid, &status, 0);
    }

  if (self->dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", "--", self->dir, NULL };
      g_autoptr(GError) error = NULL;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                         G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, &error))
        g_warning ("Could not remove %s: %s", self->dir, error->message);
    }

  g_clear_pointer (&self->passwords, g_hash_table_unref);
  g_free (self->dovecot_path);
  g_free (self->openssl_path);
  g_free (self->dir);
  g_free (self->conf_path);
  g_free (self->log_path);
  g_free (self->stderr_path);
  g_free (self->passwd_dir);
  g_free (self->cert_path);
  g_free (self->key_path);
  g_free (self->fingerprint);
  g_free (self);
}

gboolean
surat_test_dovecot_restart (SuratTestDovecot  *self,
                            GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  stop_master (self);
  return launch (self, error) == LAUNCH_OK;
}

const char *
surat_test_dovecot_get_host (SuratTestDovecot *self)
{
  return self->host;
}

guint16
surat_test_dovecot_get_pop3_port (SuratTestDovecot *self)
{
  return self->pop3_port;
}

guint16
surat_test_dovecot_get_pop3s_port (SuratTestDovecot *self)
{
  return self->pop3s_port;
}

const char *
surat_test_dovecot_get_ca_file (SuratTestDovecot *self)
{
  return self->cert_path;
}

const char *
surat_test_dovecot_get_fingerprint (SuratTestDovecot *self)
{
  return self->fingerprint;
}

const char *
surat_test_dovecot_get_dir (SuratTestDovecot *self)
{
  return self->dir;
}

const char *
surat_test_dovecot_get_log_path (SuratTestDovecot *self)
{
  return self->log_path;
}

char *
surat_test_dovecot_get_log_tail (SuratTestDovecot *self,
                                 guint             n_lines)
{
  return surat_test_tail_of_file (self->log_path, n_lines);
}

GPid
surat_test_dovecot_get_pid (SuratTestDovecot *self)
{
  return self->pid;
}

gboolean
surat_test_dovecot_add_user (SuratTestDovecot  *self,
                             const char        *user,
                             const char        *password,
                             GError           **error)
{
  g_autofree char *home = NULL;
  g_autofree char *maildir = NULL;
  static const char * const subdirs[] = { "tmp", "new", "cur" };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (password != NULL && strpbrk (password, ":\n") == NULL, FALSE);

  if (!valid_user_name (user))
    return fail (error, SURAT_TEST_DOVECOT_ERROR_SETUP, "“%s” is not a usable user name", user);

  if (!write_passwd_file (self, user, password, error))
    return FALSE;
  g_hash_table_insert (self->passwords, g_strdup (user), g_strdup (password));

  home = g_build_filename (self->dir, "home", user, NULL);
  maildir = g_build_filename (home, "Maildir", NULL);
  if (!make_mail_dir (self, home, error) || !make_mail_dir (self, maildir, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (maildir, subdirs[i], NULL);

      if (!make_mail_dir (self, path, error))
        return FALSE;
    }

  return TRUE;
}

char *
surat_test_dovecot_get_maildir (SuratTestDovecot *self,
                                const char       *user)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (valid_user_name (user), NULL);

  return g_build_filename (self->dir, "home", user, "Maildir", NULL);
}

