/* surat-certificate-dialog.h — a certificate the system does not trust, in words
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-core.h"

G_BEGIN_DECLS

#define SURAT_TYPE_CERTIFICATE_DIALOG (surat_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SuratCertificateDialog, surat_certificate_dialog, SURAT,
                      CERTIFICATE_DIALOG, AdwMessageDialog)

/*
 * An AdwMessageDialog: why the certificate was refused (the error's
 * words), then its subject, issuer, validity dates, the host names it is
 * for, and its SHA-256 fingerprint to compare with what the provider
 * publishes. Responses: "cancel" (default) and "trust" (destructive
 * style): the caller pins the fingerprint (pop3-pinned-sha256 /
 * smtp-pinned-sha256) and saves the account.
 */
GtkWidget        *surat_certificate_dialog_new             (GtkWindow              *parent,
                                                            const char             *host,
                                                            const GError           *error,
                                                            SuratCertificate       *certificate);
/* (transfer none): the certificate it shows. */
SuratCertificate *surat_certificate_dialog_get_certificate (SuratCertificateDialog *self);

G_END_DECLS
