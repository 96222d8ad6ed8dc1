/* test-store.c — Maildirs and index together: indexing, reconcile, reindex, moves, locks
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-core.h"
#include "surat-test-util.h"

typedef struct {
  char *dir;
  SuratStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = surat_test_make_tmpdir ("store");
  f->store = surat_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static SuratMaildir *
maildir (Fixture     *f,
         const char  *account,
         SuratFolder  folder)
{
  g_autoptr(GError) error = NULL;
  SuratMaildir *m = surat_store_get_maildir (f->store, account, folder, &error);

  g_assert_no_error (error);
  return m;
}

/* Delivers a message of the corpus as the fetcher would; returns the
 * relative file name. */
static char *
deliver (Fixture     *f,
         const char  *account,
         SuratFolder  folder,
         const char  *name,
         const char  *uid)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "messages", name, NULL);
  g_autoptr(GBytes) bytes = surat_test_read_file (path);
  g_autoptr(GError) error = NULL;
  char *file;

  file = surat_maildir_deliver_bytes (maildir (f, account, folder), bytes, uid, &error);
  g_assert_no_error (error);

  return file;
}

static gint64
deliver_and_index (Fixture     *f,
                   const char  *account,
                   SuratFolder  folder,
                   const char  *name,
                   const char  *uid)
{
  g_autofree char *file = deliver (f, account, folder, name, uid);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = surat_store_index_file (f->store, account, folder, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static SuratMessageSummary *
get_row (Fixture *f,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  SuratMessageSummary *s = surat_index_get_message (surat_store_get_index (f->store), id, &error);

  g_assert_no_error (error);
  return s;
}

static char *
maildir_path (Fixture     *f,
              const char  *account,
              SuratFolder  folder,
              const char  *file)
{
  return g_build_filename (surat_maildir_get_path (maildir (f, account, folder)), file, NULL);
}

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  static const char * const bad[] = { "", ".", "..", ".hidden", "a/b", "../x" };
  g_autofree char *db = g_build_filename (f->dir, "index.db", NULL);
  g_autofree char *cur = g_build_filename (f->dir, "home", "Trash", "cur", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (surat_store_get_data_dir (f->store), ==, f->dir);

  maildir (f, "home", SURAT_FOLDER_TRASH);
  g_assert_true (g_file_test (cur, G_FILE_TEST_IS_DIR));
  g_assert_true (maildir (f, "home", SURAT_FOLDER_TRASH) ==
                 maildir (f, "home", SURAT_FOLDER_TRASH));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (surat_store_get_maildir (f->store, bad[i], SURAT_FOLDER_INBOX, &error));
      g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
}

static void
test_default_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratStore) store = surat_store_open (NULL, &error);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "surat", NULL);
  g_autofree char *db = g_build_filename (expected, "index.db", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (surat_store_get_data_dir (store), ==, expected);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
}

static void
test_index_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = deliver (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "UID:1/x");
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = surat_store_index_file (f->store, "home", SURAT_FOLDER_INBOX, file, &error);
  g_assert_no_error (error);

  s = get_row (f, id);
  g_assert_cmpstr (surat_message_summary_get_account_id (s), ==, "home");
  g_assert_cmpint (surat_message_summary_get_folder (s), ==, SURAT_FOLDER_INBOX);
  g_assert_cmpstr (surat_message_summary_get_file (s), ==, file);
  g_assert_cmpstr (surat_message_summary_get_subject (s), ==, "Lunch on Friday");
  g_assert_cmpstr (surat_message_summary_get_from (s), ==, "Ana Pérez <ana@example.org>");
  g_assert_cmpint (surat_message_summary_get_date (s), ==, 1775200500);
  g_assert_cmpuint (surat_message_summary_get_size (s), ==, 483);
  g_assert_false (surat_message_summary_get_seen (s));

  /* The UID from the file name, downloaded when the name says. */
  uids = surat_index_get_pop3_uids (surat_store_get_index (f->store), "home", &error);
  g_assert_cmpuint (g_hash_table_size (uids), ==, 1);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (uids, "UID:1/x"), ==,
                   surat_maildir_name_get_time (file));

  /* And its words can be found. */
  found = surat_index_list_messages (surat_store_get_index (f->store), "home", SURAT_FOLDER_INBOX,
                                     "cafe friday", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* A file that is not there. */
  g_assert_cmpint (surat_store_index_file (f->store, "home", SURAT_FOLDER_INBOX,
                                           "new/1.M1P1Q1.nowhere", &error), ==, -1);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
}

static void
test_reconcile_after_crash (Fixture       *f,
                            gconstpointer  data)
{
  SuratIndex *index = surat_store_get_index (f->store);
  SuratMaildir *inbox = maildir (f, "home", SURAT_FOLDER_INBOX);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *kept_file = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *dead_tmp = NULL;
  g_autofree char *own = surat_maildir_make_name (NULL);
  gint64 kept;
  pid_t pid;
  int fd;

  kept = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "u-kept");

  /* The fetcher renamed the file into new/ and died before the index
   * commit. */
  lost = deliver (f, "home", SURAT_FOLDER_INBOX, "rfc2231.eml", "u-lost");
  /* And another delivery died half-way, in tmp/. */
  pid = fork ();
  if (pid == 0)
    _exit (0);
  waitpid (pid, NULL, 0);
  dead_tmp = g_strdup_printf ("%s/tmp/1700000000.M1P%dQ1.%s", surat_maildir_get_path (inbox),
                              (int) pid, strchr (strchr (own, 'Q'), '.') + 1);
  g_assert_true (g_file_set_contents (dead_tmp, "half a message", -1, NULL));
  /* While one of ours is still being written: left alone. */
  fd = surat_maildir_create_tmp (inbox, "in-flight", &tmp_name, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 1);
  g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_INBOX, &error), ==, 1);
  g_assert_no_error (error);

  list = surat_index_list_messages (index, "home", SURAT_FOLDER_INBOX, NULL, 0, &error);
  g_assert_cmpuint (list->len, ==, 2);
  uids = surat_index_get_pop3_uids (index, "home", &error);
  g_assert_true (g_hash_table_contains (uids, "u-kept"));
  g_assert_true (g_hash_table_contains (uids, "u-lost"));
  g_assert_false (g_file_test (dead_tmp, G_FILE_TEST_EXISTS));
  surat_maildir_abort_tmp (inbox, fd, tmp_name);

  /* Nothing more to do the second time. */
  g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_INBOX, &error), ==, 0);
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 2);

  /* mutt reads one (new/ → cur/ with S) and deletes the other. */
  {
    g_autoptr(SuratMessageSummary) s = get_row (f, kept);
    g_autofree char *unique = surat_maildir_name_get_unique (surat_message_summary_get_file (s));
    g_autofree char *from = maildir_path (f, "home", SURAT_FOLDER_INBOX,
                                          surat_message_summary_get_file (s));
    g_autofree char *to = NULL;
    g_autofree char *lost_path = maildir_path (f, "home", SURAT_FOLDER_INBOX, lost);
    g_autoptr(SuratMessageSummary) after = NULL;

    kept_file = g_strconcat ("cur/", unique, ":2,RS", NULL);
    to = maildir_path (f, "home", SURAT_FOLDER_INBOX, kept_file);
    g_assert_cmpint (g_rename (from, to), ==, 0);
    g_assert_cmpint (g_unlink (lost_path), ==, 0);

    g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_INBOX, &error), ==, 0);
    g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 1);
    after = get_row (f, kept);
    g_assert_cmpstr (surat_message_summary_get_file (after), ==, kept_file);
    g_assert_true (surat_message_summary_get_seen (after));
  }

  /* The deleted message's UID stays: it must not be downloaded again. */
  g_clear_pointer (&uids, g_hash_table_unref);
  uids = surat_index_get_pop3_uids (index, "home", &error);
  g_assert_true (g_hash_table_contains (uids, "u-lost"));
}

/* Everything a listing shows, in order, ids left out. */
static GPtrArray *
snapshot (SuratIndex *index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = surat_index_list_messages (index, NULL, -1, NULL, 0, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      SuratMessageSummary *s = list->pdata[i];

      g_ptr_array_add (rows, g_strdup_printf ("%s|%d|%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%"
                                              G_GUINT64_FORMAT "|%d|%d|%d|%s",
                                              surat_message_summary_get_account_id (s),
                                              surat_message_summary_get_folder (s),
                                              surat_message_summary_get_file (s),
                                              surat_message_summary_get_message_id (s),
                                              surat_message_summary_get_subject (s),
                                              surat_message_summary_get_from (s),
                                              surat_message_summary_get_to (s),
                                              surat_message_summary_get_cc (s),
                                              surat_message_summary_get_date (s),
                                              surat_message_summary_get_size (s),
                                              surat_message_summary_get_seen (s),
                                              surat_message_summary_get_flagged (s),
                                              surat_message_summary_get_has_attachments (s),
                                              surat_message_summary_get_preview (s)));
    }

  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
uid_set (SuratIndex *index,
         const char *account)
{
  g_autoptr(GHashTable) uids = surat_index_get_pop3_uids (index, account, NULL);
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (uids, NULL);
  GString *s = g_string_new (NULL);

  g_qsort_with_data (keys, g_hash_table_size (uids), sizeof (char *), compare_strings, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    g_string_append_printf (s, "%s=%" G_GINT64_FORMAT "\n", keys[i],
                            *(gint64 *) g_hash_table_lookup (uids, keys[i]));

  return g_string_free (s, FALSE);
}

static void
assert_same_rows (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
}

static void
test_reindex (Fixture       *f,
              gconstpointer  data)
{
  SuratIndex *index = surat_store_get_index (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autofree char *home_uids = NULL;
  g_autofree char *work_uids = NULL;
  g_autofree char *home_after = NULL;
  g_autofree char *work_after = NULL;
  g_autofree char *home_fresh = NULL;
  g_autofree char *db = NULL;
  g_autofree char *spool = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *gone_file = NULL;
  gint64 id;

  deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "u1");
  deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "latin1-headers.eml", "a/b:c,%d");
  deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "alternative-cid.eml", "u3");
  deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "no-headers.eml", "u-no-headers");
  /* The same Date three times: ties in the order. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uid = g_strdup_printf ("dup-%u", i);

      deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "nested-rfc822.eml", uid);
    }

  /* Read, flagged, moved. */
  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "rfc2047.eml", "u5");
  {
    g_autoptr(SuratMessageSummary) s = get_row (f, id);

    g_assert_true (surat_store_set_flags (f->store, s, TRUE, TRUE, &error));
    g_assert_true (surat_store_move_message (f->store, s, SURAT_FOLDER_TRASH, &error));
    g_assert_no_error (error);
  }
  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "html-only.eml", "u6");
  {
    g_autoptr(SuratMessageSummary) s = get_row (f, id);

    g_assert_true (surat_store_set_flags (f->store, s, TRUE, FALSE, &error));
  }

  /* Sent mail has no UID. */
  spool = g_test_build_filename (G_TEST_DIST, "data", "messages", "list-footer.eml", NULL);
  sent = surat_maildir_deliver_file (maildir (f, "home", SURAT_FOLDER_SENT), spool, &error);
  g_assert_no_error (error);
  g_assert_cmpint (surat_store_index_file (f->store, "home", SURAT_FOLDER_SENT, sent, &error),
                   >, 0);

  /* Another account, with a UID that also exists in the first. */
  deliver_and_index (f, "work", SURAT_FOLDER_INBOX, "rfc2231.eml", "u1");
  deliver_and_index (f, "work", SURAT_FOLDER_INBOX, "many-parts.eml", "w2");

  /* Deleted here for good: file and row gone, UID kept. */
  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "bad-base64.eml", "u-deleted");
  {
    g_autoptr(SuratMessageSummary) s = get_row (f, id);

    gone_file = g_strdup (surat_message_summary_get_file (s));
    g_assert_true (surat_maildir_remove (maildir (f, "home", SURAT_FOLDER_INBOX), gone_file,
                                         &error));
    g_assert_true (surat_index_remove_message (index, id, &error));
  }

  /* Delivered long ago by another program: found by reconcile, with
   * the download time its name gives. */
  {
    g_autofree char *old = maildir_path (f, "home", SURAT_FOLDER_INBOX,
                                         "new/1700000000.M123456P99Q1.elsewhere,U=old%2Fuid");

    g_assert_true (g_file_set_contents (old, "Subject: old\n\nold mail\n", -1, NULL));
    g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_INBOX, &error), ==, 1);
  }

  before = snapshot (index);
  home_uids = uid_set (index, "home");
  work_uids = uid_set (index, "work");
  g_assert_cmpuint (before->len, ==, 13);
  g_assert_nonnull (strstr (home_uids, "a/b:c,%d="));
  g_assert_nonnull (strstr (home_uids, "u-deleted="));
  g_assert_nonnull (strstr (home_uids, "old/uid=1700000000\n"));

  g_assert_cmpint (surat_store_reindex (f->store, &error), ==, 13);
  g_assert_no_error (error);

  after = snapshot (index);
  assert_same_rows (before, after);
  home_after = uid_set (index, "home");
  work_after = uid_set (index, "work");
  g_assert_cmpstr (home_after, ==, home_uids);
  g_assert_cmpstr (work_after, ==, work_uids);

  /* From the Maildirs alone: the index file is lost. */
  g_clear_object (&f->store);
  db = g_build_filename (f->dir, "index.db", NULL);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_unlink (path);
    }
  f->store = surat_store_open (f->dir, &error);
  g_assert_no_error (error);
  index = surat_store_get_index (f->store);
  g_assert_cmpint (surat_store_reindex (f->store, &error), ==, 13);

  fresh = snapshot (index);
  assert_same_rows (before, fresh);
  home_fresh = uid_set (index, "home");
  g_assert_null (strstr (home_fresh, "u-deleted="));
  {
    /* The same set, but for the UID whose file is gone. */
    g_auto(GStrv) expected = g_strsplit (home_uids, "\n", -1);
    g_auto(GStrv) got = g_strsplit (home_fresh, "\n", -1);
    guint j = 0;

    for (guint i = 0; expected[i] != NULL; i++)
      {
        if (g_str_has_prefix (expected[i], "u-deleted="))
          continue;
        g_assert_cmpstr (expected[i], ==, got[j++]);
      }
    g_assert_null (got[j]);
  }
  g_clear_pointer (&work_after, g_free);
  work_after = uid_set (index, "work");
  g_assert_cmpstr (work_after, ==, work_uids);
}

static void
test_message_path_after_rename (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(SuratMessageSummary) row = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *found = NULL;
  gint64 id;

  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "u1");
  s = get_row (f, id);
  unique = surat_maildir_name_get_unique (surat_message_summary_get_file (s));
  old_path = maildir_path (f, "home", SURAT_FOLDER_INBOX, surat_message_summary_get_file (s));
  renamed = g_strconcat ("cur/", unique, ":2,FS", NULL);
  new_path = maildir_path (f, "home", SURAT_FOLDER_INBOX, renamed);
  g_assert_cmpint (g_rename (old_path, new_path), ==, 0);

  found = surat_store_get_message_path (f->store, s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, new_path);
  g_assert_cmpstr (surat_message_summary_get_file (s), ==, renamed);

  row = get_row (f, id);
  g_assert_cmpstr (surat_message_summary_get_file (row), ==, renamed);
  g_assert_true (surat_message_summary_get_seen (row));
  g_assert_true (surat_message_summary_get_flagged (row));

  g_assert_cmpint (g_unlink (new_path), ==, 0);
  g_clear_pointer (&found, g_free);
  found = surat_store_get_message_path (f->store, s, &error);
  g_assert_null (found);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  SuratIndex *index = surat_store_get_index (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(SuratMessageSummary) row = NULL;
  g_autoptr(SuratMessageSummary) other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;
  gint64 id, id2;

  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "u1");
  s = get_row (f, id);

  g_assert_true (surat_store_move_message (f->store, s, SURAT_FOLDER_TRASH, &error));
  g_assert_no_error (error);
  g_assert_cmpint (surat_message_summary_get_folder (s), ==, SURAT_FOLDER_TRASH);

  path = maildir_path (f, "home", SURAT_FOLDER_TRASH, surat_message_summary_get_file (s));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  row = get_row (f, id);
  g_assert_cmpint (surat_message_summary_get_folder (row), ==, SURAT_FOLDER_TRASH);
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 0);
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_TRASH, FALSE, NULL), ==, 1);

  /* A crash after the file moved and before the index heard of it:
   * reconcile of both folders puts the row where the file is. */
  id2 = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "latin1-headers.eml", "u2");
  other = get_row (f, id2);
  moved = surat_maildir_move_to (maildir (f, "home", SURAT_FOLDER_INBOX),
                                 surat_message_summary_get_file (other),
                                 maildir (f, "home", SURAT_FOLDER_TRASH), &error);
  g_assert_no_error (error);
  g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_INBOX, &error), ==, 0);
  g_assert_cmpint (surat_store_reconcile (f->store, "home", SURAT_FOLDER_TRASH, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 0);
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_TRASH, FALSE, NULL), ==, 2);
}

static void
test_flags (Fixture       *f,
            gconstpointer  data)
{
  SuratIndex *index = surat_store_get_index (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(SuratMessageSummary) row = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *replied = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  id = deliver_and_index (f, "home", SURAT_FOLDER_INBOX, "plain.eml", "u1");
  s = get_row (f, id);
  unique = surat_maildir_name_get_unique (surat_message_summary_get_file (s));
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, TRUE, NULL), ==, 1);

  g_assert_true (surat_store_set_flags (f->store, s, TRUE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (surat_message_summary_get_file (s), "cur/"));
  g_assert_true (g_str_has_suffix (surat_message_summary_get_file (s), ":2,S"));
  path = maildir_path (f, "home", SURAT_FOLDER_INBOX, surat_message_summary_get_file (s));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, TRUE, NULL), ==, 0);

  /* Another client marks it replied; our flag changes keep the R. */
  replied = g_strconcat ("cur/", unique, ":2,RS", NULL);
  from = maildir_path (f, "home", SURAT_FOLDER_INBOX, surat_message_summary_get_file (s));
  to = maildir_path (f, "home", SURAT_FOLDER_INBOX, replied);
  g_assert_cmpint (g_rename (from, to), ==, 0);

  g_assert_true (surat_store_set_flags (f->store, s, FALSE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (surat_message_summary_get_file (s), ":2,FR"));
  g_assert_false (surat_message_summary_get_seen (s));
  g_assert_true (surat_message_summary_get_flagged (s));

  row = get_row (f, id);
  g_assert_cmpstr (surat_message_summary_get_file (row), ==, surat_message_summary_get_file (s));
  g_assert_false (surat_message_summary_get_seen (row));
  g_assert_true (surat_message_summary_get_flagged (row));
  g_assert_cmpuint (surat_index_count (index, "home", SURAT_FOLDER_INBOX, TRUE, NULL), ==, 1);
}

/* Tries the lock from another process; its exit status says what
 * happened: 0 locked, 1 LOCKED, 2 another error. */
static int
lock_in_child (const char *dir,
               const char *account)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      g_autoptr(SuratStore) store = surat_store_open (dir, NULL);
      g_autoptr(GError) error = NULL;
      int fd = surat_store_lock_account (store, account, &error);

      if (fd >= 0)
        _exit (0);
      _exit (g_error_matches (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_LOCKED) ? 1 : 2);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int fd, again, other;

  fd = surat_store_lock_account (f->store, "home", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);

  /* A second lock on the same account fails at once, saying which. */
  again = surat_store_lock_account (f->store, "home", &error);
  g_assert_cmpint (again, ==, -1);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "“home”"));
  g_clear_error (&error);
  g_assert_cmpint (lock_in_child (f->dir, "home"), ==, 1);

  /* Other accounts are free. */
  other = surat_store_lock_account (f->store, "work", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lock_in_child (f->dir, "work"), ==, 1);
  surat_store_unlock_account (other);

  surat_store_unlock_account (fd);
  g_assert_cmpint (lock_in_child (f->dir, "home"), ==, 0);
  fd = surat_store_lock_account (f->store, "home", &error);
  g_assert_no_error (error);
  surat_store_unlock_account (fd);

  g_assert_cmpint (surat_store_lock_account (f->store, "../etc", &error), ==, -1);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/layout", test_layout);
  g_test_add_func ("/store/default-dir", test_default_dir);
  ADD ("/store/index-file", test_index_file);
  ADD ("/store/reconcile/after-crash", test_reconcile_after_crash);
  ADD ("/store/reindex/same-listing", test_reindex);
  ADD ("/store/message-path/after-rename", test_message_path_after_rename);
  ADD ("/store/move", test_move);
  ADD ("/store/flags", test_flags);
  ADD ("/store/lock", test_lock);
#undef ADD

  return g_test_run ();
}
