/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-index.h"

struct _SuratIndex { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratIndex, surat_index, G_TYPE_OBJECT)
static void surat_index_class_init (SuratIndexClass *k) {}
static void surat_index_init (SuratIndex *s) {}

SuratIndex          *
surat_index_open (const char *path, GError **error)
{ return NULL; }

gboolean
surat_index_begin (SuratIndex *self, GError **error)
{ return 0; }

gboolean
surat_index_commit (SuratIndex *self, GError **error)
{ return 0; }

void
surat_index_rollback (SuratIndex *self)
{ }

gint64
surat_index_add_message (SuratIndex *self, SuratMessageSummary *summary, const char *body_text, GError **error)
{ return 0; }

gboolean
surat_index_remove_message (SuratIndex *self, gint64 id, GError **error)
{ return 0; }

gboolean
surat_index_update_location (SuratIndex *self, gint64 id, SuratFolder folder, const char *file, GError **error)
{ return 0; }

gboolean
surat_index_set_flags (SuratIndex *self, gint64 id, gboolean seen, gboolean flagged, GError **error)
{ return 0; }

SuratMessageSummary *
surat_index_get_message (SuratIndex *self, gint64 id, GError **error)
{ return NULL; }

GPtrArray           *
surat_index_list_messages (SuratIndex *self, const char *account_id, int folder, const char *search, guint limit, GError **error)
{ return NULL; }

GArray              *
surat_index_list_ids (SuratIndex *self, const char *account_id, int folder, const char *search, GError **error)
{ return NULL; }

guint
surat_index_count (SuratIndex *self, const char *account_id, int folder, gboolean unread_only, GError **error)
{ return 0; }

GHashTable          *
surat_index_get_files (SuratIndex *self, const char *account_id, SuratFolder folder, GError **error)
{ return NULL; }

GHashTable          *
surat_index_get_pop3_uids (SuratIndex *self, const char *account_id, GError **error)
{ return NULL; }

gboolean
surat_index_add_pop3_uid (SuratIndex *self, const char *account_id, const char *uid, gint64 downloaded_at, gint64 message_id, GError **error)
{ return 0; }

gboolean
surat_index_clear (SuratIndex *self, GError **error)
{ return 0; }

char                *
surat_index_build_fts_query (const char *text)
{ return NULL; }

