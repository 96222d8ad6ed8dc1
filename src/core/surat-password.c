/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-password.h"

void
surat_password_lookup_async (SuratAccount *account, SuratPasswordService service, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

SuratSecret *
surat_password_lookup_finish (GAsyncResult *result, GError **error)
{ return NULL; }

void
surat_password_store_async (SuratAccount *account, SuratPasswordService service, const char *password, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_password_store_finish (GAsyncResult *result, GError **error)
{ return 0; }

void
surat_password_clear_async (SuratAccount *account, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_password_clear_finish (GAsyncResult *result, GError **error)
{ return 0; }

