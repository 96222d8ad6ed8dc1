/* test-smtp-data.c — SuratSmtpClient sending the message itself to a
 * scripted fake server: byte for byte, streamed, over TLS, with progress;
 * and the connection lost, timed out or cancelled during and after it
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-smtp-test-fixture.h"

static const char * const to_bob[] = { BOB, NULL };
static const char * const to_three[] = { BOB, CAROL, DAVE, NULL };

/* --- the message, byte for byte -------------------------------------------- */

static const char * const data_byte_exact_contents[] = {
  /* RFC 5321 §4.5.2: dot-stuffing, a lone "." among them. */
  "Subject: dots\n\n.\n..\n.hidden\nnot.at.start\n.\nend\n",
  /* CRLF on disk works too. */
  "Subject: crlf\r\n\r\nline one\r\n.line two\r\n",
  /* No newline at the end of the file. */
  "Subject: no newline\n\nthe last line",
  /* Empty lines, and a body that is only a dot. */
  "Subject: empty\n\n\n\n.",
  /* Nothing at all. */
  "",
};

static void
data_byte_exact_case (Fixture *f,
                      guint    i)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "PIPELINING");
  script_message (f->fake, "MAIL FROM:<" FROM ">", "RCPT TO:<" BOB ">", "250 OK\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_send (f, to_bob, data_byte_exact_contents[i], NULL, &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, data_byte_exact_contents[i]);
}

static void
test_data_byte_exact (void)
{
  for_each_fixture (G_N_ELEMENTS (data_byte_exact_contents), data_byte_exact_case);
}

typedef struct {
  guint   n_calls;
  guint64 done;
  guint64 total;
  gboolean monotonic;
} Progress;

static void
progress_cb (SuratSmtpClient *client,
             guint64          done,
             guint64          total,
             gpointer         user_data)
{
  Progress *progress = user_data;

  progress->monotonic &= done >= progress->done && done <= total;
  progress->n_calls++;
  progress->done = done;
  progress->total = total;
}

/* An attachment-sized message: base64 lines, some lines starting with a
 * dot, no newline at the end. Returns it (10 MB). */
static GBytes *
large_message (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  GByteArray *out = g_byte_array_sized_new (10 * 1024 * 1024 + 100);
  guint line = 0;

  static const char header[] = "Subject: big\nContent-Type: application/octet-stream\n"
                               "Content-Transfer-Encoding: base64\n\n";

  g_byte_array_append (out, (const guint8 *) header, strlen (header));
  while (out->len < 10 * 1024 * 1024)
    {
      guint8 text[77];

      for (guint i = 0; i < 76; i++)
        text[i] = alphabet[(line * 7 + i * 13) % 64];
      if (line % 1000 == 0)
        text[0] = '.';
      text[76] = '\n';
      g_byte_array_append (out, text, line % 5000 == 4999 ? 1 : 77);
      if (line % 5000 == 4999)
        g_byte_array_append (out, (const guint8 *) "\n", 1);
      line++;
    }
  g_byte_array_append (out, (const guint8 *) "end", 3);

  return g_byte_array_free_to_bytes (out);
}

/* Streamed from disk, block by block, with progress up to the total; in
 * clear text and over TLS (SMTPS, RFC 8314), where the wait for the server
 * and the writes share one TLS stream. */
static void
data_large_case (Fixture *f,
                 guint    tls)
{
  g_autoptr(GBytes) content = large_message ();
  g_autoptr(GBytes) want = wire_form (g_bytes_get_data (content, NULL),
                                      g_bytes_get_size (content));
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GFile) file = write_message_bytes (f, g_bytes_get_data (content, NULL),
                                               g_bytes_get_size (content));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleartext = NULL;
  Progress progress = { 0, 0, 0, TRUE };

  surat_fake_server_set_implicit_tls (f->fake, tls);
  script_hello (f->fake, "PIPELINING\nSIZE 20000000");
  script_message (f->fake, "MAIL FROM:<" FROM "> SIZE=*", "RCPT TO:<" BOB ">",
                  "250 2.0.0 Queued\r\n");
  start_with (f, tls ? SURAT_SECURITY_TLS : SURAT_SECURITY_NONE, TIMEOUT);
  g_signal_connect (f->client, "progress", G_CALLBACK (progress_cb), &progress);

  connect_ok (f);
  g_assert_true (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, NULL, NULL,
                               &error));
  g_assert_no_error (error);
  assert_script_done (f);

  got = surat_fake_smtp_get_message (f->fake, 0);
  g_assert_cmpuint (g_bytes_get_size (got), ==, g_bytes_get_size (want));
  g_assert_true (g_bytes_equal (got, want));

  g_assert_cmpuint (progress.total, ==, g_bytes_get_size (content));
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.n_calls, >, 100);

  cleartext = surat_fake_server_get_received_cleartext (f->fake);
  if (tls)
    g_assert_cmpuint (g_bytes_get_size (cleartext), ==, 0);
}

static void
test_data_large (void)
{
  for_each_fixture (2, data_large_case);
}

static void
slow_progress_cb (SuratSmtpClient *client,
                  guint64          done,
                  guint64          total,
                  gpointer         user_data)
{
  /* A slow machine: the main loop stops for a while after every block. */
  g_usleep (30 * 1000);
}

/* A message that takes longer than the wait for one block, each block in
 * time: fine. The wait for the server during the message is renewed
 * before it runs out (a timeout would end a TLS stream for good). */
static void
data_longer_than_block_wait_case (Fixture *f,
                                  guint    tls)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = g_strnfill (3 * 1024 * 1024, 'y');

  for (gsize i = 77; i < 3 * 1024 * 1024; i += 78)
    content[i] = '\n';
  file = write_message_bytes (f, content, 3 * 1024 * 1024);

  surat_fake_server_set_implicit_tls (f->fake, tls);
  script_until_data (f->fake);
  surat_fake_smtp_expect_data (f->fake, "250 OK\r\n");
  start_with (f, tls ? SURAT_SECURITY_TLS : SURAT_SECURITY_NONE, 1);
  g_signal_connect (f->client, "progress", G_CALLBACK (slow_progress_cb), NULL);

  connect_ok (f);
  g_assert_true (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, NULL, NULL,
                               &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, content);
}

static void
test_data_longer_than_block_wait (void)
{
  for_each_fixture (2, data_longer_than_block_wait_case);
}

/* Bcc fields stay on disk and out of what is sent; the Bcc recipient
 * still gets a RCPT. */
static void
test_data_strip_bcc (Fixture       *f,
                     gconstpointer  data)
{
  static const char stored[] =
    "From: alice@example.org\nTo: bob@example.org\nBcc: carol@example.org,\n"
    " dave@example.org\nSubject: secret list\n\nBcc: in the body stays\n";
  static const char sent[] =
    "From: alice@example.org\nTo: bob@example.org\nSubject: secret list\n\n"
    "Bcc: in the body stays\n";
  g_autoptr(GFile) file = write_message (f, stored);
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = mail_from_with_size (sent);

  script_hello (f->fake, "PIPELINING\nSIZE");
  surat_fake_server_expect (f->fake, mail, "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" CAROL ">", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" DAVE ">", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "DATA", "354 Go ahead\r\n");
  surat_fake_smtp_expect_data (f->fake, "250 OK\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_send_file (f, FROM, to_three, file, SURAT_SMTP_SEND_STRIP_BCC, NULL, NULL,
                               &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, sent);
}

/* --- when the connection goes wrong ------------------------------------------ */

#define LARGE_MESSAGE_SIZE (4 * 1024 * 1024)

static GFile *
write_large_message (Fixture *f)
{
  g_autofree char *content = g_strnfill (LARGE_MESSAGE_SIZE, 'x');

  for (gsize i = 99; i < LARGE_MESSAGE_SIZE; i += 100)
    content[i] = '\n';
  return write_message_bytes (f, content, LARGE_MESSAGE_SIZE);
}

/* The server goes away in the middle of the message: not delivered, and
 * certainly no "." went out after that. */
static void
test_dropped_during_data (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = write_large_message (f);
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) partial = NULL;

  script_until_data (f->fake);
  surat_fake_smtp_expect_data_then_drop (f->fake, 64 * 1024);
  start (f);

  connect_ok (f);
  g_assert_false (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, NULL, &report,
                                &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The connection to 127.0.0.1 was lost while the message was "
                                   "being sent, so it was not delivered: "));
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  g_assert_false (surat_smtp_client_is_ready (f->client));
  assert_script_done (f);

  partial = surat_fake_smtp_get_message (f->fake, 0);
  g_assert_cmpuint (g_bytes_get_size (partial), <, LARGE_MESSAGE_SIZE);
}

/* The server goes away after the final "." and before its reply: the one
 * case in which the message may have been delivered. */
static void
test_dropped_after_dot (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_until_data (f->fake);
  surat_fake_smtp_expect_data (f->fake, NULL);
  surat_fake_server_drop (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The whole message was sent to 127.0.0.1, but the server did "
                                   "not confirm it; it may or may not have been delivered: "));
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_UNKNOWN);
  g_assert_null (report->reply);
  assert_script_done (f);
  assert_message_received (f, 0, SIMPLE_MESSAGE);
}

/* A server that gives up in the middle of the message and says why. */
static void
test_early_reply (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = write_large_message (f);
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_until_data (f->fake);
  surat_fake_smtp_expect_data_early_reply (f->fake, 64 * 1024,
                                           "552 5.3.4 Message too big for this server\r\n");
  start (f);

  connect_ok (f);
  g_assert_false (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, NULL, &report,
                                &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_SIZE_EXCEEDED);
  g_assert_cmpstr (error->message, ==,
                   "The server 127.0.0.1 refused the message while it was being sent: "
                   "552 5.3.4 Message too big for this server");
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  g_assert_cmpuint (report->reply->code, ==, 552);
  assert_script_done (f);
}

/* No reply to the final "." within its wait: unknown. */
static void
test_timeout_final_dot (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_until_data (f->fake);
  surat_fake_smtp_expect_data (f->fake, NULL);
  surat_fake_server_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);

  connect_ok (f);
  g_assert_false (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_UNKNOWN);
  assert_message_received (f, 0, SIMPLE_MESSAGE);
}

static void
cancel_on_progress_cb (SuratSmtpClient *client,
                       guint64          done,
                       guint64          total,
                       gpointer         user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelled in the middle of the message: no "." goes out. */
static void
test_cancel_during_data (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) file = write_large_message (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_until_data (f->fake);
  surat_fake_server_expect_close (f->fake);
  start (f);
  g_signal_connect (f->client, "progress", G_CALLBACK (cancel_on_progress_cb), cancellable);

  connect_ok (f);
  g_assert_false (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, cancellable,
                                &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  assert_script_done (f);

  g_assert_true (surat_fake_server_received_contains (f->fake, "xxxxxxxxxx\r\n"));
  g_assert_false (surat_fake_server_received_contains (f->fake, "\r\n.\r\n"));
}

/* Cancelled while waiting for the reply to the ".": unknown. */
static void
test_cancel_after_dot (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = write_message (f, SIMPLE_MESSAGE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_until_data (f->fake);
  surat_fake_smtp_expect_data (f->fake, NULL);
  surat_fake_server_stall (f->fake);
  start (f);

  connect_ok (f);
  surat_smtp_client_send_async (f->client, FROM, to_bob, file, SURAT_SMTP_SEND_NONE,
                                cancellable, surat_test_result_cb, &result);
  /* Once the server has the whole message, the "." has gone out. */
  while (surat_fake_smtp_get_n_messages (f->fake) == 0)
    surat_test_spin (10);
  g_assert_null (result);
  g_cancellable_cancel (cancellable);

  g_assert_false (surat_smtp_client_send_finish (f->client, surat_test_wait_result (&result),
                                                 &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/smtp/data/byte-exact", test_data_byte_exact);
  g_test_add_func ("/smtp/data/large-file-streamed", test_data_large);
  g_test_add_func ("/smtp/data/longer-than-block-wait", test_data_longer_than_block_wait);
  add_test ("/smtp/data/strip-bcc", test_data_strip_bcc);
  add_test ("/smtp/data/dropped-during-data", test_dropped_during_data);
  add_test ("/smtp/data/dropped-after-dot", test_dropped_after_dot);
  add_test ("/smtp/data/early-reply", test_early_reply);
  add_test ("/smtp/timeout/final-dot", test_timeout_final_dot);
  add_test ("/smtp/cancel/during-data", test_cancel_during_data);
  add_test ("/smtp/cancel/after-dot", test_cancel_after_dot);

  return g_test_run ();
}
