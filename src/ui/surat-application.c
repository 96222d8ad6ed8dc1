/* surat-application.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-account-assistant.h"
#include "surat-application-private.h"
#include "surat-attachment-bar.h"
#include "surat-composer-window.h"
#include "surat-preferences-window.h"
#include "surat-resources.h"
#include "surat-window.h"

struct _SuratApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  SuratStore     *store;
  GListStore     *accounts;
  GHashTable     *statuses;       /* account id → SuratAccountStatus */
  guint           check_id;
  SuratApplicationSend *send;
  gboolean        started;        /* the first window was shown */
};

G_DEFINE_FINAL_TYPE (SuratApplication, surat_application, ADW_TYPE_APPLICATION)

enum {
  SIGNAL_MAIL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_checks (SuratApplication *self);

/* --- fetching --------------------------------------------------------------- */

typedef struct {
  SuratApplication   *self;
  SuratAccountStatus *status;
} FetchData;

static void
fetch_progress_cb (SuratFetcher *fetcher,
                   guint         done,
                   guint         total,
                   guint64       bytes_done,
                   guint64       bytes_total,
                   FetchData    *data)
{
  surat_account_status_set_progress (data->status, done, total, bytes_done, bytes_total);
}

static void
fetch_warning_cb (SuratFetcher *fetcher,
                  const char   *text,
                  FetchData    *data)
{
  surat_account_status_set_warning (data->status, text);
}

static void
notify_new_mail (SuratApplication *self,
                 SuratAccount     *account,
                 guint             n_new)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  const char *name;

  if (n_new == 0 || !g_settings_get_boolean (self->settings, "notify-new-mail"))
    return;
  /* The person is looking already. */
  if (window != NULL && gtk_window_is_active (window))
    return;

  name = surat_account_get_display_name (account) ? surat_account_get_display_name (account)
                                                   : surat_account_get_address (account);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new message", "%u new messages", n_new),
                           n_new);
  notification = g_notification_new (title);
  g_notification_set_body (notification, name);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (G_APPLICATION (self), "new-mail", notification);
}

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FetchData *data = user_data;
  SuratFetcher *fetcher = SURAT_FETCHER (object);
  SuratAccount *account = surat_account_status_get_account (data->status);
  g_autoptr(GError) error = NULL;

  surat_fetcher_run_finish (fetcher, result, &error);

  surat_account_status_set_fetching (data->status, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&error);
  surat_account_status_set_error (data->status, error);

  if (surat_fetcher_get_n_downloaded (fetcher) > 0)
    {
      surat_application_mail_changed (data->self, surat_account_get_id (account));
      /* New correspondents complete from now on. */
      _surat_application_reload_address_book (data->self);
      notify_new_mail (data->self, account, surat_fetcher_get_n_downloaded (fetcher));
    }

  g_object_unref (data->status);
  g_object_unref (data->self);
  g_free (data);
  g_object_unref (fetcher);
}

static void
fetch_account (SuratApplication *self,
               SuratAccount     *account)
{
  SuratAccountStatus *status = surat_application_get_status (self, account);
  SuratFetcher *fetcher;
  FetchData *data;

  if (surat_account_get_pop3_host (account) == NULL || surat_account_status_get_fetching (status))
    return;

  data = g_new0 (FetchData, 1);
  data->self = g_object_ref (self);
  data->status = g_object_ref (status);

  surat_account_status_set_fetching (status, TRUE);
  surat_account_status_set_warning (status, NULL);
  surat_account_status_set_progress (status, 0, 0, 0, 0);

  fetcher = surat_fetcher_new (self->store, account);
  g_signal_connect (fetcher, "progress", G_CALLBACK (fetch_progress_cb), data);
  g_signal_connect (fetcher, "warning", G_CALLBACK (fetch_warning_cb), data);
  surat_fetcher_run_async (fetcher, NULL, fetch_done_cb, data);
}

void
surat_application_get_mail (SuratApplication *self,
                            SuratAccount     *account)
{
  g_return_if_fail (SURAT_IS_APPLICATION (self));

  if (self->store == NULL)
    return;

  if (account != NULL)
    {
      fetch_account (self, account);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(SuratAccount) each = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      fetch_account (self, each);
    }
}

static gboolean
check_cb (gpointer user_data)
{
  surat_application_get_mail (SURAT_APPLICATION (user_data), NULL);
  return G_SOURCE_CONTINUE;
}

static void
schedule_checks (SuratApplication *self)
{
  guint minutes = g_settings_get_uint (self->settings, "check-interval");

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (minutes > 0)
    self->check_id = g_timeout_add_seconds (minutes * 60, check_cb, self);
}

static void
check_interval_changed_cb (GSettings        *settings,
                           const char       *key,
                           SuratApplication *self)
{
  schedule_checks (self);
}

/* --- accounts ----------------------------------------------------------------- */

SuratAccountStatus *
surat_application_get_status (SuratApplication *self,
                              SuratAccount     *account)
{
  SuratAccountStatus *status;

  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  status = g_hash_table_lookup (self->statuses, surat_account_get_id (account));
  if (status == NULL)
    {
      status = surat_account_status_new (account);
      g_hash_table_insert (self->statuses, g_strdup (surat_account_get_id (account)), status);
    }

  return status;
}

static void
load_accounts (SuratApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = surat_account_load_all (NULL, &error);

  if (accounts == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  g_list_store_splice (self->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       accounts->pdata, accounts->len);
}

gboolean
surat_application_save_accounts (SuratApplication  *self,
                                 GError           **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SURAT_IS_APPLICATION (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    g_ptr_array_add (accounts, g_list_model_get_item (G_LIST_MODEL (self->accounts), i));

  return surat_account_save_all (accounts, NULL, error);
}

void
surat_application_add_account (SuratApplication *self,
                               SuratAccount     *account)
{
  g_return_if_fail (SURAT_IS_APPLICATION (self));
  g_return_if_fail (SURAT_IS_ACCOUNT (account));

  g_list_store_append (self->accounts, account);
}

void
surat_application_remove_account (SuratApplication *self,
                                  SuratAccount     *account)
{
  guint position;

  g_return_if_fail (SURAT_IS_APPLICATION (self));

  if (g_list_store_find (self->accounts, account, &position))
    g_list_store_remove (self->accounts, position);
}

void
surat_application_mail_changed (SuratApplication *self,
                                const char       *account_id)
{
  g_return_if_fail (SURAT_IS_APPLICATION (self));

  g_signal_emit (self, signals[SIGNAL_MAIL_CHANGED], 0, account_id);
}

SuratApplicationSend *
_surat_application_get_send (SuratApplication *self)
{
  return self->send;
}

/* --- actions ------------------------------------------------------------------ */

static void
get_mail_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  surat_application_get_mail (SURAT_APPLICATION (user_data), NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { "The Surat authors", NULL };

  adw_show_about_window (window,
                         "application-name", "Surat",
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The Surat authors",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Email for POP3 and SMTP accounts"),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
add_account_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SuratApplication *self = SURAT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (surat_account_assistant_new (self, parent)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SuratApplication *self = SURAT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (surat_preferences_window_new (self, parent)));
}

static void
activate_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static void
compose_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  surat_application_compose (SURAT_APPLICATION (user_data), NULL);
}

static const GActionEntry app_actions[] = {
  { "get-mail", get_mail_action },
  { "compose", compose_action },
  { "quit", quit_action },
  { "about", about_action },
  { "add-account", add_account_action },
  { "preferences", preferences_action },
  { "activate", activate_action },
};

/* --- GApplication -------------------------------------------------------------- */

static void
surat_application_startup (GApplication *app)
{
  SuratApplication *self = SURAT_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  /* Ctrl+R is Reply, as in every mail client. */
  const char *get_mail_accels[] = { "F5", NULL };
  const char *compose_accels[] = { "<Control>n", NULL };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (surat_application_parent_class)->startup (app);

  surat_core_init ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.get-mail", get_mail_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.compose", compose_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  self->store = surat_store_open (NULL, &error);
  if (self->store == NULL)
    g_warning ("Cannot open the mail store: %s", error->message);

  load_accounts (self);
  surat_attachment_bar_clean_cache ();

  g_signal_connect (self->settings, "changed::check-interval",
                    G_CALLBACK (check_interval_changed_cb), self);
  schedule_checks (self);
}

static void
surat_application_activate (GApplication *app)
{
  SuratApplication *self = SURAT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (surat_window_new (self));
      /* The first look at a mailbox fetches what arrived meanwhile. */
      surat_application_get_mail (self, NULL);
    }

  gtk_window_present (window);

  if (!self->started)
    {
      self->started = TRUE;
      /* Drafts that were open when the app died, and mail an earlier run
       * left in the Outbox. */
      if (self->store != NULL)
        surat_composer_offer_interrupted (self, window);
      _surat_application_send_start (self);
    }
}

static void
show_mailto_error (SuratApplication *self,
                   const char       *uri,
                   const GError     *error)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Cannot Write to This Address"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", uri, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* `surat mailto:…` and links in other apps (the desktop file's MimeType
 * x-scheme-handler/mailto): a composer with the link's fields. A second
 * `surat` hands the URI to the running one (GApplication's single
 * instance). */
static void
surat_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  SuratApplication *self = SURAT_APPLICATION (app);

  g_application_activate (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autoptr(SuratDraft) draft = NULL;
      g_autoptr(GError) error = NULL;

      draft = surat_draft_new_from_mailto (uri, &error);
      if (draft == NULL)
        {
          show_mailto_error (self, uri, error);
          continue;
        }
      surat_application_compose (self, draft);
    }
}


static void
surat_application_dispose (GObject *object)
{
  SuratApplication *self = (SuratApplication *) object;

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->statuses, g_hash_table_unref);
  g_clear_pointer (&self->send, _surat_application_send_free);

  G_OBJECT_CLASS (surat_application_parent_class)->dispose (object);
}

static void
surat_application_class_init (SuratApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* Before any template is used. */
  surat_register_resource ();

  object_class->dispose = surat_application_dispose;
  app_class->startup = surat_application_startup;
  app_class->activate = surat_application_activate;
  app_class->open = surat_application_open;

  signals[SIGNAL_MAIL_CHANGED] =
    g_signal_new ("mail-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
surat_application_init (SuratApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->accounts = g_list_store_new (SURAT_TYPE_ACCOUNT);
  self->statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->send = _surat_application_send_new ();
}

SuratApplication *
surat_application_new (void)
{
  return g_object_new (SURAT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/surat/Surat",
                       NULL);
}

SuratStore *
surat_application_get_store (SuratApplication *self)
{
  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
surat_application_get_settings (SuratApplication *self)
{
  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);
  return self->settings;
}

GListModel *
surat_application_get_accounts (SuratApplication *self)
{
  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->accounts);
}
