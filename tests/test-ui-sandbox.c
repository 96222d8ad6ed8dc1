/* test-ui-sandbox.c — the app on the sandbox mailbox, as a newcomer sees it
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same mailbox `tools/run` opens (real Dovecot and aiosmtpd on
 * loopback, the ~30 messages of tests/sandbox): the app fetches it,
 * shows an HTML newsletter with its inline picture and a message with
 * photos attached, in the light and the dark style. Screenshots go to
 * the build tree (screenshots/sandbox-*.png).
 *
 * tests/meson.build runs this program twice: in English, and as
 * test-ui-sandbox-id with LANGUAGE=id in the id_ID.UTF-8 locale, where it
 * also checks that the window really is Indonesian.
 */
#include "config.h"

#include <string.h>

#include "surat-test-sandbox.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"
#include "surat-window.h"

static SuratTestNotifications *notifications;

typedef struct {
  SuratTestSandbox *sandbox;
  SuratApplication *app;
  SuratWindow      *window;
  guint             n_messages;
} Fixture;

static gboolean
indonesian (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "id");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *webkit_dir = g_build_filename (g_get_user_runtime_dir (), "webkitgtk", NULL);

  /* WebKit's sandbox puts sockets under $XDG_RUNTIME_DIR/webkitgtk. */
  g_assert_cmpint (g_mkdir_with_parents (webkit_dir, 0700), ==, 0);

  f->sandbox = surat_test_sandbox_start (NULL);
  f->n_messages = surat_test_sandbox_get_n_seeded (f->sandbox);
  g_assert_cmpuint (f->n_messages, >=, 30);
  surat_test_sandbox_write_account (f->sandbox, g_get_user_config_dir (), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->app != NULL)
    surat_test_ui_stop_app (f->app);
  surat_test_sandbox_free (f->sandbox);
}

static gboolean
fetched (gpointer data)
{
  Fixture *f = data;
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (f->window));

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) == f->n_messages;
}

/* Selects the newest message whose subject starts with @prefix and waits
 * until the view shows it. */
static SuratMessage *
show_subject (Fixture    *f,
              const char *prefix)
{
  SuratMailboxView *mailbox = surat_window_get_mailbox (f->window);
  GListModel *model = G_LIST_MODEL (surat_mailbox_view_get_model (mailbox));
  SuratMessageView *view = surat_window_get_message_view (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SuratMessageSummary) summary = g_list_model_get_item (model, i);

      if (g_str_has_prefix (surat_message_summary_get_subject (summary), prefix))
        {
          surat_mailbox_view_select (mailbox, i);
          surat_test_ui_wait_signal (view, "loaded", 20);
          /* Let WebKit and the thumbnails paint. */
          surat_test_spin (1500);
          return surat_message_view_get_message (view);
        }
    }

  g_error ("No message “%s…” in the sandbox inbox", prefix);
  return NULL;
}

static void
screenshots (Fixture    *f,
             const char *name)
{
  const char *suffix = indonesian () ? "-id" : "";
  g_autofree char *light = g_strdup_printf ("sandbox-%s%s", name, suffix);
  g_autofree char *dark = g_strdup_printf ("sandbox-%s%s-dark", name, suffix);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *shot = NULL;

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), light);
  g_clear_pointer (&shot, g_free);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  surat_test_spin (800);
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  surat_test_spin (300);
}

static void
test_sandbox (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *sidebar;
  SuratMessage *message;
  GPtrArray *attachments;

  f->app = surat_test_ui_start_app ();
  f->window = SURAT_WINDOW (surat_test_ui_get_window (f->app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  surat_test_ui_wait (fetched, f, 90, "the sandbox inbox to fill");
  sidebar = GTK_WIDGET (surat_window_get_sidebar (f->window));

  /* The sidebar names the account and the folders in the person's
   * language: in Indonesian the Inbox is "Kotak Masuk". */
  surat_test_ui_assert_shows (sidebar, SURAT_TEST_SANDBOX_ADDRESS);
  if (indonesian ())
    {
      surat_test_ui_assert_shows (sidebar, "Kotak Masuk");
      surat_test_ui_assert_shows (sidebar, "Terkirim");
      surat_test_ui_assert_shows (sidebar, "Sampah");
    }
  else
    {
      surat_test_ui_assert_shows (sidebar, "Inbox");
      surat_test_ui_assert_shows (sidebar, "Trash");
    }

  /* The HTML newsletter, with the picture it carries (cid:). */
  message = show_subject (f, "Kabar Koperasi");
  g_assert_nonnull (surat_message_get_html (message));
  surat_test_ui_assert_shows (GTK_WIDGET (surat_window_get_message_view (f->window)), "Kabar Koperasi");
  screenshots (f, "newsletter");

  /* Agus's photos of the sacks: named in the attachment bar. */
  message = show_subject (f, "Re: Pengiriman 40 karung");
  attachments = surat_message_get_attachments (message);
  g_assert_cmpuint (attachments->len, >, 0);
  for (guint i = 0; i < attachments->len; i++)
    surat_test_ui_assert_shows (GTK_WIDGET (surat_window_get_message_view (f->window)),
                  surat_attachment_get_filename (g_ptr_array_index (attachments, i)));
  screenshots (f, "main-window");
}

int
main (int    argc,
      char **argv)
{
  surat_test_ui_init (&argc, &argv);
  /* New mail is announced on the private bus: someone must listen. */
  notifications = surat_test_notifications_start ();

  /* A short path: WebKit's sandbox binds a socket under the test's
   * XDG_RUNTIME_DIR, and a socket path has at most 107 bytes. */
  g_test_add ("/ui/sandbox", Fixture, NULL, fixture_set_up, test_sandbox, fixture_tear_down);
  return g_test_run ();
}
