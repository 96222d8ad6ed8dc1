/* surat-outbox-item.h — one message waiting in an account's Outbox
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SuratOutboxState:
 * @SURAT_OUTBOX_QUEUED: safe on disk, not tried yet
 * @SURAT_OUTBOX_SENDING: on its way; bytes-done / bytes-total say how far
 * @SURAT_OUTBOX_WAITING: a temporary failure (4yz, no connection): it is
 *   tried again at next-attempt
 * @SURAT_OUTBOX_FAILED: the server refused it (5yz) or the account cannot
 *   send (wrong password, certificate): it waits for the person; reason
 *   has the server's words
 * @SURAT_OUTBOX_SENT: the server accepted it; it is in Sent now
 */
typedef enum {
  SURAT_OUTBOX_QUEUED,
  SURAT_OUTBOX_SENDING,
  SURAT_OUTBOX_WAITING,
  SURAT_OUTBOX_FAILED,
  SURAT_OUTBOX_SENT,
} SuratOutboxState;

#define SURAT_TYPE_OUTBOX_STATE (surat_outbox_state_get_type ())
GType       surat_outbox_state_get_type  (void) G_GNUC_CONST;
/* "queued", "sending", "waiting", "failed", "sent" (stable: --json). */
const char *surat_outbox_state_to_string (SuratOutboxState state);

#define SURAT_TYPE_OUTBOX_ITEM (surat_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (SuratOutboxItem, surat_outbox_item, SURAT, OUTBOX_ITEM, GObject)

/*
 * Read-only properties of the same names, notified when SuratOutbox
 * changes them (from the main context of the outbox's caller): a row of
 * the Outbox folder can bind to them.
 */
const char      *surat_outbox_item_get_file          (SuratOutboxItem *self);
const char      *surat_outbox_item_get_subject       (SuratOutboxItem *self);
/* Every envelope recipient, Bcc included, ", "-separated. */
const char      *surat_outbox_item_get_recipients    (SuratOutboxItem *self);
/* (array zero-terminated=1): the same, one address each. */
const char * const *surat_outbox_item_get_recipient_list (SuratOutboxItem *self);
SuratOutboxState surat_outbox_item_get_state         (SuratOutboxItem *self);
guint64          surat_outbox_item_get_bytes_done    (SuratOutboxItem *self);
guint64          surat_outbox_item_get_bytes_total   (SuratOutboxItem *self);
/* Unix time of the next try when WAITING, else 0. */
gint64           surat_outbox_item_get_next_attempt  (SuratOutboxItem *self);
guint            surat_outbox_item_get_attempts      (SuratOutboxItem *self);
/* Why the last try failed, in words, with the server's own; or NULL. */
const char      *surat_outbox_item_get_reason        (SuratOutboxItem *self);

G_END_DECLS
