/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-pop3-reply.h"

G_DEFINE_QUARK (surat-pop3-error, surat_pop3_error)
gboolean
surat_pop3_reply_parse (const char *line, SuratPop3Reply *reply, GError **error)
{ return 0; }

void
surat_pop3_reply_clear (SuratPop3Reply *reply)
{ }

GError   *
surat_pop3_reply_to_error (const SuratPop3Reply *reply, const char *doing)
{ return NULL; }

void
surat_pop3_capa_init (SuratPop3Capa *capa)
{ }

void
surat_pop3_capa_clear (SuratPop3Capa *capa)
{ }

void
surat_pop3_capa_parse_line (SuratPop3Capa *capa, const char *line)
{ }

gboolean
surat_pop3_parse_uidl_line (const char *line, guint *number, char **uid, GError **error)
{ return 0; }

gboolean
surat_pop3_parse_list_line (const char *line, guint *number, guint64 *size, GError **error)
{ return 0; }

gboolean
surat_pop3_parse_stat (const char *text, guint *count, guint64 *size, GError **error)
{ return 0; }

char     *
surat_pop3_parse_apop_timestamp (const char *greeting)
{ return NULL; }

