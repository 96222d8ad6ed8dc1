/* surat-message-row.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <gmime/gmime.h>

#include "surat-message-row.h"

struct _SuratMessageRow
{
  GtkWidget            parent_instance;

  GtkLabel            *sender;
  GtkLabel            *date;
  GtkImage            *attachment;
  GtkImage            *flag;
  GtkLabel            *subject;
  GtkLabel            *preview;

  SuratMessageSummary *summary;
  gulong               notify_id;
};

G_DEFINE_FINAL_TYPE (SuratMessageRow, surat_message_row, GTK_TYPE_WIDGET)

char *
surat_message_row_format_date (gint64     unix_time,
                               GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan age;

  if (utc == NULL || unix_time == 0)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  age = g_date_time_difference (today, local);

  if (age <= 0)
    /* TRANSLATORS: the time of a message received today, see g_date_time_format() */
    return g_date_time_format (local, _("%H:%M"));
  if (age < 6 * G_TIME_SPAN_DAY)
    /* TRANSLATORS: the weekday of a message of this week */
    return g_date_time_format (local, _("%a"));
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* TRANSLATORS: the day and month of a message of this year */
    return g_date_time_format (local, _("%-d %b"));
  /* TRANSLATORS: the date of an older message */
  return g_date_time_format (local, _("%x"));
}

/* "Ana Lima <ana@example.org>, bob@…" → "Ana Lima": a list shows who,
 * the message view shows the addresses. */
static const char *
sender_name (const char *from)
{
  static char *last_in, *last_out;
  InternetAddressList *list;

  if (from == NULL || *from == '\0')
    return from;
  if (last_in != NULL && g_str_equal (last_in, from))
    return last_out;

  g_free (last_in);
  g_free (last_out);
  last_in = g_strdup (from);
  last_out = NULL;

  list = internet_address_list_parse (NULL, from);
  if (list != NULL && internet_address_list_length (list) > 0)
    {
      InternetAddress *address = internet_address_list_get_address (list, 0);
      const char *name = internet_address_get_name (address);

      if (name != NULL && *name != '\0')
        last_out = g_strdup (name);
      else if (INTERNET_ADDRESS_IS_MAILBOX (address))
        last_out = g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
    }
  g_clear_object (&list);

  if (last_out == NULL)
    last_out = g_strdup (from);
  return last_out;
}

/* A row shows one line of the preview; shaping the whole stored preview
 * (up to 400 characters) for every row bound while scrolling was most of
 * a frame's time with 100 000 messages. 160 characters fill the widest
 * list pane. */
#define PREVIEW_CHARS 160

static void
set_preview (GtkLabel   *label,
             const char *preview)
{
  const char *end;

  if (preview == NULL)
    preview = "";
  if (g_utf8_strlen (preview, PREVIEW_CHARS + 1) <= PREVIEW_CHARS)
    {
      gtk_label_set_text (label, preview);
      return;
    }

  end = g_utf8_offset_to_pointer (preview, PREVIEW_CHARS);
  {
    g_autofree char *cut = g_strndup (preview, end - preview);

    gtk_label_set_text (label, cut);
  }
}

static void
update (SuratMessageRow *self)
{
  SuratMessageSummary *s = self->summary;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;
  g_autofree char *accessible = NULL;
  const char *from;
  const char *subject;

  if (s == NULL)
    return;

  from = sender_name (surat_message_summary_get_from (s));
  subject = surat_message_summary_get_subject (s);
  date = surat_message_row_format_date (surat_message_summary_get_date (s), now);

  gtk_label_set_text (self->sender, from && *from ? from : _("(no sender)"));
  gtk_label_set_text (self->subject, subject && *subject ? subject : _("(no subject)"));
  set_preview (self->preview, surat_message_summary_get_preview (s));
  gtk_label_set_text (self->date, date);
  gtk_widget_set_visible (GTK_WIDGET (self->attachment),
                          surat_message_summary_get_has_attachments (s));
  gtk_widget_set_visible (GTK_WIDGET (self->flag), surat_message_summary_get_flagged (s));

  if (surat_message_summary_get_seen (s))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");

  /* Screen readers (and the UI tests) hear the row as a person reads it. */
  accessible = g_strdup_printf ("%s%s, %s, %s%s",
                                surat_message_summary_get_seen (s) ? "" : _("Unread, "),
                                gtk_label_get_text (self->sender),
                                gtk_label_get_text (self->subject), date,
                                surat_message_summary_get_has_attachments (s)
                                  ? _(", with attachments") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
summary_notify_cb (SuratMessageSummary *summary,
                   GParamSpec          *pspec,
                   SuratMessageRow     *self)
{
  update (self);
}

void
surat_message_row_set_summary (SuratMessageRow     *self,
                               SuratMessageSummary *summary)
{
  g_return_if_fail (SURAT_IS_MESSAGE_ROW (self));

  if (self->summary == summary)
    return;

  if (self->summary != NULL)
    g_clear_signal_handler (&self->notify_id, self->summary);
  g_set_object (&self->summary, summary);
  if (summary != NULL)
    self->notify_id = g_signal_connect (summary, "notify", G_CALLBACK (summary_notify_cb), self);

  update (self);
}

SuratMessageSummary *
surat_message_row_get_summary (SuratMessageRow *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_ROW (self), NULL);
  return self->summary;
}

static void
surat_message_row_dispose (GObject *object)
{
  SuratMessageRow *self = (SuratMessageRow *) object;
  GtkWidget *child;

  surat_message_row_set_summary (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_MESSAGE_ROW);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (surat_message_row_parent_class)->dispose (object);
}

static void
surat_message_row_class_init (SuratMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_message_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, sender);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, date);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, attachment);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, flag);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, subject);
  gtk_widget_class_bind_template_child (widget_class, SuratMessageRow, preview);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
surat_message_row_init (SuratMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
surat_message_row_new (void)
{
  return g_object_new (SURAT_TYPE_MESSAGE_ROW, NULL);
}
