/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-certificate.h"

struct _SuratCertificate { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratCertificate, surat_certificate, G_TYPE_OBJECT)
static void surat_certificate_class_init (SuratCertificateClass *k) {}
static void surat_certificate_init (SuratCertificate *s) {}

SuratCertificate *
surat_certificate_new_from_pem (const char *pem, GError **error)
{ return NULL; }

SuratCertificate *
surat_certificate_new_from_der (const guint8 *der, gsize len, GError **error)
{ return NULL; }

const char       *
surat_certificate_get_pem (SuratCertificate *self)
{ return NULL; }

const char       *
surat_certificate_get_fingerprint (SuratCertificate *self)
{ return NULL; }

const char       *
surat_certificate_get_subject (SuratCertificate *self)
{ return NULL; }

const char       *
surat_certificate_get_issuer (SuratCertificate *self)
{ return NULL; }

const char       *
surat_certificate_get_common_name (SuratCertificate *self)
{ return NULL; }

const char * const *
surat_certificate_get_hosts (SuratCertificate *self)
{ return NULL; }

GDateTime        *
surat_certificate_get_not_before (SuratCertificate *self)
{ return NULL; }

GDateTime        *
surat_certificate_get_not_after (SuratCertificate *self)
{ return NULL; }

gboolean
surat_certificate_is_self_signed (SuratCertificate *self)
{ return 0; }

gboolean
surat_certificate_matches_fingerprint (SuratCertificate *self, const char *fingerprint)
{ return 0; }

char             *
surat_certificate_normalize_fingerprint (const char *fingerprint)
{ return NULL; }

