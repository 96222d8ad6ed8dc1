/* test-sending.c — sending from the app: Undo, the Outbox view, replies, mailto:
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app in-process against the sandbox's real aiosmtpd and Dovecot on
 * loopback. What is checked is what the server received (its envelopes
 * and the delivered files, parsed with GMime), what is on disk in the
 * Outbox, and what the window shows.
 */
#include "config.h"

#include <string.h>

#include "surat-gmime-autocleanups.h"

#include "surat-application-private.h"
#include "surat-composer-window.h"
#include "surat-test-sandbox.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"
#include "surat-window.h"

typedef struct {
  SuratTestSandbox *sandbox;
  SuratApplication *app;
  SuratWindow      *window;
  SuratAccount     *account;
  GPtrArray        *composed;     /* drafts handed to a composer */
} Fixture;

static void
compose_hook (SuratApplication *app,
              SuratDraft       *draft,
              gpointer          user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->composed, g_object_ref (draft));
}

/* surat_test_ui_start_app() with G_APPLICATION_HANDLES_OPEN, as
 * surat_application_new() makes it; a new id, as the helper does. */
static SuratApplication *
start_opening_app (void)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%s.TestOpen%u", APPLICATION_ID, n++);
  SuratApplication *app;

  app = g_object_new (SURAT_TYPE_APPLICATION,
                      "application-id", id,
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                      "resource-base-path", "/io/github/surat/Surat",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  return app;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *webkit_dir = g_build_filename (g_get_user_runtime_dir (), "webkitgtk", NULL);

  g_assert_cmpint (g_mkdir_with_parents (webkit_dir, 0700), ==, 0);
  f->sandbox = surat_test_sandbox_start (NULL);
  surat_test_sandbox_write_account (f->sandbox, g_get_user_config_dir (), &error);
  g_assert_no_error (error);

  f->composed = g_ptr_array_new_with_free_func (g_object_unref);
  f->app = data != NULL ? start_opening_app () : surat_test_ui_start_app ();
  surat_application_set_compose_hook (f->app, compose_hook, f);
  f->window = SURAT_WINDOW (surat_test_ui_get_window (f->app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->account = surat_application_find_account (f->app, SURAT_TEST_SANDBOX_ACCOUNT);
  g_assert_nonnull (f->account);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  surat_application_set_compose_hook (f->app, NULL, NULL);
  surat_test_ui_stop_app (f->app);
  g_ptr_array_unref (f->composed);
  surat_test_sandbox_free (f->sandbox);
}

/* --- helpers ------------------------------------------------------------------ */

static GPtrArray *
envelopes (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = surat_test_smtpd_get_envelopes (surat_test_sandbox_get_smtpd (f->sandbox), &error);

  g_assert_no_error (error);
  return list;
}

typedef struct {
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
has_envelopes (gpointer data)
{
  CountWait *wait = data;
  g_autoptr(GPtrArray) list = envelopes (wait->f);

  /* Polling the server's log is cheap, but not every frame. */
  g_usleep (20000);
  return list->len >= wait->n;
}

static void
wait_envelopes (Fixture *f,
                guint    n)
{
  CountWait wait = { f, n };

  surat_test_ui_wait (has_envelopes, &wait, 60, "the server to receive the message");
}

static GPtrArray *
outbox_items (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = surat_outbox_list (surat_application_get_outbox (f->app, f->account), &error);

  g_assert_no_error (error);
  return items;
}

static gboolean
outbox_empty (gpointer data)
{
  g_autoptr(GPtrArray) items = outbox_items (data);

  return items->len == 0;
}

static char *
outbox_path (Fixture    *f,
             const char *file)
{
  SuratMaildir *maildir = surat_store_get_maildir (surat_application_get_store (f->app),
                                                   SURAT_TEST_SANDBOX_ACCOUNT, SURAT_FOLDER_OUTBOX,
                                                   NULL);

  g_assert_nonnull (maildir);
  return g_build_filename (surat_maildir_get_path (maildir), file, NULL);
}

static char *
write_temp (const char *name,
            GBytes     *bytes)
{
  /* In the test's own (isolated, removed afterwards) directories: never a
   * shared path in /tmp another user's run may own. */
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "attachments", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static GMimeMessage *
parse_delivered (SuratTestSmtpdEnvelope *envelope)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  GMimeMessage *message;

  g_assert_nonnull (envelope->delivered);
  g_assert_nonnull (envelope->delivered[0]);
  stream = g_mime_stream_file_open (envelope->delivered[0], "r", NULL);
  g_assert_nonnull (stream);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_assert_nonnull (message);
  return message;
}

/* The decoded bytes of the attachment named @filename in @message. */
static GBytes *
attachment_bytes (GMimeMessage *message,
                  const char   *filename)
{
  g_autoptr(GMimePartIter) iter = g_mime_part_iter_new (g_mime_message_get_mime_part (message));

  do
    {
      GMimeObject *object = g_mime_part_iter_get_current (iter);

      if (GMIME_IS_PART (object) &&
          g_strcmp0 (g_mime_part_get_filename (GMIME_PART (object)), filename) == 0)
        {
          g_autoptr(GMimeStream) memory = g_mime_stream_mem_new ();
          GByteArray *array;

          g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (object)), memory);
          array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (memory));
          return g_bytes_new (array->data, array->len);
        }
    }
  while (g_mime_part_iter_next (iter));

  g_error ("No attachment “%s” in the delivered message", filename);
  return NULL;
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                   g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

static guint
count_folder (Fixture     *f,
              SuratFolder  folder)
{
  return surat_index_count (surat_store_get_index (surat_application_get_store (f->app)),
                            SURAT_TEST_SANDBOX_ACCOUNT, folder, FALSE, NULL);
}


static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* --- send, Undo, send again ------------------------------------------------------ */

static guint fetched_before;

static gboolean
inbox_grew (gpointer data)
{
  return count_folder (data, SURAT_FOLDER_INBOX) > fetched_before;
}

static void
test_undo_then_send (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SuratDraft) draft = surat_draft_new (f->account);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GBytes) sheet = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *photo_path = NULL;
  g_autofree char *sheet_path = NULL;
  g_autofree char *queued_file = NULL;
  g_autofree char *shot = NULL;
  guchar raw[70000];
  SuratDraft *reopened;
  GtkWidget *undo;

  /* Every byte value, so a wrong transfer encoding shows. */
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guchar) ((i * 7 + i / 256) & 0xff);
  photo = g_bytes_new (raw, sizeof raw);
  sheet = g_bytes_new_static ("jenis;karung\r\nArabika Gayo;40\nRobusta;12\n", 42);
  photo_path = write_temp ("karung.jpg", photo);
  sheet_path = write_temp ("panen.csv", sheet);

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, "Agus <agus@petani.test>");
  /* A copy to the sandbox address comes back by POP3. */
  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_CC, SURAT_TEST_SANDBOX_ADDRESS);
  surat_draft_set_subject (draft, "Laporan panen");
  surat_draft_set_body (draft, "Terlampir foto karung dan angka panen.\n");
  surat_draft_add_attachment (draft, photo_path, NULL, "image/jpeg", &error);
  g_assert_no_error (error);
  surat_draft_add_attachment (draft, sheet_path, NULL, "text/csv", &error);
  g_assert_no_error (error);

  g_assert_true (surat_application_send_draft (f->app, draft, &error));
  g_assert_no_error (error);

  /* In the Outbox on disk at once, and nothing at the server yet. */
  items = outbox_items (f);
  g_assert_cmpuint (items->len, ==, 1);
  queued_file = outbox_path (f, surat_outbox_item_get_file (g_ptr_array_index (items, 0)));
  g_assert_true (g_file_test (queued_file, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&items, g_ptr_array_unref);
  sent = envelopes (f);
  g_assert_cmpuint (sent->len, ==, 0);
  g_clear_pointer (&sent, g_ptr_array_unref);

  /* The toast names it and offers Undo. */
  surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Sending “Laporan panen”…", 5);
  undo = surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Undo");
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "sending-undo-toast");
  click (undo);

  /* Out of the Outbox, back in a composer, never sent. */
  items = outbox_items (f);
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_false (g_file_test (queued_file, G_FILE_TEST_EXISTS));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_cmpuint (f->composed->len, ==, 1);
  reopened = g_ptr_array_index (f->composed, 0);
  g_assert_cmpstr (surat_draft_get_subject (reopened), ==, "Laporan panen");
  g_assert_cmpuint (surat_draft_get_attachments (reopened)->len, ==, 2);
  surat_test_spin (6000);
  sent = envelopes (f);
  g_assert_cmpuint (sent->len, ==, 0);
  g_clear_pointer (&sent, g_ptr_array_unref);

  /* Sent again and left alone: it goes, both attachments intact. */
  g_assert_true (surat_application_send_draft (f->app, reopened, &error));
  g_assert_no_error (error);
  wait_envelopes (f, 1);
  sent = envelopes (f);
  g_assert_cmpuint (sent->len, ==, 1);
  message = parse_delivered (g_ptr_array_index (sent, 0));
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Laporan panen");
  got = attachment_bytes (message, "karung.jpg");
  assert_bytes_equal (got, photo);
  g_clear_pointer (&got, g_bytes_unref);
  got = attachment_bytes (message, "panen.csv");
  assert_bytes_equal (got, sheet);

  /* In Sent, out of the Outbox (the 250 moved it). */
  surat_test_ui_wait (outbox_empty, f, 30, "the Outbox to empty");
  g_assert_cmpuint (count_folder (f, SURAT_FOLDER_SENT), ==, 1);

  /* Fetched back into the Inbox, it is the same message, attachments
   * byte for byte. */
  fetched_before = count_folder (f, SURAT_FOLDER_INBOX);
  surat_application_get_mail (f->app, f->account);
  surat_test_ui_wait (inbox_grew, f, 60, "the copy to come back by POP3");
  {
    SuratStore *store = surat_application_get_store (f->app);
    g_autoptr(GPtrArray) inbox = surat_index_list_messages (surat_store_get_index (store),
                                                            SURAT_TEST_SANDBOX_ACCOUNT,
                                                            SURAT_FOLDER_INBOX, NULL, 0, &error);
    SuratMessageSummary *copy = NULL;
    g_autofree char *path = NULL;
    g_autoptr(SuratMessage) back = NULL;
    GPtrArray *attachments;

    g_assert_no_error (error);
    for (guint i = 0; i < inbox->len; i++)
      if (g_strcmp0 (surat_message_summary_get_subject (g_ptr_array_index (inbox, i)),
                     "Laporan panen") == 0)
        {
          g_assert_null (copy);
          copy = g_ptr_array_index (inbox, i);
        }
    g_assert_nonnull (copy);
    path = surat_store_get_message_path (store, copy, &error);
    g_assert_no_error (error);
    back = surat_message_new_from_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (surat_message_get_subject (back), ==, "Laporan panen");
    attachments = surat_message_get_attachments (back);
    g_assert_cmpuint (attachments->len, ==, 2);
    for (guint i = 0; i < attachments->len; i++)
      {
        SuratAttachment *a = g_ptr_array_index (attachments, i);
        g_autoptr(GBytes) content = surat_message_get_attachment_content (back, a, &error);

        g_assert_no_error (error);
        assert_bytes_equal (content, g_str_equal (surat_attachment_get_filename (a), "karung.jpg")
                                       ? photo : sheet);
      }
  }
}

/* --- a reply from the message view ------------------------------------------------ */

static gboolean
inbox_filled (gpointer data)
{
  Fixture *f = data;
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (f->window));

  return model != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == surat_test_sandbox_get_n_seeded (f->sandbox);
}

static void
test_reply (Fixture       *f,
            gconstpointer  data)
{
  SuratMailboxView *mailbox = surat_window_get_mailbox (f->window);
  SuratMessageView *view = surat_window_get_message_view (f->window);
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GMimeMessage) delivered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original_id = NULL;
  g_autofree char *shot = NULL;
  const char *references;
  SuratMessage *original;
  SuratDraft *reply;

  surat_test_ui_wait (inbox_filled, f, 90, "the sandbox inbox to fill");
  surat_mailbox_view_select (mailbox, 0);
  surat_test_ui_wait_signal (view, "loaded", 20);
  original = surat_message_view_get_message (view);
  original_id = g_strdup (surat_message_get_message_id (original));
  g_assert_nonnull (original_id);

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "message-reply-buttons");
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (view), GTK_TYPE_BUTTON, NULL));

  /* Ctrl+R's action, as the Reply button and the shortcut use it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reply", NULL));
  g_assert_cmpuint (f->composed->len, ==, 1);
  reply = g_ptr_array_index (f->composed, 0);
  g_assert_true (g_str_has_prefix (surat_draft_get_subject (reply), "Re: ") ||
                 g_str_has_prefix (surat_draft_get_subject (reply), "RE:") ||
                 g_str_has_prefix (surat_draft_get_subject (reply), "Re:"));

  /* The sandbox address's own mail would come back by POP3; keep the
   * reply at the server's "sent" Maildir whoever wrote the original. */
  surat_draft_set_addresses (reply, SURAT_MESSAGE_FIELD_TO, "Agus <agus@petani.test>");
  g_assert_true (surat_application_send_draft (f->app, reply, &error));
  g_assert_no_error (error);
  wait_envelopes (f, 1);

  sent = envelopes (f);
  delivered = parse_delivered (g_ptr_array_index (sent, 0));
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (delivered), "In-Reply-To"), !=, NULL);
  g_assert_nonnull (strstr (g_mime_object_get_header (GMIME_OBJECT (delivered), "In-Reply-To"),
                            original_id));
  references = g_mime_object_get_header (GMIME_OBJECT (delivered), "References");
  g_assert_nonnull (references);
  g_assert_nonnull (strstr (references, original_id));
  /* The flush ends before the test's directories go. */
  surat_test_ui_wait (outbox_empty, f, 30, "the Outbox to empty");
}

/* --- the Outbox view: a refused recipient, Retry Now, Delete ----------------------- */

typedef struct {
  Fixture         *f;
  SuratOutboxState state;
  guint            n;
} StateWait;

static gboolean
outbox_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(GPtrArray) items = outbox_items (wait->f);
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    if (surat_outbox_item_get_state (g_ptr_array_index (items, i)) == wait->state)
      n++;
  return n == wait->n;
}

static void
send_simple (Fixture    *f,
             const char *to,
             const char *subject)
{
  g_autoptr(SuratDraft) draft = surat_draft_new (f->account);
  g_autoptr(GError) error = NULL;

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, to);
  surat_draft_set_subject (draft, subject);
  surat_draft_set_body (draft, "Halo.\n");
  g_assert_true (surat_application_send_draft (f->app, draft, &error));
  g_assert_no_error (error);
}

static void
test_outbox_view (Fixture       *f,
                  gconstpointer  data)
{
  SuratTestSmtpd *smtpd = surat_test_sandbox_get_smtpd (f->sandbox);
  SuratOutboxView *outbox_view = surat_window_get_outbox_view (f->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  StateWait failed = { f, SURAT_OUTBOX_FAILED, 3 };
  SuratDraft *edited;
  GtkWidget *row_retry;
  GtkWidget *dialog = NULL;

  surat_test_smtpd_route (smtpd, "gudang@tutup.test", NULL, &error);
  g_assert_no_error (error);

  send_simple (f, "Gudang <gudang@tutup.test>", "Stok bulan ini");
  send_simple (f, "gudang@tutup.test", "Jadwal truk");
  send_simple (f, "gudang@tutup.test", "Harga baru");
  /* One toast for the three, with one Undo. */
  surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Sending 3 messages…", 5);
  surat_test_ui_wait (outbox_in_state, &failed, 60, "the messages to be refused");

  /* A toast says so and leads to the Outbox folder, which shows them
   * with the server's own words. */
  surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "3 messages were not sent", 10);
  click (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Show"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (outbox_view)));
  g_assert_cmpuint (surat_outbox_view_get_n_items (outbox_view), ==, 3);
  surat_test_ui_assert_shows (GTK_WIDGET (outbox_view), "Stok bulan ini");
  surat_test_ui_assert_shows (GTK_WIDGET (outbox_view), "Jadwal truk");
  surat_test_ui_assert_shows (GTK_WIDGET (outbox_view), "Recipient address rejected (test route)");
  surat_test_ui_assert_shows (GTK_WIDGET (outbox_view), "Not sent:");
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "outbox-failed");
  g_test_message ("Screenshot: %s", shot);

  /* Delete the second: it asks first. */
  {
    GtkWidget *list;
    GtkWidget *deletes[2] = { NULL, NULL };
    guint n = 0;

    /* The Delete buttons, in row order. */
    list = surat_test_ui_find (GTK_WIDGET (outbox_view), GTK_TYPE_LIST_BOX, NULL);
    g_assert_nonnull (list);
    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL && n < 2;
         row = gtk_widget_get_next_sibling (row))
      deletes[n++] = surat_test_ui_find (row, GTK_TYPE_BUTTON, "Delete");
    g_assert_cmpuint (n, ==, 2);
    click (deletes[1]);
    dialog = GTK_WIDGET (surat_test_ui_wait_dialog (10));
    surat_test_ui_assert_shows (dialog, "Delete “Jadwal truk”?");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  }
  g_assert_cmpuint (surat_outbox_view_get_n_items (outbox_view), ==, 2);
  surat_test_ui_assert_shows (GTK_WIDGET (outbox_view), "Stok bulan ini");

  /* Edit the last: out of the Outbox, into a composer with its fields. */
  {
    GtkWidget *list = surat_test_ui_find (GTK_WIDGET (outbox_view), GTK_TYPE_LIST_BOX, NULL);
    GtkWidget *last = gtk_widget_get_last_child (list);

    click (surat_test_ui_find (last, GTK_TYPE_BUTTON, "Edit"));
  }
  g_assert_cmpuint (f->composed->len, ==, 1);
  edited = g_ptr_array_index (f->composed, 0);
  g_assert_cmpstr (surat_draft_get_subject (edited), ==, "Harga baru");
  g_assert_nonnull (strstr (surat_draft_get_addresses (edited, SURAT_MESSAGE_FIELD_TO),
                            "gudang@tutup.test"));
  g_assert_cmpuint (surat_outbox_view_get_n_items (outbox_view), ==, 1);
  {
    g_autoptr(GPtrArray) left = outbox_items (f);

    g_assert_cmpuint (left->len, ==, 1);
    g_assert_cmpstr (surat_outbox_item_get_subject (g_ptr_array_index (left, 0)), ==,
                     "Stok bulan ini");
  }

  /* The warehouse opens again: Retry Now sends the one left. */
  surat_test_smtpd_route (smtpd, "gudang@tutup.test", surat_test_sandbox_get_sent_dir (f->sandbox),
                          &error);
  g_assert_no_error (error);
  row_retry = surat_test_ui_find (GTK_WIDGET (outbox_view), GTK_TYPE_BUTTON, "Retry Now");
  click (row_retry);
  wait_envelopes (f, 1);
  surat_test_ui_wait_signal (outbox_view, "loaded", 30);
  g_assert_cmpuint (surat_outbox_view_get_n_items (outbox_view), ==, 0);
  surat_test_ui_wait_for (GTK_WIDGET (outbox_view), GTK_TYPE_LABEL, "No messages waiting to be sent", 5);
  g_assert_cmpuint (count_folder (f, SURAT_FOLDER_SENT), ==, 1);
}

/* --- mailto: ------------------------------------------------------------------------ */

static void
test_mailto (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("mailto:ana@example.org?subject=Hi&body=Hello");
  g_autoptr(GFile) bad = g_file_new_for_uri ("mailto:?subject=%ZZ");
  GFile *files[] = { file };
  SuratDraft *draft;
  GtkWidget *dialog = NULL;
  GtkWidget *composer;
  g_autofree char *shot = NULL;

  g_autoptr(SuratApplication) real = surat_application_new ();

  /* The app `surat` runs takes files (URIs) to open, so a second `surat
   * mailto:…` hands the link to the one running. */
  g_assert_true (g_application_get_flags (G_APPLICATION (real)) & G_APPLICATION_HANDLES_OPEN);
  g_assert_false (g_application_get_flags (G_APPLICATION (real)) & G_APPLICATION_NON_UNIQUE);

  /* What the running instance receives then (the test's app cannot be
   * unique: it is made with its flags, so they get HANDLES_OPEN here). */
  g_application_open (G_APPLICATION (f->app), files, 1, "");
  g_assert_cmpuint (f->composed->len, ==, 1);
  draft = g_ptr_array_index (f->composed, 0);
  g_assert_nonnull (strstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO),
                            "ana@example.org"));
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Hi");
  g_assert_cmpstr (surat_draft_get_body (draft), ==, "Hello");

  /* Without the test's hook: a real composer window with the fields. */
  surat_application_set_compose_hook (f->app, NULL, NULL);
  files[0] = file;
  g_application_open (G_APPLICATION (f->app), files, 1, "");
  composer = NULL;
  composer = (GtkWidget *) surat_test_ui_find_composer (f->app);
  g_assert_nonnull (composer);
  draft = surat_composer_window_get_draft (SURAT_COMPOSER_WINDOW (composer));
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Hi");
  surat_test_ui_wait_for (composer, GTK_TYPE_WIDGET, NULL, 5);
  shot = surat_test_ui_screenshot (composer, "mailto-composer");
  gtk_window_destroy (GTK_WINDOW (composer));
  surat_application_set_compose_hook (f->app, compose_hook, f);

  /* A broken link says why instead of opening an empty composer. */
  files[0] = bad;
  g_application_open (G_APPLICATION (f->app), files, 1, "");
  g_assert_cmpuint (f->composed->len, ==, 1);
  dialog = GTK_WIDGET (surat_test_ui_wait_dialog (10));
  surat_test_ui_assert_shows (dialog, "Cannot Write to This Address");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The whole way, with the real composer: a link, Send, Undo's few
 * seconds, the server. */
static void
test_link_to_server (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file =
    g_file_new_for_uri ("mailto:agus@petani.test?subject=Kiriman%20Sabtu&body=Truk%20jam%207");
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GMimeMessage) delivered = NULL;
  g_autofree char *body = NULL;
  GFile *files[] = { file };
  GtkWidget *composer = NULL;

  surat_application_set_compose_hook (f->app, NULL, NULL);
  g_application_open (G_APPLICATION (f->app), files, 1, "");
  composer = (GtkWidget *) surat_test_ui_find_composer (f->app);
  g_assert_nonnull (composer);

  g_assert_true (gtk_widget_activate_action (composer, "composer.send", NULL));
  surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Sending “Kiriman Sabtu”…", 10);
  sent = envelopes (f);
  g_assert_cmpuint (sent->len, ==, 0);
  g_clear_pointer (&sent, g_ptr_array_unref);

  wait_envelopes (f, 1);
  sent = envelopes (f);
  g_assert_cmpstr (((SuratTestSmtpdEnvelope *) g_ptr_array_index (sent, 0))->mail_from, ==,
                   SURAT_TEST_SANDBOX_ADDRESS);
  delivered = parse_delivered (g_ptr_array_index (sent, 0));
  g_assert_cmpstr (g_mime_message_get_subject (delivered), ==, "Kiriman Sabtu");
  body = g_mime_object_to_string (GMIME_OBJECT (delivered), NULL);
  g_assert_nonnull (strstr (body, "Truk jam 7"));
  surat_test_ui_wait (outbox_empty, f, 30, "the Outbox to empty");
  g_assert_cmpuint (count_folder (f, SURAT_FOLDER_SENT), ==, 1);
  /* The draft the composer saved is gone from Drafts. */
  g_assert_cmpuint (count_folder (f, SURAT_FOLDER_DRAFTS), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  surat_test_ui_init (&argc, &argv);
  g_mime_init ();
  /* New mail is announced on the private bus: someone must listen. */
  surat_test_notifications_start ();

  g_test_add ("/sending/undo-then-send", Fixture, NULL, fixture_set_up, test_undo_then_send,
              fixture_tear_down);
  g_test_add ("/sending/reply", Fixture, NULL, fixture_set_up, test_reply, fixture_tear_down);
  g_test_add ("/sending/outbox-view", Fixture, NULL, fixture_set_up, test_outbox_view,
              fixture_tear_down);
  g_test_add ("/sending/mailto", Fixture, "open", fixture_set_up, test_mailto, fixture_tear_down);
  g_test_add ("/sending/link-to-server", Fixture, "open", fixture_set_up, test_link_to_server,
              fixture_tear_down);
  return g_test_run ();
}
