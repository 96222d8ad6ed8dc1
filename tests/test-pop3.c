/* test-pop3.c — SuratPop3Client’s transactions against a scripted fake server
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-pop3-test-fixture.h"

/* --- the transaction state ------------------------------------------------ */

typedef struct {
  const char *command;     /* what the server expects */
  const char *doing;       /* how the error begins */
} Step;

/* -ERR at each command: the typed error, our words, the server's words;
 * and the session goes on. */
static void
test_err_every_step (void)
{
  const Step steps[] = {
    { "STAT", "Counting the messages failed" },
    { "LIST", "Listing the messages failed" },
    { "RETR 1", "Downloading message 1 failed" },
    { "TOP 1 0", "Downloading the header of message 1 failed" },
    { "DELE 1", "Deleting message 1 failed" },
    { "RSET", "Undoing the deletions failed" },
    { "NOOP", "Keeping the connection alive failed" },
    { "QUIT", "Deleting the marked messages (QUIT) failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Fixture fixture = { 0 };
      Fixture *f = &fixture;
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GOutputStream) sink = memory_sink ();
      g_autoptr(GPtrArray) messages = NULL;
      gboolean quit = g_str_equal (steps[i].command, "QUIT");
      g_autofree char *verb = g_strndup (steps[i].command, 4);

      fixture_setup (f, NULL);
      script_login (f->fake, "USER\nTOP");
      surat_fake_pop3_expect (f->fake, steps[i].command, "-ERR [SYS/PERM] Step refused\r\n");
      if (!quit)
        surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
      surat_fake_pop3_expect_close (f->fake);
      start (f);
      connect_and_login (f);

      if (g_str_has_prefix (steps[i].command, "RETR"))
        g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, -1);
      else if (g_str_has_prefix (steps[i].command, "TOP"))
        {
          surat_pop3_client_top_async (f->client, 1, 0, sink, NULL, surat_test_result_cb,
                                       &result);
          g_assert_cmpint (surat_pop3_client_top_finish (f->client,
                                                         surat_test_wait_result (&result),
                                                         &error), ==, -1);
        }
      else if (g_str_equal (steps[i].command, "LIST"))
        {
          messages = do_scan (f, &error);
          g_assert_null (messages);
        }
      else
        g_assert_false (do_simple (f, verb, &error));

      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_PERM);
      g_assert_true (g_str_has_prefix (error->message, steps[i].doing));
      g_assert_true (g_str_has_suffix (error->message, "The server said: “Step refused”"));
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)),
                        ==, 0);

      if (!quit)
        {
          g_clear_error (&error);
          g_assert_true (do_simple (f, "NOOP", &error));
          g_assert_no_error (error);
          /* Dropping the last reference closes the connection. */
          g_clear_object (&result);
          g_clear_object (&f->client);
          g_clear_object (&f->connection);
        }
      assert_script_done (f);
      fixture_teardown (f, NULL);
    }
}

static void
test_stat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  guint64 size = 0;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK 3 4500\r\n");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK three messages\r\n");
  start (f);
  connect_and_login (f);

  surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
  g_assert_true (surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                                &count, &size, &error));
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (size, ==, 4500);

  g_clear_object (&result);
  surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
  g_assert_false (surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                                 &count, &size, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "three messages"));
  assert_script_done (f);
}

/* --- scan: UIDL + LIST ------------------------------------------------------ */

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL",
                          "+OK\r\n"
                          "1 000000016b07b38b\r\n"
                          "2 ..dotted\r\n"
                          "3 QhdPYR:00WBw1Ph7x7\r\n"
                          ".\r\n");
  /* The listing may come in any order (deleted messages leave gaps). */
  surat_fake_pop3_expect (f->fake, "LIST", "+OK 3 messages\r\n3 300\r\n1 100\r\n2 200\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  assert_message (messages, 0, 1, 100, "000000016b07b38b");
  assert_message (messages, 1, 2, 200, "..dotted");  /* not at line start: data */
  assert_message (messages, 2, 3, 300, "QhdPYR:00WBw1Ph7x7");
  assert_script_done (f);
}

/* No UIDL in CAPA: only LIST is sent, the uids are NULL. */
static void
test_scan_no_uidl (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nTOP");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 200\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  assert_message (messages, 0, 1, 100, NULL);
  assert_message (messages, 1, 2, 200, NULL);
  assert_script_done (f);
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "UIDL"));
}

/* No CAPA at all: UIDL is tried, and its -ERR means no uids. */
static void
test_scan_uidl_err (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, NULL);
  surat_fake_pop3_expect (f->fake, "UIDL", "-ERR Unknown command\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_message (messages, 0, 1, 100, NULL);
  assert_script_done (f);
}

/* A server that announced UIDL and then refuses it: an error, never a
 * silent "no uids" that would make the caller fetch everything again. */
static void
test_scan_uidl_err_announced (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL", "-ERR [SYS/TEMP] Index rebuilding\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_SYS_TEMP);
  g_assert_true (g_str_has_prefix (error->message, "Listing the messages failed"));
  g_assert_true (g_str_has_suffix (error->message, "“Index rebuilding”"));
  assert_script_done (f);
}

static void
test_scan_invalid (void)
{
  const char *uidl_replies[] = {
    "+OK\r\n1 abc def\r\n.\r\n",                         /* a space inside a uid */
    "+OK\r\n1 abc\r\n2 abc\r\n.\r\n",                    /* the same uid twice */
    "+OK\r\n1 caf\xc3\xa9\r\n.\r\n",                     /* eight-bit */
    "+OK\r\n0 abc\r\n.\r\n",                             /* message 0 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (uidl_replies); i++)
    {
      Fixture fixture = { 0 };
      Fixture *f = &fixture;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = NULL;

      fixture_setup (f, NULL);
      script_login (f->fake, "USER\nUIDL");
      surat_fake_pop3_expect (f->fake, "UIDL", uidl_replies[i]);
      surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 100\r\n.\r\n");
      start (f);
      connect_and_login (f);

      messages = do_scan (f, &error);
      g_assert_null (messages);
      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      assert_script_done (f);
      fixture_teardown (f, NULL);
    }
}

/* --- RETR and TOP ------------------------------------------------------------ */

/* Every kind of line a message body can hold, as it goes over the wire, and
 * as it must land on disk. */
#define WIRE_BODY \
  "Subject: dots\r\n" \
  "\r\n" \
  "..\r\n" \
  "...leading dots\r\n" \
  "a line. with a dot\r\n" \
  "bare\rcarriage return\r\n" \
  "bare line feed\n" \
  "..\r\n" \
  "\r\n" \
  "last line\r\n" \
  ".\r\n"
#define DISK_BODY \
  "Subject: dots\n" \
  "\n" \
  ".\n" \
  "..leading dots\n" \
  "a line. with a dot\n" \
  "bare\rcarriage return\n" \
  "bare line feed\n" \
  ".\n" \
  "\n" \
  "last line\n"

static void
test_retr_dot_unstuffing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GOutputStream) empty = memory_sink ();
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK 180 octets\r\n" WIRE_BODY);
  surat_fake_pop3_expect (f->fake, "RETR 2", "+OK 0 octets\r\n.\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, strlen (DISK_BODY));
  g_assert_no_error (error);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   DISK_BODY, strlen (DISK_BODY));

  g_assert_cmpint (do_retrieve (f, 2, empty, &error), ==, 0);
  g_assert_no_error (error);
  assert_script_done (f);
}

static void
test_top_dot_unstuffing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER\nTOP");
  surat_fake_pop3_expect (f->fake, "TOP 7 3", "+OK\r\n" WIRE_BODY);
  start (f);
  connect_and_login (f);

  surat_pop3_client_top_async (f->client, 7, 3, sink, NULL, surat_test_result_cb, &result);
  g_assert_cmpint (surat_pop3_client_top_finish (f->client, surat_test_wait_result (&result),
                                                 &error), ==, strlen (DISK_BODY));
  g_assert_no_error (error);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   DISK_BODY, strlen (DISK_BODY));
  assert_script_done (f);
}

/* The connection drops halfway through a message: RETR fails, the sink
 * holds what came (for the caller to throw away), and every command
 * queued behind it fails with the very same error. */
static void
test_retr_dropped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GAsyncResult) retr = NULL;
  g_autoptr(GAsyncResult) noop = NULL;
  g_autoptr(GAsyncResult) quit = NULL;
  g_autoptr(GError) retr_error = NULL;
  g_autoptr(GError) noop_error = NULL;
  g_autoptr(GError) quit_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1",
                          "+OK 100 octets\r\nSubject: x\r\n\r\nline one\r\nline t");
  surat_fake_pop3_drop (f->fake);
  start (f);
  connect_and_login (f);

  surat_pop3_client_retrieve_async (f->client, 1, sink, NULL, surat_test_result_cb, &retr);
  surat_pop3_client_noop_async (f->client, NULL, surat_test_result_cb, &noop);
  surat_pop3_client_quit_async (f->client, NULL, surat_test_result_cb, &quit);

  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&retr),
                                                      &retr_error), ==, -1);
  g_assert_error (retr_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  bytes = sink_bytes (sink);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "Subject: x\n\nline one\nline t", 27);

  g_assert_false (surat_pop3_client_noop_finish (f->client, surat_test_wait_result (&noop),
                                                 &noop_error));
  g_assert_false (surat_pop3_client_quit_finish (f->client, surat_test_wait_result (&quit),
                                                 &quit_error));
  g_assert_error (noop_error, retr_error->domain, retr_error->code);
  g_assert_error (quit_error, retr_error->domain, retr_error->code);
  g_assert_cmpstr (noop_error->message, ==, retr_error->message);
  g_assert_cmpstr (quit_error->message, ==, retr_error->message);
  assert_script_done (f);
}

#define TEN_MB (10 * 1024 * 1024)

/* No line limit inside a message: a 10 MB line is stored whole, and the
 * session stays in step after it. */
static void
test_retr_huge_line (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = memory_sink ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (sink);
  const guint8 *stored;
  gsize size;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: big\r\n\r\n");
  surat_fake_pop3_send_repeated (f->fake, 'x', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, sink, &error), ==, 14 + TEN_MB + 1);
  g_assert_no_error (error);

  stored = g_memory_output_stream_get_data (memory);
  size = g_memory_output_stream_get_data_size (memory);
  g_assert_cmpuint (size, ==, 14 + TEN_MB + 1);
  g_assert_cmpmem (stored, 14, "Subject: big\n\n", 14);
  for (gsize i = 14; i < 14 + TEN_MB; i++)
    if (stored[i] != 'x')
      g_assert_cmpint (stored[i], ==, 'x');
  g_assert_cmpint (stored[size - 1], ==, '\n');

  g_assert_true (do_simple (f, "NOOP", &error));
  assert_script_done (f);
}

/* A status line has a limit: 10 MB of it is an error, not 10 MB of RAM. */
static void
test_status_huge_line (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "STAT", "+OK ");
  surat_fake_pop3_send_repeated (f->fake, '1', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n");
  start (f);
  connect_and_login (f);

  g_assert_false (do_simple (f, "STAT", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_listing_huge_line (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER\nUIDL");
  surat_fake_pop3_expect (f->fake, "UIDL", "+OK\r\n1 ");
  surat_fake_pop3_send_repeated (f->fake, 'u', TEN_MB);
  surat_fake_pop3_send (f->fake, "\r\n.\r\n");
  start (f);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

/* A listing that never ends times out on the connection's timeout. */
static void
test_listing_never_ends (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 100\r\n2 200\r\n");
  surat_fake_pop3_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);
  connect_and_login (f);

  messages = do_scan (f, &error);
  g_assert_null (messages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static gboolean
sink_has_data (GOutputStream *sink)
{
  return g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)) > 0;
}

/* Cancelling mid-RETR: the RETR says cancelled; the session cannot go on
 * (the rest of the message is still on the wire), so later commands fail
 * without being sent. */
static void
test_retr_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: slow\r\n\r\nfirst part");
  surat_fake_pop3_stall (f->fake);
  start (f);
  connect_and_login (f);

  surat_pop3_client_retrieve_async (f->client, 1, sink, cancellable, surat_test_result_cb,
                                    &result);
  while (!sink_has_data (sink))
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);

  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client,
                                                      surat_test_wait_result (&result),
                                                      &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&error);
  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (surat_connection_is_connected (f->connection));
}

/* --- pipelining ------------------------------------------------------------- */

typedef struct {
  GPtrArray *order;   /* names of the commands, as they completed */
  guint      pending;
} Completions;

typedef struct {
  Completions   *completions;
  const char    *name;
  GOutputStream *sink;
  gssize         size;
} Issued;

static void
retrieve_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Issued *issued = user_data;
  g_autoptr(GError) error = NULL;

  issued->size = surat_pop3_client_retrieve_finish (SURAT_POP3_CLIENT (source), result, &error);
  g_assert_no_error (error);
  g_ptr_array_add (issued->completions->order, (gpointer) issued->name);
  issued->completions->pending--;
}

static void
quit_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Issued *issued = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (surat_pop3_client_quit_finish (SURAT_POP3_CLIENT (source), result, &error));
  g_assert_no_error (error);
  g_ptr_array_add (issued->completions->order, (gpointer) issued->name);
  issued->completions->pending--;
}

/* Three RETRs and a QUIT issued at once; checks bodies and order. */
static void
run_batch (Fixture *f)
{
  Completions completions = { g_ptr_array_new (), 4 };
  Issued issued[4] = {
    { &completions, "RETR 1", memory_sink (), 0 },
    { &completions, "RETR 2", memory_sink (), 0 },
    { &completions, "RETR 3", memory_sink (), 0 },
    { &completions, "QUIT", NULL, 0 },
  };

  for (guint i = 0; i < 3; i++)
    surat_pop3_client_retrieve_async (f->client, i + 1, issued[i].sink, NULL,
                                      retrieve_done_cb, &issued[i]);
  surat_pop3_client_quit_async (f->client, NULL, quit_done_cb, &issued[3]);

  while (completions.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (completions.order->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (g_ptr_array_index (completions.order, i), ==, issued[i].name);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) bytes = sink_bytes (issued[i].sink);
      g_autofree char *expected = g_strdup_printf ("Subject: %u\n\nBody %u\n", i + 1, i + 1);

      g_assert_cmpint (issued[i].size, ==, strlen (expected));
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       expected, strlen (expected));
      g_object_unref (issued[i].sink);
    }

  g_ptr_array_unref (completions.order);
}

static void
script_batch (SuratFakePop3 *fake)
{
  surat_fake_pop3_expect (fake, "RETR 1", "+OK\r\nSubject: 1\r\n\r\nBody 1\r\n.\r\n");
  surat_fake_pop3_expect (fake, "RETR 2", "+OK\r\nSubject: 2\r\n\r\nBody 2\r\n.\r\n");
  surat_fake_pop3_expect (fake, "RETR 3", "+OK\r\nSubject: 3\r\n\r\nBody 3\r\n.\r\n");
  surat_fake_pop3_expect (fake, "QUIT", "+OK Bye\r\n");
  surat_fake_pop3_expect_close (fake);
}

/* With PIPELINING the server gets all four commands before it answers
 * any (it refuses to answer earlier); results still come in order. */
static void
test_pipelining_on (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nPIPELINING");
  surat_fake_pop3_wait_lines (f->fake, 4);
  script_batch (f->fake);
  start (f);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  g_assert_cmpuint (commands->len, ==, 7);
  for (guint i = 4; i < 7; i++)
    {
      SuratFakePop3Command *command = g_ptr_array_index (commands, i);

      g_assert_true (command->pipelined);
    }
}

/* Without PIPELINING each command goes out only after the previous reply. */
static void
test_pipelining_off (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nUIDL");
  script_batch (f->fake);
  start (f);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  g_assert_cmpuint (commands->len, ==, 7);
  for (guint i = 0; i < commands->len; i++)
    {
      SuratFakePop3Command *command = g_ptr_array_index (commands, i);

      g_assert_false (command->pipelined);
    }
}

/* Pipelining switched off by the account: one at a time, though the
 * server offers it. */
static void
test_pipelining_depth_one (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = NULL;

  script_login (f->fake, "USER\nPIPELINING");
  script_batch (f->fake);
  start (f);
  surat_pop3_client_set_pipeline_depth (f->client, 1);
  connect_and_login (f);

  run_batch (f);
  assert_script_done (f);

  commands = surat_fake_pop3_get_commands (f->fake);
  for (guint i = 0; i < commands->len; i++)
    g_assert_false (((SuratFakePop3Command *) g_ptr_array_index (commands, i))->pipelined);
}

/* The connection drops in the middle of a pipelined batch: what came
 * before is whole, the interrupted RETR and everything behind it fail
 * with the same error. */
static void
test_pipelining_drop_mid_batch (Fixture       *f,
                                gconstpointer  data)
{
  SuratFakePop3ServeOptions options = {
    .user = USER, .password = PASSWORD, .drop_in_retr = 2, .drop_after_bytes = 12,
  };
  GOutputStream *sinks[3];
  GAsyncResult *results[3] = { NULL, NULL, NULL };
  GError *errors[3] = { NULL, NULL, NULL };
  gssize sizes[3];

  surat_fake_pop3_add_message (f->fake, "a", "Subject: one\n\nBody one\n");
  surat_fake_pop3_add_message (f->fake, "b", "Subject: two\n\nBody two\n");
  surat_fake_pop3_add_message (f->fake, "c", "Subject: three\n\nBody three\n");
  surat_fake_pop3_serve (f->fake, &options);
  start (f);
  connect_and_login (f);
  g_assert_true (surat_pop3_client_get_capa (f->client)->flags & SURAT_POP3_CAPA_PIPELINING);

  for (guint i = 0; i < 3; i++)
    {
      sinks[i] = memory_sink ();
      surat_pop3_client_retrieve_async (f->client, i + 1, sinks[i], NULL, surat_test_result_cb,
                                        &results[i]);
    }
  for (guint i = 0; i < 3; i++)
    sizes[i] = surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&results[i]),
                                                  &errors[i]);

  g_assert_no_error (errors[0]);
  g_assert_cmpint (sizes[0], ==, strlen ("Subject: one\n\nBody one\n"));
  g_assert_cmpint (sizes[1], ==, -1);
  g_assert_cmpint (sizes[2], ==, -1);
  g_assert_error (errors[1], G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_error (errors[2], G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpstr (errors[1]->message, ==, errors[2]->message);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sinks[1])),
                    ==, strlen ("Subject: two"));

  for (guint i = 0; i < 3; i++)
    {
      g_clear_error (&errors[i]);
      g_clear_object (&results[i]);
      g_object_unref (sinks[i]);
    }
  assert_script_done (f);
}

/* --- QUIT ---------------------------------------------------------------------- */

static void
test_quit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "DELE 1", "+OK Marked\r\n");
  surat_fake_pop3_expect (f->fake, "QUIT", "+OK Bye\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);
  connect_and_login (f);

  g_assert_true (do_simple (f, "DELE", &error));
  g_assert_true (do_simple (f, "QUIT", &error));
  g_assert_no_error (error);
  /* The server saw the connection close (expect_close), and the client
   * refuses anything after QUIT. */
  assert_script_done (f);

  g_assert_false (do_simple (f, "NOOP", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* --- the queue ------------------------------------------------------------------ */

/* A sink that fails (a full disk) fails its RETR only. */
static void
test_retr_sink_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  g_autoptr(GFileOutputStream) sink = NULL;
  g_autoptr(GError) error = NULL;

  sink = g_file_append_to (full, G_FILE_CREATE_NONE, NULL, &error);
  if (sink == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }

  script_login (f->fake, "USER");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "NOOP", "+OK\r\n");
  start (f);
  connect_and_login (f);

  g_assert_cmpint (do_retrieve (f, 1, G_OUTPUT_STREAM (sink), &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  g_clear_error (&error);
  g_assert_true (do_simple (f, "NOOP", &error));
  g_assert_no_error (error);
  assert_script_done (f);
}

static void
collect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray *results = user_data;

  g_ptr_array_add (results, g_object_ref (result));
}

/* Everything issued at once, before connect has finished: the dialogues
 * (connect, login) hold back what follows; all completes in order. */
static void
test_queue_all_at_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GOutputStream) sink = memory_sink ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;

  script_login (f->fake, "USER\nUIDL\nPIPELINING");
  surat_fake_pop3_expect (f->fake, "UIDL", "+OK\r\n1 a\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "LIST", "+OK\r\n1 10\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "RETR 1", "+OK\r\nx\r\n.\r\n");
  surat_fake_pop3_expect (f->fake, "QUIT", "+OK\r\n");
  surat_fake_pop3_expect_close (f->fake);
  start (f);

  surat_pop3_client_connect_async (f->client, NULL, collect_cb, results);
  surat_pop3_client_login_async (f->client, USER, PASSWORD, NULL, collect_cb, results);
  surat_pop3_client_scan_async (f->client, NULL, collect_cb, results);
  surat_pop3_client_retrieve_async (f->client, 1, sink, NULL, collect_cb, results);
  surat_pop3_client_quit_async (f->client, NULL, collect_cb, results);

  while (results->len < 5)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (surat_pop3_client_connect_finish (f->client, results->pdata[0], &error));
  g_assert_true (surat_pop3_client_login_finish (f->client, results->pdata[1], &error));
  messages = surat_pop3_client_scan_finish (f->client, results->pdata[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpint (surat_pop3_client_retrieve_finish (f->client, results->pdata[3], &error),
                   ==, 2);
  g_assert_true (surat_pop3_client_quit_finish (f->client, results->pdata[4], &error));
  g_assert_no_error (error);
  assert_script_done (f);

  /* Nothing went out before the login was through. */
  commands = surat_fake_pop3_get_commands (f->fake);
  for (guint i = 0; i < 3; i++)
    g_assert_false (((SuratFakePop3Command *) g_ptr_array_index (commands, i))->pipelined);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/pop3/errors/every-step", test_err_every_step);
  ADD ("/pop3/stat", test_stat);
  ADD ("/pop3/scan/uidl-and-list", test_scan);
  ADD ("/pop3/scan/no-uidl", test_scan_no_uidl);
  ADD ("/pop3/scan/uidl-err", test_scan_uidl_err);
  ADD ("/pop3/scan/uidl-err-announced", test_scan_uidl_err_announced);
  g_test_add_func ("/pop3/scan/invalid", test_scan_invalid);
  ADD ("/pop3/retr/dot-unstuffing", test_retr_dot_unstuffing);
  ADD ("/pop3/top/dot-unstuffing", test_top_dot_unstuffing);
  ADD ("/pop3/retr/dropped", test_retr_dropped);
  ADD ("/pop3/retr/huge-line", test_retr_huge_line);
  ADD ("/pop3/retr/cancel", test_retr_cancel);
  ADD ("/pop3/limits/huge-status-line", test_status_huge_line);
  ADD ("/pop3/limits/huge-listing-line", test_listing_huge_line);
  ADD ("/pop3/limits/listing-never-ends", test_listing_never_ends);
  ADD ("/pop3/pipelining/on", test_pipelining_on);
  ADD ("/pop3/pipelining/off", test_pipelining_off);
  ADD ("/pop3/pipelining/depth-one", test_pipelining_depth_one);
  ADD ("/pop3/pipelining/drop-mid-batch", test_pipelining_drop_mid_batch);
  ADD ("/pop3/quit", test_quit);
  ADD ("/pop3/retr/sink-fails", test_retr_sink_fails);
  ADD ("/pop3/queue/all-at-once", test_queue_all_at_once);

#undef ADD

  return g_test_run ();
}
