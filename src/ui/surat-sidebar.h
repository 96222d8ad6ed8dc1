/* surat-sidebar.h — accounts and their folders, with unread counts
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * ::folder-selected (SuratAccount *account, guint folder): a SuratFolder
 * of an account was chosen.
 */

#define SURAT_TYPE_SIDEBAR (surat_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (SuratSidebar, surat_sidebar, SURAT, SIDEBAR, GtkWidget)

GtkWidget    *surat_sidebar_new             (void);
void          surat_sidebar_set_application (SuratSidebar     *self,
                                             SuratApplication *app);
void          surat_sidebar_select          (SuratSidebar     *self,
                                             SuratAccount     *account,
                                             SuratFolder       folder);
/* Re-counts unread messages. */
void          surat_sidebar_update_counts   (SuratSidebar     *self);
AdwHeaderBar *surat_sidebar_get_header_bar  (SuratSidebar     *self);

G_END_DECLS
