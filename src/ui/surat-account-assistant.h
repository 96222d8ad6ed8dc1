/* surat-account-assistant.h — adding an account in a minute
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * A window that asks the name, address and password; guesses the servers
 * from the domain and probes them (SuratAccountProbe: 995 implicit TLS,
 * then 110 + STLS; 465, then 587 + STARTTLS); lets the person correct
 * host, port and security; tests the connection (logging in) and says
 * exactly what failed; offers to trust a certificate the system does not
 * (SuratCertificateDialog). On success it stores the password in the
 * keyring, adds the account to the application, saves accounts.ini and
 * closes.
 */

#define SURAT_TYPE_ACCOUNT_ASSISTANT (surat_account_assistant_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccountAssistant, surat_account_assistant, SURAT, ACCOUNT_ASSISTANT,
                      AdwWindow)

GtkWidget *surat_account_assistant_new (SuratApplication *app,
                                        GtkWindow        *parent);

G_END_DECLS
