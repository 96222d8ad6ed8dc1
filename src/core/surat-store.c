/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-store.h"

struct _SuratStore { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratStore, surat_store, G_TYPE_OBJECT)
static void surat_store_class_init (SuratStoreClass *k) {}
static void surat_store_init (SuratStore *s) {}

SuratStore   *
surat_store_open (const char *data_dir, GError **error)
{ return NULL; }

const char   *
surat_store_get_data_dir (SuratStore *self)
{ return NULL; }

SuratIndex   *
surat_store_get_index (SuratStore *self)
{ return NULL; }

SuratMaildir *
surat_store_get_maildir (SuratStore *self, const char *account_id, SuratFolder folder, GError **error)
{ return NULL; }

gint64
surat_store_index_file (SuratStore *self, const char *account_id, SuratFolder folder, const char *file, GError **error)
{ return 0; }

gint
surat_store_reconcile (SuratStore *self, const char *account_id, SuratFolder folder, GError **error)
{ return 0; }

gint
surat_store_reindex (SuratStore *self, GError **error)
{ return 0; }

char         *
surat_store_get_message_path (SuratStore *self, SuratMessageSummary *summary, GError **error)
{ return NULL; }

gboolean
surat_store_move_message (SuratStore *self, SuratMessageSummary *summary, SuratFolder folder, GError **error)
{ return 0; }

gboolean
surat_store_set_flags (SuratStore *self, SuratMessageSummary *summary, gboolean seen, gboolean flagged, GError **error)
{ return 0; }

int
surat_store_lock_account (SuratStore *self, const char *account_id, GError **error)
{ return 0; }

void
surat_store_unlock_account (int lock_fd)
{ }

