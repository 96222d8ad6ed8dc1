/* surat-sidebar.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-sidebar.h"

struct _SuratSidebar
{
  GtkWidget         parent_instance;

  AdwHeaderBar     *header_bar;
  GtkListBox       *list;

  SuratApplication *app;
  gulong            accounts_id;
  gulong            changed_id;
};

G_DEFINE_FINAL_TYPE (SuratSidebar, surat_sidebar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FOLDER_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  SuratFolder  folder;
  const char  *icon;
} folders[] = {
  { SURAT_FOLDER_INBOX, "surat-inbox-symbolic" },
  { SURAT_FOLDER_OUTBOX, "surat-outbox-symbolic" },
  { SURAT_FOLDER_SENT, "surat-sent-symbolic" },
  { SURAT_FOLDER_DRAFTS, "document-edit-symbolic" },
  { SURAT_FOLDER_TRASH, "user-trash-symbolic" },
};

static const char *
folder_label (SuratFolder folder)
{
  switch (folder)
    {
    case SURAT_FOLDER_INBOX: return _("Inbox");
    case SURAT_FOLDER_SENT: return _("Sent");
    case SURAT_FOLDER_OUTBOX: return _("Outbox");
    case SURAT_FOLDER_DRAFTS: return _("Drafts");
    case SURAT_FOLDER_TRASH: return _("Trash");
    default: return "";
    }
}

/* The account header: its name and what it is doing. */
static void
status_changed_cb (SuratAccountStatus *status,
                   GParamSpec         *pspec,
                   GtkWidget          *box)
{
  GtkWidget *spinner = g_object_get_data (G_OBJECT (box), "spinner");
  GtkWidget *warning = g_object_get_data (G_OBJECT (box), "warning");
  const char *error = surat_account_status_get_error (status);
  gboolean fetching = surat_account_status_get_fetching (status);

  gtk_widget_set_visible (spinner, fetching);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), fetching);
  gtk_widget_set_visible (warning, !fetching && error != NULL);
  gtk_widget_set_tooltip_text (warning, error);
}

static GtkWidget *
account_header (SuratSidebar *self,
                SuratAccount *account)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  SuratAccountStatus *status = surat_application_get_status (self->app, account);
  const char *name = surat_account_get_display_name (account);

  label = gtk_label_new (name ? surat_account_get_address (account) : surat_account_get_id (account));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_margin_top (box, 12);

  g_object_set_data (G_OBJECT (box), "spinner", spinner);
  g_object_set_data (G_OBJECT (box), "warning", warning);
  g_signal_connect_object (status, "notify", G_CALLBACK (status_changed_cb), box, 0);
  status_changed_cb (status, NULL, box);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
folder_row (SuratAccount *account,
            SuratFolder   folder,
            const char   *icon)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (folder_label (folder));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count, "unread-count");
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "account", g_object_ref (account), g_object_unref);
  g_object_set_data (G_OBJECT (row), "folder", GUINT_TO_POINTER (folder));
  g_object_set_data (G_OBJECT (row), "count", count);
  g_object_set_data (G_OBJECT (row), "name", (gpointer) folder_label (folder));
  return row;
}

void
surat_sidebar_update_counts (SuratSidebar *self)
{
  SuratStore *store;

  g_return_if_fail (SURAT_IS_SIDEBAR (self));

  if (self->app == NULL || (store = surat_application_get_store (self->app)) == NULL)
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      SuratAccount *account = g_object_get_data (G_OBJECT (row), "account");
      SuratFolder folder = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "folder"));
      GtkLabel *count = g_object_get_data (G_OBJECT (row), "count");
      g_autofree char *text = NULL;
      g_autofree char *accessible = NULL;
      guint n;

      if (account == NULL)
        continue;

      /* Unread mail matters in the Inbox; in the Outbox, what waits. */
      n = surat_index_count (surat_store_get_index (store), surat_account_get_id (account),
                             folder, folder != SURAT_FOLDER_OUTBOX, NULL);
      if (folder == SURAT_FOLDER_SENT || folder == SURAT_FOLDER_TRASH)
        n = 0;
      text = n > 0 ? g_strdup_printf ("%u", n) : NULL;
      gtk_label_set_text (count, text);

      accessible = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u unread",
                                                         "%s, %u unread", n),
                                            (char *) g_object_get_data (G_OBJECT (row), "name"), n)
                         : g_strdup (g_object_get_data (G_OBJECT (row), "name"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
    }
}

static void
rebuild (SuratSidebar *self)
{
  GListModel *accounts = surat_application_get_accounts (self->app);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

      gtk_list_box_append (self->list, account_header (self, account));
      for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
        gtk_list_box_append (self->list, folder_row (account, folders[f].folder, folders[f].icon));
    }

  surat_sidebar_update_counts (self);
}

static void
accounts_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     SuratSidebar *self)
{
  rebuild (self);
}

static void
mail_changed_cb (SuratApplication *app,
                 const char       *account_id,
                 SuratSidebar     *self)
{
  surat_sidebar_update_counts (self);
}

void
surat_sidebar_set_application (SuratSidebar     *self,
                               SuratApplication *app)
{
  g_return_if_fail (SURAT_IS_SIDEBAR (self));

  g_set_object (&self->app, app);
  self->accounts_id = g_signal_connect_object (surat_application_get_accounts (app), "items-changed",
                                               G_CALLBACK (accounts_changed_cb), self, 0);
  self->changed_id = g_signal_connect_object (app, "mail-changed",
                                              G_CALLBACK (mail_changed_cb), self, 0);
  rebuild (self);
}

void
surat_sidebar_select (SuratSidebar *self,
                      SuratAccount *account,
                      SuratFolder   folder)
{
  g_return_if_fail (SURAT_IS_SIDEBAR (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_object_get_data (G_OBJECT (row), "account") == account &&
          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "folder")) == folder)
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

AdwHeaderBar *
surat_sidebar_get_header_bar (SuratSidebar *self)
{
  g_return_val_if_fail (SURAT_IS_SIDEBAR (self), NULL);
  return self->header_bar;
}

static void
row_selected_cb (GtkListBox    *list,
                 GtkListBoxRow *row,
                 SuratSidebar  *self)
{
  SuratAccount *account;

  if (row == NULL || (account = g_object_get_data (G_OBJECT (row), "account")) == NULL)
    return;

  g_signal_emit (self, signals[SIGNAL_FOLDER_SELECTED], 0, account,
                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "folder")));
}

static void
surat_sidebar_dispose (GObject *object)
{
  SuratSidebar *self = (SuratSidebar *) object;
  GtkWidget *child;

  g_clear_object (&self->app);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_SIDEBAR);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (surat_sidebar_parent_class)->dispose (object);
}

static void
surat_sidebar_class_init (SuratSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_sidebar_dispose;

  signals[SIGNAL_FOLDER_SELECTED] =
    g_signal_new ("folder-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SURAT_TYPE_ACCOUNT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratSidebar, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SuratSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
surat_sidebar_init (SuratSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
surat_sidebar_new (void)
{
  return g_object_new (SURAT_TYPE_SIDEBAR, NULL);
}
