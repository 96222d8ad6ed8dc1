/* surat-test-sandbox.c — a private Dovecot and aiosmtpd with a seeded,
 * lasting mailbox, and the profile that points Surat at them
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-test-sandbox.h"
#include "surat-test-util.h"

/* The file that says a mailbox directory was seeded, and with how many
 * messages: written only once every message is in, so a seeding that was
 * cut short starts over. */
#define SEEDED_FILE "seeded"

struct _SuratTestSandbox {
  SuratTestDovecot *dovecot;
  SuratTestSmtpd   *smtpd;
  char             *maildir;    /* the user's Maildir, where the mail really is */
  char             *sent_dir;   /* the Maildir for every other recipient */
  gboolean          seeded;
  guint             n_seeded;
};

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SURAT_TEST_SANDBOX_ERROR,
                                                SURAT_TEST_SANDBOX_ERROR_SETUP, format, args));
  va_end (args);
  return FALSE;
}

/* A Maildir (RFC-less, but see maildir(5)) owned by @uid:@gid: Dovecot's
 * mail processes read and write it as that user. */
static gboolean
make_maildir (const char  *path,
              uid_t        uid,
              gid_t        gid,
              GError     **error)
{
  static const char * const subdirs[] = { "", "tmp", "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (path, subdirs[i], NULL);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        return fail (error, "Could not create %s: %s", dir, g_strerror (errno));
      if (geteuid () == 0 && chown (dir, uid, gid) != 0)
        return fail (error, "Could not give %s to uid %u: %s", dir, (guint) uid,
                     g_strerror (errno));
    }

  return TRUE;
}

static gboolean
seed (SuratTestSandbox  *self,
      GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) corpus = surat_test_sandbox_corpus (now, error);

  if (corpus == NULL)
    return FALSE;

  for (guint i = 0; i < corpus->len; i++)
    {
      g_autofree char *name = surat_test_dovecot_deliver (self->dovecot, SURAT_TEST_SANDBOX_USER,
                                                          corpus->pdata[i], error);

      if (name == NULL)
        return FALSE;
    }

  self->seeded = TRUE;
  self->n_seeded = corpus->len;
  return TRUE;
}

/* Points Dovecot's Maildir for the sandbox user at @mailbox_dir/Maildir,
 * which outlives the server: its dovecot-uidlist keeps the UIDs (and so
 * the UIDLs) a client has seen. Seeds it the first time. */
static gboolean
use_mailbox_dir (SuratTestSandbox  *self,
                 const char        *mailbox_dir,
                 GError           **error)
{
  g_autofree char *served = surat_test_dovecot_get_maildir (self->dovecot,
                                                            SURAT_TEST_SANDBOX_USER);
  g_autofree char *seeded_path = g_build_filename (mailbox_dir, SEEDED_FILE, NULL);
  g_autofree char *seeded_text = NULL;
  GStatBuf st;

  /* The harness made the user's Maildir owned by the mail uid. */
  if (g_stat (served, &st) != 0)
    return fail (error, "Could not look at %s: %s", served, g_strerror (errno));

  self->maildir = g_build_filename (mailbox_dir, "Maildir", NULL);
  self->sent_dir = g_build_filename (mailbox_dir, "sent", NULL);

  if (g_mkdir_with_parents (mailbox_dir, 0755) != 0)
    return fail (error, "Could not create %s: %s", mailbox_dir, g_strerror (errno));

  if (g_file_get_contents (seeded_path, &seeded_text, NULL, NULL))
    self->n_seeded = (guint) g_ascii_strtoull (seeded_text, NULL, 10);
  else
    surat_test_rm_rf (self->maildir);

  if (!make_maildir (self->maildir, st.st_uid, st.st_gid, error) ||
      !make_maildir (self->sent_dir, getuid (), getgid (), error))
    return FALSE;

  /* rm -rf of the server's directory removes the link, not the mail. */
  surat_test_rm_rf (served);
  if (symlink (self->maildir, served) != 0)
    return fail (error, "Could not link %s to %s: %s", served, self->maildir,
                 g_strerror (errno));

  if (seeded_text == NULL)
    {
      g_autofree char *count = NULL;

      if (!seed (self, error))
        return FALSE;
      count = g_strdup_printf ("%u\n", self->n_seeded);
      if (!g_file_set_contents (seeded_path, count, -1, error))
        return FALSE;
    }

  return TRUE;
}

SuratTestSandbox *
surat_test_sandbox_new (const char  *mailbox_dir,
                        GError     **error)
{
  g_autoptr(SuratTestSandbox) self = g_new0 (SuratTestSandbox, 1);

  self->dovecot = surat_test_dovecot_new (SURAT_TEST_DOVECOT_FLAGS_NONE, error);
  if (self->dovecot == NULL ||
      !surat_test_dovecot_add_user (self->dovecot, SURAT_TEST_SANDBOX_USER,
                                    SURAT_TEST_SANDBOX_PASSWORD, error))
    return NULL;

  if (mailbox_dir != NULL)
    {
      if (!use_mailbox_dir (self, mailbox_dir, error))
        return NULL;
    }
  else
    {
      self->maildir = surat_test_dovecot_get_maildir (self->dovecot, SURAT_TEST_SANDBOX_USER);
      if (!seed (self, error))
        return NULL;
    }

  /* Mail for the sandbox address comes back in through POP3; anything
   * else stays in sent_dir (the server's own Maildir when NULL). */
  self->smtpd = surat_test_smtpd_new (self->sent_dir, 0, SURAT_TEST_SMTPD_FLAGS_NONE, error);
  if (self->smtpd == NULL ||
      !surat_test_smtpd_add_user (self->smtpd, SURAT_TEST_SANDBOX_USER,
                                  SURAT_TEST_SANDBOX_PASSWORD, error) ||
      !surat_test_smtpd_route (self->smtpd, SURAT_TEST_SANDBOX_ADDRESS, self->maildir, error))
    return NULL;
  if (self->sent_dir == NULL)
    self->sent_dir = g_strdup (surat_test_smtpd_get_maildir (self->smtpd));

  return g_steal_pointer (&self);
}

SuratTestSandbox *
surat_test_sandbox_start (const char *mailbox_dir)
{
  g_autoptr(GError) error = NULL;
  SuratTestSandbox *self = surat_test_sandbox_new (mailbox_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

void
surat_test_sandbox_free (SuratTestSandbox *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->smtpd, surat_test_smtpd_free);
  g_clear_pointer (&self->dovecot, surat_test_dovecot_free);
  g_free (self->maildir);
  g_free (self->sent_dir);
  g_free (self);
}

gboolean
surat_test_sandbox_get_seeded (SuratTestSandbox *self)
{
  return self->seeded;
}

guint
surat_test_sandbox_get_n_seeded (SuratTestSandbox *self)
{
  return self->n_seeded;
}

char *
surat_test_sandbox_get_maildir (SuratTestSandbox *self)
{
  return g_strdup (self->maildir);
}

const char *
surat_test_sandbox_get_sent_dir (SuratTestSandbox *self)
{
  return self->sent_dir;
}

SuratTestDovecot *
surat_test_sandbox_get_dovecot (SuratTestSandbox *self)
{
  return self->dovecot;
}

SuratTestSmtpd *
surat_test_sandbox_get_smtpd (SuratTestSandbox *self)
{
  return self->smtpd;
}

static char *
read_text (const char  *path,
           GError     **error)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return text;
}

gboolean
surat_test_sandbox_write_account (SuratTestSandbox  *self,
                                  const char        *config_dir,
                                  GError           **error)
{
  g_autofree char *dir = g_build_filename (config_dir, "surat", NULL);
  g_autofree char *ini_path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *ca_path = g_build_filename (dir, "sandbox-ca.pem", NULL);
  g_autofree char *password_path = g_build_filename (dir, "sandbox-password", NULL);
  g_autofree char *dovecot_ca = NULL;
  g_autofree char *smtpd_ca = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *password_command = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *ini = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  const char *group = "account " SURAT_TEST_SANDBOX_ACCOUNT;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return fail (error, "Could not create %s: %s", dir, g_strerror (errno));

  /* Both servers' certificates are new at every start: the account
   * trusts exactly these two (Dovecot's is self-signed, aiosmtpd's comes
   * from its own CA), and nothing is pinned or made insecure. */
  dovecot_ca = read_text (surat_test_dovecot_get_ca_file (self->dovecot), error);
  if (dovecot_ca == NULL)
    return FALSE;
  smtpd_ca = read_text (surat_test_smtpd_get_ca_file (self->smtpd), error);
  if (smtpd_ca == NULL)
    return FALSE;
  ca = g_strconcat (dovecot_ca, smtpd_ca, NULL);
  if (!g_file_set_contents_full (ca_path, ca, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  /* The password the way a person would keep one for a password-command:
   * in a file only they can read, never in accounts.ini. */
  if (!g_file_set_contents_full (password_path, SURAT_TEST_SANDBOX_PASSWORD "\n", -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  quoted = g_shell_quote (password_path);
  password_command = g_strdup_printf ("cat %s", quoted);

  /* Keep the person's other accounts (if they added any to this profile). */
  if (!g_key_file_load_from_file (keyfile, ini_path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_key_file_remove_group (keyfile, group, NULL);

  g_key_file_set_string (keyfile, group, "display-name", SURAT_TEST_SANDBOX_NAME);
  g_key_file_set_string (keyfile, group, "address", SURAT_TEST_SANDBOX_ADDRESS);
  g_key_file_set_string (keyfile, group, "pop3-host", surat_test_dovecot_get_host (self->dovecot));
  g_key_file_set_string (keyfile, group, "pop3-security", "tls");
  g_key_file_set_uint64 (keyfile, group, "pop3-port",
                         surat_test_dovecot_get_pop3s_port (self->dovecot));
  g_key_file_set_string (keyfile, group, "pop3-user", SURAT_TEST_SANDBOX_USER);
  g_key_file_set_string (keyfile, group, "smtp-host", surat_test_smtpd_get_host (self->smtpd));
  g_key_file_set_string (keyfile, group, "smtp-security", "starttls");
  g_key_file_set_uint64 (keyfile, group, "smtp-port",
                         surat_test_smtpd_get_starttls_port (self->smtpd));
  g_key_file_set_string (keyfile, group, "password-command", password_command);
  g_key_file_set_string (keyfile, group, "ca-file", ca_path);
  /* The mailbox stays on the server, so every new profile finds it full. */
  g_key_file_set_boolean (keyfile, group, "keep-on-server", TRUE);

  ini = g_key_file_to_data (keyfile, NULL, NULL);
  return g_file_set_contents_full (ini_path, ini, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

char **
surat_test_sandbox_environ (const char  *profile_dir,
                            const char  *schema_dir,
                            char       **envp)
{
  static const struct {
    const char *variable;
    const char *subdir;
  } dirs[] = {
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };
  char **env = g_strdupv (envp);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (profile_dir, dirs[i].subdir, NULL);

      g_mkdir_with_parents (path, 0700);
      env = g_environ_setenv (env, dirs[i].variable, path, TRUE);
    }

  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  if (schema_dir != NULL)
    env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);

  return env;
}
