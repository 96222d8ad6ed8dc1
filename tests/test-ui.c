/* test-ui.c — the app under a display, against a real Dovecot
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-test-dovecot.h"
#include "surat-composer-window.h"
#include "surat-message-row-private.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"
#include "surat-window.h"

#define N_MESSAGES 25

static SuratTestDovecot *dovecot;
static SuratTestNotifications *notifications;

typedef struct {
  char             *user;
  GPtrArray        *seeded;
  SuratApplication *app;
  SuratWindow      *window;
} Fixture;

static void
write_account_pinned (Fixture    *f,
                      gboolean    trusted,
                      const char *pinned)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "surat", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("[account office]\n"
                          "display-name=Siti Rahayu\n"
                          "address=siti@example.org\n"
                          "pop3-host=%s\npop3-port=%u\npop3-security=tls\n"
                          "pop3-user=%s\npassword-command=echo pw-%s\n"
                          "%s%s\n%s%s\n",
                          surat_test_dovecot_get_host (dovecot),
                          surat_test_dovecot_get_pop3s_port (dovecot), f->user, f->user,
                          trusted ? "ca-file=" : "",
                          trusted ? surat_test_dovecot_get_ca_file (dovecot) : "",
                          pinned ? "pop3-pinned-sha256=" : "", pinned ? pinned : "");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_account (Fixture  *f,
               gboolean  trusted)
{
  write_account_pinned (f, trusted, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (dovecot == NULL)
    dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);

  f->user = g_strdup_printf ("ui%u", ++n);
  password = g_strdup_printf ("pw-%s", f->user);
  surat_test_dovecot_add_user (dovecot, f->user, password, &error);
  g_assert_no_error (error);
  f->seeded = surat_test_dovecot_seed (dovecot, f->user, N_MESSAGES, 6000, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->app != NULL)
    surat_test_ui_stop_app (f->app);
  g_clear_pointer (&f->seeded, g_ptr_array_unref);
  g_free (f->user);
}

static void
start (Fixture *f)
{
  f->app = surat_test_ui_start_app ();
  f->window = SURAT_WINDOW (surat_test_ui_get_window (f->app));
}

static SuratAccountStatus *
status (Fixture *f)
{
  g_autoptr(SuratAccount) account = g_list_model_get_item (surat_application_get_accounts (f->app), 0);

  return surat_application_get_status (f->app, account);
}

static gboolean
fetched (gpointer data)
{
  Fixture *f = data;
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (f->window));

  return !surat_account_status_get_fetching (status (f)) && model != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == N_MESSAGES;
}

static gboolean
fetch_failed (gpointer data)
{
  return surat_account_status_get_error (status (data)) != NULL;
}

static SuratMessageSummary *
row (Fixture *f,
     guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (surat_mailbox_view_get_model (surat_window_get_mailbox (f->window))),
                                position);
}

static void
show (Fixture *f,
      guint    position)
{
  SuratMessageView *view = surat_window_get_message_view (f->window);

  surat_mailbox_view_select (surat_window_get_mailbox (f->window), position);
  surat_test_ui_wait_signal (view, "loaded", 20);
}

static void
test_fetch_and_show (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SuratMessageSummary) first = NULL;
  g_autofree char *count = g_strdup_printf ("%u", N_MESSAGES);
  g_autofree char *shot = NULL;
  SuratMessageView *view;
  SuratMessage *message;
  GPtrArray *attachments;
  guint with_attachments = G_MAXUINT;

  write_account (f, TRUE);
  start (f);

  /* Opening the app fetches; the list fills and the Inbox counts unread. */
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill");
  surat_test_spin (200);

  /* No window has the focus under a bare X server: new mail is announced. */
  {
    GPtrArray *shown = surat_test_notifications_get (notifications);
    g_autofree char *expected = g_strdup_printf ("%u new messages\nSiti Rahayu", N_MESSAGES);

    g_assert_cmpuint (shown->len, >=, 1);
    g_assert_cmpstr (g_ptr_array_index (shown, shown->len - 1), ==, expected);
  }
  surat_test_ui_assert_shows (GTK_WIDGET (surat_window_get_sidebar (f->window)), count);
  surat_test_ui_assert_shows (GTK_WIDGET (surat_window_get_sidebar (f->window)), "siti@example.org");

  /* Selecting a message shows its subject, and marks it read. */
  first = row (f, 0);
  show (f, 0);
  view = surat_window_get_message_view (f->window);
  surat_test_ui_assert_shows (GTK_WIDGET (view), surat_message_summary_get_subject (first));
  g_assert_true (surat_message_summary_get_seen (first));

  /* A message with attachments names them in the view. */
  for (guint i = 0; i < N_MESSAGES && with_attachments == G_MAXUINT; i++)
    {
      g_autoptr(SuratMessageSummary) summary = row (f, i);

      if (surat_message_summary_get_has_attachments (summary))
        with_attachments = i;
    }
  g_assert_cmpuint (with_attachments, !=, G_MAXUINT);
  show (f, with_attachments);
  message = surat_message_view_get_message (view);
  attachments = surat_message_get_attachments (message);
  g_assert_cmpuint (attachments->len, >, 0);
  for (guint i = 0; i < attachments->len; i++)
    surat_test_ui_assert_shows (GTK_WIDGET (view),
                  surat_attachment_get_filename (g_ptr_array_index (attachments, i)));

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "main-window");
  g_clear_pointer (&shot, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  surat_test_spin (500);
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "main-window-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static int
longest_first (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  return (int) strlen (*(char **) b) - (int) strlen (*(char **) a);
}

static void
test_search_as_you_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SuratMessageSummary) first = NULL;
  g_auto(GStrv) words = NULL;
  gboolean narrowed = FALSE;
  SuratMailboxView *mailbox;
  SuratMessageList *model;

  write_account (f, TRUE);
  start (f);
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill");
  mailbox = surat_window_get_mailbox (f->window);
  model = surat_mailbox_view_get_model (mailbox);

  /* A word of one subject finds that message among fewer than all. The
   * generated subjects share words ("Re:", "the"), so the test tries the
   * subject's words, longest first, until one narrows the list. */
  first = row (f, 0);
  words = g_strsplit (surat_message_summary_get_subject (first), " ", -1);
  g_qsort_with_data (words, g_strv_length (words), sizeof (char *), longest_first, NULL);
  for (guint i = 0; words[i] != NULL && !narrowed; i++)
    {
      guint n;

      surat_mailbox_view_set_search (mailbox, words[i]);
      surat_test_spin (300);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_test_message ("searched for “%s” in “%s”: %u found", words[i],
                      surat_message_summary_get_subject (first), n);
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpint (surat_message_list_find (model, surat_message_summary_get_id (first)), >=, 0);
      narrowed = n < N_MESSAGES;
    }
  g_assert_true (narrowed);

  /* Nonsense finds nothing, and says so. */
  surat_mailbox_view_set_search (mailbox, "zzxqqv");
  surat_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  surat_test_ui_assert_shows (GTK_WIDGET (mailbox), "No Results Found");

  surat_mailbox_view_set_search (mailbox, "");
  surat_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MESSAGES);
}

static gboolean
allocated (gpointer widget)
{
  return gtk_widget_get_height (widget) > 0;
}

/* The list row drawing @summary. */
static SuratMessageRow *
find_row (GtkWidget           *root,
          SuratMessageSummary *summary)
{
  if (SURAT_IS_MESSAGE_ROW (root) &&
      surat_message_row_get_summary (SURAT_MESSAGE_ROW (root)) == summary)
    return SURAT_MESSAGE_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SuratMessageRow *found = find_row (child, summary);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_delete_and_unread (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageSummary) first = NULL;
  SuratMailboxView *mailbox;
  SuratStore *store;

  write_account (f, TRUE);
  start (f);
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill");
  mailbox = surat_window_get_mailbox (f->window);
  store = surat_application_get_store (f->app);

  /* Read, then "Mark as Unread": the file's Maildir flags say so too,
   * and the row as a screen reader hears it. */
  first = row (f, 0);
  {
    SuratMessageRow *drawn = find_row (GTK_WIDGET (mailbox), first);
    g_autofree char *subject = NULL;

    g_assert_nonnull (drawn);
    subject = g_strdup_printf (", %s, ", surat_message_summary_get_subject (first));
    g_assert_true (g_str_has_prefix (_surat_message_row_get_spoken (drawn), "Unread, "));
    g_assert_nonnull (strstr (_surat_message_row_get_spoken (drawn), subject));
    /* Three lines of text: sender and date, subject, preview. */
    surat_test_ui_wait (allocated, drawn, 10, "the row to be laid out");
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (drawn)), >=, 3 * 14);

    show (f, 0);
    g_assert_true (surat_message_summary_get_seen (first));
    g_assert_false (g_str_has_prefix (_surat_message_row_get_spoken (drawn), "Unread, "));
    g_assert_nonnull (strstr (_surat_message_row_get_spoken (drawn), subject));
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-unread", NULL);
    g_assert_false (surat_message_summary_get_seen (first));
    g_assert_true (g_str_has_prefix (_surat_message_row_get_spoken (drawn), "Unread, "));
  }
  g_assert_true (g_str_has_prefix (surat_message_summary_get_file (first), "cur/"));
  g_assert_null (strchr (strstr (surat_message_summary_get_file (first), ":2,"), 'S'));

  /* Delete moves it to Trash: one fewer here, one there, file included. */
  gtk_widget_activate_action (GTK_WIDGET (mailbox), "mailbox.delete", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (surat_mailbox_view_get_model (mailbox))),
                    ==, N_MESSAGES - 1);
  g_assert_cmpuint (surat_index_count (surat_store_get_index (store), "office", SURAT_FOLDER_TRASH,
                                       FALSE, &error), ==, 1);
  g_assert_cmpint (surat_message_summary_get_folder (first), ==, SURAT_FOLDER_TRASH);
}


static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  data)
{
  const char *fingerprint = surat_test_dovecot_get_fingerprint (dovecot);
  g_autofree char *shot = NULL;
  g_autofree char *labels = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *review;

  /* No ca-file: Dovecot's self-signed certificate is not trusted. */
  write_account (f, FALSE);
  start (f);
  surat_test_ui_wait (fetch_failed, f, 60, "the certificate error");
  g_assert_nonnull (surat_account_status_get_certificate (status (f)));

  /* The window says so, and offers to look at the certificate. */
  review = surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Review Certificate", 10);
  g_signal_emit_by_name (review, "clicked");
  dialog = surat_test_ui_wait_dialog (10);

  /* The dialog names the certificate by its fingerprint. */
  labels = surat_test_ui_dump_labels (GTK_WIDGET (dialog));
  surat_test_message_lines ("dialog", labels);
  g_assert_nonnull (strstr (labels, fingerprint));
  shot = surat_test_ui_screenshot (GTK_WIDGET (dialog), "certificate-dialog");

  /* Trusting it pins it in accounts.ini, and the mail comes. */
  adw_message_dialog_response (dialog, "trust");
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill after trusting");
  accounts = surat_account_load_all (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_account_get_pop3_pinned_sha256 (g_ptr_array_index (accounts, 0)), ==,
                   fingerprint);
}

static gboolean
one_more (gpointer data)
{
  Fixture *f = data;
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (f->window));

  return !surat_account_status_get_fetching (status (f)) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == N_MESSAGES + 1;
}

/* New mail comes in while the person looks at the top of the Inbox: it
 * shows there, first, not above the rows they were looking at. */
static void
test_new_mail_at_top (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) late = g_bytes_new_static ("From: Dewi Lestari <dewi@example.org>\n"
                                               "To: siti@example.org\n"
                                               "Subject: Baru saja datang\n"
                                               "Date: Thu, 31 Dec 2099 10:00:00 +0700\n"
                                               "Message-ID: <late@example.org>\n\n"
                                               "Ini pesan terbaru.\n", 174);
  g_autofree char *name = NULL;
  g_autoptr(SuratMessageSummary) first = NULL;
  SuratMailboxView *mailbox;
  GtkAdjustment *adjustment;
  SuratMessageRow *drawn;
  graphene_point_t top;

  write_account (f, TRUE);
  start (f);
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill");
  mailbox = surat_window_get_mailbox (f->window);
  surat_test_spin (300);

  name = surat_test_dovecot_deliver (dovecot, f->user, late, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "app.get-mail", NULL);
  surat_test_ui_wait (one_more, f, 60, "the new message");
  surat_test_spin (300);

  first = row (f, 0);
  g_assert_cmpstr (surat_message_summary_get_subject (first), ==, "Baru saja datang");
  drawn = find_row (GTK_WIDGET (mailbox), first);
  g_assert_nonnull (drawn);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (drawn)));
  /* Its row is inside the visible part of the list, at the top. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (gtk_widget_get_ancestor (GTK_WIDGET (drawn), GTK_TYPE_LIST_VIEW)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <=, gtk_adjustment_get_lower (adjustment) + 1);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (drawn),
                                           gtk_widget_get_ancestor (GTK_WIDGET (drawn), GTK_TYPE_SCROLLED_WINDOW),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  g_assert_cmpfloat (top.y, >=, 0);
  g_assert_cmpfloat (top.y, <, 10);
}



/* A right click on a message selects it and offers what can be done with
 * it; Reply from there opens a composer answering it. */
static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SuratMessageSummary) second = NULL;
  SuratMailboxView *mailbox;
  SuratMessageRow *drawn;
  GtkWidget *list;
  GtkGesture *click = NULL;
  g_autoptr(GListModel) controllers = NULL;
  graphene_point_t at;
  g_autofree char *expected = NULL;
  SuratComposerWindow *composer = NULL;

  write_account (f, TRUE);
  start (f);
  surat_test_ui_wait (fetched, f, 60, "the inbox to fill");
  mailbox = surat_window_get_mailbox (f->window);
  second = row (f, 1);
  drawn = find_row (GTK_WIDGET (mailbox), second);
  g_assert_nonnull (drawn);
  surat_test_ui_wait (allocated, drawn, 10, "the row to be laid out");
  list = gtk_widget_get_ancestor (GTK_WIDGET (drawn), GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (drawn), list,
                                           &GRAPHENE_POINT_INIT (20, 10), &at));

  controllers = gtk_widget_observe_controllers (list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        click = GTK_GESTURE (controller);
    }
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, (double) at.x, (double) at.y);

  /* The clicked message is the selection, and the menu is up. */
  surat_test_ui_wait_signal (surat_window_get_message_view (f->window), "loaded", 20);
  g_assert_true (surat_message_view_get_message (surat_window_get_message_view (f->window)) != NULL);
  g_assert_cmpstr (surat_message_get_subject (surat_message_view_get_message (surat_window_get_message_view (f->window))),
                   ==, surat_message_summary_get_subject (second));
  g_assert_nonnull (surat_test_ui_find (list, GTK_TYPE_POPOVER_MENU, NULL));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reply", NULL);
  composer = surat_test_ui_wait_composer (f->app, 10);
  expected = g_strdup_printf ("Re: %s", surat_message_summary_get_subject (second));
  g_assert_cmpstr (surat_draft_get_subject (surat_composer_window_get_draft (composer)), ==, expected);
  gtk_window_destroy (GTK_WINDOW (composer));
}

/* An account pinned to another certificate (the server's was replaced,
 * or someone is in the middle): the banner's review must raise the alarm
 * of a changed certificate, not describe one more unknown one. */
static void
test_changed_certificate (Fixture       *f,
                          gconstpointer  data)
{
  const char *old_pin = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:"
                        "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
  g_autofree char *labels = NULL;
  g_autofree char *shot = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *review;

  write_account_pinned (f, TRUE, old_pin);
  start (f);
  surat_test_ui_wait (fetch_failed, f, 60, "the certificate error");

  review = surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Review Certificate", 10);
  g_signal_emit_by_name (review, "clicked");
  dialog = surat_test_ui_wait_dialog (10);

  labels = surat_test_ui_dump_labels (GTK_WIDGET (dialog));
  surat_test_message_lines ("dialog", labels);
  g_assert_nonnull (strstr (labels, "Has Changed"));
  g_assert_nonnull (strstr (labels, surat_test_dovecot_get_fingerprint (dovecot)));
  shot = surat_test_ui_screenshot (GTK_WIDGET (dialog), "certificate-dialog-changed");

  /* Cancel keeps the old pin: nothing is fetched. */
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (surat_index_count (surat_store_get_index (surat_application_get_store (f->app)),
                                       "office", SURAT_FOLDER_INBOX, FALSE, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  surat_test_ui_init (&argc, &argv);
  notifications = surat_test_notifications_start ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/inbox/fetch-show-attachments-screenshots", test_fetch_and_show);
  ADD ("/ui/certificate/changed-pin-raises-alarm", test_changed_certificate);
  ADD ("/ui/inbox/new-mail-at-top", test_new_mail_at_top);
  ADD ("/ui/inbox/context-menu-reply", test_context_menu);
  ADD ("/ui/inbox/search-as-you-type", test_search_as_you_type);
  ADD ("/ui/inbox/delete-and-mark-unread", test_delete_and_unread);
  ADD ("/ui/certificate/review-and-trust", test_untrusted_certificate);
#undef ADD

  status = g_test_run ();
  g_clear_pointer (&dovecot, surat_test_dovecot_free);
  return status;
}
