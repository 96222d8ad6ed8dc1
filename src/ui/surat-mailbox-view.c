/* surat-mailbox-view.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-certificate-dialog.h"
#include "surat-mailbox-view.h"
#include "surat-window.h"
#include "surat-message-row.h"

struct _SuratMailboxView
{
  GtkWidget           parent_instance;

  AdwHeaderBar       *header_bar;
  AdwWindowTitle     *title;
  GtkToggleButton    *search_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkRevealer        *status_revealer;
  GtkLabel           *status_label;
  GtkButton          *retry_button;
  GtkButton          *trust_button;
  GtkProgressBar     *progress;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;

  SuratApplication   *app;
  SuratAccount       *account;
  SuratFolder         folder;
  SuratMessageList   *model;
  GtkMultiSelection  *selection;
  SuratAccountStatus *status;
  gulong              status_id;
  gint64              shown_id;
  guint               scroll_top_id;
  GtkWidget          *context_menu;   /* a popover parented to list_view */
};

G_DEFINE_FINAL_TYPE (SuratMailboxView, surat_mailbox_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_MESSAGE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the folder's list ---------------------------------------------------- */

static void
update_empty (SuratMailboxView *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  gboolean searching = self->model != NULL && surat_message_list_get_search (self->model) != NULL;

  if (!empty)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  adw_status_page_set_icon_name (self->empty_page, searching ? "edit-find-symbolic"
                                                             : "surat-inbox-symbolic");
  adw_status_page_set_title (self->empty_page, searching ? _("No Results Found")
                                                         : _("No Messages"));
  adw_status_page_set_description (self->empty_page,
                                   searching ? _("No message has these words in its senders, "
                                                 "recipients, subject or text")
                                             : NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static gboolean
scroll_top_cb (gpointer data)
{
  SuratMailboxView *self = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  self->scroll_top_id = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  SuratMailboxView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  update_empty (self);

  /* New mail arrives at the top. A person looking at the top of the list
   * must see it come in; the list view would instead keep the row that
   * was first in place and put the new ones above, out of sight. (This
   * handler runs before the view's: the adjustment is still the old.) */
  if (position == 0 && added > removed && adjustment != NULL &&
      gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 1 &&
      self->scroll_top_id == 0)
    self->scroll_top_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, scroll_top_cb, self, NULL);
}

static GPtrArray *
selected_summaries (SuratMailboxView *self)
{
  GPtrArray *summaries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return summaries;

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (summaries, g_list_model_get_item (G_LIST_MODEL (self->model), position));

  return summaries;
}

static void
update_actions (SuratMailboxView *self)
{
  g_autoptr(GPtrArray) selected = selected_summaries (self);
  gboolean any = selected->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.delete",
                                 any && self->folder != SURAT_FOLDER_TRASH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.mark-read", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.mark-unread", any);
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      SuratMailboxView  *self)
{
  g_autoptr(GPtrArray) selected = selected_summaries (self);
  SuratMessageSummary *summary = selected->len == 1 ? g_ptr_array_index (selected, 0) : NULL;
  gint64 id = summary ? surat_message_summary_get_id (summary) : 0;

  update_actions (self);

  /* A reload that keeps the same message selected must not reload it. */
  if (id == self->shown_id)
    return;
  self->shown_id = id;
  g_signal_emit (self, signals[SIGNAL_MESSAGE_SELECTED], 0, summary);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  gtk_list_item_set_child (item, surat_message_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  surat_message_row_set_summary (SURAT_MESSAGE_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  surat_message_row_set_summary (SURAT_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

void
surat_mailbox_view_reload (SuratMailboxView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SURAT_IS_MAILBOX_VIEW (self));

  if (self->model != NULL && !surat_message_list_reload (self->model, &error))
    g_warning ("Cannot reload the message list: %s", error->message);
  update_empty (self);
  update_actions (self);
}

static void
ensure_model (SuratMailboxView *self)
{
  SuratStore *store;

  if (self->model != NULL || self->app == NULL)
    return;

  store = surat_application_get_store (self->app);
  if (store == NULL)
    return;

  self->model = surat_message_list_new (surat_store_get_index (store));
  g_signal_connect (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* --- the account's fetch status ------------------------------------------- */

static void
update_status (SuratMailboxView *self)
{
  SuratAccountStatus *status = self->status;
  const char *error = status ? surat_account_status_get_error (status) : NULL;
  const char *warning = status ? surat_account_status_get_warning (status) : NULL;
  gboolean fetching = status && surat_account_status_get_fetching (status);

  gtk_widget_set_visible (GTK_WIDGET (self->progress), fetching);
  if (fetching)
    {
      guint done = surat_account_status_get_messages_done (status);
      guint total = surat_account_status_get_messages_total (status);
      guint64 bytes_total = surat_account_status_get_bytes_total (status);
      g_autofree char *text = NULL;

      if (total > 0 && bytes_total > 0)
        {
          g_autofree char *sizes = g_format_size (surat_account_status_get_bytes_done (status));
          g_autofree char *all = g_format_size (bytes_total);

          /* TRANSLATORS: "Downloading 12 of 40 messages (1.2 MB of 4.0 MB)" */
          text = g_strdup_printf (ngettext ("Downloading %u of %u message (%s of %s)",
                                            "Downloading %u of %u messages (%s of %s)", total),
                                  done, total, sizes, all);
          gtk_progress_bar_set_fraction (self->progress,
                                         (double) surat_account_status_get_bytes_done (status)
                                         / bytes_total);
        }
      else
        {
          text = g_strdup (_("Checking for new mail…"));
          gtk_progress_bar_pulse (self->progress);
        }
      gtk_progress_bar_set_text (self->progress, text);
    }

  if (error != NULL || warning != NULL)
    {
      gtk_label_set_text (self->status_label, error ? error : warning);
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), error != NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->trust_button),
                              surat_account_status_get_certificate (status) != NULL);
    }
  gtk_revealer_set_reveal_child (self->status_revealer, !fetching && (error || warning));
}

static void
status_notify_cb (SuratAccountStatus *status,
                  GParamSpec         *pspec,
                  SuratMailboxView   *self)
{
  update_status (self);
}

static void
watch_status (SuratMailboxView *self)
{
  if (self->status != NULL)
    g_clear_signal_handler (&self->status_id, self->status);
  g_clear_object (&self->status);

  if (self->account != NULL && self->app != NULL)
    {
      self->status = g_object_ref (surat_application_get_status (self->app, self->account));
      self->status_id = g_signal_connect (self->status, "notify", G_CALLBACK (status_notify_cb), self);
    }

  update_status (self);
}

static void
retry_clicked_cb (GtkButton        *button,
                  SuratMailboxView *self)
{
  if (self->app != NULL && self->account != NULL)
    surat_application_get_mail (self->app, self->account);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SuratMailboxView *self)
{
  SuratCertificate *certificate;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "trust") != 0 || self->status == NULL)
    return;

  certificate = surat_account_status_get_certificate (self->status);
  if (certificate == NULL)
    return;

  /* The person compared the fingerprint and chose to trust exactly this
   * certificate for this account's POP3 server. */
  g_object_set (self->account, "pop3-pinned-sha256",
                surat_certificate_get_fingerprint (certificate), NULL);
  if (!surat_application_save_accounts (self->app, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  surat_application_get_mail (self->app, self->account);
}

static void
trust_clicked_cb (GtkButton        *button,
                  SuratMailboxView *self)
{
  GtkWidget *dialog;
  g_autoptr(GError) error = NULL;

  if (self->status == NULL || surat_account_status_get_certificate (self->status) == NULL)
    return;

  /* The real code: a changed pinned certificate must read as the alarm it
   * is, not as one more unknown certificate. */
  if (surat_account_status_get_gerror (self->status) != NULL)
    error = g_error_copy (surat_account_status_get_gerror (self->status));
  else
    error = g_error_new_literal (SURAT_TLS_ERROR, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
                                 surat_account_status_get_error (self->status));
  dialog = surat_certificate_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         surat_account_get_pop3_host (self->account), error,
                                         surat_account_status_get_certificate (self->status));
  g_signal_connect (dialog, "response", G_CALLBACK (trust_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- showing a folder ------------------------------------------------------- */

void
surat_mailbox_view_show_folder (SuratMailboxView *self,
                                SuratAccount     *account,
                                SuratFolder       folder)
{
  const char *name = NULL;

  g_return_if_fail (SURAT_IS_MAILBOX_VIEW (self));

  g_set_object (&self->account, account);
  self->folder = folder;
  ensure_model (self);

  switch (folder)
    {
    case SURAT_FOLDER_INBOX: name = _("Inbox"); break;
    case SURAT_FOLDER_SENT: name = _("Sent"); break;
    case SURAT_FOLDER_OUTBOX: name = _("Outbox"); break;
    case SURAT_FOLDER_DRAFTS: name = _("Drafts"); break;
    case SURAT_FOLDER_TRASH: name = _("Trash"); break;
    default: name = ""; break;
    }
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title,
                                 account ? (surat_account_get_display_name (account)
                                              ? surat_account_get_address (account)
                                              : surat_account_get_id (account))
                                         : _("All accounts"));

  if (self->model != NULL)
    surat_message_list_set_query (self->model, account ? surat_account_get_id (account) : NULL,
                                  (int) folder, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  watch_status (self);
  update_empty (self);
  update_actions (self);
}

void
surat_mailbox_view_set_application (SuratMailboxView *self,
                                    SuratApplication *app)
{
  g_return_if_fail (SURAT_IS_MAILBOX_VIEW (self));

  g_set_object (&self->app, app);
  ensure_model (self);
}

SuratMessageList *
surat_mailbox_view_get_model (SuratMailboxView *self)
{
  g_return_val_if_fail (SURAT_IS_MAILBOX_VIEW (self), NULL);
  return self->model;
}

void
surat_mailbox_view_select (SuratMailboxView *self,
                           guint             position)
{
  g_return_if_fail (SURAT_IS_MAILBOX_VIEW (self));

  if (self->selection == NULL)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

void
surat_mailbox_view_set_search (SuratMailboxView *self,
                               const char       *text)
{
  g_return_if_fail (SURAT_IS_MAILBOX_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
}

AdwHeaderBar *
surat_mailbox_view_get_header_bar (SuratMailboxView *self)
{
  g_return_val_if_fail (SURAT_IS_MAILBOX_VIEW (self), NULL);
  return self->header_bar;
}

static void
search_changed_cb (GtkSearchEntry   *entry,
                   SuratMailboxView *self)
{
  if (self->model == NULL)
    return;

  /* FTS5 in SQL: results as you type (tens of milliseconds at 100 000). */
  surat_message_list_set_query (self->model, surat_message_list_get_account_id (self->model),
                                surat_message_list_get_folder (self->model),
                                gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_empty (self);
}

/* --- actions ---------------------------------------------------------------- */

static void
set_read (SuratMailboxView *self,
          gboolean          seen)
{
  g_autoptr(GPtrArray) selected = selected_summaries (self);
  SuratStore *store = surat_application_get_store (self->app);
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer account_id;

  for (guint i = 0; i < selected->len; i++)
    {
      SuratMessageSummary *summary = g_ptr_array_index (selected, i);
      g_autoptr(GError) error = NULL;

      if (surat_message_summary_get_seen (summary) == seen)
        continue;
      if (!surat_store_set_flags (store, summary, seen, surat_message_summary_get_flagged (summary),
                                  &error))
        surat_window_report_error (GTK_WIDGET (self), error);
      g_hash_table_add (accounts, g_strdup (surat_message_summary_get_account_id (summary)));
    }

  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &account_id, NULL))
    surat_application_mail_changed (self->app, account_id);
}

static void
mark_read_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_read (SURAT_MAILBOX_VIEW (widget), TRUE);
}

static void
mark_unread_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_read (SURAT_MAILBOX_VIEW (widget), FALSE);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SuratMailboxView *self = SURAT_MAILBOX_VIEW (widget);
  g_autoptr(GPtrArray) selected = selected_summaries (self);
  SuratStore *store = surat_application_get_store (self->app);
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer account_id;
  guint first = G_MAXUINT;

  if (selected->len == 0 || self->folder == SURAT_FOLDER_TRASH)
    return;

  first = (guint) MAX (0, surat_message_list_find (self->model,
                         surat_message_summary_get_id (g_ptr_array_index (selected, 0))));

  for (guint i = 0; i < selected->len; i++)
    {
      SuratMessageSummary *summary = g_ptr_array_index (selected, i);
      g_autoptr(GError) error = NULL;

      /* File first, then the index: nothing is lost whatever happens. */
      if (!surat_store_move_message (store, summary, SURAT_FOLDER_TRASH, &error))
        surat_window_report_error (GTK_WIDGET (self), error);
      g_hash_table_add (accounts, g_strdup (surat_message_summary_get_account_id (summary)));
    }

  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &account_id, NULL))
    surat_application_mail_changed (self->app, account_id);

  /* The next message takes the deleted one's place, as in every mail app. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    surat_mailbox_view_select (self, MIN (first, g_list_model_get_n_items (G_LIST_MODEL (self->model)) - 1));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SuratMailboxView *self = SURAT_MAILBOX_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- GObject ---------------------------------------------------------------- */

static void
surat_mailbox_view_dispose (GObject *object)
{
  SuratMailboxView *self = (SuratMailboxView *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->scroll_top_id, g_source_remove);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (self->status != NULL)
    g_clear_signal_handler (&self->status_id, self->status);
  g_clear_object (&self->status);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->account);
  g_clear_object (&self->app);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_MAILBOX_VIEW);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (surat_mailbox_view_parent_class)->dispose (object);
}

static void
surat_mailbox_view_class_init (SuratMailboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_mailbox_view_dispose;

  signals[SIGNAL_MESSAGE_SELECTED] =
    g_signal_new ("message-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SURAT_TYPE_MESSAGE_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-mailbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, title);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, search_button);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, trust_button);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, progress);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SuratMailboxView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);

  gtk_widget_class_install_action (widget_class, "mailbox.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "mailbox.mark-read", NULL, mark_read_action);
  gtk_widget_class_install_action (widget_class, "mailbox.mark-unread", NULL, mark_unread_action);
  gtk_widget_class_install_action (widget_class, "mailbox.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "mailbox.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "mailbox.mark-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "mailbox.mark-unread", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "mailbox.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Enter or a double click on a draft opens it in a composer again. */
static void
list_activate_cb (GtkListView      *list_view,
                  guint             position,
                  SuratMailboxView *self)
{
  g_autoptr(SuratMessageSummary) summary = NULL;
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SuratStore *store;

  if (self->folder != SURAT_FOLDER_DRAFTS || self->app == NULL || self->selection == NULL)
    return;

  store = surat_application_get_store (self->app);
  summary = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (summary == NULL)
    return;
  path = surat_store_get_message_path (store, summary, &error);
  if (path != NULL)
    draft = surat_draft_load (store, path, &error);
  if (draft == NULL)
    {
      surat_window_report_error (GTK_WIDGET (self), error);
      return;
    }
  surat_application_compose (self->app, draft);
}

/* The menu a right click (or a long press) on a message opens: what can
 * be done with it, where the pointer is. The row clicked becomes the
 * selection first, unless it already belongs to it. */
static GMenuModel *
context_menu_model (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) reply = g_menu_new ();
  g_autoptr(GMenu) mark = g_menu_new ();

  g_menu_append (reply, _("_Reply"), "win.reply");
  g_menu_append (reply, _("Reply _All"), "win.reply-all");
  g_menu_append (reply, _("_Forward"), "win.forward");
  g_menu_append (reply, _("Forward as _Attachment"), "win.forward-as-attachment");
  g_menu_append (mark, _("Mark as _Read"), "mailbox.mark-read");
  g_menu_append (mark, _("Mark as _Unread"), "mailbox.mark-unread");
  g_menu_append (mark, _("_Delete"), "mailbox.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reply));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (mark));
  return G_MENU_MODEL (menu);
}

static void
context_menu_at (SuratMailboxView *self,
                 double            x,
                 double            y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? gtk_widget_get_ancestor (picked, SURAT_TYPE_MESSAGE_ROW) : NULL;
  SuratMessageSummary *summary;
  g_autoptr(GMenuModel) model = NULL;
  GtkWidget *popover;
  int position;

  if (row == NULL && SURAT_IS_MESSAGE_ROW (picked))
    row = picked;
  if (row == NULL || self->selection == NULL)
    return;
  summary = surat_message_row_get_summary (SURAT_MESSAGE_ROW (row));
  position = summary != NULL ? surat_message_list_find (self->model,
                                                        surat_message_summary_get_id (summary)) : -1;
  if (position < 0)
    return;
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  if (self->context_menu == NULL)
    {
      model = context_menu_model ();
      self->context_menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self->list_view));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  popover = self->context_menu;
  gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
context_click_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  SuratMailboxView *self)
{
  context_menu_at (self, x, y);
}

static void
context_long_press_cb (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       SuratMailboxView    *self)
{
  context_menu_at (self, x, y);
}

static void
surat_mailbox_view_init (SuratMailboxView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkGesture *click;
  GtkGesture *press;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (context_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));
  press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (context_long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (press));

  self->folder = SURAT_FOLDER_INBOX;
  update_actions (self);
}

GtkWidget *
surat_mailbox_view_new (void)
{
  return g_object_new (SURAT_TYPE_MAILBOX_VIEW, NULL);
}
