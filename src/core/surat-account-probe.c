/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-account-probe.h"

struct _SuratAccountProbe { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratAccountProbe, surat_account_probe, G_TYPE_OBJECT)
static void surat_account_probe_class_init (SuratAccountProbeClass *k) {}
static void surat_account_probe_init (SuratAccountProbe *s) {}

SuratAccountProbe *
surat_account_probe_new (SuratAccount *account, const char *password)
{ return NULL; }

void
surat_account_probe_guess_async (SuratAccountProbe *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_account_probe_guess_finish (SuratAccountProbe *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_account_probe_test_async (SuratAccountProbe *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_account_probe_test_finish (SuratAccountProbe *self, GAsyncResult *result, GError **error)
{ return 0; }

GPtrArray         *
surat_account_probe_get_log (SuratAccountProbe *self)
{ return NULL; }

