/* surat-password.h — an account's password: password-command or the keyring
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"
#include "surat-secret.h"

G_BEGIN_DECLS

typedef enum {
  SURAT_PASSWORD_POP3,
  SURAT_PASSWORD_SMTP,
} SuratPasswordService;

/* The account's password-command when it has one (run by /bin/sh, first
 * line of its output), else the desktop keyring (libsecret). Fails with
 * SURAT_ACCOUNT_ERROR_NO_PASSWORD or _PASSWORD_COMMAND. */
void         surat_password_lookup_async  (SuratAccount         *account,
                                           SuratPasswordService  service,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SuratSecret *surat_password_lookup_finish (GAsyncResult         *result,
                                           GError              **error);

/* Keyring only. */
void         surat_password_store_async   (SuratAccount         *account,
                                           SuratPasswordService  service,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     surat_password_store_finish  (GAsyncResult         *result,
                                           GError              **error);
void         surat_password_clear_async   (SuratAccount         *account,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     surat_password_clear_finish  (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
