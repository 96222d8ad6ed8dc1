/* surat-account-assistant-private.h — the assistant's insides, for its tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-account-assistant.h"
#include "surat-account-probe.h"

G_BEGIN_DECLS

/* The choices of policy_row: keep-on-server and delete-after-days. */
typedef enum {
  SURAT_ASSISTANT_POLICY_KEEP,
  SURAT_ASSISTANT_POLICY_DELETE_AFTER_DAYS,
  SURAT_ASSISTANT_POLICY_DELETE,
} SuratAssistantPolicy;

struct _SuratAccountAssistant
{
  AdwWindow             parent_instance;

  SuratApplication     *app;
  SuratAccount         *account;       /* the one being set up */
  SuratAccountProbe    *probe;         /* the guess or test under way, or the last */
  GCancellable         *cancellable;
  GPtrArray            *candidates;    /* test hook: Candidate *, given to every guess */
  guint                 probe_timeout; /* test hook: 0 = the probe's defaults */
  SuratSecret          *secret;        /* the password being tested */
  gboolean              busy;
  guint                 pop3_security; /* the combo rows' last selection */
  guint                 smtp_security;
  GtkWidget            *certificate_dialog; /* (nullable) weak */

  GtkStack             *stack;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkButton            *add_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *address_row;
  AdwEntryRow          *password_row;
  AdwStatusPage        *busy_page;
  GtkSpinner           *spinner;
  AdwPreferencesPage   *review_page;
  GtkImage             *review_icon;
  GtkLabel             *review_label;
  AdwEntryRow          *pop3_host_row;
  GtkSpinButton        *pop3_port_spin;
  AdwComboRow          *pop3_security_row;
  AdwEntryRow          *pop3_user_row;
  AdwEntryRow          *smtp_host_row;
  GtkSpinButton        *smtp_port_spin;
  AdwComboRow          *smtp_security_row;
  AdwEntryRow          *smtp_user_row;
  AdwPreferencesGroup  *plain_warning;
  AdwComboRow          *policy_row;    /* a SuratAssistantPolicy */
  AdwActionRow         *days_row;
  GtkSpinButton        *days_spin;
  AdwEntryRow          *review_password_row;
  AdwEntryRow          *password_command_row;
  GtkLabel             *log_label;
};

/* Guesses try these instead of the servers named after the domain (tests
 * cannot listen on 995, 110, 465 or 587). */
void _surat_account_assistant_add_candidate    (SuratAccountAssistant   *self,
                                                SuratAccountProbeServer  server,
                                                const char              *host,
                                                guint16                  port,
                                                SuratSecurity            security);
void _surat_account_assistant_set_probe_timeout (SuratAccountAssistant  *self,
                                                guint                    seconds);

G_END_DECLS
