/* surat-composer-window.c — writing a message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-composer-window-private.h"

/* Saved this long after the last change: often enough that a crash loses
 * little, seldom enough that typing does not fsync every keystroke. */
#define SAVE_DELAY_SECONDS 3

struct _SuratComposerWindow
{
  AdwWindow             parent_instance;

  SuratApplication     *app;
  SuratDraft           *draft;
  /* The account id of each row of the From list. */
  GPtrArray            *account_ids;
  GtkFileChooserNative *chooser;

  guint                 save_id;
  guint                 saved_revision;
  /* Recorded in open-drafts (surat_draft_set_open) for the saved version. */
  gboolean              open_recorded;
  /* Sent or discarded: nothing left to save when the window goes. */
  gboolean              done;
  /* Filling the fields from the draft: not a change by the person. */
  gboolean              loading;

  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkLabel             *from_label;
  GtkDropDown          *from_dropdown;
  SuratAddressEntry    *to_entry;
  SuratAddressEntry    *cc_entry;
  SuratAddressEntry    *bcc_entry;
  GtkToggleButton      *cc_button;
  GtkToggleButton      *bcc_button;
  GtkEntry             *subject_entry;
  GtkTextView          *body_view;
  GtkRevealer          *attachments_revealer;
  GtkListBox           *attachments_list;
};

G_DEFINE_FINAL_TYPE (SuratComposerWindow, surat_composer_window, ADW_TYPE_WINDOW)

static void save_now (SuratComposerWindow *self);

static void
show_error (SuratComposerWindow *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error_cb (SuratComposerWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static SuratAccount *
find_account (SuratComposerWindow *self,
              const char          *id)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (surat_account_get_id (account), id) == 0)
        return account;  /* the list keeps it alive */
    }
  return NULL;
}

/* --- saving ------------------------------------------------------------ */

static gboolean
save_timeout_cb (gpointer data)
{
  SuratComposerWindow *self = data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
changed (SuratComposerWindow *self)
{
  if (self->loading || self->done)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (surat_draft_get_revision (self->draft) != self->saved_revision)
    self->save_id = g_timeout_add_seconds (SAVE_DELAY_SECONDS, save_timeout_cb, self);
}

static void
record_open (SuratComposerWindow *self,
             gboolean             open)
{
  g_autoptr(GError) error = NULL;

  if (surat_draft_get_saved_path (self->draft) == NULL)
    return;
  if (!surat_draft_set_open (self->draft, surat_application_get_store (self->app), open, &error))
    g_warning ("Could not record the draft as %s: %s", open ? "open" : "closed", error->message);
  self->open_recorded = open;
}

static void
save_now (SuratComposerWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SuratAccount *account;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->done)
    return;
  /* An empty message never saved is nothing to keep. */
  if (surat_draft_is_empty (self->draft) && surat_draft_get_saved_path (self->draft) == NULL)
    return;
  account = find_account (self, surat_draft_get_account_id (self->draft));
  if (account == NULL)
    return;

  path = surat_draft_save (self->draft, surat_application_get_store (self->app), account,
                           &error);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The draft could not be saved: %s"),
                                                  error->message);
      show_error (self, message);
      return;
    }
  self->saved_revision = surat_draft_get_revision (self->draft);
  /* Each version is a new file: open-drafts must name this one. */
  record_open (self, TRUE);
}

/* --- fields ------------------------------------------------------------ */

static void
update_title (SuratComposerWindow *self)
{
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));

  gtk_window_set_title (GTK_WINDOW (self), *subject != '\0' ? subject : _("New Message"));
}

static void
address_changed_cb (GtkEditable         *entry,
                    SuratComposerWindow *self)
{
  SuratMessageField field = entry == GTK_EDITABLE (self->to_entry) ? SURAT_MESSAGE_FIELD_TO
                          : entry == GTK_EDITABLE (self->cc_entry) ? SURAT_MESSAGE_FIELD_CC
                          : SURAT_MESSAGE_FIELD_BCC;

  if (self->loading)
    return;
  surat_draft_set_addresses (self->draft, field, gtk_editable_get_text (entry));
  changed (self);
}

static void
subject_changed_cb (SuratComposerWindow *self)
{
  update_title (self);
  if (self->loading)
    return;
  surat_draft_set_subject (self->draft,
                           gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)));
  changed (self);
}

static void
body_changed_cb (SuratComposerWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  surat_draft_set_body (self->draft, text);
  changed (self);
}

static void
from_changed_cb (SuratComposerWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->from_dropdown);

  if (self->loading || selected >= self->account_ids->len)
    return;
  surat_draft_set_account_id (self->draft, g_ptr_array_index (self->account_ids, selected));
  changed (self);
}

static void
fill_accounts (SuratComposerWindow *self)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *current = surat_draft_get_account_id (self->draft);
  guint selected = 0;

  g_ptr_array_set_size (self->account_ids, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);
      const char *name = surat_account_get_display_name (account);
      g_autofree char *text = NULL;

      if (name != NULL && *name != '\0')
        text = g_strdup_printf ("%s <%s>", name, surat_account_get_address (account));
      else
        text = g_strdup (surat_account_get_address (account));
      gtk_string_list_append (names, text);
      g_ptr_array_add (self->account_ids, g_strdup (surat_account_get_id (account)));
      if (g_strcmp0 (current, surat_account_get_id (account)) == 0)
        selected = i;
    }
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (names));
  if (n > 0)
    gtk_drop_down_set_selected (self->from_dropdown, selected);
  /* One account: nothing to choose, but the draft still names it. */
  gtk_widget_set_visible (GTK_WIDGET (self->from_dropdown), n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->from_label), n > 1);
  if (n > 0 && g_strcmp0 (current, g_ptr_array_index (self->account_ids, selected)) != 0)
    surat_draft_set_account_id (self->draft, g_ptr_array_index (self->account_ids, selected));
}

/* --- attachments ------------------------------------------------------- */

static void rebuild_attachments (SuratComposerWindow *self);

static void
remove_attachment_cb (GtkButton           *button,
                      SuratComposerWindow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  surat_draft_remove_attachment (self->draft, index);
  rebuild_attachments (self);
  changed (self);
}

static GtkWidget *
attachment_row (SuratComposerWindow  *self,
                SuratDraftAttachment *attachment,
                guint                 index)
{
  const char *mime_type = surat_draft_attachment_get_mime_type (attachment);
  const char *filename = surat_draft_attachment_get_filename (attachment);
  g_autofree char *content_type = g_content_type_from_mime_type (mime_type != NULL ? mime_type
                                                                 : "application/octet-stream");
  g_autoptr(GIcon) icon = g_content_type_get_icon (content_type != NULL ? content_type
                                                   : "application/octet-stream");
  g_autofree char *size = g_format_size (surat_draft_attachment_get_size (attachment));
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), filename);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_gicon (icon);
  GtkWidget *name = gtk_label_new (filename);
  GtkWidget *size_label = gtk_label_new (size);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_image_set_icon_size (GTK_IMAGE (image), GTK_ICON_SIZE_LARGE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "numeric");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_attachment_cb), self);

  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), size_label);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

static void
rebuild_attachments (SuratComposerWindow *self)
{
  GPtrArray *attachments = surat_draft_get_attachments (self->draft);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_list))) != NULL)
    gtk_list_box_remove (self->attachments_list, child);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    gtk_list_box_append (self->attachments_list,
                         attachment_row (self, g_ptr_array_index (attachments, i), i));
  gtk_revealer_set_reveal_child (self->attachments_revealer,
                                 attachments != NULL && attachments->len > 0);
}

void
_surat_composer_window_add_files (SuratComposerWindow *self,
                                  GSList              *files)
{
  g_return_if_fail (SURAT_IS_COMPOSER_WINDOW (self));

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (l->data);
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("Only files on this computer can be attached, not “%s”."),
                                     uri);
          show_error (self, message);
          continue;
        }
      if (!surat_draft_add_attachment (self->draft, path, NULL, NULL, &error))
        show_error (self, error->message);
    }
  rebuild_attachments (self);
  changed (self);
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     SuratComposerWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      GSList *list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      _surat_composer_window_add_files (self, list);
      g_slist_free_full (list, g_object_unref);
    }
  g_clear_object (&self->chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SuratComposerWindow *self = SURAT_COMPOSER_WINDOW (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         SuratComposerWindow *self)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  _surat_composer_window_add_files (self, g_value_get_boxed (value));
  return TRUE;
}

static void
paste_files_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(SuratComposerWindow) self = data;
  g_autoptr(GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);

  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  if (!self->done)
    _surat_composer_window_add_files (self, g_value_get_boxed (value));
}

/* Ctrl+V of copied files attaches them, wherever the focus is; any other
 * paste (text) goes on to the field as usual. */
static gboolean
window_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       SuratComposerWindow   *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  if ((keyval != GDK_KEY_v && keyval != GDK_KEY_V)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != GDK_CONTROL_MASK
      || !gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard),
                                             GDK_TYPE_FILE_LIST))
    return FALSE;
  gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                  paste_files_cb, g_object_ref (self));
  return TRUE;
}

/* --- sending ----------------------------------------------------------- */

static GtkWidget *
field_widget (SuratComposerWindow *self,
              SuratMessageField    field)
{
  switch (field)
    {
    case SURAT_MESSAGE_FIELD_FROM:
      return GTK_WIDGET (self->from_dropdown);
    case SURAT_MESSAGE_FIELD_TO:
      return GTK_WIDGET (self->to_entry);
    case SURAT_MESSAGE_FIELD_CC:
      gtk_toggle_button_set_active (self->cc_button, TRUE);
      return GTK_WIDGET (self->cc_entry);
    case SURAT_MESSAGE_FIELD_BCC:
      gtk_toggle_button_set_active (self->bcc_button, TRUE);
      return GTK_WIDGET (self->bcc_entry);
    case SURAT_MESSAGE_FIELD_SUBJECT:
      return GTK_WIDGET (self->subject_entry);
    case SURAT_MESSAGE_FIELD_TEXT:
      return GTK_WIDGET (self->body_view);
    case SURAT_MESSAGE_FIELD_NONE:
    case SURAT_MESSAGE_FIELD_REPLY_TO:
    case SURAT_MESSAGE_FIELD_MESSAGE_ID:
    case SURAT_MESSAGE_FIELD_IN_REPLY_TO:
    case SURAT_MESSAGE_FIELD_REFERENCES:
    case SURAT_MESSAGE_FIELD_HTML:
    case SURAT_MESSAGE_FIELD_ATTACHMENT:
    default:
      return NULL;
    }
}

/* Puts the focus where the builder found the problem, with the bad
 * address (or character) selected, so it can be corrected in place. */
static void
point_at_error (SuratComposerWindow *self,
                const GError        *error)
{
  GtkWidget *widget;
  gsize start, end;

  if (error->domain != SURAT_MESSAGE_BUILDER_ERROR)
    return;
  widget = field_widget (self, surat_message_builder_error_get_field (error));
  if (widget == NULL)
    return;
  gtk_widget_grab_focus (widget);
  if (GTK_IS_EDITABLE (widget) && surat_message_builder_error_get_span (error, &start, &end))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (widget));
      gsize length = strlen (text);

      start = MIN (start, length);
      end = MIN (MAX (end, start), length);
      gtk_editable_select_region (GTK_EDITABLE (widget),
                                  g_utf8_pointer_to_offset (text, text + start),
                                  g_utf8_pointer_to_offset (text, text + end));
    }
}

static void
send_now (SuratComposerWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean was_open = self->open_recorded;

  g_clear_handle_id (&self->save_id, g_source_remove);
  hide_error_cb (self);
  /* Sending discards the saved draft: it must not come back as
   * interrupted if the app dies before the message leaves. */
  if (was_open)
    record_open (self, FALSE);
  if (!surat_application_send_draft (self->app, self->draft, &error))
    {
      if (was_open)
        record_open (self, TRUE);
      show_error (self, error->message);
      point_at_error (self, error);
      return;
    }
  self->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
send_idle_cb (gpointer data)
{
  SuratComposerWindow *self = data;

  if (!self->done)
    send_now (self);
  return G_SOURCE_REMOVE;
}

/* Sending may close the window, and with it the dialog: not from inside
 * the dialog's own signal. */
static void
large_response_cb (AdwMessageDialog    *dialog,
                   const char          *response,
                   SuratComposerWindow *self)
{
  if (g_strcmp0 (response, "send") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, send_idle_cb, g_object_ref (self), g_object_unref);
}

/* The SIZE the draft's SMTP server announced at the last send; 0 when
 * unknown. */
static guint64
server_size_limit (SuratComposerWindow *self)
{
  const char *account_id = surat_draft_get_account_id (self->draft);
  GListModel *accounts = surat_application_get_accounts (self->app);

  for (guint i = 0; account_id != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);
      SuratOutbox *outbox;

      if (g_strcmp0 (surat_account_get_id (account), account_id) != 0)
        continue;
      outbox = surat_application_get_outbox (self->app, account);
      return outbox != NULL ? surat_outbox_get_size_limit (outbox) : 0;
    }
  return 0;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SuratComposerWindow *self = SURAT_COMPOSER_WINDOW (widget);
  guint64 total = surat_draft_get_attachments_size (self->draft);
  guint64 server_limit = server_size_limit (self);
  g_autofree char *total_text = NULL;
  g_autofree char *limit_text = NULL;
  GtkWidget *dialog;

  if (self->done)
    return;
  /* Attachments travel in base64: a third larger on the wire (RFC 2045
   * §6.8). The server's own SIZE (RFC 1870) when Surat has learnt it, or
   * else the common limit of the big providers. */
  if ((server_limit == 0 || total / 3 * 4 <= server_limit) &&
      total <= SURAT_COMPOSER_LARGE_MESSAGE)
    {
      send_now (self);
      return;
    }

  total_text = g_format_size (total);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send a Large Message?"), NULL);
  if (server_limit > 0 && total / 3 * 4 > server_limit)
    {
      limit_text = g_format_size (server_limit);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The attachments add up to %s, more than the %s your "
                                        "mail server accepts once they are encoded for "
                                        "sending. The server will probably refuse it."),
                                      total_text, limit_text);
    }
  else
    {
      limit_text = g_format_size (SURAT_COMPOSER_LARGE_MESSAGE);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The attachments add up to %s, and many mail servers "
                                        "refuse messages larger than %s."),
                                      total_text, limit_text);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (large_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- discarding and closing -------------------------------------------- */

static void
discard_now (SuratComposerWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  record_open (self, FALSE);
  if (!surat_draft_discard (self->draft, surat_application_get_store (self->app), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The draft could not be deleted: %s"),
                                                  error->message);
      show_error (self, message);
      return;
    }
  self->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
discard_idle_cb (gpointer data)
{
  SuratComposerWindow *self = data;

  if (!self->done)
    discard_now (self);
  return G_SOURCE_REMOVE;
}

/* As for Send: the window goes after the dialog's signal, not inside it. */
static void
discard_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     SuratComposerWindow *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, discard_idle_cb, g_object_ref (self), g_object_unref);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SuratComposerWindow *self = SURAT_COMPOSER_WINDOW (widget);
  GtkWidget *dialog;

  if (surat_draft_is_empty (self->draft) && surat_draft_get_saved_path (self->draft) == NULL)
    {
      self->done = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Message?"),
                                   _("The draft will be deleted, with what you wrote and "
                                     "attached."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window goes without Send or Discard: what was written stays in
 * Drafts (saved now if it changed), no longer open; a message emptied
 * again is nothing to keep. */
static void
finish_editing (SuratComposerWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->done || self->draft == NULL)
    return;
  if (surat_draft_is_empty (self->draft))
    {
      record_open (self, FALSE);
      if (surat_draft_get_saved_path (self->draft) != NULL
          && !surat_draft_discard (self->draft, surat_application_get_store (self->app), &error))
        g_warning ("Could not remove an empty draft: %s", error->message);
    }
  else
    {
      if (surat_draft_get_revision (self->draft) != self->saved_revision
          || surat_draft_get_saved_path (self->draft) == NULL)
        save_now (self);
      record_open (self, FALSE);
    }
  self->done = TRUE;
}

static gboolean
surat_composer_window_close_request (GtkWindow *window)
{
  finish_editing (SURAT_COMPOSER_WINDOW (window));
  return GTK_WINDOW_CLASS (surat_composer_window_parent_class)->close_request (window);
}

/* --- the window -------------------------------------------------------- */

static void
load_draft (SuratComposerWindow *self)
{
  const char *cc = surat_draft_get_addresses (self->draft, SURAT_MESSAGE_FIELD_CC);
  const char *bcc = surat_draft_get_addresses (self->draft, SURAT_MESSAGE_FIELD_BCC);
  const char *body = surat_draft_get_body (self->draft);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start;

  self->loading = TRUE;
  fill_accounts (self);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry),
                         surat_draft_get_addresses (self->draft, SURAT_MESSAGE_FIELD_TO) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->cc_entry), cc ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->bcc_entry), bcc ?: "");
  gtk_toggle_button_set_active (self->cc_button, cc != NULL && *cc != '\0');
  gtk_toggle_button_set_active (self->bcc_button, bcc != NULL && *bcc != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry),
                         surat_draft_get_subject (self->draft) ?: "");
  gtk_text_buffer_set_text (buffer, body ?: "", -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  rebuild_attachments (self);
  update_title (self);
  self->loading = FALSE;

  self->saved_revision = surat_draft_get_revision (self->draft);
  /* A recovered draft is open again from now on. */
  record_open (self, TRUE);

  if (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->to_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static void
surat_composer_window_dispose (GObject *object)
{
  SuratComposerWindow *self = SURAT_COMPOSER_WINDOW (object);

  /* Destroyed without a close request (the app quitting): the same. */
  finish_editing (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_COMPOSER_WINDOW);
  g_clear_object (&self->draft);
  g_clear_object (&self->app);
  g_clear_pointer (&self->account_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_composer_window_parent_class)->dispose (object);
}

/* Tab goes from To to Subject, so the Cc and Bcc buttons are left out of
 * the keyboard's way; Ctrl+Shift+C and Ctrl+Shift+B show the fields and
 * put the cursor there. */
static void
show_field_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SuratComposerWindow *self = SURAT_COMPOSER_WINDOW (widget);
  gboolean bcc = g_str_equal (action_name, "composer.show-bcc");

  gtk_toggle_button_set_active (bcc ? self->bcc_button : self->cc_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (bcc ? self->bcc_entry : self->cc_entry));
}

/* A field with addresses in it stays shown: hidden text would still be
 * sent. */
static void
field_toggled_cb (GtkToggleButton     *button,
                  SuratComposerWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (button == self->cc_button ? self->cc_entry : self->bcc_entry);

  if (!gtk_toggle_button_get_active (button) && *gtk_editable_get_text (entry) != '\0')
    gtk_toggle_button_set_active (button, TRUE);
}

static void
surat_composer_window_class_init (SuratComposerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = surat_composer_window_dispose;
  window_class->close_request = surat_composer_window_close_request;

  g_type_ensure (SURAT_TYPE_ADDRESS_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-composer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, from_label);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, cc_entry);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, bcc_entry);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, cc_button);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, bcc_button);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, body_view);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, attachments_revealer);
  gtk_widget_class_bind_template_child (widget_class, SuratComposerWindow, attachments_list);
  gtk_widget_class_bind_template_callback (widget_class, hide_error_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "composer.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "composer.show-cc", NULL, show_field_action);
  gtk_widget_class_install_action (widget_class, "composer.show-bcc", NULL, show_field_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "composer.show-cc", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_B, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "composer.show-bcc", NULL);
}

static void
surat_composer_window_init (SuratComposerWindow *self)
{
  GtkEventController *key;
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->account_ids = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (self->to_entry, "changed", G_CALLBACK (address_changed_cb), self);
  g_signal_connect (self->cc_button, "toggled", G_CALLBACK (field_toggled_cb), self);
  g_signal_connect (self->bcc_button, "toggled", G_CALLBACK (field_toggled_cb), self);
  g_signal_connect (self->cc_entry, "changed", G_CALLBACK (address_changed_cb), self);
  g_signal_connect (self->bcc_entry, "changed", G_CALLBACK (address_changed_cb), self);
  g_signal_connect_swapped (self->subject_entry, "changed", G_CALLBACK (subject_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (body_changed_cb), self);
  g_signal_connect_swapped (self->from_dropdown, "notify::selected",
                            G_CALLBACK (from_changed_cb), self);

  /* Capture: Ctrl+Return must send from the text too, where Return is a
   * new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  trigger = gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter");
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new ("composer.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (window_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  /* Capture too: files dropped on the text are attached, not pasted as
   * their names. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drop), GTK_PHASE_CAPTURE);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/* --- public ------------------------------------------------------------ */

SuratComposerWindow *
surat_composer_window_new (SuratApplication *app,
                           SuratDraft       *draft)
{
  SuratComposerWindow *self;
  g_autoptr(SuratDraft) owned = NULL;
  SuratAddressBook *book;

  g_return_val_if_fail (SURAT_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (draft == NULL || SURAT_IS_DRAFT (draft), NULL);

  if (draft == NULL)
    draft = owned = surat_draft_new (NULL);
  self = g_object_new (SURAT_TYPE_COMPOSER_WINDOW, "application", app, NULL);
  self->app = g_object_ref (app);
  self->draft = g_object_ref (draft);

  book = surat_application_get_address_book (app);
  surat_address_entry_set_address_book (self->to_entry, book);
  surat_address_entry_set_address_book (self->cc_entry, book);
  surat_address_entry_set_address_book (self->bcc_entry, book);

  load_draft (self);
  return self;
}

SuratDraft *
surat_composer_window_get_draft (SuratComposerWindow *self)
{
  g_return_val_if_fail (SURAT_IS_COMPOSER_WINDOW (self), NULL);

  return self->draft;
}

void
_surat_composer_window_get_fields (SuratComposerWindow *self,
                                   SuratComposerFields *fields)
{
  g_return_if_fail (SURAT_IS_COMPOSER_WINDOW (self));

  fields->from = self->from_dropdown;
  fields->to = self->to_entry;
  fields->cc = self->cc_entry;
  fields->bcc = self->bcc_entry;
  fields->subject = self->subject_entry;
  fields->body = self->body_view;
  fields->attachments = self->attachments_list;
  fields->error = self->error_label;
}
