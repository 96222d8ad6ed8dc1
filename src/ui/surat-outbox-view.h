/* surat-outbox-view.h — the Outbox folder: messages on their way out, and why they wait
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * What the content pane shows for an Outbox folder: a row per queued
 * message (subject, recipients, its state in words — sending with a
 * progress bar, waiting for a retry and why, or not sent with the
 * server's words) with Retry Now, Edit and Delete. Follows the items as
 * a flush changes them and reloads on ::mail-changed.
 *
 * ::loaded (): the rows were read again (tests wait for it).
 */

#define SURAT_TYPE_OUTBOX_VIEW (surat_outbox_view_get_type ())

G_DECLARE_FINAL_TYPE (SuratOutboxView, surat_outbox_view, SURAT, OUTBOX_VIEW, GtkWidget)

GtkWidget    *surat_outbox_view_new             (void);
void          surat_outbox_view_set_application (SuratOutboxView  *self,
                                                 SuratApplication *app);
/* @account NULL: every account's Outbox. */
void          surat_outbox_view_show_account    (SuratOutboxView  *self,
                                                 SuratAccount     *account);
void          surat_outbox_view_reload          (SuratOutboxView  *self);
/* How many messages are listed. */
guint         surat_outbox_view_get_n_items     (SuratOutboxView  *self);
AdwHeaderBar *surat_outbox_view_get_header_bar  (SuratOutboxView  *self);

G_END_DECLS
