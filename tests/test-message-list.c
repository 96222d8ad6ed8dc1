/* test-message-list.c — the lazy list model over the index
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-core.h"
#include "surat-test-util.h"

typedef struct {
  SuratIndex *index;
  guint       n_changes;
  guint       position, removed, added;
} Fixture;

static gint64
add (Fixture    *f,
     guint       n,
     const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) summary = surat_message_summary_new ();
  g_autofree char *file = g_strdup_printf ("new/%u.M1P1Q1.host", n);
  gint64 id;

  surat_message_summary_set_account_id (summary, "a");
  surat_message_summary_set_folder (summary, SURAT_FOLDER_INBOX);
  surat_message_summary_set_file (summary, file);
  surat_message_summary_set_date (summary, 1700000000 + n * 60);
  surat_message_summary_set_subject (summary, subject);
  surat_message_summary_set_from (summary, "Ana <ana@example.org>");
  id = surat_index_add_message (f->index, summary, "body text", &error);
  g_assert_no_error (error);
  return id;
}

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Fixture    *f)
{
  f->n_changes++;
  f->position = position;
  f->removed = removed;
  f->added = added;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "index.db", NULL);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  f->index = surat_index_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->index);
}

static void
test_lazy_and_ordered (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);
  g_autoptr(SuratMessageSummary) first = NULL;
  g_autoptr(SuratMessageSummary) again = NULL;

  for (guint n = 1; n <= 100; n++)
    add (f, n, n % 2 ? "odd one" : "even one");

  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);

  /* Newest first; the same object while someone holds it. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (surat_message_summary_get_date (first), ==, 1700000000 + 100 * 60);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == again);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 100));
}

static void
test_new_mail_is_one_range (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);
  g_autoptr(SuratMessageSummary) top = NULL;

  for (guint n = 1; n <= 50; n++)
    add (f, n, "old");
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, NULL);
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), f);

  /* Three newer messages arrive: inserted at the top, nothing else moves. */
  add (f, 51, "new");
  add (f, 52, "new");
  add (f, 53, "new");
  g_assert_true (surat_message_list_reload (list, &error));
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpuint (f->position, ==, 0);
  g_assert_cmpuint (f->removed, ==, 0);
  g_assert_cmpuint (f->added, ==, 3);
  g_assert_cmpint (surat_message_list_find (list, surat_message_summary_get_id (top)), ==, 3);

  /* Nothing new: no signal. */
  g_assert_true (surat_message_list_reload (list, &error));
  g_assert_cmpuint (f->n_changes, ==, 1);
}

static void
test_flags_reach_shown_rows (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);
  g_autoptr(SuratMessageSummary) row = NULL;
  gint64 id = add (f, 1, "unread");

  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, NULL);
  row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_false (surat_message_summary_get_seen (row));

  /* Another process (surat-cli, the fetcher) marks it read. */
  g_assert_true (surat_index_set_flags (f->index, id, TRUE, FALSE, &error));
  g_assert_true (surat_message_list_reload (list, &error));
  g_assert_true (surat_message_summary_get_seen (row));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);

  for (guint n = 1; n <= 20; n++)
    add (f, n, n <= 5 ? "Laporan keuangan" : "Rapat mingguan");

  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "lapor");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* Searching within the query already set, as the search entry does. */
  surat_message_list_set_query (list, surat_message_list_get_account_id (list),
                                surat_message_list_get_folder (list), "rapat");
  g_assert_cmpstr (surat_message_list_get_account_id (list), ==, "a");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 15);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_SENT, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* The app's connection is opened before the fetcher's (another thread,
 * another connection) writes new mail: search must see it. */
static void
test_search_other_connection (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "index.db", NULL);
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);
  g_autoptr(SuratIndex) writer = NULL;
  SuratIndex *reader = f->index;

  add (f, 1, "Laporan awal");
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "laporan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  writer = surat_index_open (path, &error);
  g_assert_no_error (error);
  f->index = writer;
  for (guint n = 2; n <= 10; n++)
    add (f, n, "Laporan keuangan");
  f->index = reader;

  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "keuangan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 9);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "laporan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
}

typedef struct {
  guint n_items;      /* what a view holds after every signal so far */
  guint replacements; /* big signals with both removed and added */
  gboolean consistent;
} ViewMirror;

static void
mirror_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           ViewMirror *m)
{
  m->n_items = m->n_items - removed + added;
  /* A view asks for the count and items as each signal arrives: the model
   * must already look like the signal says. */
  if (g_list_model_get_n_items (model) != m->n_items)
    m->consistent = FALSE;
  if (removed > 0 && added > 0 && removed + added > 256)
    m->replacements++;
}

/* A search replacing most of a big folder reaches a view as "removed,
 * then added", each signal true to the model at that moment: GTK 4.8's
 * list view would otherwise read every added item (see reload()). */
static void
test_big_change_is_split (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SuratMessageList) list = surat_message_list_new (f->index);
  ViewMirror m = { 0, 0, TRUE };
  g_autoptr(SuratMessageSummary) first = NULL;

  surat_index_begin (f->index, NULL);
  for (guint n = 1; n <= 1000; n++)
    add (f, n, n % 3 ? "Invoice" : "Laporan");
  g_assert_true (surat_index_commit (f->index, NULL));

  g_signal_connect (list, "items-changed", G_CALLBACK (mirror_cb), &m);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, NULL);
  g_assert_cmpuint (m.n_items, ==, 1000);

  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "invoice");
  g_assert_cmpuint (m.n_items, ==, 667);
  surat_message_list_set_query (list, "a", SURAT_FOLDER_INBOX, "laporan");
  g_assert_cmpuint (m.n_items, ==, 333);
  g_assert_true (m.consistent);
  g_assert_cmpuint (m.replacements, ==, 0);

  /* The newest "Laporan" (n = 999) heads the list. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (surat_message_summary_get_date (first), ==, 1700000000 + 999 * 60);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/message-list/lazy-and-ordered", test_lazy_and_ordered);
  ADD ("/message-list/new-mail-is-one-range", test_new_mail_is_one_range);
  ADD ("/message-list/flags-reach-shown-rows", test_flags_reach_shown_rows);
  ADD ("/message-list/search", test_search);
  ADD ("/message-list/search-sees-other-connection", test_search_other_connection);
  ADD ("/message-list/big-change-is-split", test_big_change_is_split);
#undef ADD

  return g_test_run ();
}
