/* surat-message-list.h — a folder's messages as a lazy GListModel
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-index.h"

G_BEGIN_DECLS

/*
 * STYLE.md §3: the model holds only the row ids of the selection (one
 * SELECT of ids, newest first); get_item() builds a SuratMessageSummary
 * from a primary-key lookup when a row is shown, and keeps a bounded cache
 * so visible rows keep their object (and their property bindings). Search
 * and filtering happen in SQL; reload() publishes the new id array with
 * one exact items-changed range (common head and tail kept), so a list
 * view keeps its scroll position and selection when new mail arrives at
 * the top.
 */

#define SURAT_TYPE_MESSAGE_LIST (surat_message_list_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessageList, surat_message_list, SURAT, MESSAGE_LIST, GObject)

SuratMessageList    *surat_message_list_new        (SuratIndex       *index);
/* What to show: @account_id NULL for all, @folder -1 for all, @search
 * NULL or words a person typed. Reloads. */
void                 surat_message_list_set_query  (SuratMessageList *self,
                                                    const char       *account_id,
                                                    int               folder,
                                                    const char       *search);
const char          *surat_message_list_get_account_id (SuratMessageList *self);
int                  surat_message_list_get_folder (SuratMessageList *self);
const char          *surat_message_list_get_search (SuratMessageList *self);
/* Re-reads the ids (new mail, moves) and refreshes cached rows. */
gboolean             surat_message_list_reload     (SuratMessageList *self,
                                                    GError          **error);
/* Position of the message with row id @id, or -1. */
gint                 surat_message_list_find       (SuratMessageList *self,
                                                    gint64            id);

G_END_DECLS
