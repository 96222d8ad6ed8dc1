/* surat-message-row.h — one message in a folder's list
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "surat-core.h"

G_BEGIN_DECLS

#define SURAT_TYPE_MESSAGE_ROW (surat_message_row_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessageRow, surat_message_row, SURAT, MESSAGE_ROW, GtkWidget)

GtkWidget           *surat_message_row_new         (void);
/* (nullable): the row follows the summary's changes (read, flagged). */
void                 surat_message_row_set_summary (SuratMessageRow     *self,
                                                    SuratMessageSummary *summary);
SuratMessageSummary *surat_message_row_get_summary (SuratMessageRow     *self);
/* "14:32" today, "Mon" this week, "26 Nov" this year, else the date. */
char                *surat_message_row_format_date (gint64               unix_time,
                                                    GDateTime           *now);

G_END_DECLS
