/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-connection.h"

struct _SuratConnection { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratConnection, surat_connection, G_TYPE_OBJECT)
static void surat_connection_class_init (SuratConnectionClass *k) {}
static void surat_connection_init (SuratConnection *s) {}

SuratConnection  *
surat_connection_new (const char *host, guint16 port, SuratSecurity security)
{ return NULL; }

const char       *
surat_connection_get_host (SuratConnection *self)
{ return NULL; }

guint16
surat_connection_get_port (SuratConnection *self)
{ return 0; }

SuratSecurity
surat_connection_get_security (SuratConnection *self)
{ return 0; }

void
surat_connection_set_timeout (SuratConnection *self, guint seconds)
{ }

guint
surat_connection_get_timeout (SuratConnection *self)
{ return 0; }

void
surat_connection_set_max_line_length (SuratConnection *self, gsize max_length)
{ }

void
surat_connection_set_ca_file (SuratConnection *self, const char *ca_file)
{ }

void
surat_connection_set_pinned_fingerprint (SuratConnection *self, const char *fingerprint)
{ }

void
surat_connection_connect_async (SuratConnection *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_connection_connect_finish (SuratConnection *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_connection_start_tls_async (SuratConnection *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_connection_start_tls_finish (SuratConnection *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_connection_read_line_async (SuratConnection *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

char             *
surat_connection_read_line_finish (SuratConnection *self, GAsyncResult *result, gsize *length, GError **error)
{ return NULL; }

void
surat_connection_fill_async (SuratConnection *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_connection_fill_finish (SuratConnection *self, GAsyncResult *result, GError **error)
{ return 0; }

const guint8     *
surat_connection_peek (SuratConnection *self, gsize *length)
{ return NULL; }

void
surat_connection_consume (SuratConnection *self, gsize count)
{ }

void
surat_connection_write_async (SuratConnection *self, const void *buffer, gsize count, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_connection_write_finish (SuratConnection *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_connection_close_async (SuratConnection *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_connection_close_finish (SuratConnection *self, GAsyncResult *result, GError **error)
{ return 0; }

gboolean
surat_connection_is_connected (SuratConnection *self)
{ return 0; }

gboolean
surat_connection_is_encrypted (SuratConnection *self)
{ return 0; }

SuratCertificate *
surat_connection_get_peer_certificate (SuratConnection *self)
{ return NULL; }

gpointer
surat_connection_get_tls_stream (SuratConnection *self)
{ return 0; }

GSocketAddress   *
surat_connection_get_local_address (SuratConnection *self)
{ return NULL; }

