/* surat-draft-save.c — drafts in the Drafts Maildir: save, load, discard, the open-drafts record
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "surat-draft-private.h"
#include "surat-fd-output-stream.h"
#include "surat-gmime-autocleanups.h"
#include "surat-message-builder-private.h"

/* --- saving --------------------------------------------------------------- */

/*
 * A saved draft is the message the builder writes (Bcc kept) with a few
 * headers of our own in front: the fields exactly as typed, base64 so that
 * any text survives (a half-typed address the builder refuses, a pasted
 * line break), and whether the text ended without a line break (the
 * builder ends the last line). Another client sees an ordinary message.
 */
#define HEADER_DRAFT    "X-Surat-Draft"
#define HEADER_TO       "X-Surat-Draft-To"
#define HEADER_CC       "X-Surat-Draft-Cc"
#define HEADER_BCC      "X-Surat-Draft-Bcc"
#define HEADER_SUBJECT  "X-Surat-Draft-Subject"

static const char *
typed_header_name (SuratMessageField field)
{
  switch (field)
    {
    case SURAT_MESSAGE_FIELD_TO:  return HEADER_TO;
    case SURAT_MESSAGE_FIELD_CC:  return HEADER_CC;
    case SURAT_MESSAGE_FIELD_BCC: return HEADER_BCC;
    default:                      return HEADER_SUBJECT;
    }
}

static void
append_typed_header (GString    *out,
                     const char *name,
                     const char *text)
{
  g_autofree char *encoded = NULL;
  gsize len;

  if (text == NULL || *text == '\0')
    return;

  /* Folded at 76 columns (RFC 5322 §2.2.3); base64 has no spaces, so
   * unfolding is removing the whitespace. */
  encoded = g_base64_encode ((const guchar *) text, strlen (text));
  len = strlen (encoded);
  g_string_append_printf (out, "%s:", name);
  for (gsize i = 0; i < len; i += 72)
    g_string_append_printf (out, " %.*s\n", (int) MIN (72, len - i), encoded + i);
}

static char *
read_typed_header (GMimeObject *object,
                   const char  *name)
{
  const char *value = g_mime_object_get_header (object, name);
  g_autoptr(GString) compact = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;

  if (value == NULL)
    return NULL;

  compact = g_string_new (NULL);
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, *p);

  decoded = g_base64_decode (compact->str, &len);
  if (decoded == NULL || !g_utf8_validate_len ((const char *) decoded, len, NULL) ||
      memchr (decoded, '\0', len) != NULL)
    return NULL;

  return g_strndup ((const char *) decoded, len);
}

static char *
draft_headers (SuratDraft *self)
{
  GString *out = g_string_new (HEADER_DRAFT ": 1");
  gsize len = strlen (self->body);

  if (len > 0 && self->body[len - 1] != '\n')
    g_string_append (out, "; text-end=no-newline");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (_surat_draft_address_fields); i++)
    append_typed_header (out, typed_header_name (_surat_draft_address_fields[i]),
                         *_surat_draft_address_field (self, _surat_draft_address_fields[i]));
  append_typed_header (out, HEADER_SUBJECT, self->subject);

  return g_string_free (out, FALSE);
}

static SuratMessageBuilder *
draft_builder (SuratDraft    *self,
               SuratAccount  *account,
               GError       **error)
{
  g_autoptr(SuratMessageBuilder) builder = surat_message_builder_new ();

  surat_message_builder_set_keep_bcc (builder, TRUE);
  surat_message_builder_set_8bitmime (builder, TRUE);
  surat_message_builder_set_smtputf8 (builder, TRUE);

  if (!surat_message_builder_set_from (builder, surat_account_get_display_name (account),
                                       surat_account_get_address (account), error))
    return NULL;

  /* A field that does not parse yet stays out of the real header; its
   * text is in ours. */
  for (guint i = 0; i < G_N_ELEMENTS (_surat_draft_address_fields); i++)
    {
      SuratMessageField field = _surat_draft_address_fields[i];

      surat_message_builder_set_addresses (builder, field,
                                           *_surat_draft_address_field (self, field), -1, NULL);
    }

  if (!_surat_draft_fill_builder (self, builder, TRUE, error))
    return NULL;

  return g_steal_pointer (&builder);
}

/* The Maildir, account and relative file of a path inside the store
 * (<data dir>/<account>/<Folder>/{new,cur}/<name>), or FALSE. */
static gboolean
split_store_path (SuratStore  *store,
                  const char  *path,
                  char       **account_id,
                  char       **folder_dir,
                  char       **file)
{
  g_autofree char *sub_dir = g_path_get_dirname (path);
  g_autofree char *maildir = g_path_get_dirname (sub_dir);
  g_autofree char *account_dir = g_path_get_dirname (maildir);
  g_autofree char *data_dir = g_path_get_dirname (account_dir);
  g_autofree char *sub = g_path_get_basename (sub_dir);
  g_autofree char *name = g_path_get_basename (path);

  if (g_strcmp0 (data_dir, surat_store_get_data_dir (store)) != 0 ||
      (g_strcmp0 (sub, "new") != 0 && g_strcmp0 (sub, "cur") != 0))
    return FALSE;

  if (account_id != NULL)
    *account_id = g_path_get_basename (account_dir);
  if (folder_dir != NULL)
    *folder_dir = g_steal_pointer (&maildir);
  if (file != NULL)
    *file = g_build_filename (sub, name, NULL);
  return TRUE;
}

/* split_store_path() for a file of a Drafts Maildir only: a message
 * loaded from another folder (edited as new) is never removed as the
 * draft's previous version. */
static gboolean
split_drafts_path (SuratStore  *store,
                   const char  *path,
                   char       **account_id,
                   char       **folder_dir,
                   char       **file)
{
  g_autofree char *account = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  SuratMaildir *drafts;

  if (!split_store_path (store, path, &account, &dir, &name))
    return FALSE;
  drafts = surat_store_get_maildir (store, account, SURAT_FOLDER_DRAFTS, NULL);
  if (drafts == NULL || g_strcmp0 (surat_maildir_get_path (drafts), dir) != 0)
    return FALSE;

  *account_id = g_steal_pointer (&account);
  *folder_dir = g_steal_pointer (&dir);
  *file = g_steal_pointer (&name);
  return TRUE;
}

/* Removes a saved version: its file, then its index row. */
static gboolean
remove_saved (SuratStore  *store,
              const char  *path,
              GError     **error)
{
  g_autofree char *account_id = NULL;
  g_autofree char *folder_dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *unique = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(SuratMaildir) maildir = NULL;
  gint64 *id;

  /* Only ever a file in a Drafts folder (see surat_draft_load()). */
  if (!split_drafts_path (store, path, &account_id, &folder_dir, &file))
    return TRUE;

  maildir = surat_maildir_new (folder_dir);
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !surat_maildir_remove (maildir, file, error))
    return FALSE;

  unique = surat_maildir_name_get_unique (file);
  files = surat_index_get_files (surat_store_get_index (store), account_id,
                                 SURAT_FOLDER_DRAFTS, error);
  if (files == NULL)
    return FALSE;
  id = g_hash_table_lookup (files, unique);
  if (id != NULL && !surat_index_remove_message (surat_store_get_index (store), *id, error))
    return FALSE;

  return TRUE;
}

static gboolean update_open_record (SuratStore  *store,
                                    const char  *remove,
                                    const char  *add,
                                    GError     **error);

char *
surat_draft_save (SuratDraft    *self,
                  SuratStore    *store,
                  SuratAccount  *account,
                  GError       **error)
{
  g_autoptr(SuratMessageBuilder) builder = NULL;
  g_autofree char *headers = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *previous = NULL;
  SuratMaildir *drafts;
  const char *account_id;
  int fd;

  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  account_id = surat_account_get_id (account);
  builder = draft_builder (self, account, error);
  if (builder == NULL)
    return NULL;

  drafts = surat_store_get_maildir (store, account_id, SURAT_FOLDER_DRAFTS, error);
  if (drafts == NULL)
    return NULL;

  fd = surat_maildir_create_tmp (drafts, NULL, &tmp_name, error);
  if (fd < 0)
    return NULL;

  /* Our headers first, then the builder's message: one header block. */
  headers = draft_headers (self);
  stream = surat_fd_output_stream_new (fd);
  if (!g_output_stream_write_all (stream, headers, strlen (headers), NULL, NULL, error) ||
      !surat_message_builder_write_to_stream (builder, stream, NULL, error))
    {
      surat_maildir_abort_tmp (drafts, fd, tmp_name);
      return NULL;
    }

  file = surat_maildir_commit_tmp (drafts, fd, tmp_name, error);
  if (file == NULL || !surat_maildir_sync (drafts, error))
    return NULL;
  path = g_build_filename (surat_maildir_get_path (drafts), file, NULL);

  /* The new version is safe on disk; the index only makes it visible, and
   * a failure there is put right by the next reconcile. */
  if (surat_store_index_file (store, account_id, SURAT_FOLDER_DRAFTS, file, error) < 0)
    return NULL;

  previous = g_steal_pointer (&self->saved_path);
  self->saved_path = g_strdup (path);
  if (g_strcmp0 (self->account_id, account_id) != 0)
    {
      g_free (self->account_id);
      self->account_id = g_strdup (account_id);
    }

  if (self->open && !update_open_record (store, previous, path, error))
    return NULL;

  /* Only now may the old version go. */
  if (previous != NULL && !remove_saved (store, previous, error))
    return NULL;

  return g_steal_pointer (&path);
}

const char *
surat_draft_get_saved_path (SuratDraft *self)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), NULL);
  return self->saved_path;
}

/* The copies a load or a forward decoded for this draft: once the draft
 * is sent (the outbox has the whole message) or thrown away, nothing
 * needs them. Files the person attached from elsewhere are never touched. */
static void
remove_private_copies (SuratDraft *self,
                       SuratStore *store)
{
  g_autofree char *parent = g_build_filename (surat_store_get_data_dir (store),
                                              "draft-attachments", NULL);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      SuratDraftAttachment *attachment = g_ptr_array_index (self->attachments, i);
      g_autofree char *dir = g_path_get_dirname (attachment->path);
      g_autofree char *dir_parent = g_path_get_dirname (dir);

      if (g_strcmp0 (dir_parent, parent) != 0)
        continue;
      g_unlink (attachment->path);
      /* Fails while other copies are left in it, as it should. */
      g_rmdir (dir);
    }
}

gboolean
surat_draft_discard (SuratDraft  *self,
                     SuratStore  *store,
                     GError     **error)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (SURAT_IS_STORE (store), FALSE);

  remove_private_copies (self, store);
  if (self->saved_path == NULL)
    return TRUE;

  if (self->open && !update_open_record (store, self->saved_path, NULL, error))
    return FALSE;
  self->open = FALSE;

  if (!remove_saved (store, self->saved_path, error))
    return FALSE;
  g_clear_pointer (&self->saved_path, g_free);
  return TRUE;
}

/* --- loading -------------------------------------------------------------- */

char *
_surat_draft_make_attachment_dir (SuratStore  *store,
                                  GError     **error)
{
  g_autofree char *parent = g_build_filename (surat_store_get_data_dir (store),
                                              "draft-attachments", NULL);
  g_autofree char *template = g_build_filename (parent, "XXXXXX", NULL);

  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Cannot create “%s”: %s"), parent, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&template);
}

gboolean
_surat_draft_take_attachments (SuratDraft    *self,
                               SuratMessage  *message,
                               const char    *dir,
                               GError       **error)
{
  GPtrArray *attachments = surat_message_get_attachments (message);

  for (guint i = 0; i < attachments->len; i++)
    {
      SuratAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *path = NULL;
      GStatBuf st;

      path = surat_message_save_attachment (message, attachment, dir, error);
      if (path == NULL)
        return FALSE;
      if (g_stat (path, &st) != 0)
        st.st_size = 0;

      _surat_draft_append_attachment (self, path, surat_attachment_get_filename (attachment),
                                      surat_attachment_is_message (attachment)
                                        ? "message/rfc822"
                                        : surat_attachment_get_mime_type (attachment),
                                      (guint64) st.st_size,
                                      surat_attachment_is_message (attachment));
    }
  return TRUE;
}

/* Our draft's text as the builder wrote it: the first text/plain part
 * that is not an attachment. */
static GMimeObject *
find_text_part (GMimeObject *object)
{
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);

      if (g_mime_multipart_get_count (multipart) == 0)
        return NULL;
      return find_text_part (g_mime_multipart_get_part (multipart, 0));
    }
  if (GMIME_IS_TEXT_PART (object) &&
      g_mime_content_type_is_type (g_mime_object_get_content_type (object), "text", "plain") &&
      !GMIME_IS_MESSAGE_PART (object))
    {
      GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);

      if (disposition == NULL || !g_mime_content_disposition_is_attachment (disposition))
        return object;
    }
  return NULL;
}

static char *
draft_text (GMimeMessage *gmessage,
            SuratMessage *message,
            gboolean      no_final_newline)
{
  GMimeObject *part = find_text_part (g_mime_message_get_mime_part (gmessage));
  g_autofree char *wrapper_text = NULL;
  g_autoptr(GMimeStream) mem = NULL;
  GMimeDataWrapper *content;
  GByteArray *bytes;
  char *text;
  gsize len;

  if (part == NULL)
    return g_strdup (surat_message_get_text (message));

  content = g_mime_part_get_content (GMIME_PART (part));
  if (content == NULL)
    return g_strdup ("");

  mem = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, mem);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  if (!g_utf8_validate_len ((const char *) bytes->data, bytes->len, NULL))
    return g_strdup (surat_message_get_text (message));

  text = g_strndup ((const char *) bytes->data, bytes->len);
  len = strlen (text);
  if (no_final_newline && len > 0 && text[len - 1] == '\n')
    text[len - 1] = '\0';
  return text;
}

/* "<a@b> <c@d>" → { "a@b", "c@d" } (nullable) */
static GStrv
parse_references (const char *value)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  GMimeReferences *refs;

  if (value == NULL)
    return NULL;

  refs = g_mime_references_parse (NULL, value);
  if (refs == NULL)
    return NULL;
  for (int i = 0; i < g_mime_references_length (refs); i++)
    g_strv_builder_add (ids, g_mime_references_get_message_id (refs, i));
  g_mime_references_free (refs);

  return g_strv_builder_end (ids);
}

static char *
header_addresses (GMimeMessage    *message,
                  GMimeAddressType type)
{
  InternetAddressList *list = g_mime_message_get_addresses (message, type);

  if (list == NULL || internet_address_list_length (list) == 0)
    return g_strdup ("");
  return internet_address_list_to_string (list, NULL, FALSE);
}

SuratDraft *
surat_draft_load (SuratStore  *store,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(SuratDraft) self = NULL;
  g_autoptr(SuratMessage) message = NULL;
  g_autoptr(GMimeMessage) gmessage = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *account_id = NULL;
  g_auto(GStrv) references = NULL;
  GMimeObject *object;
  const char *draft_flag;
  static const GMimeAddressType types[] = {
    GMIME_ADDRESS_TYPE_TO, GMIME_ADDRESS_TYPE_CC, GMIME_ADDRESS_TYPE_BCC,
  };

  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  message = surat_message_new_from_file (path, error);
  if (message == NULL)
    return NULL;
  gmessage = _surat_mime_parse_file (path, error);
  if (gmessage == NULL)
    return NULL;
  object = GMIME_OBJECT (gmessage);

  self = g_object_new (SURAT_TYPE_DRAFT, NULL);
  if (split_store_path (store, path, &account_id, NULL, NULL))
    self->account_id = g_steal_pointer (&account_id);

  for (guint i = 0; i < G_N_ELEMENTS (_surat_draft_address_fields); i++)
    {
      char **field = _surat_draft_address_field (self, _surat_draft_address_fields[i]);
      char *typed = read_typed_header (object, typed_header_name (_surat_draft_address_fields[i]));

      g_free (*field);
      *field = typed != NULL ? typed : header_addresses (gmessage, types[i]);
    }

  g_free (self->subject);
  self->subject = read_typed_header (object, HEADER_SUBJECT);
  if (self->subject == NULL)
    self->subject = g_strdup (surat_message_get_subject (message));

  draft_flag = g_mime_object_get_header (object, HEADER_DRAFT);
  g_free (self->body);
  self->body = draft_text (gmessage, message,
                           draft_flag != NULL && strstr (draft_flag, "no-newline") != NULL);

  references = parse_references (g_mime_object_get_header (object, "References"));
  _surat_draft_set_threading (self, surat_message_get_in_reply_to (message),
                              (const char * const *) references);

  if (surat_message_get_attachments (message)->len > 0)
    {
      dir = _surat_draft_make_attachment_dir (store, error);
      if (dir == NULL || !_surat_draft_take_attachments (self, message, dir, error))
        return NULL;
    }

  /* A message from another folder is a starting point, not a version to
   * replace: saving makes a new draft, discarding leaves it alone. */
  {
    g_autofree char *drafts_account = NULL;
    g_autofree char *drafts_dir = NULL;
    g_autofree char *drafts_file = NULL;

    if (split_drafts_path (store, path, &drafts_account, &drafts_dir, &drafts_file))
      self->saved_path = g_strdup (path);
  }
  self->revision = 0;
  self->pristine = FALSE;
  return g_steal_pointer (&self);
}

/* --- drafts open in a composer ------------------------------------------- */

static char *
open_record_path (SuratStore *store)
{
  return g_build_filename (surat_store_get_data_dir (store), "open-drafts", NULL);
}

/* The record's paths, in order; empty when there is none. */
static GPtrArray *
read_open_record (SuratStore  *store,
                  GError     **error)
{
  g_autofree char *path = open_record_path (store);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return paths;
      g_ptr_array_unref (paths);
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (paths, g_strdup (lines[i]));
  return paths;
}

static gboolean
write_open_record (SuratStore  *store,
                   GPtrArray   *paths,
                   GError     **error)
{
  g_autofree char *path = open_record_path (store);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < paths->len; i++)
    g_string_append_printf (contents, "%s\n", (char *) g_ptr_array_index (paths, i));

  /* Temp file, fsync, rename: after a crash the record is the old one or
   * the new one, never half of each. */
  if (!g_file_set_contents_full (path, contents->str, (gssize) contents->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_open_record (SuratStore  *store,
                    const char  *remove,
                    const char  *add,
                    GError     **error)
{
  g_autoptr(GPtrArray) paths = read_open_record (store, error);
  gboolean changed = FALSE;

  if (paths == NULL)
    return FALSE;

  for (guint i = paths->len; remove != NULL && i > 0; i--)
    if (g_strcmp0 (g_ptr_array_index (paths, i - 1), remove) == 0)
      {
        g_ptr_array_remove_index (paths, i - 1);
        changed = TRUE;
      }

  if (add != NULL && !g_ptr_array_find_with_equal_func (paths, add, g_str_equal, NULL))
    {
      g_ptr_array_add (paths, g_strdup (add));
      changed = TRUE;
    }

  return !changed || write_open_record (store, paths, error);
}

gboolean
surat_draft_set_open (SuratDraft  *self,
                      SuratStore  *store,
                      gboolean     open,
                      GError     **error)
{
  g_return_val_if_fail (SURAT_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (SURAT_IS_STORE (store), FALSE);

  /* A draft not saved yet is recorded by its first save. */
  if (self->saved_path != NULL &&
      !update_open_record (store, open ? NULL : self->saved_path,
                           open ? self->saved_path : NULL, error))
    return FALSE;

  self->open = open;
  return TRUE;
}

GPtrArray *
surat_draft_list_interrupted (SuratStore  *store,
                              GError     **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GPtrArray *existing;

  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);

  paths = read_open_record (store, error);
  if (paths == NULL)
    return NULL;

  existing = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (existing, g_strdup (path));
    }

  if (paths->len > 0 && !write_open_record (store, empty, error))
    {
      g_ptr_array_unref (existing);
      return NULL;
    }
  return existing;
}
