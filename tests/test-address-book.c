/* test-address-book.c — completion from every address the mail has seen
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-core.h"
#include "surat-test-util.h"

typedef struct {
  char       *dir;
  SuratStore *store;
  guint       n;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = surat_test_make_tmpdir ("book");
  f->store = surat_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
add (Fixture     *f,
     SuratFolder  folder,
     const char  *from,
     const char  *to,
     const char  *cc,
     guint        times)
{
  for (guint i = 0; i < times; i++)
    {
      g_autoptr(SuratMessageSummary) summary = surat_message_summary_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *file = g_strdup_printf ("new/%u.M1P1Q%u.host,S=10", 1700000000 + f->n,
                                               f->n);

      f->n++;
      surat_message_summary_set_account_id (summary, "me");
      surat_message_summary_set_folder (summary, folder);
      surat_message_summary_set_file (summary, file);
      surat_message_summary_set_from (summary, from);
      surat_message_summary_set_to (summary, to);
      surat_message_summary_set_cc (summary, cc);
      surat_message_summary_set_subject (summary, "s");
      surat_index_add_message (surat_store_get_index (f->store), summary, "", &error);
      g_assert_no_error (error);
    }
}

static SuratAddressBook *
load (Fixture *f)
{
  SuratAddressBook *book = surat_address_book_new (f->store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Empty until the first load finished. */
  g_assert_cmpuint (surat_address_book_get_size (book), ==, 0);
  surat_address_book_load_async (book, NULL, surat_test_result_cb, &result);
  surat_address_book_load_finish (book, surat_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return book;
}

/* The completions joined by " | ". */
static char *
complete (SuratAddressBook *book,
          const char       *prefix,
          guint             limit)
{
  g_autoptr(GPtrArray) matches = surat_address_book_complete (book, prefix, limit);

  g_ptr_array_add (matches, NULL);
  return g_strjoinv (" | ", (char **) matches->pdata);
}

#define assert_completes(book, prefix, limit, expected) \
  G_STMT_START { \
    g_autofree char *got_ = complete (book, prefix, limit); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
fill (Fixture *f)
{
  add (f, SURAT_FOLDER_INBOX, "Bob Stone <bob@example.org>", "", "", 4);
  add (f, SURAT_FOLDER_INBOX, "Ana Lima <ana@example.org>", "", "", 2);
  /* The same mailbox, another spelling: one entry, the usual name. */
  add (f, SURAT_FOLDER_INBOX, "ana <ANA@Example.org>", "", "", 1);
  add (f, SURAT_FOLDER_INBOX, "José Núñez <jose@example.com>", "", "", 1);
  /* Two messages sent to Zed count more than four from Bob. */
  add (f, SURAT_FOLDER_SENT, "Me <me@example.org>", "Zed Zimmer <zed@example.net>", "", 2);
  add (f, SURAT_FOLDER_INBOX, "list@lists.example.org",
       "Team: amy@team.example, \"Doe, J\" <j@team.example>;", "", 1);
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SuratAddressBook) book = NULL;

  fill (f);
  book = load (f);
  g_assert_cmpuint (surat_address_book_get_size (book), ==, 8);

  /* Most used first; ties in address order. */
  assert_completes (book, "example", 10,
                    "Zed Zimmer <zed@example.net> | Bob Stone <bob@example.org> | "
                    "Ana Lima <ana@example.org> | Me <me@example.org> | "
                    "amy@team.example | \"Doe, J\" <j@team.example> | "
                    "José Núñez <jose@example.com> | list@lists.example.org");
  assert_completes (book, "example", 2,
                    "Zed Zimmer <zed@example.net> | Bob Stone <bob@example.org>");
  /* Group members, with a name that needs quotes to be typed back. */
  assert_completes (book, "team", 10, "amy@team.example | \"Doe, J\" <j@team.example>");
  assert_completes (book, "doe", 10, "\"Doe, J\" <j@team.example>");
  assert_completes (book, "", 10, "");
  assert_completes (book, "  ", 10, "");
}

static void
test_matching (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SuratAddressBook) book = NULL;

  fill (f);
  book = load (f);

  /* Any word of the name or the address, from its start. */
  assert_completes (book, "ana", 10, "Ana Lima <ana@example.org>");
  assert_completes (book, "LIMA", 10, "Ana Lima <ana@example.org>");
  assert_completes (book, "ana@ex", 10, "Ana Lima <ana@example.org>");
  assert_completes (book, "lima ana", 10, "Ana Lima <ana@example.org>");
  assert_completes (book, "ima", 10, "");
  assert_completes (book, "ana zed", 10, "");
  /* Accents or not, either way. */
  assert_completes (book, "nunez", 10, "José Núñez <jose@example.com>");
  assert_completes (book, "NÚÑ", 10, "José Núñez <jose@example.com>");
  assert_completes (book, "josé", 10, "José Núñez <jose@example.com>");
  assert_completes (book, "jose@example.c", 10, "José Núñez <jose@example.com>");
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SuratAddressBook) book = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  book = load (f);
  g_assert_cmpuint (surat_address_book_get_size (book), ==, 0);
  assert_completes (book, "ana", 10, "");

  /* New mail, read again. */
  add (f, SURAT_FOLDER_INBOX, "Ana Lima <ana@example.org>", "", "", 1);
  surat_address_book_load_async (book, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_address_book_load_finish (book, surat_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (surat_address_book_get_size (book), ==, 1);
  assert_completes (book, "ana", 10, "Ana Lima <ana@example.org>");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/address-book/ranking", test_ranking);
  ADD ("/address-book/matching-words-and-accents", test_matching);
  ADD ("/address-book/reload", test_reload);
#undef ADD

  return g_test_run ();
}
