/* test-index.c — the SQLite index: rows, order, counts, search, UIDs
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "surat-core.h"
#include "surat-test-util.h"

typedef struct {
  char *dir;
  char *path;
  SuratIndex *index;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = surat_test_make_tmpdir ("index");
  f->path = g_build_filename (f->dir, "index.db", NULL);
  f->index = surat_index_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->index);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->index);
  surat_test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static SuratMessageSummary *
make_summary (const char  *account,
              SuratFolder  folder,
              const char  *file,
              gint64       date,
              const char  *from,
              const char  *subject)
{
  SuratMessageSummary *s = surat_message_summary_new ();

  surat_message_summary_set_account_id (s, account);
  surat_message_summary_set_folder (s, folder);
  surat_message_summary_set_file (s, file);
  surat_message_summary_set_date (s, date);
  surat_message_summary_set_from (s, from);
  surat_message_summary_set_to (s, "Bob <bob@example.org>");
  surat_message_summary_set_subject (s, subject);
  surat_message_summary_set_message_id (s, "id@example.org");
  surat_message_summary_set_size (s, 1234);
  surat_message_summary_set_preview (s, "preview text");

  return s;
}

static gint64
add (SuratIndex  *index,
     const char  *account,
     SuratFolder  folder,
     const char  *file,
     gint64       date,
     const char  *from,
     const char  *subject,
     const char  *body)
{
  g_autoptr(SuratMessageSummary) s = make_summary (account, folder, file, date, from, subject);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = surat_index_add_message (index, s, body, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (surat_message_summary_get_id (s), ==, id);

  return id;
}

/* Column @column of every row, one per line. */
static char *
query_column (const char *path,
              const char *sql,
              int         column)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *result = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (result, "%s%s", result->len ? "\n" : "",
                            (const char *) sqlite3_column_text (stmt, column));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (result, FALSE);
}

static char *
query_text (const char *path,
            const char *sql)
{
  return query_column (path, sql, 0);
}

static void
test_open_schema (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *mode = query_text (f->path, "PRAGMA journal_mode");
  g_autofree char *version = query_text (f->path, "PRAGMA user_version");
  g_autofree char *tokenizer = query_text (f->path, "SELECT sql FROM sqlite_master "
                                                    "WHERE name = 'messages_fts'");
  g_autofree char *listing = query_column (f->path,
                                           "EXPLAIN QUERY PLAN SELECT id FROM messages "
                                           "WHERE 1 AND account = 'a' AND folder = 0 "
                                           "ORDER BY date DESC, uniq DESC, id", 3);
  struct stat st;

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (version, ==, "1");
  g_assert_nonnull (strstr (tokenizer, "unicode61 remove_diacritics 2"));
  /* The folder listing walks an index in order: no sorting of 100k rows. */
  g_assert_nonnull (strstr (listing, "messages_by_folder"));
  g_assert_null (strstr (listing, "TEMP B-TREE"));

  /* It holds mail text: the owner's only. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_open_newer_version (void)
{
  g_autofree char *dir = surat_test_make_tmpdir ("index-newer");
  g_autofree char *path = g_build_filename (dir, "index.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratIndex) index = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  index = surat_index_open (path, &error);
  g_assert_null (index);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "newer version of Surat"));
  g_assert_nonnull (strstr (error->message, path));
  surat_test_rm_rf (dir);
}

static void
test_open_reopen (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratIndex) again = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  gint64 id;

  id = add (f->index, "acct", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h,S=9", 100, "a@x", "kept", "b");
  again = surat_index_open (f->path, &error);
  g_assert_no_error (error);
  s = surat_index_get_message (again, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_summary_get_subject (s), ==, "kept");
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(SuratMessageSummary) replaced = NULL;
  g_autoptr(SuratMessageSummary) missing = NULL;
  gint64 id, id2;

  id = add (f->index, "acct", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h,S=9", 1767225600,
            "Ana <ana@example.org>", "Hello", "body");

  s = surat_index_get_message (f->index, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (surat_message_summary_get_id (s), ==, id);
  g_assert_cmpstr (surat_message_summary_get_account_id (s), ==, "acct");
  g_assert_cmpint (surat_message_summary_get_folder (s), ==, SURAT_FOLDER_INBOX);
  g_assert_cmpstr (surat_message_summary_get_file (s), ==, "new/1.M1P1Q1.h,S=9");
  g_assert_cmpstr (surat_message_summary_get_message_id (s), ==, "id@example.org");
  g_assert_cmpint (surat_message_summary_get_date (s), ==, 1767225600);
  g_assert_cmpstr (surat_message_summary_get_from (s), ==, "Ana <ana@example.org>");
  g_assert_cmpstr (surat_message_summary_get_to (s), ==, "Bob <bob@example.org>");
  g_assert_cmpstr (surat_message_summary_get_cc (s), ==, "");
  g_assert_cmpstr (surat_message_summary_get_subject (s), ==, "Hello");
  g_assert_cmpuint (surat_message_summary_get_size (s), ==, 1234);
  g_assert_false (surat_message_summary_get_seen (s));
  g_assert_false (surat_message_summary_get_flagged (s));
  g_assert_false (surat_message_summary_get_has_attachments (s));
  g_assert_cmpstr (surat_message_summary_get_preview (s), ==, "preview text");
  g_clear_object (&s);

  /* Moved to Trash and read by another client. */
  g_assert_true (surat_index_update_location (f->index, id, SURAT_FOLDER_TRASH,
                                              "cur/1.M1P1Q1.h,S=9:2,S", &error));
  g_assert_true (surat_index_set_flags (f->index, id, TRUE, TRUE, &error));
  g_assert_no_error (error);
  s = surat_index_get_message (f->index, id, &error);
  g_assert_cmpint (surat_message_summary_get_folder (s), ==, SURAT_FOLDER_TRASH);
  g_assert_cmpstr (surat_message_summary_get_file (s), ==, "cur/1.M1P1Q1.h,S=9:2,S");
  g_assert_true (surat_message_summary_get_seen (s));
  g_assert_true (surat_message_summary_get_flagged (s));

  /* Indexing the same file again (any flags) replaces the row. */
  id2 = add (f->index, "acct", SURAT_FOLDER_TRASH, "cur/1.M1P1Q1.h,S=9:2,FS", 1767225600,
             "Ana <ana@example.org>", "Hello again", "body");
  g_assert_cmpint (id2, !=, id);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 1);
  replaced = surat_index_get_message (f->index, id2, &error);
  g_assert_cmpstr (surat_message_summary_get_subject (replaced), ==, "Hello again");

  g_assert_true (surat_index_remove_message (f->index, id2, &error));
  g_assert_no_error (error);
  missing = surat_index_get_message (f->index, id2, &error);
  g_assert_null (missing);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (surat_index_remove_message (f->index, id2, &error));
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (surat_index_set_flags (f->index, id2, TRUE, FALSE, &error));
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
}

static void
test_list_order (Fixture       *f,
                 gconstpointer  data)
{
  /* Inserted out of order; two share a date. */
  static const struct { const char *file; gint64 date; const char *subject; } rows[] = {
    { "new/1000.M1P1Q1.h", 300, "third" },
    { "new/1000.M1P1Q3.h", 500, "first" },
    { "cur/1000.M1P1Q2.h:2,S", 400, "tie-older" },
    { "new/1000.M1P1Q4.h", 400, "tie-newer" },
    { "new/1000.M1P1Q5.h", 100, "last" },
  };
  static const char * const expected[] = { "first", "tie-newer", "tie-older", "third", "last" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GArray) ids = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    add (f->index, "a", SURAT_FOLDER_INBOX, rows[i].file, rows[i].date, "x@y", rows[i].subject, "");
  add (f->index, "a", SURAT_FOLDER_SENT, "new/1000.M9P1Q1.h", 999, "x@y", "sent", "");
  add (f->index, "b", SURAT_FOLDER_INBOX, "new/1000.M9P1Q2.h", 999, "x@y", "other account", "");

  list = surat_index_list_messages (f->index, "a", SURAT_FOLDER_INBOX, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpstr (surat_message_summary_get_subject (list->pdata[i]), ==, expected[i]);

  ids = surat_index_list_ids (f->index, "a", SURAT_FOLDER_INBOX, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, list->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==,
                     surat_message_summary_get_id (list->pdata[i]));

  limited = surat_index_list_messages (f->index, "a", SURAT_FOLDER_INBOX, NULL, 2, &error);
  g_assert_cmpuint (limited->len, ==, 2);
  g_assert_cmpstr (surat_message_summary_get_subject (limited->pdata[1]), ==, "tie-newer");

  /* Every folder of one account, then everything. */
  other = surat_index_list_messages (f->index, "a", -1, NULL, 0, &error);
  g_assert_cmpuint (other->len, ==, 6);
  g_assert_cmpstr (surat_message_summary_get_subject (other->pdata[0]), ==, "sent");
  g_clear_pointer (&other, g_ptr_array_unref);
  other = surat_index_list_messages (f->index, NULL, -1, NULL, 0, &error);
  g_assert_cmpuint (other->len, ==, 7);
  g_clear_pointer (&other, g_ptr_array_unref);
  other = surat_index_list_messages (f->index, NULL, SURAT_FOLDER_INBOX, NULL, 0, &error);
  g_assert_cmpuint (other->len, ==, 6);
  g_assert_cmpstr (surat_message_summary_get_subject (other->pdata[0]), ==, "other account");
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *file = g_strdup_printf ("new/%u.M1P1Q1.h", i);

      id = add (f->index, "a", SURAT_FOLDER_INBOX, file, i, "x@y", "s", "");
      if (i % 3 == 0)
        g_assert_true (surat_index_set_flags (f->index, id, TRUE, FALSE, NULL));
    }
  add (f->index, "a", SURAT_FOLDER_TRASH, "new/x.M1P1Q1.h", 1, "x@y", "s", "");
  add (f->index, "b", SURAT_FOLDER_INBOX, "new/y.M1P1Q1.h", 1, "x@y", "s", "");

  g_assert_cmpuint (surat_index_count (f->index, "a", SURAT_FOLDER_INBOX, FALSE, &error), ==, 10);
  g_assert_cmpuint (surat_index_count (f->index, "a", SURAT_FOLDER_INBOX, TRUE, &error), ==, 6);
  g_assert_cmpuint (surat_index_count (f->index, "a", -1, FALSE, &error), ==, 11);
  g_assert_cmpuint (surat_index_count (f->index, NULL, SURAT_FOLDER_INBOX, TRUE, &error), ==, 7);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 12);
  g_assert_cmpuint (surat_index_count (f->index, "nobody", -1, FALSE, &error), ==, 0);
  g_assert_no_error (error);
}

static GPtrArray *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found;
  g_autoptr(GArray) ids = NULL;

  found = surat_index_list_messages (f->index, NULL, -1, text, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  /* The lazy list model's path gives the same rows. */
  ids = surat_index_list_ids (f->index, NULL, -1, text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, found->len);

  return found;
}

static void
assert_found (Fixture    *f,
              const char *text,
              const char *first_subject,
              guint       count)
{
  g_autoptr(GPtrArray) found = search (f, text);

  if (found->len != count)
    g_error ("search “%s”: %u results, expected %u", text, found->len, count);
  if (first_subject != NULL)
    g_assert_cmpstr (surat_message_summary_get_subject (found->pdata[0]), ==, first_subject);
}

static void
add_search_corpus (Fixture *f)
{
  g_autoptr(SuratMessageSummary) cc = NULL;
  g_autoptr(GError) error = NULL;

  add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h", 100,
       "José Muñoz <jose@example.org>", "Café meeting",
       "Let us meet at the café near the station.");
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/2.M1P1Q1.h", 200,
       "Ana <ana@example.org>", "Invoice 2026-04",
       "Please find the invoice attached. Total: 42 EUR.");
  add (f->index, "a", SURAT_FOLDER_SENT, "new/3.M1P1Q1.h", 300,
       "Me <me@example.org>", "Re: Café meeting", "Yes, the cafe is fine. Naïve question: when?");
  add (f->index, "b", SURAT_FOLDER_INBOX, "new/4.M1P1Q1.h", 400,
       "Zoë <zoe@example.org>", "Straße und Ångström", "Привет, мир! 日本語のテキスト");

  cc = make_summary ("a", SURAT_FOLDER_INBOX, "new/5.M1P1Q1.h", 50, "list@example.org", "Digest");
  surat_message_summary_set_cc (cc, "Carol Cc <carol@example.net>");
  surat_index_add_message (f->index, cc, "digest body", &error);
  g_assert_no_error (error);
}

static void
test_search_basic (Fixture       *f,
                   gconstpointer  data)
{
  add_search_corpus (f);

  /* Subject, body, sender, recipients (To and Cc). */
  assert_found (f, "invoice", "Invoice 2026-04", 1);
  assert_found (f, "station", "Café meeting", 1);
  assert_found (f, "jose", "Café meeting", 1);
  assert_found (f, "zoe@example", "Straße und Ångström", 1);
  assert_found (f, "bob", NULL, 5);
  assert_found (f, "carol", "Digest", 1);

  /* Prefixes, every word required, any case. */
  assert_found (f, "invo", "Invoice 2026-04", 1);
  assert_found (f, "INVOICE attached", "Invoice 2026-04", 1);
  assert_found (f, "invoice café", NULL, 0);
  assert_found (f, "café meeting", "Re: Café meeting", 2);

  /* Diacritics do not matter, either way round. */
  assert_found (f, "cafe", "Re: Café meeting", 2);
  assert_found (f, "CAFÉ", "Re: Café meeting", 2);
  assert_found (f, "naive", "Re: Café meeting", 1);
  assert_found (f, "angstrom", "Straße und Ångström", 1);
  assert_found (f, "munoz", "Café meeting", 1);

  /* Other scripts. */
  assert_found (f, "привет", "Straße und Ångström", 1);
  assert_found (f, "мир", "Straße und Ångström", 1);

  /* A phrase in quotes. */
  assert_found (f, "\"find the invoice\"", "Invoice 2026-04", 1);
  assert_found (f, "\"invoice the find\"", NULL, 0);

  /* Hyphenated and dotted words match the same words in the text. */
  assert_found (f, "2026-04", "Invoice 2026-04", 1);
  assert_found (f, "example.org", NULL, 5);
}

static void
test_search_filters (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GArray) ids = NULL;

  add_search_corpus (f);

  found = surat_index_list_messages (f->index, "a", SURAT_FOLDER_INBOX, "cafe", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (surat_message_summary_get_subject (found->pdata[0]), ==, "Café meeting");

  ids = surat_index_list_ids (f->index, "b", -1, "cafe", &error);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_search_hostile (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const inputs[] = {
    "\"", "\"\"", "\"\"\"", "*", "**", "-", "--", "- -", "-invoice", "+", "^", ":", "(", ")", "()",
    "(invoice", "invoice)", "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a AND", "AND OR NOT",
    "invoice NOT", "invoice OR", "subject:invoice", "sender:ana", "{sender}: x", "'",
    "''; DROP TABLE messages; --",
    "\" OR 1=1 --", "%", "_", "\\", "\\\"", "inv*", "*inv", "\"unterminated phrase", "a\"b\"c",
    "\xff\xfe invalid utf8 \xc3", "\t\n\r", "   ", "", "日本語", "😀", "e\xcc\x81", "\xe2\x80\x8b",
    "NEAR/3", "col1 : x", "a:b:c", "@", "#", "$", "&", "|", "~", "!", "=", "<", ">",
  };
  g_autoptr(GPtrArray) everything = NULL;

  add_search_corpus (f);
  everything = search (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) found = search (f, inputs[i]);

      g_assert_cmpuint (found->len, <=, everything->len);
    }

  /* Not operators: plain words to look for. */
  assert_found (f, "invoice NOT", NULL, 0);
  assert_found (f, "-invoice", "Invoice 2026-04", 1);
  assert_found (f, "(invoice)", "Invoice 2026-04", 1);
  assert_found (f, "subject:invoice", NULL, 0);
  /* Nothing searchable: nothing is filtered. */
  assert_found (f, "*", NULL, everything->len);
  assert_found (f, "\"", NULL, everything->len);
  /* The table survived. */
  assert_found (f, "''; DROP TABLE messages; --", NULL, 0);
  assert_found (f, "invoice", NULL, 1);
}

static void
test_build_fts_query (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "hello", "\"hello\"*" },
    { "  hello   world ", "\"hello\"* AND \"world\"*" },
    { "a AND b", "\"a\" AND \"AND\"* AND \"b\"" },
    { "e", "\"e\"" },
    { "x-ray", "\"x-ray\"*" },
    { "ray-x", "\"ray-x\"" },
    { "\"exact phrase\" more", "\"exact phrase\"* AND \"more\"*" },
    { "say\"hi\"", "\"say\"* AND \"hi\"*" },
    { "\"unterminated phrase", "\"unterminated phrase\"*" },
    { "(x OR y)", "\"(x\" AND \"OR\"* AND \"y)\"" },
    { "(xx OR yy)", "\"(xx\"* AND \"OR\"* AND \"yy)\"*" },
    { "-spam", "\"-spam\"*" },
    { "café", "\"café\"*" },
    { "*", NULL },
    { "\"", NULL },
    { "- * ( ) \" :", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = surat_index_build_fts_query (cases[i].in);

      g_assert_cmpstr (query, ==, cases[i].out);
    }
}

static void
test_search_after_remove (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 id;

  id = add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h", 1, "x@y", "zebra", "zebra");
  assert_found (f, "zebra", "zebra", 1);
  g_assert_true (surat_index_remove_message (f->index, id, &error));
  assert_found (f, "zebra", NULL, 0);

  /* Re-indexing a file replaces its row: found once, with the new id. */
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/2.M1P1Q1.h", 1, "x@y", "yak", "yak");
  id = add (f->index, "a", SURAT_FOLDER_INBOX, "cur/2.M1P1Q1.h:2,S", 1, "x@y", "yak", "yak");
  found = search (f, "yak");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (surat_message_summary_get_id (found->pdata[0]), ==, id);
}

/* More hits than the index looks up one by one: it walks the folder in
 * order and keeps the hits instead. Both ways must give the same rows in
 * the same order. */
static void
test_search_many_hits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) common = NULL;
  g_autoptr(GArray) rare = NULL;
  g_autoptr(GPtrArray) first = NULL;
  guint expected = 0;

  g_assert_true (surat_index_begin (f->index, &error));
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *file = g_strdup_printf ("new/%u.M1P1Q1.h", i);
      const char *body = i % 2 == 0 ? "common words" : (i % 3 == 0 ? "common rare" : "other");
      SuratFolder folder = i % 5 == 0 ? SURAT_FOLDER_SENT : SURAT_FOLDER_INBOX;

      /* Dates out of order, with ties. */
      add (f->index, "a", folder, file, (i * 7919) % 1000, "x@y", "s", body);
      if (folder == SURAT_FOLDER_INBOX && (i % 2 == 0 || i % 3 == 0))
        expected++;
    }
  g_assert_true (surat_index_commit (f->index, &error));

  all = surat_index_list_ids (f->index, "a", SURAT_FOLDER_INBOX, NULL, &error);
  common = surat_index_list_ids (f->index, "a", SURAT_FOLDER_INBOX, "common", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (common->len, ==, expected);
  g_assert_cmpuint (common->len, >, 1000);

  /* Same order as the unfiltered listing. */
  for (guint i = 0, j = 0; i < common->len; i++, j++)
    {
      while (j < all->len && g_array_index (all, gint64, j) != g_array_index (common, gint64, i))
        j++;
      g_assert_cmpuint (j, <, all->len);
    }

  rare = surat_index_list_ids (f->index, "a", SURAT_FOLDER_INBOX, "rare", &error);
  g_assert_cmpuint (rare->len, <, 1000);
  g_assert_cmpuint (rare->len, >, 0);

  first = surat_index_list_messages (f->index, "a", SURAT_FOLDER_INBOX, "common", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 10);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpint (surat_message_summary_get_id (first->pdata[i]), ==,
                     g_array_index (common, gint64, i));
}

static void
test_pop3_uids (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_autoptr(GHashTable) other = NULL;
  gint64 id;

  id = add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h", 1, "x@y", "s", "");
  g_assert_true (surat_index_add_pop3_uid (f->index, "a", "UID/1", 1000, id, &error));
  g_assert_true (surat_index_add_pop3_uid (f->index, "a", "UID 2", 2000, 0, &error));
  g_assert_true (surat_index_add_pop3_uid (f->index, "b", "UID/1", 3000, 0, &error));
  /* Seen again later: the first download time stays. */
  g_assert_true (surat_index_add_pop3_uid (f->index, "a", "UID 2", 5000, 0, &error));
  g_assert_no_error (error);

  uids = surat_index_get_pop3_uids (f->index, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (uids), ==, 2);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (uids, "UID/1"), ==, 1000);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (uids, "UID 2"), ==, 2000);

  /* Deleting the message here keeps its UID: it must not come back. */
  g_assert_true (surat_index_remove_message (f->index, id, &error));
  g_clear_pointer (&uids, g_hash_table_unref);
  uids = surat_index_get_pop3_uids (f->index, "a", &error);
  g_assert_true (g_hash_table_contains (uids, "UID/1"));

  other = surat_index_get_pop3_uids (f->index, "b", &error);
  g_assert_cmpuint (g_hash_table_size (other), ==, 1);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (other, "UID/1"), ==, 3000);

  g_assert_true (surat_index_clear (f->index, &error));
  g_clear_pointer (&uids, g_hash_table_unref);
  uids = surat_index_get_pop3_uids (f->index, "a", &error);
  g_assert_cmpuint (g_hash_table_size (uids), ==, 0);
}

static void
test_get_files (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = NULL;
  gint64 a, b;

  a = add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h,S=5", 1, "x@y", "s", "");
  b = add (f->index, "a", SURAT_FOLDER_INBOX, "cur/2.M1P1Q1.h,S=6:2,RS", 1, "x@y", "s", "");
  add (f->index, "a", SURAT_FOLDER_SENT, "cur/3.M1P1Q1.h:2,S", 1, "x@y", "s", "");

  files = surat_index_get_files (f->index, "a", SURAT_FOLDER_INBOX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (files), ==, 2);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (files, "1.M1P1Q1.h,S=5"), ==, a);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (files, "2.M1P1Q1.h,S=6"), ==, b);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Rolled back: gone. */
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h", 1, "x@y", "s", "");
  surat_index_rollback (f->index);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 0);

  /* Nested: the inner commit is undone by the outer rollback … */
  g_assert_true (surat_index_begin (f->index, &error));
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/2.M1P1Q1.h", 1, "x@y", "s", "");
  g_assert_true (surat_index_commit (f->index, &error));
  surat_index_rollback (f->index);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 0);

  /* … an inner rollback dooms the whole transaction: its commit fails
   * and nothing of it is saved … */
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/3.M1P1Q1.h", 1, "x@y", "s", "");
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/4.M1P1Q1.h", 1, "x@y", "s", "");
  surat_index_rollback (f->index);
  g_assert_false (surat_index_commit (f->index, &error));
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_DATABASE);
  g_clear_error (&error);
  surat_index_rollback (f->index);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 0);

  /* … and the next one starts clean. */
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/5.M1P1Q1.h", 1, "x@y", "s", "");
  g_assert_true (surat_index_commit (f->index, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (surat_index_count (f->index, NULL, -1, FALSE, &error), ==, 1);
}

static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratIndex) reader = surat_index_open (f->path, &error);

  g_assert_no_error (error);
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/1.M1P1Q1.h", 1, "x@y", "s", "");

  /* A fetch holds the write lock; the app's list still reads (WAL), and
   * sees only committed rows. */
  g_assert_true (surat_index_begin (f->index, &error));
  add (f->index, "a", SURAT_FOLDER_INBOX, "new/2.M1P1Q1.h", 1, "x@y", "s", "");
  g_assert_cmpuint (surat_index_count (reader, NULL, -1, FALSE, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (surat_index_commit (f->index, &error));
  g_assert_cmpuint (surat_index_count (reader, NULL, -1, FALSE, &error), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/index/open/schema", test_open_schema);
  ADD ("/index/open/reopen", test_open_reopen);
  g_test_add_func ("/index/open/newer-version", test_open_newer_version);
  ADD ("/index/crud", test_crud);
  ADD ("/index/list/order", test_list_order);
  ADD ("/index/count", test_count);
  ADD ("/index/search/basic", test_search_basic);
  ADD ("/index/search/filters", test_search_filters);
  ADD ("/index/search/hostile", test_search_hostile);
  ADD ("/index/search/after-remove", test_search_after_remove);
  ADD ("/index/search/many-hits", test_search_many_hits);
  g_test_add_func ("/index/search/build-query", test_build_fts_query);
  ADD ("/index/pop3-uids", test_pop3_uids);
  ADD ("/index/get-files", test_get_files);
  ADD ("/index/transactions", test_transactions);
  ADD ("/index/two-connections", test_two_connections);
#undef ADD

  return g_test_run ();
}
