/* surat-outbox-view.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-application-private.h"
#include "surat-outbox-view.h"
#include "surat-window.h"

struct _SuratOutboxView
{
  GtkWidget         parent_instance;

  AdwHeaderBar     *header_bar;
  AdwWindowTitle   *title;
  GtkStack         *stack;
  GtkListBox       *list;

  SuratApplication *app;
  SuratAccount     *account;      /* NULL: every account */
  GPtrArray        *outboxes;     /* the ones whose ::item-changed we follow */
  guint             n_items;
};

G_DEFINE_FINAL_TYPE (SuratOutboxView, surat_outbox_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row keeps these as object data. */
typedef struct {
  SuratOutboxView *view;          /* unowned: the row is inside it */
  SuratAccount    *account;
  SuratOutboxItem *item;
  char            *unique;        /* the Maildir unique part: the file's name changes */
  GtkLabel        *subject;
  GtkLabel        *recipients;
  GtkLabel        *state;
  GtkProgressBar  *progress;
  GtkWidget       *retry;
  GtkWidget       *edit;
  GtkWidget       *delete;
} Row;

static void
row_free (Row *row)
{
  g_object_unref (row->account);
  g_object_unref (row->item);
  g_free (row->unique);
  g_free (row);
}

static Row *
row_get (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "surat-outbox-row");
}

static void
row_update (Row *row)
{
  SuratOutboxItem *item = row->item;
  SuratOutboxState state = surat_outbox_item_get_state (item);
  const char *subject = surat_outbox_item_get_subject (item);
  const char *reason = surat_outbox_item_get_reason (item);
  g_autofree char *text = NULL;
  gboolean sending = state == SURAT_OUTBOX_SENDING;

  gtk_label_set_text (row->subject, subject != NULL && *subject != '\0' ? subject : _("(no subject)"));
  gtk_label_set_text (row->recipients, surat_outbox_item_get_recipients (item));

  switch (state)
    {
    case SURAT_OUTBOX_QUEUED:
      text = g_strdup (_("Waiting to be sent"));
      break;
    case SURAT_OUTBOX_SENDING:
      {
        guint64 total = surat_outbox_item_get_bytes_total (item);
        guint percent = total > 0 ? (guint) (surat_outbox_item_get_bytes_done (item) * 100 / total) : 0;

        /* TRANSLATORS: a message on its way, with how much of it went */
        text = g_strdup_printf (_("Sending… %u %%"), MIN (percent, 100));
        gtk_progress_bar_set_fraction (row->progress, percent / 100.0);
      }
      break;
    case SURAT_OUTBOX_WAITING:
      {
        g_autoptr(GDateTime) when =
          g_date_time_new_from_unix_local (surat_outbox_item_get_next_attempt (item));
        g_autofree char *time = when ? g_date_time_format (when, "%H:%M") : g_strdup ("");

        if (reason != NULL)
          /* TRANSLATORS: %s the time of day, then why the last try failed */
          text = g_strdup_printf (_("Waiting to retry at %s — %s"), time, reason);
        else
          text = g_strdup_printf (_("Waiting to retry at %s"), time);
      }
      break;
    case SURAT_OUTBOX_FAILED:
      /* TRANSLATORS: %s is the server's own words */
      text = g_strdup_printf (_("Not sent: %s"), reason ? reason : _("the server refused it"));
      break;
    case SURAT_OUTBOX_SENT:
    default:
      text = g_strdup (_("Sent"));
      break;
    }

  gtk_label_set_text (row->state, text);
  if (state == SURAT_OUTBOX_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (row->state), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->state), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->progress), sending);
  /* A message on the wire cannot be taken back. */
  gtk_widget_set_sensitive (row->retry, !sending && state != SURAT_OUTBOX_SENT);
  gtk_widget_set_sensitive (row->edit, !sending && state != SURAT_OUTBOX_SENT);
  gtk_widget_set_sensitive (row->delete, !sending && state != SURAT_OUTBOX_SENT);
}

/* --- the buttons --------------------------------------------------------------- */

static void
retry_clicked_cb (GtkButton *button,
                  Row       *row)
{
  surat_application_flush_outbox (row->view->app, row->account, TRUE);
}

static void
edit_clicked_cb (GtkButton *button,
                 Row       *row)
{
  SuratApplication *app = row->view->app;
  SuratOutbox *outbox = surat_application_get_outbox (app, row->account);
  g_autoptr(SuratApplication) hold = g_object_ref (app);
  g_autoptr(SuratAccount) account = g_object_ref (row->account);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  SuratStore *store = surat_application_get_store (app);
  SuratMaildir *maildir;
  g_autofree char *path = NULL;

  /* The message becomes a draft again before it leaves the Outbox: when
   * loading fails, it stays queued. */
  maildir = surat_store_get_maildir (store, surat_account_get_id (account), SURAT_FOLDER_OUTBOX,
                                     &error);
  if (maildir != NULL)
    path = surat_maildir_resolve (maildir, surat_outbox_item_get_file (row->item), &error);
  if (path != NULL)
    draft = surat_draft_load (store, path, &error);
  if (draft == NULL || !surat_outbox_remove (outbox, row->item, &error))
    {
      surat_window_report_error (GTK_WIDGET (button), error);
      return;
    }

  /* The rows are read again now: @row is gone after this. */
  surat_application_mail_changed (app, surat_account_get_id (account));
  surat_application_compose (app, draft);
}

typedef struct {
  SuratOutboxView *view;
  SuratAccount    *account;
  SuratOutboxItem *item;
} DeleteData;

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteData       *data)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") == 0 && data->view->app != NULL)
    {
      SuratOutbox *outbox = surat_application_get_outbox (data->view->app, data->account);

      if (!surat_outbox_remove (outbox, data->item, &error))
        surat_window_report_error (GTK_WIDGET (data->view), error);
      surat_application_mail_changed (data->view->app, surat_account_get_id (data->account));
    }
}

static void
delete_data_free (gpointer  user_data,
                  GClosure *closure)
{
  DeleteData *data = user_data;

  g_object_unref (data->view);
  g_object_unref (data->account);
  g_object_unref (data->item);
  g_free (data);
}

static void
delete_clicked_cb (GtkButton *button,
                   Row       *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  const char *subject = surat_outbox_item_get_subject (row->item);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  DeleteData *data;

  heading = g_strdup_printf (_("Delete “%s”?"), subject && *subject ? subject : _("(no subject)"));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("It will not be sent. The message goes to the Trash."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (DeleteData, 1);
  data->view = g_object_ref (row->view);
  data->account = g_object_ref (row->account);
  data->item = g_object_ref (row->item);
  /* The dialog answers once, then closes: the data lives as long as it. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), data,
                         delete_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- rows ------------------------------------------------------------------------ */

static GtkWidget *
row_button (const char *label,
            GCallback   callback,
            Row        *row)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, row);
  return button;
}

static GtkWidget *
row_new (SuratOutboxView *self,
         SuratAccount    *account,
         SuratOutboxItem *item)
{
  GtkWidget *widget = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Row *row = g_new0 (Row, 1);

  row->view = self;
  row->account = g_object_ref (account);
  row->item = g_object_ref (item);
  row->unique = surat_maildir_name_get_unique (surat_outbox_item_get_file (item));

  row->subject = GTK_LABEL (gtk_label_new (NULL));
  row->recipients = GTK_LABEL (gtk_label_new (NULL));
  row->state = GTK_LABEL (gtk_label_new (NULL));
  row->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  for (guint i = 0; i < 3; i++)
    {
      GtkLabel *label = i == 0 ? row->subject : i == 1 ? row->recipients : row->state;

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
    }
  gtk_widget_add_css_class (GTK_WIDGET (row->subject), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (row->recipients), "dim-label");
  gtk_label_set_selectable (row->state, TRUE);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->subject));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->recipients));

  row->retry = row_button (_("_Retry Now"), G_CALLBACK (retry_clicked_cb), row);
  row->edit = row_button (_("_Edit"), G_CALLBACK (edit_clicked_cb), row);
  row->delete = row_button (_("_Delete"), G_CALLBACK (delete_clicked_cb), row);
  gtk_box_append (GTK_BOX (buttons), row->retry);
  gtk_box_append (GTK_BOX (buttons), row->edit);
  gtk_box_append (GTK_BOX (buttons), row->delete);

  gtk_box_append (GTK_BOX (top), texts);
  gtk_box_append (GTK_BOX (top), buttons);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->state));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->progress));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (widget), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), FALSE);
  g_object_set_data_full (G_OBJECT (widget), "surat-outbox-row", row, (GDestroyNotify) row_free);

  row_update (row);
  return widget;
}

/* A flush reports its own item objects: the row with the same message
 * takes the news. */
static void
item_changed_cb (SuratOutbox     *outbox,
                 SuratOutboxItem *item,
                 SuratOutboxView *self)
{
  g_autofree char *unique = surat_maildir_name_get_unique (surat_outbox_item_get_file (item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Row *row = row_get (child);

      if (row != NULL && g_strcmp0 (row->unique, unique) == 0)
        {
          g_set_object (&row->item, item);
          row_update (row);
          return;
        }
    }
}

static void
unfollow_outboxes (SuratOutboxView *self)
{
  for (guint i = 0; i < self->outboxes->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->outboxes, i), self);
  g_ptr_array_set_size (self->outboxes, 0);
}

static void
add_account (SuratOutboxView *self,
             SuratAccount    *account)
{
  SuratOutbox *outbox = surat_application_get_outbox (self->app, account);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (self->outboxes, g_object_ref (outbox));
  g_signal_connect (outbox, "item-changed", G_CALLBACK (item_changed_cb), self);

  items = surat_outbox_list (outbox, &error);
  if (items == NULL)
    {
      surat_window_report_error (GTK_WIDGET (self), error);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      SuratOutboxItem *item = g_ptr_array_index (items, i);

      if (surat_outbox_item_get_state (item) == SURAT_OUTBOX_SENT)
        continue;
      gtk_list_box_append (self->list, row_new (self, account, item));
      self->n_items++;
    }
}

void
surat_outbox_view_reload (SuratOutboxView *self)
{
  GtkWidget *child;

  g_return_if_fail (SURAT_IS_OUTBOX_VIEW (self));

  unfollow_outboxes (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_items = 0;

  if (self->app != NULL && surat_application_get_store (self->app) != NULL)
    {
      if (self->account != NULL)
        add_account (self, self->account);
      else
        {
          GListModel *accounts = surat_application_get_accounts (self->app);

          for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
            {
              g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

              add_account (self, account);
            }
        }
    }

  gtk_stack_set_visible_child_name (self->stack, self->n_items > 0 ? "list" : "empty");
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
mail_changed_cb (SuratApplication *app,
                 const char       *account_id,
                 SuratOutboxView  *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (self->account == NULL || g_strcmp0 (surat_account_get_id (self->account), account_id) == 0)
    surat_outbox_view_reload (self);
}

void
surat_outbox_view_show_account (SuratOutboxView *self,
                                SuratAccount    *account)
{
  g_return_if_fail (SURAT_IS_OUTBOX_VIEW (self));

  g_set_object (&self->account, account);
  adw_window_title_set_subtitle (self->title, account ? surat_account_get_address (account) : NULL);
  surat_outbox_view_reload (self);
}

void
surat_outbox_view_set_application (SuratOutboxView  *self,
                                   SuratApplication *app)
{
  g_return_if_fail (SURAT_IS_OUTBOX_VIEW (self));

  if (self->app != NULL)
    g_signal_handlers_disconnect_by_data (self->app, self);
  g_set_object (&self->app, app);
  if (app != NULL)
    g_signal_connect (app, "mail-changed", G_CALLBACK (mail_changed_cb), self);
}

guint
surat_outbox_view_get_n_items (SuratOutboxView *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_VIEW (self), 0);
  return self->n_items;
}

AdwHeaderBar *
surat_outbox_view_get_header_bar (SuratOutboxView *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_VIEW (self), NULL);
  return self->header_bar;
}

static void
surat_outbox_view_dispose (GObject *object)
{
  SuratOutboxView *self = (SuratOutboxView *) object;
  GtkWidget *child;

  if (self->outboxes != NULL)
    unfollow_outboxes (self);
  g_clear_pointer (&self->outboxes, g_ptr_array_unref);
  if (self->app != NULL)
    g_signal_handlers_disconnect_by_data (self->app, self);
  g_clear_object (&self->app);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_OUTBOX_VIEW);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (surat_outbox_view_parent_class)->dispose (object);
}

static void
surat_outbox_view_class_init (SuratOutboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_outbox_view_dispose;

  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-outbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratOutboxView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SuratOutboxView, title);
  gtk_widget_class_bind_template_child (widget_class, SuratOutboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, SuratOutboxView, list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
surat_outbox_view_init (SuratOutboxView *self)
{
  self->outboxes = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
surat_outbox_view_new (void)
{
  return g_object_new (SURAT_TYPE_OUTBOX_VIEW, NULL);
}
