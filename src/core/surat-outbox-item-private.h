/* surat-outbox-item-private.h — what SuratOutbox changes on its items
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-outbox-item.h"

G_BEGIN_DECLS

SuratOutboxItem *_surat_outbox_item_new            (const char        *file,
                                                    const char        *subject,
                                                    const char * const *recipients);
void             _surat_outbox_item_set_file       (SuratOutboxItem   *self,
                                                    const char        *file);
void             _surat_outbox_item_set_state      (SuratOutboxItem   *self,
                                                    SuratOutboxState   state,
                                                    gint64             next_attempt,
                                                    guint              attempts,
                                                    const char        *reason);
void             _surat_outbox_item_set_progress   (SuratOutboxItem   *self,
                                                    guint64            done,
                                                    guint64            total);

G_END_DECLS
