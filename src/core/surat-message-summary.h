/* surat-message-summary.h — one row of the index: what a message list shows
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "surat-types.h"

G_BEGIN_DECLS

#define SURAT_TYPE_MESSAGE_SUMMARY (surat_message_summary_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessageSummary, surat_message_summary, SURAT, MESSAGE_SUMMARY, GObject)

/*
 * Plain data with read-write properties of the same names (kebab-case), so
 * list rows can bind to them. Strings are decoded UTF-8. Addresses are
 * display strings ("Ana <ana@example.org>, bob@example.org").
 */
SuratMessageSummary *surat_message_summary_new (void);

gint64       surat_message_summary_get_id              (SuratMessageSummary *self);
void         surat_message_summary_set_id              (SuratMessageSummary *self, gint64 id);
const char  *surat_message_summary_get_account_id      (SuratMessageSummary *self);
void         surat_message_summary_set_account_id      (SuratMessageSummary *self, const char *account_id);
SuratFolder  surat_message_summary_get_folder          (SuratMessageSummary *self);
void         surat_message_summary_set_folder          (SuratMessageSummary *self, SuratFolder folder);
/* Path relative to the folder's Maildir: "new/…" or "cur/…". */
const char  *surat_message_summary_get_file            (SuratMessageSummary *self);
void         surat_message_summary_set_file            (SuratMessageSummary *self, const char *file);
const char  *surat_message_summary_get_message_id      (SuratMessageSummary *self);
void         surat_message_summary_set_message_id      (SuratMessageSummary *self, const char *message_id);
/* Unix time of the Date header (or of arrival when it has none). */
gint64       surat_message_summary_get_date            (SuratMessageSummary *self);
void         surat_message_summary_set_date            (SuratMessageSummary *self, gint64 date);
const char  *surat_message_summary_get_from            (SuratMessageSummary *self);
void         surat_message_summary_set_from            (SuratMessageSummary *self, const char *from);
const char  *surat_message_summary_get_to              (SuratMessageSummary *self);
void         surat_message_summary_set_to              (SuratMessageSummary *self, const char *to);
const char  *surat_message_summary_get_cc              (SuratMessageSummary *self);
void         surat_message_summary_set_cc              (SuratMessageSummary *self, const char *cc);
const char  *surat_message_summary_get_subject         (SuratMessageSummary *self);
void         surat_message_summary_set_subject         (SuratMessageSummary *self, const char *subject);
guint64      surat_message_summary_get_size            (SuratMessageSummary *self);
void         surat_message_summary_set_size            (SuratMessageSummary *self, guint64 size);
gboolean     surat_message_summary_get_seen            (SuratMessageSummary *self);
void         surat_message_summary_set_seen            (SuratMessageSummary *self, gboolean seen);
gboolean     surat_message_summary_get_flagged         (SuratMessageSummary *self);
void         surat_message_summary_set_flagged         (SuratMessageSummary *self, gboolean flagged);
gboolean     surat_message_summary_get_has_attachments (SuratMessageSummary *self);
void         surat_message_summary_set_has_attachments (SuratMessageSummary *self, gboolean has_attachments);
/* About 200 characters of body text, whitespace collapsed. */
const char  *surat_message_summary_get_preview         (SuratMessageSummary *self);
void         surat_message_summary_set_preview         (SuratMessageSummary *self, const char *preview);

G_END_DECLS
