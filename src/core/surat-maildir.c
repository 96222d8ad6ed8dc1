/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-maildir.h"

struct _SuratMaildir { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratMaildir, surat_maildir, G_TYPE_OBJECT)
static void surat_maildir_class_init (SuratMaildirClass *k) {}
static void surat_maildir_init (SuratMaildir *s) {}

SuratMaildir *
surat_maildir_new (const char *path)
{ return NULL; }

const char   *
surat_maildir_get_path (SuratMaildir *self)
{ return NULL; }

gboolean
surat_maildir_ensure (SuratMaildir *self, GError **error)
{ return 0; }

int
surat_maildir_create_tmp (SuratMaildir *self, const char *pop3_uid, char **tmp_name, GError **error)
{ return 0; }

char         *
surat_maildir_commit_tmp (SuratMaildir *self, int fd, const char *tmp_name, GError **error)
{ return NULL; }

void
surat_maildir_abort_tmp (SuratMaildir *self, int fd, const char *tmp_name)
{ }

gboolean
surat_maildir_sync (SuratMaildir *self, GError **error)
{ return 0; }

char         *
surat_maildir_deliver_bytes (SuratMaildir *self, GBytes *bytes, const char *pop3_uid, GError **error)
{ return NULL; }

char         *
surat_maildir_deliver_file (SuratMaildir *self, const char *source_path, GError **error)
{ return NULL; }

GPtrArray    *
surat_maildir_list (SuratMaildir *self, GError **error)
{ return NULL; }

char         *
surat_maildir_resolve (SuratMaildir *self, const char *file, GError **error)
{ return NULL; }

char         *
surat_maildir_move_to (SuratMaildir *self, const char *file, SuratMaildir *dest, GError **error)
{ return NULL; }

char         *
surat_maildir_set_flags (SuratMaildir *self, const char *file, const char *flags, GError **error)
{ return NULL; }

gboolean
surat_maildir_remove (SuratMaildir *self, const char *file, GError **error)
{ return 0; }

guint
surat_maildir_clean_tmp (SuratMaildir *self)
{ return 0; }

char         *
surat_maildir_make_name (const char *pop3_uid)
{ return NULL; }

char         *
surat_maildir_name_get_uid (const char *file)
{ return NULL; }

char         *
surat_maildir_name_get_flags (const char *file)
{ return NULL; }

char         *
surat_maildir_name_get_unique (const char *file)
{ return NULL; }

