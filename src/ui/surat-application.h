/* surat-application.h — the app: one store, the accounts, fetching
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-account-status.h"
#include "surat-core.h"

G_BEGIN_DECLS

#define SURAT_TYPE_APPLICATION (surat_application_get_type ())

G_DECLARE_FINAL_TYPE (SuratApplication, surat_application, SURAT, APPLICATION, AdwApplication)

/*
 * Actions: app.get-mail (F5), app.add-account, app.preferences (Ctrl+,),
 * app.about, app.quit (Ctrl+Q).
 *
 * ::mail-changed (const char *account_id): the index changed for that
 * account (new mail arrived, messages moved); lists and counts reload.
 */
SuratApplication   *surat_application_new             (void);
/* The main thread's store. (transfer none) */
SuratStore         *surat_application_get_store       (SuratApplication *self);
GSettings          *surat_application_get_settings    (SuratApplication *self);
/* (element-type SuratAccount) (transfer none) */
GListModel         *surat_application_get_accounts    (SuratApplication *self);
SuratAccountStatus *surat_application_get_status      (SuratApplication *self,
                                                       SuratAccount     *account);
/* Writes accounts.ini from the account list (after the assistant or the
 * preferences changed it) and tells everyone. */
gboolean            surat_application_save_accounts   (SuratApplication *self,
                                                       GError          **error);
void                surat_application_add_account     (SuratApplication *self,
                                                       SuratAccount     *account);
void                surat_application_remove_account  (SuratApplication *self,
                                                       SuratAccount     *account);
/* Downloads new mail for @account, or every account with a POP3 server
 * when NULL; an account already fetching is left alone. */
void                surat_application_get_mail        (SuratApplication *self,
                                                       SuratAccount     *account);
/* The store changed for @account_id (the UI moved or flagged mail). */
/* --- writing (surat-application-send.c) ------------------------------- */

/* Opens a composer on @draft, or on a new empty message when NULL. */
void                surat_application_compose         (SuratApplication *self,
                                                       SuratDraft       *draft);
/* Queues @draft's message in its account's Outbox (on disk before any
 * byte is sent), discards the saved draft, and sends it a few seconds
 * later unless the person presses Undo on the toast the main window
 * shows (Undo takes it out of the Outbox and reopens the composer).
 * Fails (nothing queued) with the builder's error for a bad field. */
gboolean            surat_application_send_draft      (SuratApplication *self,
                                                       SuratDraft       *draft,
                                                       GError          **error);
/* The addresses for completion, loaded at start and after new mail. */
SuratAddressBook   *surat_application_get_address_book (SuratApplication *self);
/* The account's Outbox (one per account, kept for the app's life). */
SuratOutbox        *surat_application_get_outbox      (SuratApplication *self,
                                                       SuratAccount     *account);

void                surat_application_mail_changed    (SuratApplication *self,
                                                       const char       *account_id);

G_END_DECLS
