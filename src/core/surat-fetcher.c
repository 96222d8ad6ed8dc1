/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-fetcher.h"

struct _SuratFetcher { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratFetcher, surat_fetcher, G_TYPE_OBJECT)
static void surat_fetcher_class_init (SuratFetcherClass *k) {}
static void surat_fetcher_init (SuratFetcher *s) {}

SuratFetcher *
surat_fetcher_new (SuratStore *store, SuratAccount *account)
{ return NULL; }

void
surat_fetcher_set_password (SuratFetcher *self, const char *password)
{ }

void
surat_fetcher_run_async (SuratFetcher *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_fetcher_run_finish (SuratFetcher *self, GAsyncResult *result, GError **error)
{ return 0; }

guint
surat_fetcher_get_n_downloaded (SuratFetcher *self)
{ return 0; }

guint
surat_fetcher_get_n_deleted (SuratFetcher *self)
{ return 0; }

guint
surat_fetcher_get_n_on_server (SuratFetcher *self)
{ return 0; }

guint64
surat_fetcher_get_bytes_downloaded (SuratFetcher *self)
{ return 0; }

