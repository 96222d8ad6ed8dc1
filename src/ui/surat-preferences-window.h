/* surat-preferences-window.h — settings and accounts
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * An AdwPreferencesWindow: General (check interval, notifications, bound
 * to GSettings) and Accounts (each account editable: name, address,
 * servers, ports, security, user names, keep on server / delete after N
 * days, password (keyring) or password command; Remove with a
 * confirmation; Add Account opens the assistant). Changes are saved to
 * accounts.ini through the application.
 */

#define SURAT_TYPE_PREFERENCES_WINDOW (surat_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SuratPreferencesWindow, surat_preferences_window, SURAT,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *surat_preferences_window_new (SuratApplication *app,
                                         GtkWindow        *parent);

G_END_DECLS
