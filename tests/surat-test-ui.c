/* surat-test-ui.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>

#include "surat-test-ui.h"

void
surat_test_ui_require_display (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("No display: run the UI tests under tools/with-display (tools/test does)");
}

void
surat_test_ui_init (int    *argc,
                    char ***argv)
{
  setlocale (LC_ALL, "");
  if (g_getenv ("SURAT_LOCALEDIR") != NULL && *g_getenv ("SURAT_LOCALEDIR") != '\0')
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SURAT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_content_type_set_mime_dirs (NULL);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_test_ui_require_display ();
  gtk_init ();
  adw_init ();
  surat_core_init ();
}

SuratApplication *
surat_test_ui_start_app (void)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  SuratApplication *app;

  /* NON_UNIQUE: no bus name, so a test can start the app again. A new id
   * each time, because GApplication takes its object path off the bus
   * only when finalized, and a test's app may still be referenced by
   * work it started (a fetch finishing, a toast's timeout) when the next
   * test starts its own. */
  id = n++ == 0 ? g_strdup (APPLICATION_ID) : g_strdup_printf ("%s.Test%u", APPLICATION_ID, n);
  app = g_object_new (SURAT_TYPE_APPLICATION,
                      "application-id", id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/surat/Surat",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* G_TEST_OPTION_ISOLATE_DIRS hides /usr/share from the icon theme:
   * without this the screenshots show GTK's few built-in icons and
   * "missing image" for the rest, which no user ever sees. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
  g_application_activate (G_APPLICATION (app));
  return app;
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) == NULL;
}

void
surat_test_ui_stop_app (SuratApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);

  surat_test_ui_wait (no_windows, app, 10, "the windows to close");
  g_object_unref (app);
}

GtkWindow *
surat_test_ui_get_window (SuratApplication *app)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  /* The main window was the first; dialogs come later (prepended). */
  return GTK_WINDOW (g_list_last (windows)->data);
}

void
surat_test_ui_wait (SuratTestUiCondition  condition,
                    gpointer              data,
                    guint                 seconds,
                    const char           *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited %u s for %s", seconds, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
signal_cb (gpointer *flag)
{
  *(gboolean *) flag = TRUE;
}

void
surat_test_ui_wait_signal (gpointer    instance,
                           const char *signal,
                           guint       seconds)
{
  gboolean fired = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  gulong id = g_signal_connect_swapped (instance, signal, G_CALLBACK (signal_cb), &fired);

  while (!fired)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited %u s for %s::%s", seconds, G_OBJECT_TYPE_NAME (instance), signal);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_signal_handler_disconnect (instance, id);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  return NULL;
}

GtkWidget *
surat_test_ui_find (GtkWidget  *root,
                    GType       type,
                    const char *text)
{
  const char *own;

  /* Mapped: on screen, not merely "visible" in a hidden stack page. */
  if (!gtk_widget_get_mapped (root))
    return NULL;

  own = widget_text (root);
  if (g_type_is_a (G_OBJECT_TYPE (root), type) &&
      (text == NULL || (own != NULL && strstr (own, text) != NULL)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = surat_test_ui_find (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
surat_test_ui_wait_for (GtkWidget  *root,
                        GType       type,
                        const char *text,
                        guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  GtkWidget *found;

  while ((found = surat_test_ui_find (root, type, text)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *labels = surat_test_ui_dump_labels (root);

          g_error ("Waited %u s for a %s “%s”; on screen:\n%s", seconds, g_type_name (type),
                   text ? text : "", labels);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return found;
}

static void
dump (GtkWidget *root,
      GString   *out)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dump (child, out);
}

char *
surat_test_ui_dump_labels (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  dump (root, out);
  return g_string_free (out, FALSE);
}

static gboolean
drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

char *
surat_test_ui_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer;
  gint64 settle;

  surat_test_ui_wait (drawn, widget, 10, "the widget to be drawn");
  /* A few frames for transitions and the first paint. */
  settle = g_get_monotonic_time () + 400 * 1000;
  while (g_get_monotonic_time () < settle)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  /* A widget whose drawing was just invalidated (a row rebound, a dialog
   * closed) gives no node until its next frame: try over a few frames. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      if (attempt > 0)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (20000);
        }
      g_clear_object (&snapshot);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* --- a notification server --------------------------------------------------- */

struct _SuratTestNotifications
{
  GPtrArray *received;
  guint      owner_id;
  gboolean   owned;
};

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  SuratTestNotifications *self = user_data;

  if (g_str_equal (method, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (self->received, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", self->received->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "surat-test", "Surat",
                                                            "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static void
notifications_bus_acquired (GDBusConnection *connection,
                            const char      *name,
                            gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = { notifications_call };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);

  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, user_data, NULL, NULL);
}

static void
notifications_name_acquired (GDBusConnection *connection,
                             const char      *name,
                             gpointer         user_data)
{
  ((SuratTestNotifications *) user_data)->owned = TRUE;
}

static gboolean
notifications_owned (gpointer data)
{
  return ((SuratTestNotifications *) data)->owned;
}

SuratTestNotifications *
surat_test_notifications_start (void)
{
  SuratTestNotifications *self = g_new0 (SuratTestNotifications, 1);

  self->received = g_ptr_array_new_with_free_func (g_free);
  self->owner_id = g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                   G_BUS_NAME_OWNER_FLAGS_NONE, notifications_bus_acquired,
                                   notifications_name_acquired, NULL, self, NULL);
  surat_test_ui_wait (notifications_owned, self, 10, "the notification server's bus name");
  return self;
}

GPtrArray *
surat_test_notifications_get (SuratTestNotifications *self)
{
  return self->received;
}

void
surat_test_ui_assert_shows (GtkWidget  *root,
                            const char *text)
{
  if (surat_test_ui_find (root, GTK_TYPE_WIDGET, text) == NULL)
    {
      g_autofree char *labels = surat_test_ui_dump_labels (root);

      g_error ("“%s” is not on screen; the labels are:\n%s", text, labels);
    }
}

AdwMessageDialog *
surat_test_ui_find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_dialog (gpointer data)
{
  return surat_test_ui_find_dialog () != NULL;
}

AdwMessageDialog *
surat_test_ui_wait_dialog (guint seconds)
{
  surat_test_ui_wait (has_dialog, NULL, seconds, "a message dialog");
  return surat_test_ui_find_dialog ();
}

SuratComposerWindow *
surat_test_ui_find_composer (SuratApplication *app)
{
  SuratComposerWindow *composer = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SURAT_IS_COMPOSER_WINDOW (l->data))
      composer = l->data;
  return composer;
}

static gboolean
has_composer (gpointer data)
{
  return surat_test_ui_find_composer (data) != NULL;
}

SuratComposerWindow *
surat_test_ui_wait_composer (SuratApplication *app,
                             guint             seconds)
{
  surat_test_ui_wait (has_composer, app, seconds, "a composer window");
  return surat_test_ui_find_composer (app);
}
