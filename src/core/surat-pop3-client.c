/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-pop3-client.h"

struct _SuratPop3Client { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratPop3Client, surat_pop3_client, G_TYPE_OBJECT)
static void surat_pop3_client_class_init (SuratPop3ClientClass *k) {}
static void surat_pop3_client_init (SuratPop3Client *s) {}

G_DEFINE_BOXED_TYPE (SuratPop3Message, surat_pop3_message, surat_pop3_message_copy, surat_pop3_message_free)
SuratPop3Message *
surat_pop3_message_copy (const SuratPop3Message *message)
{ return NULL; }

void
surat_pop3_message_free (SuratPop3Message *message)
{ }

SuratPop3Client     *
surat_pop3_client_new (SuratConnection *connection)
{ return NULL; }

SuratConnection     *
surat_pop3_client_get_connection (SuratPop3Client *self)
{ return NULL; }

void
surat_pop3_client_set_allow_apop (SuratPop3Client *self, gboolean allow_apop)
{ }

void
surat_pop3_client_set_pipeline_depth (SuratPop3Client *self, guint depth)
{ }

void
surat_pop3_client_connect_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_connect_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

const char          *
surat_pop3_client_get_greeting (SuratPop3Client *self)
{ return NULL; }

const SuratPop3Capa *
surat_pop3_client_get_capa (SuratPop3Client *self)
{ return NULL; }

void
surat_pop3_client_login_async (SuratPop3Client *self, const char *user, const char *password, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_login_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

const char          *
surat_pop3_client_get_login_method (SuratPop3Client *self)
{ return NULL; }

void
surat_pop3_client_stat_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_stat_finish (SuratPop3Client *self, GAsyncResult *result, guint *count, guint64 *size, GError **error)
{ return 0; }

void
surat_pop3_client_scan_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

GPtrArray           *
surat_pop3_client_scan_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return NULL; }

void
surat_pop3_client_retrieve_async (SuratPop3Client *self, guint number, GOutputStream *sink, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gssize
surat_pop3_client_retrieve_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_pop3_client_top_async (SuratPop3Client *self, guint number, guint lines, GOutputStream *sink, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gssize
surat_pop3_client_top_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_pop3_client_delete_async (SuratPop3Client *self, guint number, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_delete_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_pop3_client_reset_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_reset_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_pop3_client_noop_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_noop_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

void
surat_pop3_client_quit_async (SuratPop3Client *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{ }

gboolean
surat_pop3_client_quit_finish (SuratPop3Client *self, GAsyncResult *result, GError **error)
{ return 0; }

