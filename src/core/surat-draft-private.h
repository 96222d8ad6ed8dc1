/* surat-draft-private.h — what the draft's source files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gmime/gmime.h>

#include "surat-draft.h"

G_BEGIN_DECLS

struct _SuratDraft
{
  GObject parent_instance;

  char *account_id;
  char *to;
  char *cc;
  char *bcc;
  char *subject;
  char *body;
  char *in_reply_to;
  GStrv references;
  GPtrArray *attachments;   /* SuratDraftAttachment */

  guint revision;
  /* Made by a constructor and not touched since (a reply nobody typed
   * into); a loaded draft is never so. */
  gboolean pristine;

  char *saved_path;
  gboolean open;
};

struct _SuratDraftAttachment
{
  char *path;
  char *filename;
  char *mime_type;
  guint64 size;
  gboolean is_message;
};

/* To, Cc, Bcc in that order. */
extern const SuratMessageField _surat_draft_address_fields[3];
/* Where the text of an address field is kept; NULL for other fields. */
char    **_surat_draft_address_field      (SuratDraft          *self,
                                           SuratMessageField    field);
/* Sets everything on @builder but the sender and the addresses;
 * @lenient (saving a draft) skips the one-line fields that do not pass
 * yet, whose text is kept elsewhere. */
gboolean  _surat_draft_fill_builder       (SuratDraft          *self,
                                           SuratMessageBuilder *builder,
                                           gboolean             lenient,
                                           GError             **error);
/* Threading headers, IDs without <>; @references (nullable) copied. */
void      _surat_draft_set_threading      (SuratDraft          *self,
                                           const char          *in_reply_to,
                                           const char * const  *references);
/* Appends an attachment whose type and size are known already. */
void      _surat_draft_append_attachment  (SuratDraft          *self,
                                           const char          *path,
                                           const char          *filename,
                                           const char          *mime_type,
                                           guint64              size,
                                           gboolean             is_message);
/* A constructor is done: what it filled in is not a change. */
void      _surat_draft_reset_revision     (SuratDraft          *self);
/* A new private directory (0700) under <data dir>/draft-attachments for
 * the decoded attachments of one draft. */
char     *_surat_draft_make_attachment_dir (SuratStore         *store,
                                            GError            **error);
/* Decodes every attachment of @message (inline images of an HTML body
 * included: they are the sender's files too) into @dir and attaches the
 * files to @self. */
gboolean  _surat_draft_take_attachments   (SuratDraft          *self,
                                           SuratMessage        *message,
                                           const char          *dir,
                                           GError             **error);

G_END_DECLS
