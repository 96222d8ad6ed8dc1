/* surat-account-status.h — what an account is doing, for the UI to show
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-core.h"

G_BEGIN_DECLS

#define SURAT_TYPE_ACCOUNT_STATUS (surat_account_status_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccountStatus, surat_account_status, SURAT, ACCOUNT_STATUS, GObject)

/*
 * Read-only properties, notified on the main context:
 *   account (SuratAccount), fetching (bool), messages-done, messages-total
 *   (uint), bytes-done, bytes-total (uint64), error (string: the last
 *   failure, in words, with the server's; NULL after a success),
 *   certificate (SuratCertificate: the one a certificate error was about,
 *   so the UI can offer to trust it), warning (string).
 */
SuratAccountStatus *surat_account_status_new             (SuratAccount       *account);
SuratAccount       *surat_account_status_get_account     (SuratAccountStatus *self);
gboolean            surat_account_status_get_fetching    (SuratAccountStatus *self);
guint               surat_account_status_get_messages_done  (SuratAccountStatus *self);
guint               surat_account_status_get_messages_total (SuratAccountStatus *self);
guint64             surat_account_status_get_bytes_done  (SuratAccountStatus *self);
guint64             surat_account_status_get_bytes_total (SuratAccountStatus *self);
const char         *surat_account_status_get_error       (SuratAccountStatus *self);
const GError       *surat_account_status_get_gerror      (SuratAccountStatus *self);
SuratCertificate   *surat_account_status_get_certificate (SuratAccountStatus *self);
const char         *surat_account_status_get_warning     (SuratAccountStatus *self);

void                surat_account_status_set_fetching    (SuratAccountStatus *self,
                                                          gboolean            fetching);
void                surat_account_status_set_progress    (SuratAccountStatus *self,
                                                          guint               done,
                                                          guint               total,
                                                          guint64             bytes_done,
                                                          guint64             bytes_total);
/* @error NULL clears it. */
void                surat_account_status_set_error       (SuratAccountStatus *self,
                                                          const GError       *error);
void                surat_account_status_set_warning     (SuratAccountStatus *self,
                                                          const char         *warning);

G_END_DECLS
