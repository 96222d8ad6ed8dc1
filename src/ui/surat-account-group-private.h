/* surat-account-group-private.h — the account group's rows, for its tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-account-group.h"

G_BEGIN_DECLS

struct _SuratAccountGroup
{
  AdwPreferencesGroup  parent_instance;

  SuratApplication    *app;
  SuratAccount        *account;
  GtkWidget           *remove_dialog; /* (nullable) weak */
  gboolean             loading;       /* filling the rows: not a change */

  GtkButton           *remove_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *address_row;
  AdwExpanderRow      *pop3_expander;
  AdwEntryRow         *pop3_host_row;
  GtkSpinButton       *pop3_port_spin;
  AdwComboRow         *pop3_security_row;
  AdwEntryRow         *pop3_user_row;
  GtkSwitch           *pop3_apop_switch;
  AdwEntryRow         *pop3_pin_row;
  AdwExpanderRow      *smtp_expander;
  AdwEntryRow         *smtp_host_row;
  GtkSpinButton       *smtp_port_spin;
  AdwComboRow         *smtp_security_row;
  AdwEntryRow         *smtp_user_row;
  AdwEntryRow         *smtp_pin_row;
  AdwExpanderRow      *password_expander;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow         *password_command_row;
  AdwExpanderRow      *keep_expander;
  GtkSwitch           *keep_switch;
  AdwActionRow        *delete_after_row;
  GtkSpinButton       *delete_after_spin;
  AdwEntryRow         *ca_file_row;
  GtkSpinButton       *timeout_spin;
};

G_END_DECLS
