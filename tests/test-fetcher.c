/* test-fetcher.c — exactly-once downloads against a fake POP3 server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-core.h"
#include "surat-fake-pop3.h"
#include "surat-test-util.h"

#define ACCOUNT "acct"

typedef struct {
  SuratFakePop3 *fake;
  SuratStore    *store;
  SuratAccount  *account;
  GPtrArray     *warnings;
  guint          last_done;
  guint          last_total;
  guint          n_progress;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = surat_fake_pop3_new ();
  f->store = surat_store_open (NULL, &error);
  g_assert_no_error (error);
  f->warnings = g_ptr_array_new_with_free_func (g_free);

  f->account = surat_account_new (ACCOUNT);
  /* Plain text is allowed only because the account says so explicitly. */
  g_object_set (f->account,
                "address", "alice@example.org",
                "pop3-host", "127.0.0.1",
                "pop3-security", "none",
                "pop3-user", "alice",
                "password-command", "echo secret",
                "timeout", 5,
                NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->fake, surat_fake_pop3_free);
  g_clear_object (&f->account);
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  g_clear_pointer (&f->warnings, g_ptr_array_unref);
}

static void
progress_cb (SuratFetcher *fetcher,
             guint         done,
             guint         total,
             guint64       bytes_done,
             guint64       bytes_total,
             Fixture      *f)
{
  /* Progress only ever moves forward, and never past its total. */
  g_assert_cmpuint (done, >=, f->last_done);
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (bytes_done, <=, bytes_total);
  f->last_done = done;
  f->last_total = total;
  f->n_progress++;
}

static void
warning_cb (SuratFetcher *fetcher,
            const char   *text,
            Fixture      *f)
{
  g_ptr_array_add (f->warnings, g_strdup (text));
}

/* One run; returns the fetcher for its counts, or NULL with @error. */
static SuratFetcher *
run_fetch (Fixture       *f,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SuratFetcher) fetcher = surat_fetcher_new (f->store, f->account);
  g_autoptr(GAsyncResult) result = NULL;

  f->last_done = 0;
  g_signal_connect (fetcher, "progress", G_CALLBACK (progress_cb), f);
  g_signal_connect (fetcher, "warning", G_CALLBACK (warning_cb), f);
  surat_fetcher_run_async (fetcher, cancellable, surat_test_result_cb, &result);
  surat_test_wait_result (&result);

  if (!surat_fetcher_run_finish (fetcher, result, error))
    return NULL;
  return g_steal_pointer (&fetcher);
}

static guint16
serve (Fixture                         *f,
       const SuratFakePop3ServeOptions *options,
       guint                            n_connections)
{
  for (guint i = 0; i < n_connections; i++)
    {
      if (i > 0)
        surat_fake_pop3_next_connection (f->fake);
      surat_fake_pop3_serve (f->fake, options);
    }

  return surat_fake_pop3_start (f->fake);
}

static void
use_port (Fixture *f,
          guint16  port)
{
  g_object_set (f->account, "pop3-port", (guint) port, NULL);
}

static char *
make_message (guint n)
{
  /* A line that starts with "." proves the dot-unstuffing reached the disk. */
  return g_strdup_printf ("From: Sender %u <s%u@example.org>\n"
                          "To: alice@example.org\n"
                          "Subject: Message number %u\n"
                          "Message-ID: <m%u@example.org>\n"
                          "Date: Thu, 26 Nov 2026 10:%02u:00 +0000\n"
                          "\n"
                          "Hello %u.\n"
                          ".a line with a leading dot\n"
                          "..\n"
                          "Bye.\n",
                          n, n, n, n, n % 60, n);
}

static void
add_messages (Fixture *f,
              guint    first,
              guint    last)
{
  for (guint n = first; n <= last; n++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%04u", n);
      g_autofree char *content = make_message (n);

      surat_fake_pop3_add_message (f->fake, uid, content);
    }
}

/* The store's Inbox must hold exactly the messages first..last, each once,
 * byte for byte as the server had them (with LF line ends). */
static void
assert_store_holds (Fixture *f,
                    guint    first,
                    guint    last)
{
  g_autoptr(GError) error = NULL;
  SuratMaildir *inbox = surat_store_get_maildir (f->store, ACCOUNT, SURAT_FOLDER_INBOX, &error);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  files = surat_maildir_list (inbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, last - first + 1);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (surat_maildir_get_path (inbox),
                                                g_ptr_array_index (files, i), NULL);
      g_autoptr(GBytes) bytes = surat_test_read_file (path);
      char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      /* No file twice. */
      g_assert_true (g_hash_table_add (contents, text));
    }

  for (guint n = first; n <= last; n++)
    {
      g_autofree char *expected = make_message (n);

      if (!g_hash_table_contains (contents, expected))
        g_error ("message %u is not in the store (or not byte-identical)", n);
    }

  rows = surat_index_list_messages (surat_store_get_index (f->store), ACCOUNT,
                                    SURAT_FOLDER_INBOX, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, last - first + 1);
}

static void
test_fetch_new_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) first = NULL;
  g_autoptr(SuratFetcher) second = NULL;
  g_autoptr(SuratFetcher) third = NULL;
  g_auto(GStrv) left = NULL;

  add_messages (f, 1, 5);
  use_port (f, serve (f, NULL, 3));

  first = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (first), ==, 5);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (first), ==, 0);
  g_assert_cmpuint (surat_fetcher_get_n_on_server (first), ==, 5);
  g_assert_cmpuint (f->last_done, ==, 5);
  g_assert_cmpuint (f->last_total, ==, 5);
  assert_store_holds (f, 1, 5);

  /* Nothing new: nothing downloaded. */
  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), ==, 0);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "RETR 6"));

  /* Two more arrive: exactly those two come down. */
  add_messages (f, 6, 7);
  third = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (third), ==, 2);
  assert_store_holds (f, 1, 7);

  /* keep-on-server is the default: the server still has everything. */
  left = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpuint (g_strv_length (left), ==, 7);
  g_assert_cmpuint (f->warnings->len, ==, 0);
  g_assert_null (surat_fake_pop3_get_error (f->fake));
}

static void
test_policy_delete_after_download (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) fetcher = NULL;
  g_auto(GStrv) left = NULL;

  g_object_set (f->account, "keep-on-server", FALSE, NULL);
  add_messages (f, 1, 20);
  use_port (f, serve (f, NULL, 1));

  fetcher = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (fetcher), ==, 20);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (fetcher), ==, 20);
  assert_store_holds (f, 1, 20);

  left = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
}

static void
test_policy_delete_after_days (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) first = NULL;
  g_autoptr(SuratFetcher) second = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_auto(GStrv) left = NULL;
  SuratIndex *index = surat_store_get_index (f->store);
  gint64 four_days_ago = g_get_real_time () / G_USEC_PER_SEC - 4 * 24 * 3600;

  g_object_set (f->account, "delete-after-days", 3, NULL);
  add_messages (f, 1, 4);
  use_port (f, serve (f, NULL, 2));

  /* Just downloaded: younger than three days, so they stay. */
  first = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (first), ==, 4);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (first), ==, 0);

  /* Age two of them by four days. */
  uids = surat_index_get_pop3_uids (index, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (uids), ==, 4);
  g_assert_true (surat_index_add_pop3_uid (index, ACCOUNT, "uid-0001", four_days_ago, 0, &error));
  g_assert_true (surat_index_add_pop3_uid (index, ACCOUNT, "uid-0003", four_days_ago, 0, &error));
  g_assert_no_error (error);

  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), ==, 0);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (second), ==, 2);

  left = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpstrv (left, ((const char *[]) { "uid-0002", "uid-0004", NULL }));
  assert_store_holds (f, 1, 4);
}

static void
test_dropped_mid_retr (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) failed = NULL;
  g_autoptr(SuratFetcher) second = NULL;
  SuratFakePop3ServeOptions dropping = { .drop_in_retr = 6, .drop_after_bytes = 60 };

  g_object_set (f->account, "keep-on-server", FALSE, NULL);
  add_messages (f, 1, 10);
  surat_fake_pop3_serve (f->fake, &dropping);
  surat_fake_pop3_next_connection (f->fake);
  surat_fake_pop3_serve (f->fake, NULL);
  use_port (f, surat_fake_pop3_start (f->fake));

  failed = run_fetch (f, NULL, &error);
  g_assert_null (failed);
  g_assert_nonnull (error);
  g_test_message ("the error a person sees: %s", error->message);
  g_clear_error (&error);

  /* Nothing was deleted: the connection died before QUIT. */
  {
    g_auto(GStrv) left = surat_fake_pop3_dup_uids (f->fake);
    g_assert_cmpuint (g_strv_length (left), ==, 10);
  }

  /* The next run gets the rest, deletes all, and nothing is doubled. */
  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (second), ==, 10);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), <=, 10);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), >=, 5);
  assert_store_holds (f, 1, 10);
  {
    g_auto(GStrv) left = surat_fake_pop3_dup_uids (f->fake);
    g_assert_cmpuint (g_strv_length (left), ==, 0);
  }
}

static void
test_dropped_at_quit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) second = NULL;
  SuratFakePop3ServeOptions dropping = { .drop_at_quit = TRUE };

  g_object_set (f->account, "keep-on-server", FALSE, NULL);
  add_messages (f, 1, 3);
  surat_fake_pop3_serve (f->fake, &dropping);
  surat_fake_pop3_next_connection (f->fake);
  surat_fake_pop3_serve (f->fake, NULL);
  use_port (f, surat_fake_pop3_start (f->fake));

  /* The mail is safe, but the server never confirmed the deletions. */
  g_assert_null (run_fetch (f, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_store_holds (f, 1, 3);

  /* Next time they are deleted, not downloaded again. */
  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), ==, 0);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (second), ==, 3);
  assert_store_holds (f, 1, 3);
}

static void
test_crash_before_index_commit (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) fetcher = NULL;
  g_autofree char *content = make_message (2);
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  SuratMaildir *inbox = surat_store_get_maildir (f->store, ACCOUNT, SURAT_FOLDER_INBOX, &error);
  g_autofree char *file = NULL;

  /* A run that died after renaming message 2 into new/ and before its index
   * row was committed left exactly this behind. */
  g_assert_no_error (error);
  file = surat_maildir_deliver_bytes (inbox, bytes, "uid-0002", &error);
  g_assert_no_error (error);

  add_messages (f, 1, 3);
  use_port (f, serve (f, NULL, 1));
  fetcher = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (fetcher), ==, 2);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "RETR 2\r\n"));
  assert_store_holds (f, 1, 3);
}

static void
test_no_uidl (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) first = NULL;
  g_autoptr(SuratFetcher) second = NULL;
  SuratFakePop3ServeOptions no_uidl = { .capabilities = "USER\nTOP\nPIPELINING\nRESP-CODES" };

  add_messages (f, 1, 4);
  use_port (f, serve (f, &no_uidl, 2));

  first = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (first), ==, 4);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "UIDL"));

  /* The person is told why keeping mail on such a server is costly. */
  g_assert_cmpuint (f->warnings->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->warnings, 0), "UIDL"));

  /* Without UIDL every message comes down again, but none is stored twice. */
  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), ==, 0);
  assert_store_holds (f, 1, 4);
}

static void
test_no_uidl_delete (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratFetcher) fetcher = NULL;
  g_auto(GStrv) left = NULL;
  SuratFakePop3ServeOptions no_uidl = { .capabilities = "USER\nTOP" };

  g_object_set (f->account, "keep-on-server", FALSE, NULL);
  add_messages (f, 1, 4);
  use_port (f, serve (f, &no_uidl, 1));

  fetcher = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (fetcher), ==, 4);
  g_assert_cmpuint (surat_fetcher_get_n_deleted (fetcher), ==, 4);
  /* Deleting after download needs no UIDL: no warning. */
  g_assert_cmpuint (f->warnings->len, ==, 0);
  left = surat_fake_pop3_dup_uids (f->fake);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
  assert_store_holds (f, 1, 4);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_object_set (f->account, "password-command", "echo wrong", NULL);
  add_messages (f, 1, 2);
  use_port (f, serve (f, NULL, 1));

  g_assert_null (run_fetch (f, NULL, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_AUTH);

  rows = surat_index_list_messages (surat_store_get_index (f->store), NULL, -1, NULL, 0, NULL);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_one_fetch_at_a_time (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int lock = surat_store_lock_account (f->store, ACCOUNT, &error);

  g_assert_no_error (error);
  g_assert_cmpint (lock, >=, 0);

  /* Another process (the app, another surat-cli) fetching this account
   * holds the lock: this run must not touch the mailbox at all. */
  add_messages (f, 1, 2);
  use_port (f, serve (f, NULL, 1));
  g_assert_null (run_fetch (f, NULL, &error));
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_LOCKED);
  g_assert_cmpuint (surat_fake_pop3_get_n_connections (f->fake), ==, 0);

  surat_store_unlock_account (lock);
}


static void
test_unknown_host (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) real = g_resolver_get_default ();
  g_autoptr(GResolver) none = surat_test_no_resolver_new ();
  g_autofree char *description = NULL;

  g_resolver_set_default (none);
  g_object_set (f->account, "pop3-host", "pop.nowhere.invalid", NULL);
  g_assert_null (run_fetch (f, NULL, &error));
  g_resolver_set_default (real);

  /* The person is told which name could not be found. */
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  description = surat_core_describe_error (error);
  g_assert_nonnull (strstr (description, "pop.nowhere.invalid"));
}

static void
cancel_soon_cb (SuratFetcher *fetcher,
                guint         done,
                guint         total,
                guint64       bytes_done,
                guint64       bytes_total,
                GCancellable *cancellable)
{
  if (done >= 3)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SuratFetcher) fetcher = surat_fetcher_new (f->store, f->account);
  g_autoptr(SuratFetcher) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  /* The server goes silent at message 50, so the cancel always lands in
   * the middle of the run. */
  SuratFakePop3ServeOptions stalling = { .stall_in_retr = 50 };

  g_object_set (f->account, "keep-on-server", FALSE, NULL);
  add_messages (f, 1, 200);
  use_port (f, serve (f, &stalling, 1));

  g_signal_connect (fetcher, "progress", G_CALLBACK (cancel_soon_cb), cancellable);
  surat_fetcher_run_async (fetcher, cancellable, surat_test_result_cb, &result);
  surat_test_wait_result (&result);
  g_assert_false (surat_fetcher_run_finish (fetcher, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* What arrived before the cancel is safe; nothing was deleted. */
  {
    g_auto(GStrv) left = surat_fake_pop3_dup_uids (f->fake);
    g_assert_cmpuint (g_strv_length (left), ==, 200);
  }

  /* A new server with the same mail: the next run finishes the job. */
  g_clear_pointer (&f->fake, surat_fake_pop3_free);
  f->fake = surat_fake_pop3_new ();
  add_messages (f, 1, 200);
  use_port (f, serve (f, NULL, 1));
  second = run_fetch (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fetcher_get_n_downloaded (second), <, 200);
  assert_store_holds (f, 1, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/fetcher/fetch/new-only", test_fetch_new_only);
  ADD ("/fetcher/policy/delete-after-download", test_policy_delete_after_download);
  ADD ("/fetcher/policy/delete-after-days", test_policy_delete_after_days);
  ADD ("/fetcher/fault/dropped-mid-retr", test_dropped_mid_retr);
  ADD ("/fetcher/fault/dropped-at-quit", test_dropped_at_quit);
  ADD ("/fetcher/fault/crash-before-index-commit", test_crash_before_index_commit);
  ADD ("/fetcher/no-uidl/keep", test_no_uidl);
  ADD ("/fetcher/no-uidl/delete", test_no_uidl_delete);
  ADD ("/fetcher/auth/wrong-password", test_wrong_password);
  ADD ("/fetcher/lock/one-at-a-time", test_one_fetch_at_a_time);
  ADD ("/fetcher/cancel", test_cancel);
  ADD ("/fetcher/error/unknown-host", test_unknown_host);

#undef ADD

  return g_test_run ();
}
