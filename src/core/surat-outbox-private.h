/* surat-outbox-private.h — what the outbox's files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-outbox.h"
#include "surat-outbox-item-private.h"
#include "surat-secret.h"

G_BEGIN_DECLS

struct _SuratOutbox
{
  GObject       parent_instance;

  SuratStore   *store;
  SuratAccount *account;
  SuratSecret  *password;
  GPtrArray    *last_flush;   /* SuratOutboxItem */
  gboolean      flushing;
};

/* outbox-state.ini: WAITING and FAILED messages, by unique file name. */
GKeyFile        *_surat_outbox_load_state   (SuratOutbox      *self);
gboolean         _surat_outbox_save_state   (SuratOutbox      *self,
                                             GKeyFile         *state,
                                             GError          **error);
/* Records @item's state (a QUEUED or SENT item leaves the file). */
void             _surat_outbox_record_state (GKeyFile         *state,
                                             SuratOutboxItem  *item);

/* The Outbox's messages, oldest first, with their saved state. */
GPtrArray       *_surat_outbox_scan         (SuratOutbox      *self,
                                             GKeyFile         *state,
                                             GError          **error);
/* Absolute path of an item's file. */
char            *_surat_outbox_item_path    (SuratOutbox      *self,
                                             SuratOutboxItem  *item,
                                             GError          **error);
/* Moves a sent item into Sent (file and index), read. */
gboolean         _surat_outbox_move         (SuratOutbox      *self,
                                             SuratOutboxItem  *item,
                                             SuratFolder       folder,
                                             GError          **error);

void             _surat_outbox_emit_item_changed (SuratOutbox     *self,
                                                  SuratOutboxItem *item);

G_END_DECLS
