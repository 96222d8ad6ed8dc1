/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-account.h"

struct _SuratAccount { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratAccount, surat_account, G_TYPE_OBJECT)
static void surat_account_class_init (SuratAccountClass *k) {}
static void surat_account_init (SuratAccount *s) {}

G_DEFINE_QUARK (surat-account-error, surat_account_error)
SuratAccount *
surat_account_new (const char *id)
{ return NULL; }

char         *
surat_account_get_default_path (void)
{ return NULL; }

GPtrArray    *
surat_account_load_all (const char *path, GError **error)
{ return NULL; }

gboolean
surat_account_save_all (GPtrArray *accounts, const char *path, GError **error)
{ return 0; }

SuratAccount *
surat_account_find (GPtrArray *accounts, const char *id, GError **error)
{ return NULL; }

gboolean
surat_account_validate (SuratAccount *self, GError **error)
{ return 0; }

const char   *
surat_account_get_id (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_display_name (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_address (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_pop3_host (SuratAccount *self)
{ return NULL; }

guint16
surat_account_get_pop3_port (SuratAccount *self)
{ return 0; }

SuratSecurity
surat_account_get_pop3_security (SuratAccount *self)
{ return 0; }

const char   *
surat_account_get_pop3_user (SuratAccount *self)
{ return NULL; }

gboolean
surat_account_get_pop3_apop (SuratAccount *self)
{ return 0; }

const char   *
surat_account_get_pop3_pinned_sha256 (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_smtp_host (SuratAccount *self)
{ return NULL; }

guint16
surat_account_get_smtp_port (SuratAccount *self)
{ return 0; }

SuratSecurity
surat_account_get_smtp_security (SuratAccount *self)
{ return 0; }

const char   *
surat_account_get_smtp_user (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_smtp_pinned_sha256 (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_password_command (SuratAccount *self)
{ return NULL; }

const char   *
surat_account_get_ca_file (SuratAccount *self)
{ return NULL; }

gboolean
surat_account_get_keep_on_server (SuratAccount *self)
{ return 0; }

guint
surat_account_get_delete_after_days (SuratAccount *self)
{ return 0; }

guint
surat_account_get_timeout (SuratAccount *self)
{ return 0; }

