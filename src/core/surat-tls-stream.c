/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-tls-stream.h"

struct _SuratTlsStream { GIOStream parent_instance; };
G_DEFINE_FINAL_TYPE (SuratTlsStream, surat_tls_stream, G_TYPE_IO_STREAM)
static void surat_tls_stream_class_init (SuratTlsStreamClass *k) {}
static void surat_tls_stream_init (SuratTlsStream *s) {}

G_DEFINE_QUARK (surat-tls-error, surat_tls_error)
SuratCertificate *
surat_tls_error_get_certificate (const GError *error)
{ return NULL; }

void
surat_tls_error_set_certificate (GError *error, SuratCertificate *certificate)
{ }

SuratTlsStream   *
surat_tls_stream_new (GIOStream *base_io_stream, const char *server_identity, GError **error)
{ return NULL; }

void
surat_tls_stream_set_ca_file (SuratTlsStream *self, const char *ca_file)
{ }

void
surat_tls_stream_set_pinned_fingerprint (SuratTlsStream *self, const char *fingerprint)
{ }

void
surat_tls_stream_handshake_async (SuratTlsStream *self, int io_priority, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_tls_stream_handshake_finish (SuratTlsStream *self, GAsyncResult *result, GError **error)
{ return 0; }

SuratCertificate *
surat_tls_stream_get_peer_certificate (SuratTlsStream *self)
{ return NULL; }

const char       *
surat_tls_stream_get_protocol_version (SuratTlsStream *self)
{ return NULL; }

const char       *
surat_tls_stream_get_cipher (SuratTlsStream *self)
{ return NULL; }

