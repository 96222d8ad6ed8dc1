/* surat-message-row.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <gmime/gmime.h>

#include "surat-message-row-private.h"

/* One widget that draws its four texts, instead of a grid of labels: GTK
 * 4.8's list view keeps about 200 rows and builds every one anew when a
 * search replaces the list; with labels that was two thirds of a
 * search's time on 100 000 messages (tests/bench/bench-ui). */
struct _SuratMessageRow
{
  GtkWidget            parent_instance;

  PangoLayout         *sender;
  PangoLayout         *subject;
  PangoLayout         *preview;
  PangoLayout         *date;
  GtkIconPaintable    *attachment_icon;
  GtkIconPaintable    *flag_icon;

  SuratMessageSummary *summary;
  gulong               notify_id;
  char                *spoken;   /* the accessible label */
};

G_DEFINE_FINAL_TYPE (SuratMessageRow, surat_message_row, GTK_TYPE_WIDGET)

#define MARGIN_X   10
#define MARGIN_Y   8
#define SPACING_X  6
#define SPACING_Y  2
#define ICON_SIZE  16
/* Libadwaita's .caption is 9 pt against 11 pt text. */
#define CAPTION_SCALE 0.82
/* The preview and the date are quieter than the sender and subject. */
#define DIM_ALPHA  0.55

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
 * list pane. Line breaks would start a second line. */
#define PREVIEW_CHARS 160

static void
set_preview (PangoLayout *layout,
             const char  *preview)
{
  g_autoptr(GString) line = g_string_new (NULL);
  guint n = 0;

  for (const char *p = preview ? preview : ""; *p != '\0' && n < PREVIEW_CHARS;
       p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (line, g_unichar_iscntrl (c) ? ' ' : c);
    }
  pango_layout_set_text (layout, line->str, (int) line->len);
}

static PangoAttrList *
text_attributes (gboolean bold,
                 gboolean caption)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (caption)
    pango_attr_list_insert (attributes, pango_attr_scale_new (CAPTION_SCALE));
  return attributes;
}

static PangoLayout *
new_layout (SuratMessageRow *self,
            gboolean         caption)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autoptr(PangoAttrList) attributes = text_attributes (FALSE, caption);

  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_auto_dir (layout, TRUE);
  return layout;
}

/* Layouts follow the widget's font; a theme or font change rebuilds them. */
static void
ensure_layouts (SuratMessageRow *self)
{
  if (self->sender != NULL)
    return;
  self->sender = new_layout (self, FALSE);
  self->subject = new_layout (self, FALSE);
  self->preview = new_layout (self, TRUE);
  self->date = new_layout (self, TRUE);
}

static void
clear_layouts (SuratMessageRow *self)
{
  g_clear_object (&self->sender);
  g_clear_object (&self->subject);
  g_clear_object (&self->preview);
  g_clear_object (&self->date);
  g_clear_object (&self->attachment_icon);
  g_clear_object (&self->flag_icon);
}

static void
update (SuratMessageRow *self)
{
  SuratMessageSummary *s = self->summary;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(PangoAttrList) emphasis = NULL;
  g_autofree char *date = NULL;
  g_autofree char *accessible = NULL;
  const char *from;
  const char *subject;
  gboolean unread;

  if (s == NULL)
    return;

  ensure_layouts (self);
  from = sender_name (surat_message_summary_get_from (s));
  subject = surat_message_summary_get_subject (s);
  date = surat_message_row_format_date (surat_message_summary_get_date (s), now);
  unread = !surat_message_summary_get_seen (s);

  if (from == NULL || *from == '\0')
    from = _("(no sender)");
  if (subject == NULL || *subject == '\0')
    subject = _("(no subject)");

  pango_layout_set_text (self->sender, from, -1);
  pango_layout_set_text (self->subject, subject, -1);
  set_preview (self->preview, surat_message_summary_get_preview (s));
  pango_layout_set_text (self->date, date, -1);

  /* Unread mail stands out by the weight of who and what. */
  emphasis = text_attributes (unread, FALSE);
  pango_layout_set_attributes (self->sender, emphasis);
  pango_layout_set_attributes (self->subject, emphasis);

  /* Screen readers (and the UI tests) hear the row as a person reads it. */
  accessible = g_strdup_printf ("%s%s, %s, %s%s%s",
                                unread ? _("Unread, ") : "",
                                from, subject, date,
                                surat_message_summary_get_has_attachments (s)
                                  ? _(", with attachments") : "",
                                surat_message_summary_get_flagged (s) ? _(", flagged") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_free (self->spoken);
  self->spoken = g_steal_pointer (&accessible);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
surat_message_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  SuratMessageRow *self = SURAT_MESSAGE_ROW (widget);

  ensure_layouts (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Everything ellipsizes: a narrow pane still works. */
      *minimum = 2 * MARGIN_X + 120;
      *natural = 2 * MARGIN_X + 320;
      return;
    }

  /* Each line is as tall as its font, whatever the text (an empty layout
   * measures one line); the first line also fits the icons. */
  *minimum = *natural = 2 * MARGIN_Y + 2 * SPACING_Y +
                        MAX (MAX (layout_height (self->sender), layout_height (self->date)), ICON_SIZE) +
                        layout_height (self->subject) + layout_height (self->preview);
}

static GtkIconPaintable *
lookup_icon (SuratMessageRow *self,
             const char      *name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

  return gtk_icon_theme_lookup_icon (theme, name, NULL, ICON_SIZE,
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     gtk_widget_get_direction (GTK_WIDGET (self)), 0);
}

/* Draws @layout at @x (its left edge, or its right edge when @from_right),
 * @y, @width wide at most. */
static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             int            x,
             int            y,
             int            width,
             const GdkRGBA *color)
{
  pango_layout_set_width (layout, MAX (0, width) * PANGO_SCALE);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_icon (GtkSnapshot      *snapshot,
           GtkIconPaintable *icon,
           int               x,
           int               y,
           const GdkRGBA    *color)
{
  /* Foreground, then error, warning and success: the symbolic colours. */
  GdkRGBA colors[4] = { *color, { 0.88, 0.11, 0.14, 1 }, { 0.96, 0.47, 0, 1 }, { 0.18, 0.76, 0.49, 1 } };

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
surat_message_row_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SuratMessageRow *self = SURAT_MESSAGE_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (widget);
  int inner = width - 2 * MARGIN_X;
  int line1, date_width, end, y;
  GdkRGBA color, dim;

  if (self->summary == NULL)
    return;
  ensure_layouts (self);

  /* The widget's CSS colour: it follows the theme, dark style and the
   * selected row. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  dim = color;
  dim.alpha *= DIM_ALPHA;

  line1 = MAX (MAX (layout_height (self->sender), layout_height (self->date)), ICON_SIZE);
  y = MARGIN_Y;

  /* Line 1: the sender; at the end the flag, the paperclip, the date. */
  pango_layout_set_width (self->date, -1);
  pango_layout_get_pixel_size (self->date, &date_width, NULL);
  end = inner - date_width;
  draw_layout (snapshot, self->date, rtl ? MARGIN_X : MARGIN_X + end,
               y + (line1 - layout_height (self->date)) / 2, date_width, &dim);
  if (surat_message_summary_get_has_attachments (self->summary))
    {
      if (self->attachment_icon == NULL)
        self->attachment_icon = lookup_icon (self, "mail-attachment-symbolic");
      end -= SPACING_X + ICON_SIZE;
      draw_icon (snapshot, self->attachment_icon,
                 rtl ? width - MARGIN_X - end - ICON_SIZE : MARGIN_X + end,
                 y + (line1 - ICON_SIZE) / 2, &dim);
    }
  if (surat_message_summary_get_flagged (self->summary))
    {
      if (self->flag_icon == NULL)
        self->flag_icon = lookup_icon (self, "starred-symbolic");
      end -= SPACING_X + ICON_SIZE;
      draw_icon (snapshot, self->flag_icon,
                 rtl ? width - MARGIN_X - end - ICON_SIZE : MARGIN_X + end,
                 y + (line1 - ICON_SIZE) / 2, &color);
    }
  end -= SPACING_X;
  draw_layout (snapshot, self->sender, rtl ? width - MARGIN_X - end : MARGIN_X,
               y + (line1 - layout_height (self->sender)) / 2, end, &color);
  y += line1 + SPACING_Y;

  /* Lines 2 and 3: the subject, and the start of the text. */
  draw_layout (snapshot, self->subject, MARGIN_X, y, inner, &color);
  y += layout_height (self->subject) + SPACING_Y;
  draw_layout (snapshot, self->preview, MARGIN_X, y, inner, &dim);
}

static void
surat_message_row_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  SuratMessageRow *self = SURAT_MESSAGE_ROW (widget);
  PangoLayout *layouts[] = { self->sender, self->subject, self->preview, self->date };

  GTK_WIDGET_CLASS (surat_message_row_parent_class)->css_changed (widget, change);

  /* The widget's Pango context already has the new font; the layouts
   * shape again on their next use. Icons are looked up again (a new icon
   * theme). A colour alone is read by the next snapshot. */
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i] != NULL)
      pango_layout_context_changed (layouts[i]);
  g_clear_object (&self->attachment_icon);
  g_clear_object (&self->flag_icon);
  gtk_widget_queue_resize (widget);
}

static void
surat_message_row_direction_changed (GtkWidget        *widget,
                                     GtkTextDirection  previous)
{
  SuratMessageRow *self = SURAT_MESSAGE_ROW (widget);

  clear_layouts (self);
  update (self);
  GTK_WIDGET_CLASS (surat_message_row_parent_class)->direction_changed (widget, previous);
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

  surat_message_row_set_summary (self, NULL);
  clear_layouts (self);
  g_clear_pointer (&self->spoken, g_free);

  G_OBJECT_CLASS (surat_message_row_parent_class)->dispose (object);
}

static void
surat_message_row_class_init (SuratMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_message_row_dispose;
  widget_class->measure = surat_message_row_measure;
  widget_class->snapshot = surat_message_row_snapshot;
  widget_class->css_changed = surat_message_row_css_changed;
  widget_class->direction_changed = surat_message_row_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
surat_message_row_init (SuratMessageRow *self)
{
}

GtkWidget *
surat_message_row_new (void)
{
  return g_object_new (SURAT_TYPE_MESSAGE_ROW, NULL);
}

const char *
_surat_message_row_get_spoken (SuratMessageRow *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_ROW (self), NULL);
  return self->spoken;
}
