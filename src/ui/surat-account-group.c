/* surat-account-group.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-account-group-private.h"

G_DEFINE_FINAL_TYPE (SuratAccountGroup, surat_account_group, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (SuratAccountGroup *self,
       const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  else
    g_warning ("%s", text);
}

static void
save (SuratAccountGroup *self)
{
  g_autoptr(GError) error = NULL;

  if (!surat_application_save_accounts (self->app, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the accounts: %s"),
                                               error->message);

      toast (self, text);
    }
}

static const char *
security_name (SuratSecurity security)
{
  switch (security)
    {
    case SURAT_SECURITY_TLS:
      return _("TLS");
    case SURAT_SECURITY_STARTTLS:
      return _("STARTTLS");
    case SURAT_SECURITY_NONE:
    default:
      return _("unencrypted");
    }
}

static char *
server_summary (const char    *host,
                guint          port,
                SuratSecurity  security)
{
  if (host == NULL)
    return g_strdup (_("None"));

  /* Translators: "pop.example.org, port 995, TLS". */
  return g_strdup_printf (_("%s, port %u, %s"), host, port, security_name (security));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Fills every row from the account. */
static void
load_rows (SuratAccountGroup *self)
{
  SuratAccount *account = self->account;
  const char *name = surat_account_get_display_name (account);
  const char *command = surat_account_get_password_command (account);
  g_autofree char *pop3 = NULL;
  g_autofree char *smtp = NULL;

  self->loading = TRUE;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   name != NULL ? name : surat_account_get_address (account));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         name != NULL ? surat_account_get_address (account) : NULL);

  set_text (self->name_row, name);
  set_text (self->address_row, surat_account_get_address (account));

  set_text (self->pop3_host_row, surat_account_get_pop3_host (account));
  adw_combo_row_set_selected (self->pop3_security_row, surat_account_get_pop3_security (account));
  gtk_spin_button_set_value (self->pop3_port_spin, surat_account_get_pop3_port (account));
  set_text (self->pop3_user_row, surat_account_get_pop3_user (account));
  gtk_switch_set_active (self->pop3_apop_switch, surat_account_get_pop3_apop (account));
  set_text (self->pop3_pin_row, surat_account_get_pop3_pinned_sha256 (account));
  pop3 = server_summary (surat_account_get_pop3_host (account),
                         surat_account_get_pop3_port (account),
                         surat_account_get_pop3_security (account));
  adw_expander_row_set_subtitle (self->pop3_expander, pop3);

  set_text (self->smtp_host_row, surat_account_get_smtp_host (account));
  adw_combo_row_set_selected (self->smtp_security_row, surat_account_get_smtp_security (account));
  gtk_spin_button_set_value (self->smtp_port_spin, surat_account_get_smtp_port (account));
  set_text (self->smtp_user_row, surat_account_get_smtp_user (account));
  set_text (self->smtp_pin_row, surat_account_get_smtp_pinned_sha256 (account));
  smtp = server_summary (surat_account_get_smtp_host (account),
                         surat_account_get_smtp_port (account),
                         surat_account_get_smtp_security (account));
  adw_expander_row_set_subtitle (self->smtp_expander, smtp);

  set_text (self->password_command_row, command);
  /* With a command there is no password in the keyring to change. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), command == NULL);
  adw_expander_row_set_subtitle (self->password_expander,
                                 command != NULL ? _("From a command") : _("In the keyring"));

  gtk_switch_set_active (self->keep_switch, surat_account_get_keep_on_server (account));
  gtk_spin_button_set_value (self->delete_after_spin,
                             surat_account_get_delete_after_days (account));
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_after_row),
                            surat_account_get_keep_on_server (account));
  if (!surat_account_get_keep_on_server (account))
    adw_expander_row_set_subtitle (self->keep_expander, _("Deleted once downloaded"));
  else if (surat_account_get_delete_after_days (account) == 0)
    adw_expander_row_set_subtitle (self->keep_expander, _("Kept"));
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u day after downloading",
                                      "Deleted %u days after downloading",
                                      surat_account_get_delete_after_days (account)),
                         surat_account_get_delete_after_days (account));

      adw_expander_row_set_subtitle (self->keep_expander, text);
    }

  set_text (self->ca_file_row, surat_account_get_ca_file (account));
  gtk_spin_button_set_value (self->timeout_spin, surat_account_get_timeout (account));

  self->loading = FALSE;
}

/* Sets @property to @value, keeps it only if the account stays valid,
 * and saves. */
static void
change (SuratAccountGroup *self,
        const char        *property,
        const GValue      *value)
{
  g_auto(GValue) old = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&old, G_VALUE_TYPE (value));
  g_object_get_property (G_OBJECT (self->account), property, &old);
  g_object_set_property (G_OBJECT (self->account), property, value);

  if (!surat_account_validate (self->account, &error))
    {
      g_object_set_property (G_OBJECT (self->account), property, &old);
      toast (self, error->message);
    }
  else
    {
      save (self);
    }

  load_rows (self);
}

static void
change_string (SuratAccountGroup *self,
               const char        *property,
               const char        *text)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  /* Empty is unset: a user name falls back to the address again. */
  g_value_set_string (&value, text != NULL && *text != '\0' ? text : NULL);
  change (self, property, &value);
}

static void
change_uint (SuratAccountGroup *self,
             const char        *property,
             guint              number)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, number);
  change (self, property, &value);
}

typedef struct {
  SuratAccountGroup *self;
  SuratAccount      *account;
  SuratSecret       *password;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->account);
  g_clear_pointer (&data->password, surat_secret_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreData, store_data_free)

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(StoreData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!surat_password_store_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not keep the password in the keyring: %s"),
                                               error->message);

      toast (data->self, text);
      return;
    }

  /* One password for both, as the assistant keeps it; two keyring items
   * (POP3 first, then SMTP) so that they may differ one day. */
  if (data->password != NULL)
    {
      g_autoptr(SuratSecret) password = g_steal_pointer (&data->password);
      SuratAccount *account = data->account;

      /* The store copies the password; data lives on in the callback. */
      surat_password_store_async (account, SURAT_PASSWORD_SMTP, password, NULL,
                                  store_password_cb, g_steal_pointer (&data));
      return;
    }

  toast (data->self, _("The new password is in the keyring"));
}

static void
store_password (SuratAccountGroup *self,
                const char        *password)
{
  StoreData *data;

  if (*password == '\0')
    return;

  data = g_new0 (StoreData, 1);
  data->self = g_object_ref (self);
  data->account = g_object_ref (self->account);
  data->password = surat_secret_dup (password);
  surat_password_store_async (self->account, SURAT_PASSWORD_POP3, password, NULL,
                              store_password_cb, data);
}

static void
text_applied_cb (SuratAccountGroup *self,
                 AdwEntryRow       *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *property = NULL;

  if (row == ADW_ENTRY_ROW (self->password_row))
    {
      /* Not stripped: spaces may be part of a password. */
      store_password (self, gtk_editable_get_text (GTK_EDITABLE (row)));
      gtk_editable_set_text (GTK_EDITABLE (row), "");
      return;
    }

  if (row == self->pop3_pin_row || row == self->smtp_pin_row)
    {
      g_autofree char *normal = surat_certificate_normalize_fingerprint (text);

      if (*text != '\0' && normal == NULL)
        {
          toast (self, _("A SHA-256 fingerprint is 32 pairs of hexadecimal digits"));
          load_rows (self);
          return;
        }
      change_string (self, row == self->pop3_pin_row ? "pop3-pinned-sha256" : "smtp-pinned-sha256",
                     normal);
      return;
    }

  if (row == self->ca_file_row && *text != '\0' && !g_file_test (text, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf (_("There is no file %s"), text);

      toast (self, message);
      load_rows (self);
      return;
    }

  if (row == self->name_row)
    property = "display-name";
  else if (row == self->address_row)
    property = "address";
  else if (row == self->pop3_host_row)
    property = "pop3-host";
  else if (row == self->pop3_user_row)
    property = "pop3-user";
  else if (row == self->smtp_host_row)
    property = "smtp-host";
  else if (row == self->smtp_user_row)
    property = "smtp-user";
  else if (row == self->password_command_row)
    property = "password-command";
  else if (row == self->ca_file_row)
    property = "ca-file";

  g_return_if_fail (property != NULL);
  change_string (self, property, text);
}

static void
security_changed_cb (SuratAccountGroup *self,
                     GParamSpec        *pspec,
                     AdwComboRow       *row)
{
  gboolean smtp = row == self->smtp_security_row;
  guint selected = adw_combo_row_get_selected (row);
  SuratSecurity old;
  guint port;

  if (self->loading || self->account == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  old = smtp ? surat_account_get_smtp_security (self->account)
             : surat_account_get_pop3_security (self->account);
  port = smtp ? surat_account_get_smtp_port (self->account)
              : surat_account_get_pop3_port (self->account);

  /* The port follows the encryption unless the person chose another one
   * than the usual. */
  if (port == surat_security_default_port (old, smtp))
    g_object_set (self->account, smtp ? "smtp-port" : "pop3-port",
                  surat_security_default_port (selected, smtp), NULL);
  change_string (self, smtp ? "smtp-security" : "pop3-security",
                 surat_security_to_string (selected));
}

static void
spin_changed_cb (SuratAccountGroup *self,
                 GtkSpinButton     *spin)
{
  guint number = gtk_spin_button_get_value_as_int (spin);
  const char *property;

  if (self->loading || self->account == NULL)
    return;

  if (spin == self->pop3_port_spin)
    property = "pop3-port";
  else if (spin == self->smtp_port_spin)
    property = "smtp-port";
  else if (spin == self->delete_after_spin)
    property = "delete-after-days";
  else
    property = "timeout";

  change_uint (self, property, number);
}

static void
switch_changed_cb (SuratAccountGroup *self,
                   GParamSpec        *pspec,
                   GtkSwitch         *widget)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (self->loading || self->account == NULL)
    return;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, gtk_switch_get_active (widget));
  change (self, widget == self->keep_switch ? "keep-on-server" : "pop3-apop", &value);
}

/* --- removing ------------------------------------------------------------------------ */

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The account is gone already; a stale keyring item harms nobody. */
  if (!surat_password_clear_finish (result, &error))
    g_debug ("Could not forget the password: %s", error->message);
}

static void
remove_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    SuratAccountGroup *self)
{
  g_autoptr(SuratAccount) account = NULL;
  g_autoptr(SuratApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  /* Removing the account from the list disposes this group: keep what
   * is needed afterwards. */
  account = g_object_ref (self->account);
  app = g_object_ref (self->app);

  surat_application_remove_account (app, account);
  if (!surat_application_save_accounts (app, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

      g_warning ("Could not save the accounts: %s", error->message);
      if (ADW_IS_PREFERENCES_WINDOW (parent))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (parent),
                                          adw_toast_new (error->message));
    }

  if (surat_account_get_password_command (account) == NULL)
    surat_password_clear_async (account, NULL, clear_password_cb, NULL);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SuratAccountGroup *self = SURAT_ACCOUNT_GROUP (widget);
  const char *name = surat_account_get_display_name (self->account);
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "surat",
                                              surat_account_get_id (self->account), NULL);
  GtkWidget *dialog;

  if (name == NULL)
    name = surat_account_get_address (self->account);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  /* Translators: %s is the account's name or address. */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), name);
  /* Translators: %s is a folder. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Surat forgets this account’s settings and its password. The "
                                    "mail already on this device stays there, in %s, and "
                                    "nothing is deleted from the server."),
                                  folder);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  g_set_weak_pointer (&self->remove_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- GObject ------------------------------------------------------------------------- */

static void
surat_account_group_dispose (GObject *object)
{
  SuratAccountGroup *self = (SuratAccountGroup *) object;

  g_clear_weak_pointer (&self->remove_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_ACCOUNT_GROUP);
  g_clear_object (&self->account);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (surat_account_group_parent_class)->dispose (object);
}

static void
surat_account_group_class_init (SuratAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_account_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-account-group.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SuratAccountGroup, name)
  BIND (remove_button);
  BIND (name_row);
  BIND (address_row);
  BIND (pop3_expander);
  BIND (pop3_host_row);
  BIND (pop3_port_spin);
  BIND (pop3_security_row);
  BIND (pop3_user_row);
  BIND (pop3_apop_switch);
  BIND (pop3_pin_row);
  BIND (smtp_expander);
  BIND (smtp_host_row);
  BIND (smtp_port_spin);
  BIND (smtp_security_row);
  BIND (smtp_user_row);
  BIND (smtp_pin_row);
  BIND (password_expander);
  BIND (password_row);
  BIND (password_command_row);
  BIND (keep_expander);
  BIND (keep_switch);
  BIND (delete_after_row);
  BIND (delete_after_spin);
  BIND (ca_file_row);
  BIND (timeout_spin);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, text_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, switch_changed_cb);

  gtk_widget_class_install_action (widget_class, "account.remove", NULL, remove_action);
}

static void
surat_account_group_init (SuratAccountGroup *self)
{
  /* Nothing is a change until the account's values are in. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}

GtkWidget *
surat_account_group_new (SuratApplication *app,
                         SuratAccount     *account)
{
  SuratAccountGroup *self;

  g_return_val_if_fail (SURAT_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  self = g_object_new (SURAT_TYPE_ACCOUNT_GROUP, NULL);
  self->app = g_object_ref (app);
  self->account = g_object_ref (account);
  load_rows (self);

  return GTK_WIDGET (self);
}

SuratAccount *
surat_account_group_get_account (SuratAccountGroup *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_GROUP (self), NULL);

  return self->account;
}
