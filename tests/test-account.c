/* test-account.c — accounts.ini and passwords
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "surat-core.h"
#include "surat-test-util.h"

static char *
write_ini (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_config_dir (), "surat", "accounts.ini", NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_account_load_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_ini ("# my accounts\n"
                                     "[account ana]\n"
                                     "display-name=Ana Lima\n"
                                     "address=ana@example.org\n"
                                     "pop3-host=pop.example.org\n"
                                     "smtp-host=smtp.example.org\n"
                                     "smtp-security=starttls\n"
                                     "\n"
                                     "[account work]\n"
                                     "address=ana@work.example\n"
                                     "pop3-host=mail.work.example\n"
                                     "pop3-security=starttls\n"
                                     "pop3-port=1110\n"
                                     "pop3-user=ana.lima\n"
                                     "keep-on-server=false\n"
                                     "delete-after-days=14\n"
                                     "password-command=pass show work\n");
  g_autoptr(GPtrArray) accounts = surat_account_load_all (NULL, &error);
  SuratAccount *ana, *work;

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);

  ana = surat_account_find (accounts, "ana", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_account_get_display_name (ana), ==, "Ana Lima");
  /* TLS by default, on its standard port (RFC 8314). */
  g_assert_cmpint (surat_account_get_pop3_security (ana), ==, SURAT_SECURITY_TLS);
  g_assert_cmpuint (surat_account_get_pop3_port (ana), ==, 995);
  g_assert_cmpint (surat_account_get_smtp_security (ana), ==, SURAT_SECURITY_STARTTLS);
  g_assert_cmpuint (surat_account_get_smtp_port (ana), ==, 587);
  /* The user name falls back to the address, SMTP's to POP3's. */
  g_assert_cmpstr (surat_account_get_pop3_user (ana), ==, "ana@example.org");
  g_assert_cmpstr (surat_account_get_smtp_user (ana), ==, "ana@example.org");
  g_assert_true (surat_account_get_keep_on_server (ana));
  g_assert_cmpuint (surat_account_get_delete_after_days (ana), ==, 0);
  g_assert_false (surat_account_get_pop3_apop (ana));
  g_assert_true (surat_account_validate (ana, &error));
  g_assert_no_error (error);

  work = surat_account_find (accounts, "work", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_account_get_pop3_port (work), ==, 1110);
  g_assert_cmpstr (surat_account_get_pop3_user (work), ==, "ana.lima");
  g_assert_false (surat_account_get_keep_on_server (work));
  g_assert_cmpuint (surat_account_get_delete_after_days (work), ==, 14);
  g_assert_cmpstr (surat_account_get_password_command (work), ==, "pass show work");

  g_assert_null (surat_account_find (accounts, "nobody", &error));
  g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody"));
}

static void
test_account_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = surat_account_load_all ("/nonexistent/accounts.ini", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
}

typedef struct {
  const char *ini;
  const char *expected[3];   /* words the error must contain */
} BadCase;

static void
test_account_bad_values (void)
{
  static const BadCase cases[] = {
    { "[account a]\npop3-security=ssl\n", { "pop3-security", "ssl", "starttls" } },
    { "[account a]\npop3-port=99999\n", { "pop3-port", "65535", NULL } },
    { "[account a]\npop3-port=abc\n", { "pop3-port", NULL, NULL } },
    { "[account a]\nkeep-on-server=maybe\n", { "keep-on-server", NULL, NULL } },
    { "[account ../etc]\naddress=x@y\n", { "../etc", NULL, NULL } },
    { "[account a]\nno equals sign here\n", { "accounts.ini", NULL, NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_ini (cases[i].ini);
      g_autoptr(GPtrArray) accounts = surat_account_load_all (path, &error);

      g_test_message ("case %u: %s", i, cases[i].ini);
      g_assert_null (accounts);
      g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID);
      /* Every message names the file, so a person knows where to look. */
      g_assert_nonnull (strstr (error->message, path));
      for (guint w = 0; w < G_N_ELEMENTS (cases[i].expected) && cases[i].expected[w]; w++)
        g_assert_nonnull (strstr (error->message, cases[i].expected[w]));
    }
}

static void
test_account_validate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratAccount) account = surat_account_new ("a");

  g_assert_false (surat_account_validate (account, &error));
  g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "address"));
  g_clear_error (&error);

  g_object_set (account, "address", "a@example.org", NULL);
  g_assert_false (surat_account_validate (account, &error));
  g_assert_nonnull (strstr (error->message, "pop3-host"));
  g_clear_error (&error);

  g_object_set (account, "pop3-host", "pop.example.org", NULL);
  g_assert_true (surat_account_validate (account, &error));
  g_assert_no_error (error);
}

static void
test_account_save_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_ini ("# keep this comment\n"
                                     "[general]\nsomething=kept\n"
                                     "[account old]\naddress=old@example.org\npop3-host=x\n"
                                     "[account a]\naddress=a@example.org\npop3-host=p\n"
                                     "future-key=kept too\n");
  g_autoptr(GPtrArray) accounts = surat_account_load_all (path, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *text = NULL;
  SuratAccount *a;
  struct stat st;

  g_assert_no_error (error);
  g_ptr_array_remove_index (accounts, 0); /* "old" goes */
  a = g_ptr_array_index (accounts, 0);
  g_object_set (a, "pop3-security", "starttls", "pop3-port", 1110, "keep-on-server", FALSE,
                "pop3-user", "", NULL);

  g_assert_true (surat_account_save_all (accounts, path, &error));
  g_assert_no_error (error);

  /* Passwords never go in this file, but its mode is 0600 all the same. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "# keep this comment"));
  g_assert_nonnull (strstr (text, "something=kept"));
  g_assert_nonnull (strstr (text, "future-key=kept too"));
  g_assert_null (strstr (text, "[account old]"));

  again = surat_account_load_all (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  a = g_ptr_array_index (again, 0);
  g_assert_cmpint (surat_account_get_pop3_security (a), ==, SURAT_SECURITY_STARTTLS);
  g_assert_cmpuint (surat_account_get_pop3_port (a), ==, 1110);
  g_assert_false (surat_account_get_keep_on_server (a));
  g_assert_cmpstr (surat_account_get_pop3_user (a), ==, "a@example.org");
}

static SuratSecret *
lookup (SuratAccount  *account,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_password_lookup_async (account, SURAT_PASSWORD_POP3, NULL, surat_test_result_cb, &result);
  surat_test_wait_result (&result);
  return surat_password_lookup_finish (result, error);
}

static void
test_password_command (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratAccount) account = surat_account_new ("a");
  g_autoptr(SuratSecret) password = NULL;

  /* The first line only, as mpop and msmtp do. */
  g_object_set (account, "password-command", "printf 'pa ss\\nsecond line\\n'", NULL);
  password = lookup (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "pa ss");
  g_clear_pointer (&password, surat_secret_free);

  g_object_set (account, "password-command", "echo 'gpg: decryption failed' >&2; exit 2", NULL);
  password = lookup (account, &error);
  g_assert_null (password);
  g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND);
  g_assert_nonnull (strstr (error->message, "gpg: decryption failed"));
  g_clear_error (&error);

  g_object_set (account, "password-command", "true", NULL);
  password = lookup (account, &error);
  g_assert_null (password);
  g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND);
  g_assert_nonnull (strstr (error->message, "nothing"));
}

static void
test_password_no_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratAccount) account = surat_account_new ("a");
  g_autoptr(SuratSecret) password = NULL;

  /* No session bus: the keyring cannot answer, and the error says what to do. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("DISPLAY");
  password = lookup (account, &error);
  g_assert_null (password);
  g_assert_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_NO_PASSWORD);
  g_assert_nonnull (strstr (error->message, "password-command"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

  g_test_add_func ("/account/load/defaults", test_account_load_defaults);
  g_test_add_func ("/account/load/missing-file", test_account_missing_file);
  g_test_add_func ("/account/load/bad-values", test_account_bad_values);
  g_test_add_func ("/account/validate", test_account_validate);
  g_test_add_func ("/account/save/round-trip", test_account_save_round_trip);
  g_test_add_func ("/account/password/command", test_password_command);
  g_test_add_func ("/account/password/no-keyring", test_password_no_keyring);

  return g_test_run ();
}
