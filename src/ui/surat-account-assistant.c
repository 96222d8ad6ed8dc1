/* STUB: placeholder until the assistant lands */
#include "config.h"
#include "surat-account-assistant.h"
struct _SuratAccountAssistant { AdwWindow parent_instance; };
G_DEFINE_FINAL_TYPE (SuratAccountAssistant, surat_account_assistant, ADW_TYPE_WINDOW)
static void surat_account_assistant_class_init (SuratAccountAssistantClass *k) {}
static void surat_account_assistant_init (SuratAccountAssistant *s) {}
GtkWidget *surat_account_assistant_new (SuratApplication *app, GtkWindow *parent)
{ return g_object_new (SURAT_TYPE_ACCOUNT_ASSISTANT, "transient-for", parent, NULL); }
