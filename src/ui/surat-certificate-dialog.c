/* STUB: placeholder until the certificate dialog lands */
#include "config.h"
#include "surat-certificate-dialog.h"
GtkWidget *surat_certificate_dialog_new (GtkWindow *parent, const char *host, const GError *error, SuratCertificate *certificate)
{ return adw_message_dialog_new (parent, host, error ? error->message : NULL); }
