/* surat-draft.h — a message being written: new, reply, forward, mailto:
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"
#include "surat-message-builder.h"
#include "surat-message.h"
#include "surat-store.h"

G_BEGIN_DECLS

/*
 * SuratDraft is what a composer edits: plain fields (the address fields
 * are the text a person typed, "Ana <ana@example.org>, bob@example.org"),
 * the attachments as files, and the threading headers of a reply. It
 * knows nothing of widgets. It becomes a SuratMessageBuilder to send
 * (surat_draft_to_builder() → surat_outbox_queue()), and it is saved as a
 * real message in the account's Drafts Maildir (Bcc kept, attachments
 * inside) so that nothing typed is lost: surat_draft_save() writes the new
 * version durably (temp file, fsync, rename) before removing the old one,
 * and surat_draft_load() gives it back — after a crash too.
 *
 * Drafts open in a composer are recorded (surat_draft_set_open()) in
 * <data dir>/open-drafts: a draft still listed there when the app starts
 * was being written when the app died, and is offered back
 * (surat_draft_list_interrupted()).
 */

typedef enum {
  SURAT_FORWARD_INLINE,        /* the text quoted, the attachments attached again */
  SURAT_FORWARD_AS_ATTACHMENT, /* the whole original as message/rfc822 */
} SuratForwardMode;

#define SURAT_TYPE_DRAFT (surat_draft_get_type ())

G_DECLARE_FINAL_TYPE (SuratDraft, surat_draft, SURAT, DRAFT, GObject)

/* An empty message from @account (may be NULL: the composer picks one). */
SuratDraft   *surat_draft_new                (SuratAccount      *account);

/* A reply to @original, read from @account: To is the Reply-To or From of
 * the original; with @all, Cc gets every other To and Cc address except
 * the addresses in @own_addresses (every account's address; case-
 * insensitive) and duplicates. Subject "Re: " once (an existing "Re:",
 * "RE:", "Aw:", "Re[2]:" is not repeated), In-Reply-To and References
 * (RFC 5322 §3.6.4), the body the original text quoted with "> " under an
 * attribution line ("On Tue, 3 Nov 2026 at 23:30, Ana Lima wrote:"). */
SuratDraft   *surat_draft_new_reply          (SuratAccount        *account,
                                              SuratMessage        *original,
                                              gboolean             all,
                                              const char * const  *own_addresses);

/* A forward of @original: Subject "Fwd: " once; INLINE: a "Forwarded
 * message" block (From, Date, Subject, To) and the original text, with
 * the original's attachments attached again (decoded into @store's
 * private attachment dir); AS_ATTACHMENT: the original file attached as
 * message/rfc822 (by its path; a message attached to another one is
 * copied alone into @store's private attachment dir first). */
SuratDraft   *surat_draft_new_forward        (SuratAccount      *account,
                                              SuratMessage      *original,
                                              SuratForwardMode   mode,
                                              SuratStore        *store,
                                              GError           **error);

/* A draft from a mailto: URI (RFC 6068): addresses of the path and of
 * "to", "cc", "bcc", "subject", "body" (percent-decoded UTF-8, CRLF in the
 * body kept as line breaks; "+" is a plus); every other header is ignored
 * (a link must not set From, or add attachments), and control characters
 * in the one-line fields become spaces. Errors: G_URI_ERROR_BAD_SCHEME for
 * what is not a mailto: URI, G_URI_ERROR_FAILED for a bad %-escape,
 * SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8 for bytes that are not UTF-8,
 * _CONTROL_CHARACTER for a NUL. The draft has no account. */
SuratDraft   *surat_draft_new_from_mailto    (const char        *uri,
                                              GError           **error);

/* A saved draft (a file in a Drafts Maildir) back as a draft to edit: its
 * attachments decoded into @store's private attachment dir
 * (<data dir>/draft-attachments/<random>/, 0700), its account the one
 * whose Drafts folder holds it, the fields exactly as they were typed
 * (a draft another program saved: as its headers say). */
SuratDraft   *surat_draft_load               (SuratStore        *store,
                                              const char        *path,
                                              GError           **error);

/* --- fields ------------------------------------------------------------- */

const char   *surat_draft_get_account_id     (SuratDraft        *self);
void          surat_draft_set_account_id     (SuratDraft        *self,
                                              const char        *account_id);
/* SURAT_MESSAGE_FIELD_TO, _CC, _BCC: the text as typed. */
const char   *surat_draft_get_addresses      (SuratDraft        *self,
                                              SuratMessageField  field);
void          surat_draft_set_addresses      (SuratDraft        *self,
                                              SuratMessageField  field,
                                              const char        *text);
const char   *surat_draft_get_subject        (SuratDraft        *self);
void          surat_draft_set_subject        (SuratDraft        *self,
                                              const char        *subject);
const char   *surat_draft_get_body           (SuratDraft        *self);
void          surat_draft_set_body           (SuratDraft        *self,
                                              const char        *body);
const char   *surat_draft_get_in_reply_to    (SuratDraft        *self);
/* (array zero-terminated=1) (nullable) */
const char * const *surat_draft_get_references (SuratDraft      *self);

/* Attachments, in order. The draft keeps the path; a file that is gone
 * when the message is built is an error naming it. */
typedef struct _SuratDraftAttachment SuratDraftAttachment;
const char   *surat_draft_attachment_get_path      (SuratDraftAttachment *attachment);
const char   *surat_draft_attachment_get_filename  (SuratDraftAttachment *attachment);
const char   *surat_draft_attachment_get_mime_type (SuratDraftAttachment *attachment);
guint64       surat_draft_attachment_get_size      (SuratDraftAttachment *attachment);
/* TRUE for a forwarded message (message/rfc822). */
gboolean      surat_draft_attachment_is_message    (SuratDraftAttachment *attachment);

/* (element-type SuratDraftAttachment) (transfer none) */
GPtrArray    *surat_draft_get_attachments    (SuratDraft        *self);
/* @filename NULL: the file's name; @mime_type NULL: sniffed. */
gboolean      surat_draft_add_attachment     (SuratDraft        *self,
                                              const char        *path,
                                              const char        *filename,
                                              const char        *mime_type,
                                              GError           **error);
void          surat_draft_remove_attachment  (SuratDraft        *self,
                                              guint              index);
/* The sum of the attachments' sizes (for the server's SIZE warning). */
guint64       surat_draft_get_attachments_size (SuratDraft      *self);

/* Whether anything was typed or attached (an empty draft is discarded
 * without asking): every field blank and no attachment, or a reply,
 * forward or mailto: draft nobody changed since it was made. A loaded
 * draft is empty only when blank. */
gboolean      surat_draft_is_empty           (SuratDraft        *self);

/* Bumped by every change: a composer saves when it moved. */
guint         surat_draft_get_revision       (SuratDraft        *self);

/* --- sending and saving ------------------------------------------------- */

/* A builder for @account's From with every field set; the first bad field
 * fails with the builder's error (its field and span point at the bad
 * address). @for_draft keeps Bcc in the headers. */
SuratMessageBuilder *surat_draft_to_builder  (SuratDraft        *self,
                                              SuratAccount      *account,
                                              gboolean           for_draft,
                                              GError           **error);

/* Writes this version into the account's Drafts Maildir and indexes it,
 * then removes the version saved before, file and index row (never the
 * other way round; in whichever account it was). A draft whose fields do
 * not parse yet (half-typed address) is still saved: To, Cc, Bcc and the
 * subject are kept as typed in X-Surat-Draft-* headers (base64), besides
 * the real headers for what parses. An attachment whose file is gone
 * fails (G_IO_ERROR naming it). The draft's account becomes @account's.
 * Returns the new file's path. */
char         *surat_draft_save               (SuratDraft        *self,
                                              SuratStore        *store,
                                              SuratAccount      *account,
                                              GError           **error);
/* The file of the last saved version, or NULL. */
const char   *surat_draft_get_saved_path     (SuratDraft        *self);
/* Removes the saved version (after sending, or when discarded), and the
 * copies of attachments decoded for this draft (load, forward); never a
 * file the person attached from elsewhere. */
gboolean      surat_draft_discard            (SuratDraft        *self,
                                              SuratStore        *store,
                                              GError           **error);

/* Records (@open TRUE) or forgets the saved path as "open in a composer"
 * in <data dir>/open-drafts (durably: temp file, fsync, rename). A draft
 * not saved yet is recorded by its first save; each later save records
 * the new path in place of the old one. */
gboolean      surat_draft_set_open           (SuratDraft        *self,
                                              SuratStore        *store,
                                              gboolean           open,
                                              GError           **error);
/* Paths of drafts that were open when the app last stopped without
 * closing them and still exist; the list is then cleared.
 * (transfer full) (element-type utf8) */
GPtrArray    *surat_draft_list_interrupted   (SuratStore        *store,
                                              GError           **error);

G_END_DECLS
