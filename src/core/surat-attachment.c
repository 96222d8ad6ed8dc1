/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-attachment.h"

struct _SuratAttachment { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratAttachment, surat_attachment, G_TYPE_OBJECT)
static void surat_attachment_class_init (SuratAttachmentClass *k) {}
static void surat_attachment_init (SuratAttachment *s) {}

guint
surat_attachment_get_index (SuratAttachment *self)
{ return 0; }

const char  *
surat_attachment_get_filename (SuratAttachment *self)
{ return NULL; }

const char  *
surat_attachment_get_mime_type (SuratAttachment *self)
{ return NULL; }

guint64
surat_attachment_get_size (SuratAttachment *self)
{ return 0; }

const char  *
surat_attachment_get_content_id (SuratAttachment *self)
{ return NULL; }

gboolean
surat_attachment_is_inline (SuratAttachment *self)
{ return 0; }

gboolean
surat_attachment_is_message (SuratAttachment *self)
{ return 0; }

