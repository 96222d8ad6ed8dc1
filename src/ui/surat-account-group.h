/* surat-account-group.h — one account's settings, in the preferences
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * Every key of the account's group in accounts.ini, editable: name and
 * address; POP3 and SMTP server, port, encryption, user name (APOP and the
 * trusted certificate's fingerprint too); the password (kept in the
 * keyring) or a password command; keeping mail on the server and deleting
 * it after N days; an extra CA file and the timeout. Text is taken when
 * the person applies it (the row's check button, or Enter), switches,
 * spin buttons and choices at once; each change is saved to accounts.ini
 * through the application. A problem (say, an address without "@") is
 * shown as a toast on the preferences window and the old value comes back.
 *
 * Remove asks first (AdwMessageDialog), saying that the mail already on
 * this device stays, then removes the account from the application,
 * saves, and forgets its passwords in the keyring.
 */

#define SURAT_TYPE_ACCOUNT_GROUP (surat_account_group_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccountGroup, surat_account_group, SURAT, ACCOUNT_GROUP,
                      AdwPreferencesGroup)

GtkWidget    *surat_account_group_new         (SuratApplication  *app,
                                               SuratAccount      *account);
SuratAccount *surat_account_group_get_account (SuratAccountGroup *self);

G_END_DECLS
