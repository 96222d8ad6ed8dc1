/* surat-preferences-window.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-account-assistant.h"
#include "surat-account-group.h"
#include "surat-preferences-window-private.h"

G_DEFINE_FINAL_TYPE (SuratPreferencesWindow, surat_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* One group per account, in the application's order. Rebuilt whenever
 * the list changes: accounts come and go rarely, and a group holds
 * nothing that is not saved already. */
static void
rebuild_accounts (SuratPreferencesWindow *self)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->accounts_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);
      GtkWidget *group = surat_account_group_new (self->app, account);

      adw_preferences_page_add (self->accounts_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->groups, group);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_accounts_row), n == 0);
}

static void
accounts_changed_cb (GListModel             *accounts,
                     guint                   position,
                     guint                   removed,
                     guint                   added,
                     SuratPreferencesWindow *self)
{
  rebuild_accounts (self);
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SuratPreferencesWindow *self = SURAT_PREFERENCES_WINDOW (widget);
  GtkWidget *assistant = surat_account_assistant_new (self->app, GTK_WINDOW (self));

  gtk_window_present (GTK_WINDOW (assistant));
}

static void
surat_preferences_window_dispose (GObject *object)
{
  SuratPreferencesWindow *self = (SuratPreferencesWindow *) object;

  if (self->app != NULL)
    g_signal_handlers_disconnect_by_func (surat_application_get_accounts (self->app),
                                          accounts_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_PREFERENCES_WINDOW);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (surat_preferences_window_parent_class)->dispose (object);
}

static void
surat_preferences_window_class_init (SuratPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, SuratPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, SuratPreferencesWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, SuratPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, SuratPreferencesWindow, no_accounts_row);

  gtk_widget_class_install_action (widget_class, "preferences.add-account", NULL,
                                   add_account_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
surat_preferences_window_init (SuratPreferencesWindow *self)
{
  self->groups = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
surat_preferences_window_new (SuratApplication *app,
                              GtkWindow        *parent)
{
  SuratPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (SURAT_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (SURAT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->app = g_object_ref (app);

  settings = surat_application_get_settings (app);
  g_settings_bind (settings, "check-interval",
                   gtk_spin_button_get_adjustment (self->interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-new-mail", self->notify_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (surat_application_get_accounts (app), "items-changed",
                    G_CALLBACK (accounts_changed_cb), self);
  rebuild_accounts (self);

  return GTK_WIDGET (self);
}
