/* test-cli-i18n.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * surat-cli speaks the user's language: under LANGUAGE=id it prints the
 * Indonesian of po/id.po, for its own messages, for the core's errors and
 * for plural forms, and finds the catalogue of an uninstalled build through
 * SURAT_LOCALEDIR. The locale is C.UTF-8 (the suite's LC_ALL): glibc 2.35+
 * honours LANGUAGE there, unlike under plain C or POSIX, so no generated
 * locale is needed.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "surat-test-util.h"

typedef struct
{
  char *home;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *language = data;

  fixture->home = surat_test_make_tmpdir ("cli-i18n");
  /* surat-cli inherits this process's environment. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("SURAT_LOCALEDIR", SURAT_BUILD_PODIR, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  surat_test_rm_rf (fixture->home);
  g_free (fixture->home);
}

/* The catalogue the build made is where SURAT_LOCALEDIR says; without it
 * every test below would fail for a reason no translator caused. */
static void
test_catalogue_built (void)
{
  g_autofree char *mo = g_build_filename (SURAT_BUILD_PODIR, "id", "LC_MESSAGES",
                                          "surat.mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
}

/* A command that does not exist: surat-cli's own message. */
static void
test_unknown_command (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = surat_test_cli (fixture->home, &out, &err, "frobnicate", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "“frobnicate” bukan perintah; coba “surat-cli --help”"));
  g_assert_null (strstr (err, "is not a command"));
}

/* --help: the N_() command summaries are looked up when printed. */
static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = surat_test_cli (fixture->home, &out, &err, "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Penggunaan:"));
  g_assert_nonnull (strstr (out, "Perintah:"));
  g_assert_nonnull (strstr (out, "Unduh surel baru"));
  g_assert_nonnull (strstr (out, "Simpan lampiran sebuah pesan"));
  g_assert_null (strstr (out, "Download new mail"));
}

/* An account that does not exist: the error comes from libsurat-core,
 * which uses the same text domain. */
static void
test_no_such_account (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = surat_test_cli (fixture->home, &out, &err, "fetch", "nobody", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "Tidak ada akun “nobody”"));
}

/* A plural form (g_dngettext, nplurals=1): reindexing an empty store. */
static void
test_plural (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = surat_test_cli (fixture->home, &out, &err, "reindex", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "0 pesan diindeks\n");
}

/* The control: the same commands without LANGUAGE speak English, so the
 * assertions above see the translation and not some fixed text. */
static void
test_english (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  int status;

  status = surat_test_cli (fixture->home, &out, &err, "frobnicate", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "“frobnicate” is not a command; try “surat-cli --help”"));

  status = surat_test_cli (fixture->home, &help, NULL, "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (help, "Download new mail"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-i18n/catalogue-built", test_catalogue_built);
  g_test_add ("/cli-i18n/id/unknown-command", Fixture, "id",
              fixture_setup, test_unknown_command, fixture_teardown);
  g_test_add ("/cli-i18n/id/help", Fixture, "id",
              fixture_setup, test_help, fixture_teardown);
  g_test_add ("/cli-i18n/id/no-such-account", Fixture, "id",
              fixture_setup, test_no_such_account, fixture_teardown);
  g_test_add ("/cli-i18n/id/plural", Fixture, "id",
              fixture_setup, test_plural, fixture_teardown);
  g_test_add ("/cli-i18n/en/control", Fixture, "",
              fixture_setup, test_english, fixture_teardown);

  return g_test_run ();
}
