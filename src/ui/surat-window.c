/* surat-window.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-outbox-view.h"
#include "surat-window.h"

struct _SuratWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  AdwLeaflet           *leaflet;
  SuratSidebar         *sidebar;
  SuratMailboxView     *mailbox;
  SuratMessageView     *message_view;
  GtkWidget            *message_separator;
  SuratOutboxView      *outbox_view;

  SuratApplication     *app;
  char                 *account_id;   /* the folder on screen */
};

G_DEFINE_FINAL_TYPE (SuratWindow, surat_window, ADW_TYPE_APPLICATION_WINDOW)

static void
folder_selected_cb (SuratSidebar *sidebar,
                    SuratAccount *account,
                    guint         folder,
                    SuratWindow  *self)
{
  g_free (self->account_id);
  self->account_id = g_strdup (surat_account_get_id (account));

  /* The Outbox is not a list of mail to read but of mail on its way:
   * its own pane, with each message's state and what to do about it. */
  if (folder == SURAT_FOLDER_OUTBOX)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->mailbox), FALSE);
      gtk_widget_set_visible (self->message_separator, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->message_view), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->outbox_view), TRUE);
      surat_outbox_view_show_account (self->outbox_view, account);
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->outbox_view));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->outbox_view), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->mailbox), TRUE);
  gtk_widget_set_visible (self->message_separator, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->message_view), TRUE);
  surat_mailbox_view_show_folder (self->mailbox, account, folder);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->mailbox));
}

static void
message_selected_cb (SuratMailboxView    *mailbox,
                     SuratMessageSummary *summary,
                     SuratWindow         *self)
{
  surat_message_view_show (self->message_view, summary);
  if (summary != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->message_view));
}

static void
mail_changed_cb (SuratApplication *app,
                 const char       *account_id,
                 SuratWindow      *self)
{
  if (self->account_id == NULL || g_strcmp0 (self->account_id, account_id) == 0)
    surat_mailbox_view_reload (self->mailbox);
}

static void
select_first_inbox (SuratWindow *self)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  g_autoptr(SuratAccount) first = NULL;

  if (g_list_model_get_n_items (accounts) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "mail");
  if (self->account_id != NULL)
    return;

  first = g_list_model_get_item (accounts, 0);
  surat_sidebar_select (self->sidebar, first, SURAT_FOLDER_INBOX);
}

static void
accounts_changed_cb (GListModel  *accounts,
                     guint        position,
                     guint        removed,
                     guint        added,
                     SuratWindow *self)
{
  g_clear_pointer (&self->account_id, g_free);
  select_first_inbox (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (SURAT_WINDOW (widget)->mailbox), "mailbox.delete", NULL);
}

static void
mark_unread_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (SURAT_WINDOW (widget)->mailbox), "mailbox.mark-unread",
                              NULL);
}

static void
message_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  /* win.reply → message.reply: the shortcut works wherever the focus is. */
  g_autofree char *name = g_strconcat ("message.", action_name + strlen ("win."), NULL);

  gtk_widget_activate_action (GTK_WIDGET (SURAT_WINDOW (widget)->message_view), name, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (SURAT_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Each pane keeps its own header bar (the GNOME adaptive pattern): the
 * window buttons sit on the outer ones, and every pane shows them and a
 * Back button when the leaflet folds to one pane. */
static void
setup_header_bars (SuratWindow *self)
{
  AdwHeaderBar *headers[] = {
    surat_mailbox_view_get_header_bar (self->mailbox),
    surat_message_view_get_header_bar (self->message_view),
    surat_outbox_view_get_header_bar (self->outbox_view),
  };
  AdwHeaderBar *sidebar = surat_sidebar_get_header_bar (self->sidebar);

  g_object_bind_property (self->leaflet, "folded", sidebar, "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", headers[0], "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", headers[0], "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", headers[1], "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", headers[2], "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

      gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.back");
      gtk_widget_set_tooltip_text (back, _("Back"));
      g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
      adw_header_bar_pack_start (headers[i], back);
    }
}

static void
surat_window_dispose (GObject *object)
{
  SuratWindow *self = (SuratWindow *) object;

  g_clear_object (&self->app);
  g_clear_pointer (&self->account_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), SURAT_TYPE_WINDOW);

  G_OBJECT_CLASS (surat_window_parent_class)->dispose (object);
}

static void
surat_window_class_init (SuratWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_window_dispose;

  g_type_ensure (SURAT_TYPE_SIDEBAR);
  g_type_ensure (SURAT_TYPE_MAILBOX_VIEW);
  g_type_ensure (SURAT_TYPE_MESSAGE_VIEW);
  g_type_ensure (SURAT_TYPE_OUTBOX_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/surat/Surat/surat-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, mailbox);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, message_view);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, message_separator);
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, outbox_view);
  gtk_widget_class_bind_template_callback (widget_class, folder_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.mark-unread", NULL, mark_unread_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.reply", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "win.reply-all", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "win.forward-as-attachment", NULL, message_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.reply-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.forward", NULL);
}

static void
surat_window_init (SuratWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_header_bars (self);
}

SuratWindow *
surat_window_new (SuratApplication *app)
{
  SuratWindow *self = g_object_new (SURAT_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = surat_application_get_settings (app);

  self->app = g_object_ref (app);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  surat_sidebar_set_application (self->sidebar, app);
  surat_mailbox_view_set_application (self->mailbox, app);
  surat_message_view_set_application (self->message_view, app);
  surat_outbox_view_set_application (self->outbox_view, app);
  g_signal_connect_object (app, "mail-changed", G_CALLBACK (mail_changed_cb), self, 0);
  g_signal_connect_object (surat_application_get_accounts (app), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, 0);
  select_first_inbox (self);

  return self;
}

SuratSidebar *
surat_window_get_sidebar (SuratWindow *self)
{
  g_return_val_if_fail (SURAT_IS_WINDOW (self), NULL);
  return self->sidebar;
}

SuratMailboxView *
surat_window_get_mailbox (SuratWindow *self)
{
  g_return_val_if_fail (SURAT_IS_WINDOW (self), NULL);
  return self->mailbox;
}

SuratMessageView *
surat_window_get_message_view (SuratWindow *self)
{
  g_return_val_if_fail (SURAT_IS_WINDOW (self), NULL);
  return self->message_view;
}

void
surat_window_add_toast (SuratWindow *self,
                        const char  *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_return_if_fail (SURAT_IS_WINDOW (self));
  /* A toast's title is markup: an address in <…> is no tag. */
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

/* A toast with a button (Undo), kept by the caller to follow it. */
void
surat_window_show_toast (SuratWindow *self,
                         AdwToast    *toast)
{
  g_return_if_fail (SURAT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  adw_toast_overlay_add_toast (self->toasts, g_object_ref (toast));
}

/**
 * surat_window_report_error:
 * @widget: any widget inside a SuratWindow
 * @error: what failed
 *
 * A failure the person caused by acting (marking, deleting) is shown to
 * them as a toast in the window they acted in, not printed to a terminal
 * they never see.
 */
void
surat_window_report_error (GtkWidget    *widget,
                           const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  g_return_if_fail (error != NULL);

  if (SURAT_IS_WINDOW (root))
    surat_window_add_toast (SURAT_WINDOW (root), error->message);
  else
    g_message ("%s", error->message);
}

SuratOutboxView *
surat_window_get_outbox_view (SuratWindow *self)
{
  g_return_val_if_fail (SURAT_IS_WINDOW (self), NULL);
  return self->outbox_view;
}
