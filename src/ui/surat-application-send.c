/* surat-application-send.c — STUB: link stub, to be replaced */
#include "config.h"

#include "surat-application.h"

void
surat_application_compose (SuratApplication *self,
                           SuratDraft       *draft)
{
  g_critical ("STUB: surat_application_compose");
}

gboolean
surat_application_send_draft (SuratApplication *self,
                              SuratDraft       *draft,
                              GError          **error)
{
  g_critical ("STUB: surat_application_send_draft");
  return FALSE;
}

SuratAddressBook *
surat_application_get_address_book (SuratApplication *self)
{
  g_critical ("STUB: surat_application_get_address_book");
  return NULL;
}

SuratOutbox *
surat_application_get_outbox (SuratApplication *self,
                              SuratAccount     *account)
{
  g_critical ("STUB: surat_application_get_outbox");
  return NULL;
}
