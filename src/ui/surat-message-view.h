/* surat-message-view.h — one message: headers, remote-content notice, attachments, body
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

#define SURAT_TYPE_MESSAGE_VIEW (surat_message_view_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessageView, surat_message_view, SURAT, MESSAGE_VIEW, GtkWidget)

/*
 * Actions (group "message"): message.reply, message.reply-all,
 * message.forward, message.forward-as-attachment (enabled while a message
 * is on screen; they open a composer).
 *
 * ::loaded (): the shown message is parsed and on screen (tests and
 * screenshots wait for it).
 */
GtkWidget    *surat_message_view_new             (void);
void          surat_message_view_set_application (SuratMessageView    *self,
                                                  SuratApplication    *app);
/* (nullable): parses it on a worker thread, shows it, marks it read. */
void          surat_message_view_show            (SuratMessageView    *self,
                                                  SuratMessageSummary *summary);
/* (nullable) The message on screen. */
SuratMessage *surat_message_view_get_message     (SuratMessageView    *self);
AdwHeaderBar *surat_message_view_get_header_bar  (SuratMessageView    *self);

G_END_DECLS
