/* STUB: placeholder until the attachment bar lands */
#include "config.h"
#include "surat-attachment-bar.h"
struct _SuratAttachmentBar { GtkWidget parent_instance; };
G_DEFINE_FINAL_TYPE (SuratAttachmentBar, surat_attachment_bar, GTK_TYPE_WIDGET)
static void surat_attachment_bar_class_init (SuratAttachmentBarClass *k) {}
static void surat_attachment_bar_init (SuratAttachmentBar *s) {}
GtkWidget *surat_attachment_bar_new (void) { return g_object_new (SURAT_TYPE_ATTACHMENT_BAR, NULL); }
void surat_attachment_bar_set_message (SuratAttachmentBar *self, SuratMessage *message) {}
