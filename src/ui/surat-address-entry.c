/* surat-address-entry.c — an address field that completes from the address book
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-address-entry.h"

/* Enough to choose from without the list hiding the message. */
#define MAX_MATCHES 8

struct _SuratAddressEntry
{
  GtkEntry          parent_instance;

  SuratAddressBook *book;
  GtkWidget        *popover;
  GtkListBox       *list;
  GPtrArray        *matches;
  /* Set while we change the text ourselves: no completion for that. */
  gboolean          inserting;
  guint             update_id;
};

G_DEFINE_FINAL_TYPE (SuratAddressEntry, surat_address_entry, GTK_TYPE_ENTRY)

/* Where the address being typed starts: after the last separator before
 * the cursor (a comma, or the semicolon some people are used to), as a
 * byte offset. */
static gsize
current_start (const char *text,
               gsize       cursor)
{
  for (gsize i = cursor; i > 0; i--)
    if (text[i - 1] == ',' || text[i - 1] == ';')
      return i;
  return 0;
}

static gsize
cursor_bytes (SuratAddressEntry *self,
              const char        *text)
{
  int pos = gtk_editable_get_position (GTK_EDITABLE (self));

  return g_utf8_offset_to_pointer (text, pos) - text;
}

static void
popdown (SuratAddressEntry *self)
{
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
accept (SuratAddressEntry *self,
        guint              index)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  gsize cursor = cursor_bytes (self, text);
  gsize start = current_start (text, cursor);
  g_autoptr(GString) result = g_string_new_len (text, start);
  const char *rest;
  int position;

  if (self->matches == NULL || index >= self->matches->len)
    return;

  /* "Ana Lima <ana@example.org>, " in place of "an", the rest kept. */
  if (start > 0)
    g_string_append_c (result, ' ');
  g_string_append (result, g_ptr_array_index (self->matches, index));
  g_string_append (result, ", ");
  position = g_utf8_strlen (result->str, -1);
  rest = text + cursor;
  while (*rest == ' ')
    rest++;
  g_string_append (result, rest);

  self->inserting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), result->str);
  gtk_editable_set_position (GTK_EDITABLE (self), position);
  self->inserting = FALSE;
  popdown (self);
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  SuratAddressEntry *self)
{
  accept (self, gtk_list_box_row_get_index (row));
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_editable_set_position (GTK_EDITABLE (self), -1);
}

static void
update (SuratAddressEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  gsize cursor = cursor_bytes (self, text);
  gsize start = current_start (text, cursor);
  g_autofree char *word = g_strstrip (g_strndup (text + start, cursor - start));
  GtkWidget *child;

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  /* Only for what the person types here, not for text set from a draft. */
  if (self->book != NULL && *word != '\0'
      && gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self)))))
    self->matches = surat_address_book_complete (self->book, word, MAX_MATCHES);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  /* Nothing to offer, or only what is already there. */
  if (self->matches == NULL || self->matches->len == 0
      || (self->matches->len == 1 && g_strcmp0 (g_ptr_array_index (self->matches, 0), word) == 0))
    {
      g_clear_pointer (&self->matches, g_ptr_array_unref);
      popdown (self);
      return;
    }

  for (guint i = 0; i < self->matches->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (self->matches, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->list, label);
    }
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  gtk_widget_set_size_request (self->popover, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 200),
                               -1);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static gboolean
update_cb (gpointer data)
{
  SuratAddressEntry *self = data;

  self->update_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* After the change is done: the cursor has moved past what was typed. */
static void
changed_cb (SuratAddressEntry *self)
{
  if (!self->inserting && self->update_id == 0)
    self->update_id = g_idle_add (update_cb, self);
}

static void
move_selection (SuratAddressEntry *self,
                int                delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int n = self->matches->len;
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  index = ((index + delta) % n + n) % n;
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, index));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SuratAddressEntry     *self)
{
  GtkListBoxRow *row;

  if (!surat_address_entry_is_completing (self))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
      /* Ctrl+Return is Send: let it through. */
      if ((state & GDK_CONTROL_MASK) != 0)
        return FALSE;
      row = gtk_list_box_get_selected_row (self->list);
      if (row == NULL)
        return FALSE;
      accept (self, gtk_list_box_row_get_index (row));
      return TRUE;
    case GDK_KEY_Escape:
      popdown (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_leave_cb (SuratAddressEntry *self)
{
  popdown (self);
}

static void
surat_address_entry_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  SuratAddressEntry *self = SURAT_ADDRESS_ENTRY (widget);

  GTK_WIDGET_CLASS (surat_address_entry_parent_class)->size_allocate (widget, width, height,
                                                                      baseline);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
surat_address_entry_dispose (GObject *object)
{
  SuratAddressEntry *self = SURAT_ADDRESS_ENTRY (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->book);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_address_entry_parent_class)->dispose (object);
}

static void
surat_address_entry_class_init (SuratAddressEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_address_entry_dispose;
  widget_class->size_allocate = surat_address_entry_size_allocate;
}

static void
surat_address_entry_init (SuratAddressEntry *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (self), GTK_INPUT_PURPOSE_EMAIL);
  gtk_entry_set_input_hints (GTK_ENTRY (self), GTK_INPUT_HINT_NO_SPELLCHECK);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  /* The focus stays in the field: the list is driven from its keys. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->list), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Address suggestions"),
                                  -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));

  self->popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->popover, "address-completion");
  gtk_popover_set_child (GTK_POPOVER (self->popover), scrolled);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);

  /* Capture: the keys reach us before the entry's text moves the cursor. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
surat_address_entry_new (void)
{
  return g_object_new (SURAT_TYPE_ADDRESS_ENTRY, NULL);
}

void
surat_address_entry_set_address_book (SuratAddressEntry *self,
                                      SuratAddressBook  *book)
{
  g_return_if_fail (SURAT_IS_ADDRESS_ENTRY (self));
  g_return_if_fail (book == NULL || SURAT_IS_ADDRESS_BOOK (book));

  g_set_object (&self->book, book);
}

gboolean
surat_address_entry_is_completing (SuratAddressEntry *self)
{
  g_return_val_if_fail (SURAT_IS_ADDRESS_ENTRY (self), FALSE);

  return self->matches != NULL && gtk_widget_get_visible (self->popover);
}

GPtrArray *
surat_address_entry_get_matches (SuratAddressEntry *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SURAT_IS_ADDRESS_ENTRY (self), copy);

  for (guint i = 0; self->matches != NULL && i < self->matches->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->matches, i)));
  return copy;
}
