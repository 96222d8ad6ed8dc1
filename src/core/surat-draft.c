/* surat-draft.c — STUB: link stub, to be replaced by the implementation */
#include "config.h"

#include "surat-draft.h"

struct _SuratDraft
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SuratDraft, surat_draft, G_TYPE_OBJECT)

static void surat_draft_class_init (SuratDraftClass *klass) { }
static void surat_draft_init (SuratDraft *self) { }

SuratDraft   *
surat_draft_new (SuratAccount *account)
{
  g_critical ("STUB: surat_draft_new");
  return 0;
}

SuratDraft   *
surat_draft_new_reply (SuratAccount *account, SuratMessage *original, gboolean all, const char * const *own_addresses)
{
  g_critical ("STUB: surat_draft_new_reply");
  return 0;
}

SuratDraft   *
surat_draft_new_forward (SuratAccount *account, SuratMessage *original, SuratForwardMode mode, SuratStore *store, GError **error)
{
  g_critical ("STUB: surat_draft_new_forward");
  return 0;
}

SuratDraft   *
surat_draft_new_from_mailto (const char *uri, GError **error)
{
  g_critical ("STUB: surat_draft_new_from_mailto");
  return 0;
}

SuratDraft   *
surat_draft_load (SuratStore *store, const char *path, GError **error)
{
  g_critical ("STUB: surat_draft_load");
  return 0;
}

const char   *
surat_draft_get_account_id (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_account_id");
  return 0;
}

void
surat_draft_set_account_id (SuratDraft *self, const char *account_id)
{
  g_critical ("STUB: surat_draft_set_account_id");
}

const char   *
surat_draft_get_addresses (SuratDraft *self, SuratMessageField field)
{
  g_critical ("STUB: surat_draft_get_addresses");
  return 0;
}

void
surat_draft_set_addresses (SuratDraft *self, SuratMessageField field, const char *text)
{
  g_critical ("STUB: surat_draft_set_addresses");
}

const char   *
surat_draft_get_subject (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_subject");
  return 0;
}

void
surat_draft_set_subject (SuratDraft *self, const char *subject)
{
  g_critical ("STUB: surat_draft_set_subject");
}

const char   *
surat_draft_get_body (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_body");
  return 0;
}

void
surat_draft_set_body (SuratDraft *self, const char *body)
{
  g_critical ("STUB: surat_draft_set_body");
}

const char   *
surat_draft_get_in_reply_to (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_in_reply_to");
  return 0;
}

const char * const *
surat_draft_get_references (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_references");
  return 0;
}

const char   *
surat_draft_attachment_get_path (SuratDraftAttachment *attachment)
{
  g_critical ("STUB: surat_draft_attachment_get_path");
  return 0;
}

const char   *
surat_draft_attachment_get_filename (SuratDraftAttachment *attachment)
{
  g_critical ("STUB: surat_draft_attachment_get_filename");
  return 0;
}

const char   *
surat_draft_attachment_get_mime_type (SuratDraftAttachment *attachment)
{
  g_critical ("STUB: surat_draft_attachment_get_mime_type");
  return 0;
}

guint64
surat_draft_attachment_get_size (SuratDraftAttachment *attachment)
{
  g_critical ("STUB: surat_draft_attachment_get_size");
  return 0;
}

gboolean
surat_draft_attachment_is_message (SuratDraftAttachment *attachment)
{
  g_critical ("STUB: surat_draft_attachment_is_message");
  return 0;
}

GPtrArray    *
surat_draft_get_attachments (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_attachments");
  return 0;
}

gboolean
surat_draft_add_attachment (SuratDraft *self, const char *path, const char *filename, const char *mime_type, GError **error)
{
  g_critical ("STUB: surat_draft_add_attachment");
  return 0;
}

void
surat_draft_remove_attachment (SuratDraft *self, guint index)
{
  g_critical ("STUB: surat_draft_remove_attachment");
}

guint64
surat_draft_get_attachments_size (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_attachments_size");
  return 0;
}

gboolean
surat_draft_is_empty (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_is_empty");
  return 0;
}

guint
surat_draft_get_revision (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_revision");
  return 0;
}

SuratMessageBuilder *
surat_draft_to_builder (SuratDraft *self, SuratAccount *account, gboolean for_draft, GError **error)
{
  g_critical ("STUB: surat_draft_to_builder");
  return 0;
}

char         *
surat_draft_save (SuratDraft *self, SuratStore *store, SuratAccount *account, GError **error)
{
  g_critical ("STUB: surat_draft_save");
  return 0;
}

const char   *
surat_draft_get_saved_path (SuratDraft *self)
{
  g_critical ("STUB: surat_draft_get_saved_path");
  return 0;
}

gboolean
surat_draft_discard (SuratDraft *self, SuratStore *store, GError **error)
{
  g_critical ("STUB: surat_draft_discard");
  return 0;
}

gboolean
surat_draft_set_open (SuratDraft *self, SuratStore *store, gboolean open, GError **error)
{
  g_critical ("STUB: surat_draft_set_open");
  return 0;
}

GPtrArray    *
surat_draft_list_interrupted (SuratStore *store, GError **error)
{
  g_critical ("STUB: surat_draft_list_interrupted");
  return 0;
}
