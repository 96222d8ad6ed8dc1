/* test-outbox.c — the outbox against a scripted SMTP server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-core.h"
#include "surat-fake-smtp.h"
#include "surat-test-util.h"

#define ACCOUNT "me"

typedef struct {
  SuratFakeServer *fake;
  SuratStore      *store;
  SuratAccount    *account;
  SuratOutbox     *outbox;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = surat_fake_smtp_new ();
  f->store = surat_store_open (NULL, &error);
  g_assert_no_error (error);
  f->account = surat_account_new (ACCOUNT);
  /* The fake server offers no AUTH and no TLS: an explicit plain account. */
  g_object_set (f->account,
                "display-name", "Me",
                "address", "me@example.org",
                "smtp-host", "127.0.0.1",
                "smtp-security", "none",
                "timeout", 5,
                NULL);
  f->outbox = surat_outbox_new (f->store, f->account);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->outbox);
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  g_clear_pointer (&f->fake, surat_fake_server_free);
}

static void
start (Fixture *f)
{
  g_object_set (f->account, "smtp-port", (guint) surat_fake_server_start (f->fake), NULL);
}

static SuratOutboxItem *
queue (Fixture    *f,
       const char *subject,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageBuilder) builder = surat_message_builder_new ();
  SuratOutboxItem *item;

  g_assert_true (surat_message_builder_set_from (builder, "Me", "me@example.org", &error));
  g_assert_true (surat_message_builder_set_addresses (builder, SURAT_MESSAGE_FIELD_TO,
                                                      "Bob <bob@example.org>", -1, &error));
  g_assert_true (surat_message_builder_set_addresses (builder, SURAT_MESSAGE_FIELD_BCC,
                                                      "secret@example.org", -1, &error));
  g_assert_true (surat_message_builder_set_subject (builder, subject, -1, &error));
  g_assert_true (surat_message_builder_set_text (builder, text, -1, &error));
  item = surat_outbox_queue (f->outbox, builder, &error);
  g_assert_no_error (error);
  return item;
}

/* One SMTP transaction to bob and secret, answered with @final. */
static void
expect_transaction (SuratFakeServer *fake,
                    const char      *final)
{
  surat_fake_server_expect (fake, "MAIL FROM:<me@example.org>*", "250 OK\r\n");
  surat_fake_server_expect (fake, "RCPT TO:<bob@example.org>", "250 OK\r\n");
  surat_fake_server_expect (fake, "RCPT TO:<secret@example.org>", "250 OK\r\n");
  surat_fake_server_expect (fake, "DATA", "354 Go ahead\r\n");
  surat_fake_smtp_expect_data (fake, final);
}

static void
expect_session (SuratFakeServer *fake,
                const char      *extensions,
                const char      *final)
{
  surat_fake_smtp_greet (fake);
  surat_fake_smtp_expect_ehlo (fake, extensions);
  expect_transaction (fake, final);
  surat_fake_server_expect (fake, "QUIT", "221 Bye\r\n");
}

static gboolean
flush (Fixture   *f,
       gboolean   all,
       GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_outbox_flush_async (f->outbox, all, NULL, surat_test_result_cb, &result);
  surat_test_wait_result (&result);
  return surat_outbox_flush_finish (f->outbox, result, error);
}

static guint
count (Fixture     *f,
       SuratFolder  folder)
{
  g_autoptr(GError) error = NULL;
  SuratMaildir *maildir = surat_store_get_maildir (f->store, ACCOUNT, folder, &error);
  g_autoptr(GPtrArray) files = NULL;

  g_assert_no_error (error);
  files = surat_maildir_list (maildir, &error);
  g_assert_no_error (error);
  return files->len;
}

static SuratOutboxItem *
only_item (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutbox) fresh = surat_outbox_new (f->store, f->account);
  g_autoptr(GPtrArray) items = surat_outbox_list (fresh, &error);

  /* A new SuratOutbox: what it reports was saved, not remembered. */
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  return g_object_ref (g_ptr_array_index (items, 0));
}

static void
test_queue_is_durable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) item = queue (f, "Hello", "Body\n");
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* On disk before any network I/O (no server even runs), with its Bcc. */
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 1);
  g_assert_cmpint (surat_outbox_item_get_state (item), ==, SURAT_OUTBOX_QUEUED);
  g_assert_cmpstr (surat_outbox_item_get_recipients (item), ==, "bob@example.org, secret@example.org");
  path = g_build_filename (surat_maildir_get_path (surat_store_get_maildir (f->store, ACCOUNT,
                                                                            SURAT_FOLDER_OUTBOX,
                                                                            NULL)),
                           surat_outbox_item_get_file (item), NULL);
  bytes = surat_test_read_file (path);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), -1, "Bcc: secret@example.org"));

  /* And it shows in the Outbox folder of the index. */
  rows = surat_index_list_messages (surat_store_get_index (f->store), ACCOUNT,
                                    SURAT_FOLDER_OUTBOX, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (surat_message_summary_get_subject (g_ptr_array_index (rows, 0)), ==, "Hello");
}

static void
test_sent_moves_to_sent (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  expect_session (f->fake, "8BITMIME\nSIZE 10000000", "250 2.0.0 Queued as 1\r\n");
  start (f);
  g_clear_object (&item);
  item = queue (f, "Hello", "Body\n");
  g_assert_cmpuint (surat_outbox_get_size_limit (f->outbox), ==, 0);

  g_assert_true (flush (f, FALSE, &error));
  g_assert_no_error (error);
  /* The server's SIZE is remembered, for the composer's warning. */
  g_assert_cmpuint (surat_outbox_get_size_limit (f->outbox), ==, 10000000);
  g_assert_true (surat_fake_server_wait_done (f->fake));
  g_assert_null (surat_fake_server_get_error (f->fake));

  /* Sent, in Sent, read; and the wire carried no Bcc. */
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 0);
  g_assert_cmpuint (count (f, SURAT_FOLDER_SENT), ==, 1);
  rows = surat_index_list_messages (surat_store_get_index (f->store), ACCOUNT,
                                    SURAT_FOLDER_SENT, NULL, 0, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (surat_message_summary_get_seen (g_ptr_array_index (rows, 0)));
  wire = surat_fake_smtp_get_message (f->fake, 0);
  g_assert_null (g_strstr_len (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire), "secret"));

  /* Never twice: nothing is due, nobody is called. */
  g_assert_true (flush (f, TRUE, &error));
  g_assert_cmpuint (surat_fake_server_get_n_connections (f->fake), ==, 1);
}

static void
test_transient_waits (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) queued = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, "8BITMIME");
  surat_fake_server_expect (f->fake, "MAIL FROM:<me@example.org>*",
                            "451 4.3.2 Please try again later\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 Bye\r\n");
  surat_fake_server_next_connection (f->fake);
  expect_session (f->fake, "8BITMIME", "250 OK\r\n");
  start (f);
  queued = queue (f, "Later", "Body\n");

  g_assert_false (flush (f, FALSE, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_TRANSIENT);
  g_clear_error (&error);

  /* Waiting a minute (the first backoff), with the server's words, and
   * that survives a restart. */
  item = only_item (f);
  g_assert_cmpint (surat_outbox_item_get_state (item), ==, SURAT_OUTBOX_WAITING);
  g_assert_cmpuint (surat_outbox_item_get_attempts (item), ==, 1);
  g_assert_cmpint (surat_outbox_item_get_next_attempt (item), >=, now + 60);
  g_assert_cmpint (surat_outbox_item_get_next_attempt (item), <=, now + 62);
  g_assert_nonnull (strstr (surat_outbox_item_get_reason (item), "4.3.2 Please try again later"));

  /* Not due yet: no connection. */
  g_assert_true (flush (f, FALSE, &error));
  g_assert_cmpuint (surat_fake_server_get_n_connections (f->fake), ==, 1);

  /* "Retry now" sends it. */
  g_assert_true (flush (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, SURAT_FOLDER_SENT), ==, 1);
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 0);
}

static void
test_permanent_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) queued = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;

  expect_session (f->fake, "8BITMIME", "554 5.7.1 Message refused: looks like spam\r\n");
  start (f);
  queued = queue (f, "Spammy", "Body\n");

  g_assert_false (flush (f, FALSE, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PERMANENT);
  g_clear_error (&error);

  item = only_item (f);
  g_assert_cmpint (surat_outbox_item_get_state (item), ==, SURAT_OUTBOX_FAILED);
  g_assert_nonnull (strstr (surat_outbox_item_get_reason (item), "554 5.7.1 Message refused"));
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 1);

  /* A refused message waits for the person: no automatic retry. */
  g_assert_true (flush (f, FALSE, &error));
  g_assert_cmpuint (surat_fake_server_get_n_connections (f->fake), ==, 1);
}

static void
test_dropped_during_data (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) queued = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;
  g_autofree char *text = g_strnfill (200000, 'x');

  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, "8BITMIME");
  surat_fake_server_expect (f->fake, "MAIL FROM:<me@example.org>*", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<bob@example.org>", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<secret@example.org>", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "DATA", "354 Go ahead\r\n");
  surat_fake_smtp_expect_data_then_drop (f->fake, 1000);
  start (f);
  queued = queue (f, "Cut off", text);

  g_assert_false (flush (f, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Not delivered (no final dot went out): it waits for another try. */
  item = only_item (f);
  g_assert_cmpint (surat_outbox_item_get_state (item), ==, SURAT_OUTBOX_WAITING);
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 1);
  g_assert_cmpuint (count (f, SURAT_FOLDER_SENT), ==, 0);
}

static void
test_dropped_after_dot (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) queued = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, "8BITMIME");
  expect_transaction (f->fake, NULL);
  surat_fake_server_drop (f->fake);
  start (f);
  queued = queue (f, "Unknown", "Body\n");

  g_assert_false (flush (f, FALSE, &error));
  g_clear_error (&error);

  /* The server may have it: the person is told, and it is kept to try
   * again (the one case RFC 5321 leaves open). */
  item = only_item (f);
  g_assert_cmpint (surat_outbox_item_get_state (item), ==, SURAT_OUTBOX_WAITING);
  g_assert_nonnull (strstr (surat_outbox_item_get_reason (item), "may"));
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 1);
}

static void
test_queue_order_one_session (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) a = NULL;
  g_autoptr(SuratOutboxItem) b = NULL;
  g_autoptr(SuratOutboxItem) c = NULL;

  surat_fake_smtp_greet (f->fake);
  surat_fake_smtp_expect_ehlo (f->fake, "8BITMIME");
  for (guint i = 0; i < 3; i++)
    expect_transaction (f->fake, "250 OK\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 Bye\r\n");
  start (f);
  a = queue (f, "first", "1\n");
  b = queue (f, "second", "2\n");
  c = queue (f, "third", "3\n");

  g_assert_true (flush (f, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (surat_fake_server_get_n_connections (f->fake), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) wire = surat_fake_smtp_get_message (f->fake, i);
      const char *subjects[] = { "Subject: first", "Subject: second", "Subject: third" };

      g_assert_nonnull (g_strstr_len (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire),
                                      subjects[i]));
    }
  g_assert_cmpuint (count (f, SURAT_FOLDER_SENT), ==, 3);
}

static void
test_seven_bit_for_old_server (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) queued = NULL;
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  const guint8 *bytes;
  gsize len;

  /* No 8BITMIME: the 8-bit body goes quoted-printable (RFC 6152 §3). */
  expect_session (f->fake, "SIZE 1000000", "250 OK\r\n");
  start (f);
  queued = queue (f, "Unicode", "Terima kasih — Ελληνικά\n");

  g_assert_true (flush (f, FALSE, &error));
  g_assert_no_error (error);
  wire = surat_fake_smtp_get_message (f->fake, 0);
  bytes = g_bytes_get_data (wire, &len);
  for (gsize i = 0; i < len; i++)
    g_assert_cmpuint (bytes[i], <, 128);
  g_assert_nonnull (g_strstr_len ((const char *) bytes, len, "quoted-printable"));

  commands = surat_fake_server_get_commands (f->fake);
  for (guint i = 0; i < commands->len; i++)
    g_assert_null (strstr (((SuratFakeCommand *) g_ptr_array_index (commands, i))->line,
                           "8BITMIME"));

  /* What stays in Sent is the message as written, 8-bit. */
  g_assert_cmpuint (count (f, SURAT_FOLDER_SENT), ==, 1);
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratOutboxItem) item = queue (f, "Never mind", "Body\n");

  g_assert_true (surat_outbox_remove (f->outbox, item, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, SURAT_FOLDER_OUTBOX), ==, 0);
  g_assert_cmpuint (count (f, SURAT_FOLDER_TRASH), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/outbox/queue/durable-before-network", test_queue_is_durable);
  ADD ("/outbox/flush/sent-moves-to-sent", test_sent_moves_to_sent);
  ADD ("/outbox/flush/4yz-waits-with-backoff", test_transient_waits);
  ADD ("/outbox/flush/5yz-fails-with-words", test_permanent_fails);
  ADD ("/outbox/flush/dropped-during-data", test_dropped_during_data);
  ADD ("/outbox/flush/dropped-after-final-dot", test_dropped_after_dot);
  ADD ("/outbox/flush/queue-order-one-session", test_queue_order_one_session);
  ADD ("/outbox/flush/7bit-for-old-server", test_seven_bit_for_old_server);
  ADD ("/outbox/remove-to-trash", test_remove);

#undef ADD

  return g_test_run ();
}
