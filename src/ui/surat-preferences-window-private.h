/* surat-preferences-window-private.h — the preferences' insides, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-preferences-window.h"

G_BEGIN_DECLS

struct _SuratPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  SuratApplication     *app;
  GPtrArray            *groups;   /* SuratAccountGroup, one per account, in order */

  GtkSpinButton        *interval_spin;
  GtkSwitch            *notify_switch;
  AdwPreferencesPage   *accounts_page;
  AdwPreferencesGroup  *accounts_group;
  AdwActionRow         *no_accounts_row;
};

G_END_DECLS
