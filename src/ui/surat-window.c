/* surat-window.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "surat-window.h"

struct _SuratWindow
{
  AdwApplicationWindow  parent_instance;

  AdwLeaflet           *leaflet;
};

G_DEFINE_FINAL_TYPE (SuratWindow, surat_window, ADW_TYPE_APPLICATION_WINDOW)

static void
surat_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SURAT_TYPE_WINDOW);

  G_OBJECT_CLASS (surat_window_parent_class)->dispose (object);
}

static void
surat_window_class_init (SuratWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/surat/Surat/surat-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratWindow, leaflet);
}

static void
surat_window_init (SuratWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SuratWindow *
surat_window_new (SuratApplication *app)
{
  return g_object_new (SURAT_TYPE_WINDOW, "application", app, NULL);
}
