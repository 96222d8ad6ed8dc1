/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-message-summary.h"

struct _SuratMessageSummary { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (SuratMessageSummary, surat_message_summary, G_TYPE_OBJECT)
static void surat_message_summary_class_init (SuratMessageSummaryClass *k) {}
static void surat_message_summary_init (SuratMessageSummary *s) {}

SuratMessageSummary *
surat_message_summary_new (void)
{ return NULL; }

gint64
surat_message_summary_get_id (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_id (SuratMessageSummary *self, gint64 id)
{ }

const char  *
surat_message_summary_get_account_id (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_account_id (SuratMessageSummary *self, const char *account_id)
{ }

SuratFolder
surat_message_summary_get_folder (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_folder (SuratMessageSummary *self, SuratFolder folder)
{ }

const char  *
surat_message_summary_get_file (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_file (SuratMessageSummary *self, const char *file)
{ }

const char  *
surat_message_summary_get_message_id (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_message_id (SuratMessageSummary *self, const char *message_id)
{ }

gint64
surat_message_summary_get_date (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_date (SuratMessageSummary *self, gint64 date)
{ }

const char  *
surat_message_summary_get_from (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_from (SuratMessageSummary *self, const char *from)
{ }

const char  *
surat_message_summary_get_to (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_to (SuratMessageSummary *self, const char *to)
{ }

const char  *
surat_message_summary_get_cc (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_cc (SuratMessageSummary *self, const char *cc)
{ }

const char  *
surat_message_summary_get_subject (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_subject (SuratMessageSummary *self, const char *subject)
{ }

guint64
surat_message_summary_get_size (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_size (SuratMessageSummary *self, guint64 size)
{ }

gboolean
surat_message_summary_get_seen (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_seen (SuratMessageSummary *self, gboolean seen)
{ }

gboolean
surat_message_summary_get_flagged (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_flagged (SuratMessageSummary *self, gboolean flagged)
{ }

gboolean
surat_message_summary_get_has_attachments (SuratMessageSummary *self)
{ return 0; }

void
surat_message_summary_set_has_attachments (SuratMessageSummary *self, gboolean has_attachments)
{ }

const char  *
surat_message_summary_get_preview (SuratMessageSummary *self)
{ return NULL; }

void
surat_message_summary_set_preview (SuratMessageSummary *self, const char *preview)
{ }

