/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-sasl.h"

G_DEFINE_QUARK (surat-sasl-error, surat_sasl_error)
SuratSecret *
surat_sasl_plain (const char *authzid, const char *user, const char *password, GError **error)
{ return NULL; }

SuratSecret *
surat_sasl_login_step (const char *text)
{ return NULL; }

SuratSecret *
surat_sasl_cram_md5 (const char *user, const char *password, const char *challenge_base64, GError **error)
{ return NULL; }

SuratSecret *
surat_apop_digest (const char *timestamp, const char *password)
{ return NULL; }

