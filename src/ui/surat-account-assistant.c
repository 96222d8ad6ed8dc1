/* surat-account-assistant.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-account-probe.h"
#include "surat-account-assistant-private.h"
#include "surat-certificate-dialog.h"

/*
 * Three pages: "details" (name, address, password) → "busy" (guessing,
 * or testing) → "review" (what was found, to correct; why it failed).
 * Next guesses; Add Account tests exactly what the review page says, with
 * a real login to both servers, and only then keeps anything: the
 * password in the keyring, the account in accounts.ini.
 */

typedef struct {
  SuratAccountProbeServer  server;
  char                    *host;
  guint16                  port;
  SuratSecurity            security;
} Candidate;

G_DEFINE_FINAL_TYPE (SuratAccountAssistant, surat_account_assistant, ADW_TYPE_WINDOW)

static void run_test (SuratAccountAssistant *self);

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->host);
  g_free (candidate);
}

static gboolean
address_is_plausible (const char *address)
{
  const char *at = strrchr (address, '@');

  return at != NULL && at != address && strchr (at + 1, '.') != NULL &&
         at[strlen (at) - 1] != '.' && strpbrk (address, " \t\r\n") == NULL;
}

/* An id is a directory name of the store: the address with anything
 * outside [A-Za-z0-9._@-] replaced, made unique among the accounts. */
static char *
make_account_id (SuratAccountAssistant *self,
                 const char            *address)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  g_autofree char *base = g_ascii_strdown (address, -1);
  char *id = NULL;

  for (char *p = base; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '@' && *p != '-')
        *p = '_';
    }
  if (base[0] == '.')
    base[0] = '_';
  if (strlen (base) > 56)
    base[56] = '\0';

  for (guint n = 1; id == NULL; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (accounts) && !taken; i++)
        {
          g_autoptr(SuratAccount) each = g_list_model_get_item (accounts, i);

          taken = g_strcmp0 (surat_account_get_id (each), candidate) == 0;
        }
      if (!taken)
        id = g_steal_pointer (&candidate);
    }

  return id;
}

static const char *
current_page (SuratAccountAssistant *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static void
update_actions (SuratAccountAssistant *self)
{
  const char *page;
  gboolean details, review, has_server, has_password;
  g_autofree char *pop3_host = NULL;
  g_autofree char *smtp_host = NULL;

  /* Not while the template is being built: rows signal changes then. */
  if (self->stack == NULL || self->pop3_host_row == NULL || self->smtp_host_row == NULL ||
      self->review_password_row == NULL || self->password_command_row == NULL ||
      self->policy_row == NULL || self->days_row == NULL || self->address_row == NULL ||
      self->next_button == NULL || self->add_button == NULL || self->back_button == NULL)
    return;

  page = current_page (self);
  details = g_strcmp0 (page, "details") == 0;
  review = g_strcmp0 (page, "review") == 0;
  pop3_host = stripped (self->pop3_host_row);
  smtp_host = stripped (self->smtp_host_row);
  has_server = *pop3_host != '\0' || *smtp_host != '\0';
  has_password = *row_text (self->review_password_row) != '\0' ||
                 *row_text (self->password_command_row) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next",
                                 details && !self->busy &&
                                 address_is_plausible (row_text (self->address_row)));
  /* Back during a search or test stops it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", !details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.add",
                                 review && !self->busy && has_server && has_password);

  gtk_widget_set_visible (GTK_WIDGET (self->days_row),
                          adw_combo_row_get_selected (self->policy_row) ==
                          SURAT_ASSISTANT_POLICY_DELETE_AFTER_DAYS);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), details);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), !details);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !details);
}

static void
set_busy (SuratAccountAssistant *self,
          const char            *title)
{
  self->busy = title != NULL;
  gtk_spinner_set_spinning (self->spinner, self->busy);
  if (title != NULL)
    {
      adw_status_page_set_title (self->busy_page, title);
      adw_status_page_set_description (self->busy_page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "busy");
    }
  update_actions (self);
}

static void
show_log (SuratAccountAssistant *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *log = self->probe ? surat_account_probe_get_log (self->probe) : NULL;

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (log, i));
    }
  gtk_label_set_text (self->log_label, text->str);
}

/* Shows the review page with @message: what worked, or exactly what did
 * not, in the servers' words. */
static void
show_review (SuratAccountAssistant *self,
             const char            *message,
             gboolean               ok)
{
  GtkWidget *label = GTK_WIDGET (self->review_label);

  gtk_label_set_text (self->review_label, message);
  gtk_image_set_from_icon_name (self->review_icon,
                                ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (label, ok ? "error" : "success");
  gtk_widget_add_css_class (label, ok ? "success" : "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->review_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->review_icon), ok ? "success" : "error");
  show_log (self);

  gtk_stack_set_visible_child_name (self->stack, "review");
  set_busy (self, NULL);
}

/* POP3's failure, then SMTP's, each a sentence of its own. */
static char *
describe_failures (SuratAccountAssistant *self,
                   const GError          *fallback)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = SURAT_ACCOUNT_PROBE_POP3; i <= SURAT_ACCOUNT_PROBE_SMTP; i++)
    {
      const GError *error = surat_account_probe_get_error (self->probe, i);
      g_autofree char *words = NULL;

      if (error == NULL)
        continue;
      words = surat_core_describe_error (error);
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, words);
    }

  for (guint i = SURAT_ACCOUNT_PROBE_POP3; i <= SURAT_ACCOUNT_PROBE_SMTP; i++)
    {
      const GError *error = surat_account_probe_get_error (self->probe, i);

      if (error != NULL && error->domain == SURAT_TLS_ERROR &&
          surat_tls_error_get_certificate (error) != NULL)
        {
          g_string_append (text, "\n\n");
          g_string_append (text, _("Add Account shows the certificate, so that you can "
                                   "decide whether to trust it."));
          break;
        }
    }

  if (text->len == 0 && fallback != NULL)
    {
      g_autofree char *words = surat_core_describe_error (fallback);

      g_string_append (text, words);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- the review rows and the account ------------------------------------------- */

static void
set_spin_port (GtkSpinButton *spin,
               guint          port)
{
  gtk_spin_button_set_value (spin, port);
}

static void
account_to_rows (SuratAccountAssistant *self)
{
  SuratAccount *account = self->account;
  const char *pop3_host = surat_account_get_pop3_host (account);
  const char *smtp_host = surat_account_get_smtp_host (account);

  gtk_editable_set_text (GTK_EDITABLE (self->pop3_host_row), pop3_host ? pop3_host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->smtp_host_row), smtp_host ? smtp_host : "");

  /* The combo first: changing it adjusts the port. */
  self->pop3_security = surat_account_get_pop3_security (account);
  adw_combo_row_set_selected (self->pop3_security_row, self->pop3_security);
  self->smtp_security = surat_account_get_smtp_security (account);
  adw_combo_row_set_selected (self->smtp_security_row, self->smtp_security);
  set_spin_port (self->pop3_port_spin, surat_account_get_pop3_port (account));
  set_spin_port (self->smtp_port_spin, surat_account_get_smtp_port (account));

  if (!surat_account_get_keep_on_server (account))
    adw_combo_row_set_selected (self->policy_row, SURAT_ASSISTANT_POLICY_DELETE);
  else if (surat_account_get_delete_after_days (account) > 0)
    {
      adw_combo_row_set_selected (self->policy_row, SURAT_ASSISTANT_POLICY_DELETE_AFTER_DAYS);
      gtk_spin_button_set_value (self->days_spin, surat_account_get_delete_after_days (account));
    }
  else
    adw_combo_row_set_selected (self->policy_row, SURAT_ASSISTANT_POLICY_KEEP);

  gtk_editable_set_text (GTK_EDITABLE (self->pop3_user_row), surat_account_get_pop3_user (account));
  gtk_editable_set_text (GTK_EDITABLE (self->smtp_user_row), surat_account_get_smtp_user (account));
}

static void
rows_to_account (SuratAccountAssistant *self)
{
  g_autofree char *pop3_host = stripped (self->pop3_host_row);
  g_autofree char *smtp_host = stripped (self->smtp_host_row);
  g_autofree char *pop3_user = stripped (self->pop3_user_row);
  g_autofree char *smtp_user = stripped (self->smtp_user_row);
  g_autofree char *command = stripped (self->password_command_row);
  const char *address = surat_account_get_address (self->account);
  SuratAssistantPolicy policy = adw_combo_row_get_selected (self->policy_row);

  /* A user name equal to what it would default to is left out of
   * accounts.ini, so that it follows a later change of the address. */
  if (g_strcmp0 (pop3_user, address) == 0)
    g_clear_pointer (&pop3_user, g_free);
  if (g_strcmp0 (smtp_user, pop3_user ? pop3_user : address) == 0)
    g_clear_pointer (&smtp_user, g_free);

  g_object_set (self->account,
                "pop3-host", pop3_host,
                "pop3-port", (guint) gtk_spin_button_get_value_as_int (self->pop3_port_spin),
                "pop3-security",
                surat_security_to_string (adw_combo_row_get_selected (self->pop3_security_row)),
                "pop3-user", pop3_user,
                "smtp-host", smtp_host,
                "smtp-port", (guint) gtk_spin_button_get_value_as_int (self->smtp_port_spin),
                "smtp-security",
                surat_security_to_string (adw_combo_row_get_selected (self->smtp_security_row)),
                "smtp-user", smtp_user,
                "password-command", command,
                "keep-on-server", policy != SURAT_ASSISTANT_POLICY_DELETE,
                "delete-after-days",
                policy == SURAT_ASSISTANT_POLICY_DELETE_AFTER_DAYS ?
                  (guint) gtk_spin_button_get_value_as_int (self->days_spin) : 0u,
                NULL);
}

static void
details_changed_cb (SuratAccountAssistant *self)
{
  update_actions (self);
}

static void
review_changed_cb (SuratAccountAssistant *self)
{
  update_actions (self);
}

static void
entry_activated_cb (SuratAccountAssistant *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
security_changed_cb (SuratAccountAssistant *self,
                     GParamSpec            *pspec,
                     AdwComboRow           *row)
{
  gboolean smtp = row == self->smtp_security_row;
  GtkSpinButton *spin = smtp ? self->smtp_port_spin : self->pop3_port_spin;
  guint *last = smtp ? &self->smtp_security : &self->pop3_security;
  guint selected = adw_combo_row_get_selected (row);
  gboolean plain;

  /* Also while the template is being built. */
  if (selected == GTK_INVALID_LIST_POSITION || spin == NULL || self->pop3_security_row == NULL ||
      self->smtp_security_row == NULL)
    return;

  /* The port follows the kind of encryption, unless the person chose
   * another one than the usual. */
  if ((guint) gtk_spin_button_get_value_as_int (spin) == surat_security_default_port (*last, smtp))
    set_spin_port (spin, surat_security_default_port (selected, smtp));
  *last = selected;

  /* DESIGN.md: plain text needs an explicit choice and a warning. */
  plain = adw_combo_row_get_selected (self->pop3_security_row) == SURAT_SECURITY_NONE ||
          adw_combo_row_get_selected (self->smtp_security_row) == SURAT_SECURITY_NONE;
  gtk_widget_set_visible (GTK_WIDGET (self->plain_warning), plain);
}

/* --- next: guessing ---------------------------------------------------------------- */

static void
attempt_cb (SuratAccountProbe     *probe,
            const char            *line,
            SuratAccountAssistant *self)
{
  adw_status_page_set_description (self->busy_page, line);
}

static SuratAccountProbe *
new_probe (SuratAccountAssistant *self,
           const char            *password)
{
  SuratAccountProbe *probe = surat_account_probe_new (self->account, password);

  if (self->probe_timeout > 0)
    surat_account_probe_set_timeout (probe, self->probe_timeout);
  g_signal_connect_object (probe, "attempt", G_CALLBACK (attempt_cb), self, 0);

  return probe;
}

static void
guess_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SuratAccountProbe *probe = SURAT_ACCOUNT_PROBE (object);
  g_autoptr(SuratAccountAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!surat_account_probe_guess_finish (probe, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  account_to_rows (self);

  if (error == NULL)
    {
      show_review (self, *row_text (self->review_password_row) != '\0' ?
                   _("Found your servers, and your password works. Check the settings below, "
                     "then add the account.") :
                   _("Found your servers. Enter your password below, then add the account."),
                   TRUE);
      return;
    }

  message = describe_failures (self, error);
  show_review (self, message, FALSE);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SuratAccountAssistant *self = SURAT_ACCOUNT_ASSISTANT (widget);
  g_autofree char *address = g_strstrip (g_strdup (row_text (self->address_row)));
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
  g_autofree char *id = NULL;

  if (!address_is_plausible (address))
    return;

  /* A fresh account for every guess: the person may have gone back and
   * typed another address. */
  id = make_account_id (self, address);
  g_clear_object (&self->account);
  self->account = surat_account_new (id);
  g_object_set (self->account,
                "display-name", *name != '\0' ? name : NULL,
                "address", address,
                NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->review_password_row),
                         row_text (self->password_row));

  g_clear_object (&self->probe);
  self->probe = new_probe (self, row_text (self->password_row));
  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (self->candidates, i);

      surat_account_probe_add_candidate (self->probe, c->server, c->host, c->port, c->security);
    }

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());

  set_busy (self, _("Looking for Your Servers…"));
  surat_account_probe_guess_async (self->probe, self->cancellable, guess_cb,
                                   g_object_ref (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SuratAccountAssistant *self = SURAT_ACCOUNT_ASSISTANT (widget);

  g_cancellable_cancel (self->cancellable);
  gtk_stack_set_visible_child_name (self->stack, "details");
  set_busy (self, NULL);
}

/* --- add: testing, then keeping ----------------------------------------------------- */

static void
keep_account (SuratAccountAssistant *self)
{
  g_autoptr(GError) error = NULL;

  surat_application_add_account (self->app, self->account);
  if (!surat_application_save_accounts (self->app, &error))
    {
      g_autofree char *message = NULL;

      surat_application_remove_account (self->app, self->account);
      message = g_strdup_printf (_("The account could not be saved: %s"), error->message);
      show_review (self, message, FALSE);
      return;
    }

  /* The person added the account to read their mail: fetch it now
   * rather than at the next periodic check. */
  if (surat_account_get_pop3_host (self->account) != NULL)
    surat_application_get_mail (self->app, self->account);

  set_busy (self, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

/* Whether the keyring took the password; if not, the review page says so
 * (a cancelled store says nothing). */
static gboolean
password_stored (SuratAccountAssistant *self,
                 GAsyncResult          *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (surat_password_store_finish (result, &error))
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  message = g_strdup_printf (_("The password works, but it could not be kept in the "
                               "keyring: %s"), error->message);
  show_review (self, message, FALSE);
  return FALSE;
}

static void
store_smtp_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SuratAccountAssistant) self = user_data;

  if (!password_stored (self, result))
    return;

  keep_account (self);
}

static void
store_pop3_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SuratAccountAssistant) self = user_data;

  if (!password_stored (self, result))
    return;

  surat_password_store_async (self->account, SURAT_PASSWORD_SMTP, self->secret,
                              self->cancellable, store_smtp_cb, g_object_ref (self));
}

static void
certificate_response_cb (AdwMessageDialog      *dialog,
                         const char            *response,
                         SuratAccountAssistant *self)
{
  SuratCertificate *certificate =
    surat_certificate_dialog_get_certificate (SURAT_CERTIFICATE_DIALOG (dialog));
  const GError *pop3_error = surat_account_probe_get_error (self->probe, SURAT_ACCOUNT_PROBE_POP3);
  const GError *smtp_error = surat_account_probe_get_error (self->probe, SURAT_ACCOUNT_PROBE_SMTP);
  const char *fingerprint = surat_certificate_get_fingerprint (certificate);

  if (g_strcmp0 (response, "trust") != 0)
    {
      g_autofree char *message = describe_failures (self, NULL);

      show_review (self, message, FALSE);
      return;
    }

  /* Pin it wherever it was refused: POP3 and SMTP often share a
   * certificate, and one look is enough for the same one. */
  if (pop3_error != NULL && surat_tls_error_get_certificate (pop3_error) != NULL &&
      surat_certificate_matches_fingerprint (surat_tls_error_get_certificate (pop3_error),
                                             fingerprint))
    g_object_set (self->account, "pop3-pinned-sha256", fingerprint, NULL);
  if (smtp_error != NULL && surat_tls_error_get_certificate (smtp_error) != NULL &&
      surat_certificate_matches_fingerprint (surat_tls_error_get_certificate (smtp_error),
                                             fingerprint))
    g_object_set (self->account, "smtp-pinned-sha256", fingerprint, NULL);

  run_test (self);
}

/* The first failure that is about a certificate the person could trust. */
static gboolean
offer_certificate (SuratAccountAssistant *self)
{
  for (guint i = SURAT_ACCOUNT_PROBE_POP3; i <= SURAT_ACCOUNT_PROBE_SMTP; i++)
    {
      const GError *error = surat_account_probe_get_error (self->probe, i);
      SuratCertificate *certificate;
      GtkWidget *dialog;
      const char *host;

      if (error == NULL || error->domain != SURAT_TLS_ERROR ||
          (certificate = surat_tls_error_get_certificate (error)) == NULL)
        continue;

      host = i == SURAT_ACCOUNT_PROBE_POP3 ? surat_account_get_pop3_host (self->account)
                                           : surat_account_get_smtp_host (self->account);
      dialog = surat_certificate_dialog_new (GTK_WINDOW (self), host, error, certificate);
      g_set_weak_pointer (&self->certificate_dialog, dialog);
      g_signal_connect_object (dialog, "response", G_CALLBACK (certificate_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  return FALSE;
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SuratAccountProbe *probe = SURAT_ACCOUNT_PROBE (object);
  g_autoptr(SuratAccountAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (surat_account_probe_test_finish (probe, result, &error))
    {
      /* A password-command account keeps nothing in the keyring. */
      if (surat_account_get_password_command (self->account) != NULL)
        {
          keep_account (self);
          return;
        }

      adw_status_page_set_title (self->busy_page, _("Keeping Your Password in the Keyring…"));
      surat_password_store_async (self->account, SURAT_PASSWORD_POP3, self->secret,
                                  self->cancellable, store_pop3_cb, g_object_ref (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (offer_certificate (self))
    {
      show_log (self);
      return;
    }

  message = describe_failures (self, error);
  show_review (self, message, FALSE);
}

static void
run_test (SuratAccountAssistant *self)
{
  set_busy (self, _("Checking the Connection…"));

  g_clear_object (&self->probe);
  self->probe = new_probe (self, self->secret);
  surat_account_probe_test_async (self->probe, self->cancellable, test_cb, g_object_ref (self));
}

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SuratAccountAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  SuratSecret *secret = surat_password_lookup_finish (result, &error);

  if (secret == NULL)
    {
      g_autofree char *words = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      words = surat_core_describe_error (error);
      show_review (self, words, FALSE);
      return;
    }

  g_clear_pointer (&self->secret, surat_secret_free);
  self->secret = secret;
  run_test (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SuratAccountAssistant *self = SURAT_ACCOUNT_ASSISTANT (widget);
  g_autoptr(GError) error = NULL;

  if (self->account == NULL || self->busy)
    return;

  rows_to_account (self);
  if (!surat_account_validate (self->account, &error))
    {
      show_review (self, error->message, FALSE);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());

  /* With a command, the password to test is the one it prints: this
   * tests the command too. */
  if (surat_account_get_password_command (self->account) != NULL)
    {
      set_busy (self, _("Running the Password Command…"));
      surat_password_lookup_async (self->account, SURAT_PASSWORD_POP3, self->cancellable,
                                   command_cb, g_object_ref (self));
      return;
    }

  g_clear_pointer (&self->secret, surat_secret_free);
  self->secret = surat_secret_dup (row_text (self->review_password_row));
  run_test (self);
}

/* --- GObject ----------------------------------------------------------------------- */

static void
surat_account_assistant_dispose (GObject *object)
{
  SuratAccountAssistant *self = (SuratAccountAssistant *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->certificate_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_ACCOUNT_ASSISTANT);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe);
  g_clear_object (&self->account);
  g_clear_object (&self->app);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->secret, surat_secret_free);

  G_OBJECT_CLASS (surat_account_assistant_parent_class)->dispose (object);
}

static void
surat_account_assistant_class_init (SuratAccountAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_account_assistant_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-account-assistant.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SuratAccountAssistant, name)
  BIND (stack);
  BIND (back_button);
  BIND (next_button);
  BIND (add_button);
  BIND (name_row);
  BIND (address_row);
  BIND (password_row);
  BIND (busy_page);
  BIND (spinner);
  BIND (review_page);
  BIND (review_icon);
  BIND (review_label);
  BIND (pop3_host_row);
  BIND (pop3_port_spin);
  BIND (pop3_security_row);
  BIND (pop3_user_row);
  BIND (smtp_host_row);
  BIND (smtp_port_spin);
  BIND (smtp_security_row);
  BIND (smtp_user_row);
  BIND (plain_warning);
  BIND (policy_row);
  BIND (days_row);
  BIND (days_spin);
  BIND (review_password_row);
  BIND (password_command_row);
  BIND (log_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, details_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.add", NULL, add_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
surat_account_assistant_init (SuratAccountAssistant *self)
{
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  update_actions (self);
}

GtkWidget *
surat_account_assistant_new (SuratApplication *app,
                             GtkWindow        *parent)
{
  SuratAccountAssistant *self;

  g_return_val_if_fail (SURAT_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (SURAT_TYPE_ACCOUNT_ASSISTANT,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->app = g_object_ref (app);

  return GTK_WIDGET (self);
}

void
_surat_account_assistant_add_candidate (SuratAccountAssistant   *self,
                                        SuratAccountProbeServer  server,
                                        const char              *host,
                                        guint16                  port,
                                        SuratSecurity            security)
{
  Candidate *candidate;

  g_return_if_fail (SURAT_IS_ACCOUNT_ASSISTANT (self));

  candidate = g_new0 (Candidate, 1);
  candidate->server = server;
  candidate->host = g_strdup (host);
  candidate->port = port;
  candidate->security = security;
  g_ptr_array_add (self->candidates, candidate);
}

void
_surat_account_assistant_set_probe_timeout (SuratAccountAssistant *self,
                                            guint                  seconds)
{
  g_return_if_fail (SURAT_IS_ACCOUNT_ASSISTANT (self));

  self->probe_timeout = seconds;
}
