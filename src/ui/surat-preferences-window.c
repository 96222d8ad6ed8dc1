/* STUB: placeholder until the preferences land */
#include "config.h"
#include "surat-preferences-window.h"
struct _SuratPreferencesWindow { AdwPreferencesWindow parent_instance; };
G_DEFINE_FINAL_TYPE (SuratPreferencesWindow, surat_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
static void surat_preferences_window_class_init (SuratPreferencesWindowClass *k) {}
static void surat_preferences_window_init (SuratPreferencesWindow *s) {}
GtkWidget *surat_preferences_window_new (SuratApplication *app, GtkWindow *parent)
{ return g_object_new (SURAT_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL); }
