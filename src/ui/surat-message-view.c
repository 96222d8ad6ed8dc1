/* surat-message-view.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-application-private.h"
#include "surat-attachment-bar.h"
#include "surat-html-view.h"
#include "surat-message-view.h"
#include "surat-window.h"

struct _SuratMessageView
{
  GtkWidget            parent_instance;

  AdwHeaderBar        *header_bar;
  GtkStack            *stack;
  GtkLabel            *subject;
  GtkLabel            *from;
  GtkLabel            *date;
  GtkLabel            *to;
  GtkLabel            *cc;
  GtkWidget           *to_row;
  GtkWidget           *cc_row;
  GtkRevealer         *remote_revealer;
  SuratAttachmentBar  *attachments;
  SuratHtmlView       *body;
  AdwStatusPage       *error_page;

  SuratApplication    *app;
  SuratMessageSummary *summary;
  SuratMessage        *message;
  GCancellable        *loading;
};

G_DEFINE_FINAL_TYPE (SuratMessageView, surat_message_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_row (GtkLabel   *label,
         GtkWidget  *row,
         const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (row, text != NULL && *text != '\0');
}

static void
show_message (SuratMessageView *self)
{
  SuratMessage *message = self->message;
  GDateTime *date = surat_message_get_date (message);
  g_autofree char *date_text = NULL;
  const char *subject = surat_message_get_subject (message);

  if (date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);

      /* TRANSLATORS: a message's full date, see g_date_time_format() */
      date_text = g_date_time_format (local, _("%A, %-d %B %Y, %H:%M"));
    }

  gtk_label_set_text (self->subject, subject && *subject ? subject : _("(no subject)"));
  gtk_label_set_text (self->from, surat_message_get_from (message));
  gtk_label_set_text (self->date, date_text ? date_text : "");
  set_row (self->to, self->to_row, surat_message_get_to (message));
  set_row (self->cc, self->cc_row, surat_message_get_cc (message));

  surat_attachment_bar_set_message (self->attachments, message);
  surat_html_view_set_message (self->body, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

/* Reply, Reply All, Forward act on the message on screen only when it is
 * parsed: a draft needs its text and its Message-ID. */
static void
update_actions (SuratMessageView *self)
{
  gboolean ready = self->message != NULL && self->app != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.reply", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.reply-all", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.forward", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.forward-as-attachment", ready);
}

/* The account the message came in through answers it. */
static SuratAccount *
message_account (SuratMessageView *self)
{
  SuratAccount *account =
    surat_application_find_account (self->app, surat_message_summary_get_account_id (self->summary));

  if (account == NULL)
    {
      g_autoptr(SuratAccount) first =
        g_list_model_get_item (surat_application_get_accounts (self->app), 0);

      account = first; /* the list keeps it */
    }

  return account;
}

static void
reply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SuratMessageView *self = SURAT_MESSAGE_VIEW (widget);
  g_auto(GStrv) own = NULL;
  g_autoptr(SuratDraft) draft = NULL;

  if (self->message == NULL || self->app == NULL)
    return;

  own = surat_application_dup_own_addresses (self->app);
  draft = surat_draft_new_reply (message_account (self), self->message,
                                 g_str_equal (action_name, "message.reply-all"),
                                 (const char * const *) own);
  surat_application_compose (self->app, draft);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SuratMessageView *self = SURAT_MESSAGE_VIEW (widget);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  SuratForwardMode mode = g_str_equal (action_name, "message.forward-as-attachment")
                          ? SURAT_FORWARD_AS_ATTACHMENT : SURAT_FORWARD_INLINE;

  if (self->message == NULL || self->app == NULL)
    return;

  draft = surat_draft_new_forward (message_account (self), self->message, mode,
                                   surat_application_get_store (self->app), &error);
  if (draft == NULL)
    {
      surat_window_report_error (widget, error);
      return;
    }
  surat_application_compose (self->app, draft);
}

static void
mark_read (SuratMessageView *self)
{
  g_autoptr(GError) error = NULL;
  SuratStore *store;

  if (self->summary == NULL || surat_message_summary_get_seen (self->summary) || self->app == NULL)
    return;

  store = surat_application_get_store (self->app);
  if (!surat_store_set_flags (store, self->summary, TRUE,
                              surat_message_summary_get_flagged (self->summary), &error))
    {
      surat_window_report_error (GTK_WIDGET (self), error);
      return;
    }
  surat_application_mail_changed (self->app, surat_message_summary_get_account_id (self->summary));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SuratMessageView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessage) message = surat_message_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  if (message == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_set_object (&self->message, message);
  update_actions (self);
  show_message (self);
  mark_read (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
surat_message_view_show (SuratMessageView    *self,
                         SuratMessageSummary *summary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SURAT_IS_MESSAGE_VIEW (self));

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_set_object (&self->summary, summary);
  g_clear_object (&self->message);
  update_actions (self);

  if (summary == NULL || self->app == NULL)
    {
      surat_html_view_set_message (self->body, NULL);
      surat_attachment_bar_set_message (self->attachments, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  path = surat_store_get_message_path (surat_application_get_store (self->app), summary, &error);
  if (path == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* Parsing happens on a worker thread: a 25 MB message never freezes
   * the window. */
  self->loading = g_cancellable_new ();
  surat_message_load_async (path, self->loading, loaded_cb, g_object_ref (self));
}

SuratMessage *
surat_message_view_get_message (SuratMessageView *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_VIEW (self), NULL);
  return self->message;
}

AdwHeaderBar *
surat_message_view_get_header_bar (SuratMessageView *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_VIEW (self), NULL);
  return self->header_bar;
}

void
surat_message_view_set_application (SuratMessageView *self,
                                    SuratApplication *app)
{
  g_return_if_fail (SURAT_IS_MESSAGE_VIEW (self));
  g_set_object (&self->app, app);
}

static void
remote_blocked_cb (SuratHtmlView    *body,
                   GParamSpec       *pspec,
                   SuratMessageView *self)
{
  gtk_revealer_set_reveal_child (self->remote_revealer, surat_html_view_get_remote_blocked (body));
}

static void
show_remote_cb (GtkButton        *button,
                SuratMessageView *self)
{
  surat_html_view_allow_remote (self->body);
}

/* A closed window's view stops loading: the load holds a reference, so
 * dispose would only come after it, and a late result would mark a
 * message read in a window nobody sees. */
static void
surat_message_view_unroot (GtkWidget *widget)
{
  SuratMessageView *self = SURAT_MESSAGE_VIEW (widget);

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  GTK_WIDGET_CLASS (surat_message_view_parent_class)->unroot (widget);
}

static void
surat_message_view_dispose (GObject *object)
{
  SuratMessageView *self = (SuratMessageView *) object;
  GtkWidget *child;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->summary);
  g_clear_object (&self->message);
  g_clear_object (&self->app);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_MESSAGE_VIEW);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (surat_message_view_parent_class)->dispose (object);
}

static void
surat_message_view_class_init (SuratMessageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_message_view_dispose;
  widget_class->unroot = surat_message_view_unroot;

  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SURAT_TYPE_HTML_VIEW);
  g_type_ensure (SURAT_TYPE_ATTACHMENT_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-message-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, stack);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, subject);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, from);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, date);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, to);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, cc);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, to_row);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, cc_row);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, remote_revealer);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, attachments);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, body);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, remote_blocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_remote_cb);

  gtk_widget_class_install_action (widget_class, "message.reply", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "message.reply-all", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "message.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "message.forward-as-attachment", NULL,
                                   forward_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
surat_message_view_init (SuratMessageView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
surat_message_view_new (void)
{
  return g_object_new (SURAT_TYPE_MESSAGE_VIEW, NULL);
}
