/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-message.h"

struct _SuratMessage { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratMessage, surat_message, G_TYPE_OBJECT)
static void surat_message_class_init (SuratMessageClass *k) {}
static void surat_message_init (SuratMessage *s) {}

SuratMessage *
surat_message_new_from_file (const char *path, GError **error)
{ return NULL; }

void
surat_message_load_async (const char *path, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

SuratMessage *
surat_message_load_finish (GAsyncResult *result, GError **error)
{ return NULL; }

const char   *
surat_message_get_path (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_subject (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_from (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_to (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_cc (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_reply_to (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_message_id (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_in_reply_to (SuratMessage *self)
{ return NULL; }

GDateTime    *
surat_message_get_date (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_text (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_html (SuratMessage *self)
{ return NULL; }

const char   *
surat_message_get_preview (SuratMessage *self)
{ return NULL; }

GPtrArray    *
surat_message_get_attachments (SuratMessage *self)
{ return NULL; }

GPtrArray    *
surat_message_get_attached_messages (SuratMessage *self)
{ return NULL; }

GPtrArray    *
surat_message_get_problems (SuratMessage *self)
{ return NULL; }

GBytes       *
surat_message_get_part_by_cid (SuratMessage *self, const char *content_id, char **mime_type, GError **error)
{ return NULL; }

char         *
surat_message_save_attachment (SuratMessage *self, SuratAttachment *attachment, const char *dir, GError **error)
{ return NULL; }

SuratMessageSummary *
surat_message_build_summary (SuratMessage *self, char **body_text)
{ return NULL; }

