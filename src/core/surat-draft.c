/* surat-draft.c — a message being written: fields, attachments, the builder
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "surat-draft-private.h"
#include "surat-gmime-autocleanups.h"


G_DEFINE_FINAL_TYPE (SuratDraft, surat_draft, G_TYPE_OBJECT)

static void
attachment_free (SuratDraftAttachment *attachment)
{
  g_free (attachment->path);
  g_free (attachment->filename);
  g_free (attachment->mime_type);
  g_free (attachment);
}

static void
surat_draft_finalize (GObject *object)
{
  SuratDraft *self = SURAT_DRAFT (object);

  g_free (self->account_id);
  g_free (self->to);
  g_free (self->cc);
  g_free (self->bcc);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->in_reply_to);
  g_strfreev (self->references);
  g_ptr_array_unref (self->attachments);
  g_free (self->saved_path);

  G_OBJECT_CLASS (surat_draft_parent_class)->finalize (object);
}

static void
surat_draft_class_init (SuratDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = surat_draft_finalize;
}

static void
surat_draft_init (SuratDraft *self)
{
  self->to = g_strdup ("");
  self->cc = g_strdup ("");
  self->bcc = g_strdup ("");
  self->subject = g_strdup ("");
  self->body = g_strdup ("");
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  self->pristine = TRUE;
}

SuratDraft *
surat_draft_new (SuratAccount *account)
{
  SuratDraft *self = g_object_new (SURAT_TYPE_DRAFT, NULL);

  g_return_val_if_fail (account == NULL || SURAT_IS_ACCOUNT (account), self);

  if (account != NULL)
    self->account_id = g_strdup (surat_account_get_id (account));
  return self;
}

/* --- fields ------------------------------------------------------------- */

/* Replaces *@field with @value; TRUE (and a new revision) when it changed. */
static gboolean
replace_text (SuratDraft  *self,
              char       **field,
              const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  self->revision++;
  return TRUE;
}

const char *
surat_draft_get_account_id (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->account_id;
}

void
surat_draft_set_account_id (SuratDraft *self,
                            const char *account_id)
{
  g_return_if_fail (SURAT_IS_DRAFT (self));

  if (g_strcmp0 (self->account_id, account_id) == 0)
    return;
  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
  self->revision++;
}

char **
_surat_draft_address_field (SuratDraft        *self,
               SuratMessageField  field)
{
  switch (field)
    {
    case SURAT_MESSAGE_FIELD_TO:  return &self->to;
    case SURAT_MESSAGE_FIELD_CC:  return &self->cc;
    case SURAT_MESSAGE_FIELD_BCC: return &self->bcc;
    default:                      return NULL;
    }
}

const char *
surat_draft_get_addresses (SuratDraft        *self,
                           SuratMessageField  field)
{
  char **text;

  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  text = _surat_draft_address_field (self, field);
  g_return_val_if_fail (text != NULL, NULL);

  return *text;
}

void
surat_draft_set_addresses (SuratDraft        *self,
                           SuratMessageField  field,
                           const char        *text)
{
  char **target;

  g_return_if_fail (SURAT_IS_DRAFT (self));
  target = _surat_draft_address_field (self, field);
  g_return_if_fail (target != NULL);

  replace_text (self, target, text);
}

const char *
surat_draft_get_subject (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->subject;
}

void
surat_draft_set_subject (SuratDraft *self,
                         const char *subject)
{
  g_return_if_fail (SURAT_IS_DRAFT (self));
  replace_text (self, &self->subject, subject);
}

const char *
surat_draft_get_body (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->body;
}

void
surat_draft_set_body (SuratDraft *self,
                      const char *body)
{
  g_return_if_fail (SURAT_IS_DRAFT (self));
  replace_text (self, &self->body, body);
}

const char *
surat_draft_get_in_reply_to (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->in_reply_to;
}

const char * const *
surat_draft_get_references (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return (const char * const *) self->references;
}

void
_surat_draft_set_threading (SuratDraft          *self,
                            const char          *in_reply_to,
                            const char * const  *references)
{
  g_free (self->in_reply_to);
  self->in_reply_to = g_strdup (in_reply_to);
  g_strfreev (self->references);
  self->references = (references != NULL && references[0] != NULL)
    ? g_strdupv ((char **) references) : NULL;
  self->revision++;
}

void
_surat_draft_reset_revision (SuratDraft *self)
{
  self->revision = 0;
  self->pristine = TRUE;
}

/* --- attachments -------------------------------------------------------- */

const char *
surat_draft_attachment_get_path (SuratDraftAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, NULL);
  return attachment->path;
}

const char *
surat_draft_attachment_get_filename (SuratDraftAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, NULL);
  return attachment->filename;
}

const char *
surat_draft_attachment_get_mime_type (SuratDraftAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, NULL);
  return attachment->mime_type;
}

guint64
surat_draft_attachment_get_size (SuratDraftAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, 0);
  return attachment->size;
}

gboolean
surat_draft_attachment_is_message (SuratDraftAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, FALSE);
  return attachment->is_message;
}

GPtrArray *
surat_draft_get_attachments (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->attachments;
}

void
_surat_draft_append_attachment (SuratDraft *self,
                                const char *path,
                                const char *filename,
                                const char *mime_type,
                                guint64     size,
                                gboolean    is_message)
{
  SuratDraftAttachment *attachment = g_new0 (SuratDraftAttachment, 1);

  attachment->path = g_strdup (path);
  attachment->filename = g_strdup (filename);
  attachment->mime_type = g_strdup (mime_type);
  attachment->size = size;
  attachment->is_message = is_message;
  g_ptr_array_add (self->attachments, attachment);
  self->revision++;
}

/* The MIME type of the file from its name and first bytes, as the builder
 * sniffs it when it writes the part. */
static char *
sniff_mime_type (const char *path,
                 const char *filename,
                 int         fd)
{
  g_autofree char *content_type = NULL;
  guchar head[4096];
  gssize got;
  char *mime_type;

  do
    got = read (fd, head, sizeof head);
  while (got < 0 && errno == EINTR);

  content_type = g_content_type_guess (filename, got > 0 ? head : NULL, MAX (got, 0), NULL);
  mime_type = g_content_type_get_mime_type (content_type);
  if (mime_type == NULL)
    mime_type = g_strdup ("application/octet-stream");
  return mime_type;
}

gboolean
surat_draft_add_attachment (SuratDraft  *self,
                            const char  *path,
                            const char  *filename,
                            const char  *mime_type,
                            GError     **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *sniffed = NULL;
  GStatBuf st;
  int fd;
  int saved_errno;

  g_return_val_if_fail (SURAT_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      saved_errno = fd < 0 ? errno : (S_ISDIR (st.st_mode) ? EISDIR : EINVAL);
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot attach “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (filename == NULL)
    {
      g_autofree char *raw = g_path_get_basename (path);

      basename = g_filename_display_name (raw);
      filename = basename;
    }
  if (mime_type == NULL)
    {
      sniffed = sniff_mime_type (path, filename, fd);
      mime_type = sniffed;
    }
  close (fd);

  _surat_draft_append_attachment (self, path, filename, mime_type, (guint64) st.st_size,
                                  g_ascii_strcasecmp (mime_type, "message/rfc822") == 0);
  return TRUE;
}

void
surat_draft_remove_attachment (SuratDraft *self,
                               guint       index)
{
  g_return_if_fail (SURAT_IS_DRAFT (self));
  g_return_if_fail (index < self->attachments->len);

  g_ptr_array_remove_index (self->attachments, index);
  self->revision++;
}

guint64
surat_draft_get_attachments_size (SuratDraft *self)
{
  guint64 total = 0;

  g_return_val_if_fail (SURAT_IS_DRAFT (self), 0);

  for (guint i = 0; i < self->attachments->len; i++)
    total += ((SuratDraftAttachment *) g_ptr_array_index (self->attachments, i))->size;
  return total;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

gboolean
surat_draft_is_empty (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), TRUE);

  if (self->pristine && self->revision == 0)
    return TRUE;

  return self->attachments->len == 0 &&
         is_blank (self->to) && is_blank (self->cc) && is_blank (self->bcc) &&
         is_blank (self->subject) && is_blank (self->body);
}

guint
surat_draft_get_revision (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), 0);
  return self->revision;
}

/* --- the builder -------------------------------------------------------- */

const SuratMessageField _surat_draft_address_fields[3] = {
  SURAT_MESSAGE_FIELD_TO, SURAT_MESSAGE_FIELD_CC, SURAT_MESSAGE_FIELD_BCC,
};

/* Everything but the addresses; @lenient (saving a draft) skips the
 * one-line fields that do not pass yet, whose text is kept elsewhere. */
gboolean
_surat_draft_fill_builder (SuratDraft           *self,
              SuratMessageBuilder  *builder,
              gboolean              lenient,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!surat_message_builder_set_subject (builder, self->subject, -1, &local_error))
    {
      if (!lenient)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  if (!surat_message_builder_set_text (builder, *self->body != '\0' ? self->body : NULL, -1,
                                       error))
    return FALSE;

  if ((self->in_reply_to != NULL &&
       !surat_message_builder_set_in_reply_to (builder, self->in_reply_to, &local_error)) ||
      (self->references != NULL &&
       !surat_message_builder_set_references (builder, (const char * const *) self->references,
                                              &local_error)))
    {
      if (!lenient)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  for (guint i = 0; i < self->attachments->len; i++)
    {
      SuratDraftAttachment *attachment = g_ptr_array_index (self->attachments, i);

      /* A message/rfc822 type makes the builder attach it as a message,
       * under the name the draft shows. */
      if (!surat_message_builder_add_attachment (builder, attachment->path, attachment->filename,
                                                 attachment->mime_type, error))
        return FALSE;
    }

  return TRUE;
}

SuratMessageBuilder *
surat_draft_to_builder (SuratDraft    *self,
                        SuratAccount  *account,
                        gboolean       for_draft,
                        GError       **error)
{
  g_autoptr(SuratMessageBuilder) builder = NULL;

  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  builder = surat_message_builder_new ();
  surat_message_builder_set_keep_bcc (builder, for_draft);

  if (!surat_message_builder_set_from (builder, surat_account_get_display_name (account),
                                       surat_account_get_address (account), error))
    return NULL;

  /* The builder's error as it is: its field and span point at the
   * address to fix in the composer. */
  for (guint i = 0; i < G_N_ELEMENTS (_surat_draft_address_fields); i++)
    {
      SuratMessageField field = _surat_draft_address_fields[i];

      if (!surat_message_builder_set_addresses (builder, field,
                                                *_surat_draft_address_field (self, field), -1,
                                                error))
        return NULL;
    }

  if (!_surat_draft_fill_builder (self, builder, FALSE, error))
    return NULL;

  /* Nobody to send it to is the person's mistake to hear about now
   * (SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS), not in the outbox. */
  if (!for_draft)
    {
      g_autoptr(SuratEnvelope) envelope = surat_message_builder_get_envelope (builder, error);

      if (envelope == NULL)
        return NULL;
    }

  return g_steal_pointer (&builder);
}
