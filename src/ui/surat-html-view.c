/* STUB: placeholder until the HTML view lands */
#include "config.h"
#include "surat-html-view.h"
struct _SuratHtmlView { GtkWidget parent_instance; SuratMessage *message; };
G_DEFINE_FINAL_TYPE (SuratHtmlView, surat_html_view, GTK_TYPE_WIDGET)
static void surat_html_view_class_init (SuratHtmlViewClass *k) {}
static void surat_html_view_init (SuratHtmlView *s) {}
GtkWidget *surat_html_view_new (void) { return g_object_new (SURAT_TYPE_HTML_VIEW, NULL); }
void surat_html_view_set_message (SuratHtmlView *self, SuratMessage *message) { g_set_object (&self->message, message); }
SuratMessage *surat_html_view_get_message (SuratHtmlView *self) { return self->message; }
gboolean surat_html_view_get_remote_blocked (SuratHtmlView *self) { return FALSE; }
void surat_html_view_allow_remote (SuratHtmlView *self) {}
