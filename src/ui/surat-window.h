/* surat-window.h — the main window: folders, messages, a message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"
#include "surat-mailbox-view.h"
#include "surat-message-view.h"
#include "surat-outbox-view.h"
#include "surat-sidebar.h"

G_BEGIN_DECLS

/*
 * Actions: win.delete, win.mark-unread (for the message on screen),
 * win.back (the leaflet's previous pane when folded), win.reply (Ctrl+R),
 * win.reply-all (Ctrl+Shift+R), win.forward (Ctrl+L),
 * win.forward-as-attachment (the message on screen).
 */

#define SURAT_TYPE_WINDOW (surat_window_get_type ())

G_DECLARE_FINAL_TYPE (SuratWindow, surat_window, SURAT, WINDOW, AdwApplicationWindow)

SuratWindow      *surat_window_new              (SuratApplication *app);
SuratSidebar     *surat_window_get_sidebar      (SuratWindow      *self);
SuratMailboxView *surat_window_get_mailbox      (SuratWindow      *self);
SuratMessageView *surat_window_get_message_view (SuratWindow      *self);
void              surat_window_add_toast        (SuratWindow      *self,
                                                 const char       *text);
void              surat_window_show_toast       (SuratWindow      *self,
                                                 AdwToast         *toast);
SuratOutboxView  *surat_window_get_outbox_view  (SuratWindow      *self);
void              surat_window_report_error     (GtkWidget        *widget,
                                                 const GError     *error);

G_END_DECLS
