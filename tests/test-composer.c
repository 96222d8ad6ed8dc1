/* test-composer.c — writing a message: fields, completion, attachments, a bad
 * address pointed at, drafts saved and recovered
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app runs on an account with an SMTP server only (nothing is fetched);
 * each test has its own isolated data dir. Screenshots of the composer land
 * in the build tree (screenshots/composer-*.png).
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* g_format_size() puts a no-break space between number and unit. */

#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "surat-composer-window-private.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"

typedef struct {
  SuratApplication    *app;
  SuratComposerWindow *composer;
  SuratComposerFields  fields;
  char                *dir;
} Fixture;

static void
write_account (gboolean two)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "surat", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("[account office]\n"
                          "display-name=Siti Rahayu\n"
                          "address=siti@example.org\n"
                          "smtp-host=127.0.0.1\nsmtp-port=9\nsmtp-security=tls\n"
                          "smtp-user=siti\npassword-command=echo pw\n"
                          "%s",
                          two ? "\n[account home]\n"
                                "address=siti.r@home.example\n"
                                "smtp-host=127.0.0.1\nsmtp-port=9\nsmtp-security=tls\n"
                                "smtp-user=siti\npassword-command=echo pw\n" : "");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
open_composer (Fixture    *f,
               SuratDraft *draft)
{
  f->composer = surat_composer_window_new (f->app, draft);
  _surat_composer_window_get_fields (f->composer, &f->fields);
  gtk_window_present (GTK_WINDOW (f->composer));
}

/* The app reads the address book on a worker when it starts and after its
 * first Outbox flush; a test over sooner removes the data dir under that
 * read (it still holds the app), which then warns. Not what these tests
 * are about: that one warning is let through, quietly. */
static gboolean
is_book_race (const char *message)
{
  return g_str_has_prefix (message, "Cannot read the addresses for completion: ")
         && strstr (message, "index.db") != NULL;
}

static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !is_book_race (message);
}

static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  if (is_book_race (message))
    g_test_message ("ignored: %s", message);
  else
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
  write_account (data != NULL);
  f->dir = surat_test_make_tmpdir ("composer");
  f->app = surat_test_ui_start_app ();
  open_composer (f, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  surat_test_ui_stop_app (f->app);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
set_text (gpointer    entry,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
set_body (Fixture    *f,
          const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (f->fields.body), text, -1);
}

static char *
write_file (Fixture    *f,
            const char *name,
            gsize       size)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *data = g_malloc (size);
  g_autoptr(GError) error = NULL;

  memset (data, 'x', size);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
attach (Fixture    *f,
        const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList files = { file, NULL };

  _surat_composer_window_add_files (f->composer, &files);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}




/* --- fields ------------------------------------------------------------ */

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  SuratDraft *draft = surat_composer_window_get_draft (f->composer);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->composer)), ==, "New Message");
  /* One account: no From to choose, but the draft sends from it. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->fields.from)));
  g_assert_cmpstr (surat_draft_get_account_id (draft), ==, "office");
  /* Cc and Bcc wait to be asked for. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->fields.cc)));

  set_text (f->fields.to, "Ana Lima <ana@example.org>");
  set_text (f->fields.cc, "budi@example.org");
  set_text (f->fields.subject, "Minutes of Tuesday");
  set_body (f, "Dear all,\nthe minutes.\n");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->composer)), ==, "Minutes of Tuesday");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "Ana Lima <ana@example.org>");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_CC), ==,
                   "budi@example.org");
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Minutes of Tuesday");
  g_assert_cmpstr (surat_draft_get_body (draft), ==, "Dear all,\nthe minutes.\n");
  /* Not saved on each keystroke: a few seconds later. */
  g_assert_null (surat_draft_get_saved_path (draft));

  /* A draft with a Cc opens with the Cc field shown. */
  g_object_ref (draft);
  gtk_window_destroy (GTK_WINDOW (f->composer));
  /* Destroyed without a close request (the app quitting): saved all the same. */
  g_assert_nonnull (surat_draft_get_saved_path (draft));
  g_assert_true (g_file_test (surat_draft_get_saved_path (draft), G_FILE_TEST_EXISTS));
  open_composer (f, draft);
  g_object_unref (draft);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->fields.cc)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->fields.bcc)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.cc)), ==, "budi@example.org");

  /* From the keyboard: Ctrl+Shift+B shows Bcc and puts the cursor there
   * (the Cc/Bcc buttons stay out of Tab's way from To to Subject). */
  gtk_window_present (GTK_WINDOW (f->composer));
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.show-bcc", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->fields.bcc)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->composer)),
                                         GTK_WIDGET (f->fields.bcc)) ||
                 gtk_window_get_focus (GTK_WINDOW (f->composer)) == GTK_WIDGET (f->fields.bcc));
}

static void
test_from (Fixture       *f,
           gconstpointer  data)
{
  SuratDraft *draft = surat_composer_window_get_draft (f->composer);
  GListModel *names = gtk_drop_down_get_model (f->fields.from);

  /* Two accounts: From is there, "Name <address>" or the bare address. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->fields.from)));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==,
                   "Siti Rahayu <siti@example.org>");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==,
                   "siti.r@home.example");
  g_assert_cmpstr (surat_draft_get_account_id (draft), ==, "office");
  surat_test_ui_assert_shows (GTK_WIDGET (f->composer), "Siti Rahayu <siti@example.org>");

  gtk_drop_down_set_selected (f->fields.from, 1);
  g_assert_cmpstr (surat_draft_get_account_id (draft), ==, "home");
}

/* --- completion -------------------------------------------------------- */

static void
seed (SuratStore *store,
      const char *from,
      guint       n)
{
  SuratMaildir *inbox;
  g_autoptr(GError) error = NULL;

  inbox = surat_store_get_maildir (store, "office", SURAT_FOLDER_INBOX, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("From: %s\r\nTo: siti@example.org\r\n"
                                               "Subject: Hello %u\r\nMessage-ID: <%u.%s>\r\n"
                                               "\r\nHi.\r\n", from, i, i, strchr (from, '<') + 1);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autofree char *file = surat_maildir_deliver_bytes (inbox, bytes, NULL, &error);

      g_assert_no_error (error);
      surat_store_index_file (store, "office", SURAT_FOLDER_INBOX, file, &error);
      g_assert_no_error (error);
    }
}

static gboolean
is_completing (gpointer entry)
{
  return surat_address_entry_is_completing (entry);
}

static gboolean
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static void
type (SuratAddressEntry *entry,
      const char        *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
test_completion (Fixture       *f,
                 gconstpointer  data)
{
  SuratStore *store = surat_application_get_store (f->app);
  g_autoptr(SuratAddressBook) book = surat_address_book_new (store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;

  seed (store, "Ana Lima <ana@example.org>", 3);
  seed (store, "Anton Wijaya <anton@example.net>", 1);
  seed (store, "Budi Santoso <budi@example.org>", 1);
  surat_address_book_load_async (book, NULL, surat_test_result_cb, &result);
  surat_address_book_load_finish (book, surat_test_wait_result (&result), &error);
  g_assert_no_error (error);
  surat_address_entry_set_address_book (f->fields.to, book);
  surat_address_entry_set_address_book (f->fields.cc, book);

  /* "an" offers Ana (most seen) first, then Anton; not Budi. */
  type (f->fields.to, "an");
  surat_test_ui_wait (is_completing, f->fields.to, 5, "address suggestions for “an”");
  matches = surat_address_entry_get_matches (f->fields.to);
  g_assert_cmpuint (matches->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (matches, 0), ==, "Ana Lima <ana@example.org>");
  g_assert_cmpstr (g_ptr_array_index (matches, 1), ==, "Anton Wijaya <anton@example.net>");
  surat_test_ui_assert_shows (GTK_WIDGET (f->composer), "Ana Lima <ana@example.org>");
  /* The list is a popover: a surface of its own, drawn apart. */
  g_free (surat_test_ui_screenshot (gtk_widget_get_last_child (GTK_WIDGET (f->fields.to)),
                                    "composer-completion"));

  /* Down, Up, Down, Enter: the second. */
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Down));
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Up));
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Down));
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Return));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.to)), ==,
                   "Anton Wijaya <anton@example.net>, ");
  g_assert_false (surat_address_entry_is_completing (f->fields.to));
  /* Return goes to the field again when nothing is offered. */
  g_assert_false (press (GTK_WIDGET (f->fields.to), GDK_KEY_Return));

  /* After a comma the next address completes; Tab takes the first. */
  type (f->fields.to, "Anton Wijaya <anton@example.net>, ANA");
  surat_test_ui_wait (is_completing, f->fields.to, 5, "address suggestions for “ANA”");
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Tab));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.to)), ==,
                   "Anton Wijaya <anton@example.net>, Ana Lima <ana@example.org>, ");
  g_assert_cmpstr (surat_draft_get_addresses (surat_composer_window_get_draft (f->composer),
                                              SURAT_MESSAGE_FIELD_TO), ==,
                   "Anton Wijaya <anton@example.net>, Ana Lima <ana@example.org>, ");

  /* Escape closes the list and leaves the text. */
  type (f->fields.to, "bu");
  surat_test_ui_wait (is_completing, f->fields.to, 5, "address suggestions for “bu”");
  g_assert_true (press (GTK_WIDGET (f->fields.to), GDK_KEY_Escape));
  g_assert_false (surat_address_entry_is_completing (f->fields.to));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.to)), ==, "bu");

  /* A click on a suggestion (in Cc) takes it. */
  gtk_widget_set_visible (GTK_WIDGET (f->fields.cc), TRUE);
  type (f->fields.cc, "santoso");
  surat_test_ui_wait (is_completing, f->fields.cc, 5, "address suggestions for “santoso”");
  row = GTK_LIST_BOX_ROW (surat_test_ui_find (GTK_WIDGET (f->fields.cc), GTK_TYPE_LIST_BOX_ROW,
                                              NULL));
  g_assert_nonnull (row);
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.cc)), ==,
                   "Budi Santoso <budi@example.org>, ");
}

/* --- sending ----------------------------------------------------------- */

static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *focus;
  int start, end;
  g_autofree char *selected = NULL;
  const char *message;

  set_text (f->fields.to, "ana@example.org, bob@@x, budi@example.org");
  set_text (f->fields.subject, "Hello");
  set_body (f, "Hi.\n");
  gtk_widget_grab_focus (GTK_WIDGET (f->fields.body));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL));

  /* Not sent: the window stays, the To field has the focus and exactly
   * the bad address is selected, and the window says what is wrong. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->composer)));
  focus = gtk_root_get_focus (GTK_ROOT (f->composer));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (f->fields.to)));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (f->fields.to), &start, &end));
  selected = gtk_editable_get_chars (GTK_EDITABLE (f->fields.to), start, end);
  g_assert_cmpstr (selected, ==, "bob@@x");

  message = gtk_label_get_text (f->fields.error);
  g_assert_nonnull (strstr (message, "bob@@x"));
  surat_test_ui_wait_for (GTK_WIDGET (f->composer), GTK_TYPE_LABEL, message, 5);
  g_free (surat_test_ui_screenshot (GTK_WIDGET (f->composer), "composer-bad-address"));
}

static void
test_large_message (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "video.mp4", NULL);
  AdwMessageDialog *dialog;
  int fd;

  /* A sparse file: 26 MB of size without the disk. */
  fd = g_open (path, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 26 * 1000 * 1000), ==, 0);
  close (fd);

  set_text (f->fields.to, "ana@example.org");
  attach (f, path);
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL);
  dialog = surat_test_ui_wait_dialog (10);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send a Large Message?");

  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "26.0\u00a0MB"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "25.0\u00a0MB"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Cancelled: still being written. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->composer)));
}

/* The server said SIZE 1 MB at the last send: 900 kB of attachments
 * (1.2 MB in base64) are over it, and the warning says so. */
static void
test_server_size_limit (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_file (f, "scan.pdf", 900 * 1000);
  g_autofree char *state_dir = g_build_filename (g_get_user_data_dir (), "surat", "office", NULL);
  g_autofree char *state = g_build_filename (state_dir, "outbox-state.ini", NULL);
  AdwMessageDialog *dialog;

  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (state, "[server]\nsize-limit=1000000\n", -1, NULL));

  set_text (f->fields.to, "ana@example.org");
  attach (f, path);
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL);
  dialog = surat_test_ui_wait_dialog (10);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send a Large Message?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "900.0\u00a0kB"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1.0\u00a0MB your mail server accepts"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->composer)));
}

/* --- attachments ------------------------------------------------------- */

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *report = write_file (f, "Quarterly report.pdf", 123 * 1000);
  g_autofree char *notes = write_file (f, "notes.txt", 2048);
  SuratDraft *draft = surat_composer_window_get_draft (f->composer);
  SuratDraftAttachment *left;
  GtkWidget *remove;
  g_autofree char *shot = NULL;

  set_text (f->fields.to, "Ana Lima <ana@example.org>");
  set_text (f->fields.subject, "The report");
  set_body (f, "Dear Ana,\n\nhere is the quarterly report, and my notes from the meeting.\n\n"
            "Siti\n");
  attach (f, report);
  attach (f, notes);

  g_assert_cmpuint (count_rows (f->fields.attachments), ==, 2);
  surat_test_ui_wait_for (GTK_WIDGET (f->composer), GTK_TYPE_LABEL, "Quarterly report.pdf", 5);
  surat_test_ui_assert_shows (GTK_WIDGET (f->composer), "123.0\u00a0kB");
  surat_test_ui_assert_shows (GTK_WIDGET (f->composer), "notes.txt");
  surat_test_ui_assert_shows (GTK_WIDGET (f->composer), "2.0\u00a0kB");
  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 2);

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->composer), "composer-attachments");
  g_test_message ("screenshot: %s", shot);
  g_clear_pointer (&shot, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->composer), "composer-attachments-dark");
  g_test_message ("screenshot: %s", shot);

  /* Removing the report leaves the notes. */
  remove = gtk_widget_get_last_child (gtk_list_box_row_get_child (
             gtk_list_box_get_row_at_index (f->fields.attachments, 0)));
  g_assert_true (GTK_IS_BUTTON (remove));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (count_rows (f->fields.attachments), ==, 1);
  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 1);
  left = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (left), ==, "notes.txt");
  g_assert_null (surat_test_ui_find (GTK_WIDGET (f->composer), GTK_TYPE_LABEL,
                                     "Quarterly report.pdf"));
}

/* --- drafts ------------------------------------------------------------ */

static gboolean
is_saved (gpointer data)
{
  return surat_draft_get_saved_path (data) != NULL;
}

static GMimeMessage *
parse (const char *path)
{
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;

  stream = g_mime_stream_fs_open (path, O_RDONLY, 0, NULL);
  g_assert_nonnull (stream);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (stream);
  g_assert_nonnull (message);
  return message;
}

static void
test_autosave (Fixture       *f,
               gconstpointer  data)
{
  SuratDraft *draft = g_object_ref (surat_composer_window_get_draft (f->composer));
  g_autofree char *path = NULL;
  g_autofree char *drafts_dir = NULL;
  GMimeMessage *message;
  GMimeObject *body;
  g_autofree char *text = NULL;

  set_text (f->fields.to, "Ana Lima <ana@example.org>");
  set_text (f->fields.subject, "Half written");
  set_body (f, "Sentence number forty-two, not lost.\n");
  g_assert_null (surat_draft_get_saved_path (draft));
  surat_test_ui_wait (is_saved, draft, 10, "the draft saved a few seconds after typing");

  path = g_strdup (surat_draft_get_saved_path (draft));
  drafts_dir = g_build_filename (g_get_user_data_dir (), "surat", "office", "Drafts", NULL);
  g_assert_true (g_str_has_prefix (path, drafts_dir));
  message = parse (path);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Half written");
  body = g_mime_message_get_body (message);
  g_assert_true (GMIME_IS_TEXT_PART (body));
  text = g_mime_text_part_get_text (GMIME_TEXT_PART (body));
  g_assert_nonnull (strstr (text, "Sentence number forty-two, not lost."));
  g_object_unref (message);

  /* Closing keeps it in Drafts, no longer open. */
  gtk_window_close (GTK_WINDOW (f->composer));
  g_assert_true (g_file_test (surat_draft_get_saved_path (draft), G_FILE_TEST_EXISTS));
  {
    g_autoptr(GPtrArray) open = surat_draft_list_interrupted (surat_application_get_store (f->app),
                                                              NULL);
    g_assert_nonnull (open);
    g_assert_cmpuint (open->len, ==, 0);
  }
  g_object_unref (draft);
}

static gboolean
no_composer (gpointer data)
{
  return surat_test_ui_find_composer (data) == NULL;
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  SuratDraft *draft = g_object_ref (surat_composer_window_get_draft (f->composer));
  g_autofree char *path = NULL;
  AdwMessageDialog *dialog;

  set_text (f->fields.subject, "Never mind");
  gtk_window_close (GTK_WINDOW (f->composer));
  path = g_strdup (surat_draft_get_saved_path (draft));
  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  open_composer (f, draft);
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.discard", NULL);
  dialog = surat_test_ui_wait_dialog (10);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard This Message?");
  /* Asked, not done yet. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  surat_test_ui_wait (no_composer, f->app, 5, "the composer closed after Discard");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_object_unref (draft);
}


static void
test_recover (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  SuratStore *store;
  GListModel *accounts;
  g_autoptr(SuratAccount) account = NULL;
  g_autofree char *path = NULL;
  AdwMessageDialog *dialog;
  SuratComposerWindow *recovered = NULL;

  /* The app dies with a draft saved and open (no close recorded). */
  gtk_window_destroy (GTK_WINDOW (f->composer));
  store = surat_application_get_store (f->app);
  accounts = surat_application_get_accounts (f->app);
  account = g_list_model_get_item (accounts, 0);
  draft = surat_draft_new (account);
  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, "ana@example.org");
  surat_draft_set_subject (draft, "Before the crash");
  surat_draft_set_body (draft, "Words that must come back.\n");
  path = surat_draft_save (draft, store, account, &error);
  g_assert_no_error (error);
  surat_draft_set_open (draft, store, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&account);
  surat_test_ui_stop_app (f->app);

  /* A new instance offers it back. */
  f->app = surat_test_ui_start_app ();
  surat_composer_offer_interrupted (f->app, surat_test_ui_get_window (f->app));
  dialog = surat_test_ui_wait_dialog (10);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Recover the message you were writing?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Before the crash"));
  adw_message_dialog_response (dialog, "recover");
  gtk_window_destroy (GTK_WINDOW (dialog));

  surat_test_ui_wait_composer (f->app, 5);
  recovered = surat_test_ui_find_composer (f->app);
  f->composer = recovered;
  _surat_composer_window_get_fields (f->composer, &f->fields);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->fields.body);
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "Words that must come back."));
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.subject)), ==,
                   "Before the crash");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->fields.to)), ==, "ana@example.org");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->composer)), ==, "Before the crash");
}

int
main (int    argc,
      char **argv)
{
  surat_test_ui_init (&argc, &argv);
  g_log_set_handler ("surat", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, log_cb, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/composer/fields", test_fields);
  g_test_add ("/composer/from/two-accounts", Fixture, "two", fixture_set_up, test_from,
              fixture_tear_down);
  ADD ("/composer/completion", test_completion);
  ADD ("/composer/send/bad-address-selected", test_bad_address);
  ADD ("/composer/send/large-message-asks", test_large_message);
  ADD ("/composer/send/server-size-limit", test_server_size_limit);
  ADD ("/composer/attachments/add-remove", test_attachments);
  ADD ("/composer/draft/autosave", test_autosave);
  ADD ("/composer/draft/discard-asks", test_discard);
  ADD ("/composer/draft/recover-interrupted", test_recover);
#undef ADD

  return g_test_run ();
}
