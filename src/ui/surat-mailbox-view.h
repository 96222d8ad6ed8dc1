/* surat-mailbox-view.h — a folder's messages: search, list, fetch status
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * Actions (group "mailbox"): mailbox.delete (Delete: to Trash),
 * mailbox.mark-read (Ctrl+K), mailbox.mark-unread (Ctrl+Shift+K),
 * mailbox.search (Ctrl+F). They act on the selection (several rows with
 * Ctrl/Shift + click).
 *
 * In Drafts, activating a row (Enter, double click) opens that draft in
 * a composer.
 *
 * ::message-selected (SuratMessageSummary *summary): the message to show,
 * NULL when none or several are selected.
 */

#define SURAT_TYPE_MAILBOX_VIEW (surat_mailbox_view_get_type ())

G_DECLARE_FINAL_TYPE (SuratMailboxView, surat_mailbox_view, SURAT, MAILBOX_VIEW, GtkWidget)

GtkWidget        *surat_mailbox_view_new             (void);
void              surat_mailbox_view_set_application (SuratMailboxView *self,
                                                      SuratApplication *app);
/* @account NULL: every account's @folder. */
void              surat_mailbox_view_show_folder     (SuratMailboxView *self,
                                                      SuratAccount     *account,
                                                      SuratFolder       folder);
/* Re-reads the folder (new mail, moves) keeping scroll and selection. */
void              surat_mailbox_view_reload          (SuratMailboxView *self);
SuratMessageList *surat_mailbox_view_get_model       (SuratMailboxView *self);
/* Selects (and shows) the row at @position. */
void              surat_mailbox_view_select          (SuratMailboxView *self,
                                                      guint             position);
void              surat_mailbox_view_set_search      (SuratMailboxView *self,
                                                      const char       *text);
/* The header bar, for the window to set its title buttons. */
AdwHeaderBar     *surat_mailbox_view_get_header_bar  (SuratMailboxView *self);

G_END_DECLS
