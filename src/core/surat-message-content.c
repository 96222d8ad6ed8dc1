/* surat-message-content.c — part content, saved attachments and the index row of a message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

/* renameat2() and RENAME_NOREPLACE (glibc ≥ 2.28). */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "surat-attachment-private.h"
#include "surat-gmime-autocleanups.h"
#include "surat-maildir.h"
#include "surat-message.h"
#include "surat-message-private.h"
#include "surat-store-error.h"

/* The search index gets this much body text per message at most. */
#define MAX_FTS_BODY (128 * 1024)

GByteArray *
_surat_part_get_decoded (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) mem = NULL;

  if (content == NULL)
    return g_byte_array_new ();

  mem = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, mem);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (mem), FALSE);

  return g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
}

/**
 * surat_message_get_part_by_cid:
 * @content_id: a Content-ID, with or without "cid:" and angle brackets;
 *   percent-escapes of a cid: URL (RFC 2392) are undone
 * @mime_type: (out) (optional): the part's type, lower case
 *
 * Returns: (transfer full): the decoded content, or %NULL with
 *   %SURAT_STORE_ERROR_NOT_FOUND
 */
GBytes *
surat_message_get_part_by_cid (SuratMessage  *self,
                               const char    *content_id,
                               char         **mime_type,
                               GError       **error)
{
  g_autofree char *unescaped = NULL;
  g_autofree char *id = NULL;
  GMimeObject *object;
  GByteArray *bytes;

  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (content_id != NULL, NULL);

  if (g_ascii_strncasecmp (content_id, "cid:", 4) == 0)
    unescaped = g_uri_unescape_string (content_id + 4, NULL);
  else
    unescaped = g_strdup (content_id);
  id = g_strdup (unescaped ? unescaped : content_id);
  if (id[0] == '<' && g_str_has_suffix (id, ">"))
    {
      id[strlen (id) - 1] = '\0';
      memmove (id, id + 1, strlen (id));
    }

  object = _surat_message_lookup_cid (self, id);
  if (object == NULL || !GMIME_IS_PART (object))
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND,
                   _("The message has no part with the Content-ID “%s”"), id);
      return NULL;
    }

  if (mime_type != NULL)
    {
      GMimeContentType *content_type = g_mime_object_get_content_type (object);
      g_autofree char *type = g_mime_content_type_get_mime_type (content_type);

      *mime_type = g_ascii_strdown (type, -1);
    }

  bytes = _surat_part_get_decoded (GMIME_PART (object));
  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
surat_message_get_attachment_content (SuratMessage     *self,
                                      SuratAttachment  *attachment,
                                      GError          **error)
{
  GMimeObject *object;

  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (attachment), NULL);

  object = _surat_attachment_get_part (attachment);
  if (!g_ptr_array_find (surat_message_get_attachments (self), attachment, NULL) ||
      !GMIME_IS_PART (object))
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
                   _("The attachment “%s” is not part of this message"),
                   surat_attachment_get_filename (attachment));
      return NULL;
    }

  return g_byte_array_free_to_bytes (_surat_part_get_decoded (GMIME_PART (object)));
}

/* "name.pdf" → "name (2).pdf"; a leading dot is not an extension. */
static char *
numbered_name (const char *name,
               guint       n)
{
  const char *dot = strrchr (name, '.');

  if (n <= 1)
    return g_strdup (name);

  if (dot == NULL || dot == name)
    return g_strdup_printf ("%s (%u)", name, n);

  return g_strdup_printf ("%.*s (%u)%s", (int) (dot - name), name, n, dot);
}

static gboolean
write_attachment (SuratAttachment  *attachment,
                  int               fd,
                  const char       *display,
                  GError          **error)
{
  GMimeObject *object = _surat_attachment_get_part (attachment);
  g_autoptr(GMimeStream) out = g_mime_stream_fs_new (fd);
  gssize written = 0;

  /* We close the fd ourselves, to see the error close() may report. */
  g_mime_stream_fs_set_owner (GMIME_STREAM_FS (out), FALSE);

  errno = 0;
  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      if (inner != NULL)
        written = g_mime_object_write_to_stream (GMIME_OBJECT (inner), NULL, out);
    }
  else if (GMIME_IS_PART (object) && g_mime_part_get_content (GMIME_PART (object)) != NULL)
    {
      written = g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (object)),
                                                     out);
    }

  if (written < 0 || g_mime_stream_flush (out) != 0 || fsync (fd) != 0)
    {
      int saved_errno = errno != 0 ? errno : EIO;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * surat_message_save_attachment:
 *
 * The content is decoded straight from the message file into a hidden
 * temp file in @dir, synced, then given its name without ever replacing
 * a file that is there ("name (2).ext" …). Only @dir is written to: the
 * name has no directory part.
 */
char *
surat_message_save_attachment (SuratMessage     *self,
                               SuratAttachment  *attachment,
                               const char       *dir,
                               GError          **error)
{
  g_autofree char *display_dir = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_display = NULL;
  const char *filename;
  int dir_fd = -1;
  int fd = -1;

  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  display_dir = g_filename_display_name (dir);

  if (!g_ptr_array_find (surat_message_get_attachments (self), attachment, NULL))
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
                   _("The attachment “%s” is not part of this message"),
                   surat_attachment_get_filename (attachment));
      return NULL;
    }

  filename = surat_attachment_get_filename (attachment);
  g_assert (filename != NULL && *filename != '\0' && strchr (filename, '/') == NULL);

  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not open the folder “%s”: %s"), display_dir, g_strerror (saved_errno));
      return NULL;
    }

  for (guint attempt = 0; fd < 0 && attempt < 100; attempt++)
    {
      g_free (tmp_name);
      tmp_name = g_strdup_printf (".surat-%08x.part", g_random_int ());
      fd = openat (dir_fd, tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
      if (fd < 0 && errno != EEXIST)
        break;
    }

  tmp_display = g_build_filename (display_dir, filename, NULL);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not write “%s”: %s"), tmp_display, g_strerror (saved_errno));
      close (dir_fd);
      return NULL;
    }

  if (!write_attachment (attachment, fd, tmp_display, error))
    goto fail;

  if (close (fd) != 0 && errno != EINTR)
    {
      int saved_errno = errno;

      fd = -1;
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not write “%s”: %s"), tmp_display, g_strerror (saved_errno));
      goto fail;
    }
  fd = -1;

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = numbered_name (filename, n);
      int rc;

      rc = renameat2 (dir_fd, tmp_name, dir_fd, name, RENAME_NOREPLACE);
      if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
        {
          /* No RENAME_NOREPLACE here: link() never replaces either. */
          rc = linkat (dir_fd, tmp_name, dir_fd, name, 0);
          if (rc == 0)
            unlinkat (dir_fd, tmp_name, 0);
        }

      if (rc == 0)
        {
          fsync (dir_fd);
          close (dir_fd);
          return g_build_filename (dir, name, NULL);
        }

      if (errno != EEXIST)
        {
          int saved_errno = errno;
          g_autofree char *display = g_build_filename (display_dir, name, NULL);

          g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                       _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
          goto fail;
        }
    }

  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
               _("Could not find a free name for “%s” in “%s”"), filename, display_dir);

fail:
  if (fd >= 0)
    close (fd);
  unlinkat (dir_fd, tmp_name, 0);
  close (dir_fd);
  return NULL;
}

static gboolean
html_refers_to (const char *html,
                const char *content_id)
{
  g_autofree char *needle = NULL;

  if (html == NULL || content_id == NULL)
    return FALSE;

  needle = g_strconcat ("cid:", content_id, NULL);
  return strstr (html, needle) != NULL;
}

static void
append_fts_text (GString      *body,
                 SuratMessage *message)
{
  GPtrArray *attached = surat_message_get_attached_messages (message);

  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append (body, surat_message_get_text (message));

  /* A forwarded message's words are found too. */
  for (guint i = 0; i < attached->len && body->len < MAX_FTS_BODY; i++)
    {
      SuratMessage *inner = attached->pdata[i];

      g_string_append_printf (body, "\n\n%s\n%s\n%s", surat_message_get_from (inner),
                              surat_message_get_to (inner), surat_message_get_subject (inner));
      append_fts_text (body, inner);
    }
}

/**
 * surat_message_build_summary:
 * @body_text: (out) (optional): the text for the search index: the body,
 *   with forwarded messages' senders, subjects and bodies, at most 128 KiB
 *
 * has-attachments counts every attachment except inline images the HTML
 * body shows by "cid:": those are part of the text, not files a person
 * would look for.
 *
 * Returns: (transfer full): the row for the index; id, account, folder
 *   and file are left for the caller
 */
SuratMessageSummary *
surat_message_build_summary (SuratMessage  *self,
                             char         **body_text)
{
  g_autoptr(SuratMessageSummary) summary = surat_message_summary_new ();
  g_autofree char *flags = NULL;
  GPtrArray *attachments;
  GDateTime *date;
  gboolean has_attachments = FALSE;
  guint64 file_size;
  gint64 file_time;

  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);

  flags = surat_maildir_name_get_flags (surat_message_get_path (self));
  attachments = surat_message_get_attachments (self);
  date = surat_message_get_date (self);
  _surat_message_get_file_info (self, &file_size, &file_time);

  surat_message_summary_set_message_id (summary, surat_message_get_message_id (self));
  surat_message_summary_set_date (summary, date ? g_date_time_to_unix (date) : file_time);
  surat_message_summary_set_from (summary, surat_message_get_from (self));
  surat_message_summary_set_to (summary, surat_message_get_to (self));
  surat_message_summary_set_cc (summary, surat_message_get_cc (self));
  surat_message_summary_set_subject (summary, surat_message_get_subject (self));
  surat_message_summary_set_size (summary, file_size);
  /* Maildir spec: S = seen, F = flagged. */
  surat_message_summary_set_seen (summary, strchr (flags, 'S') != NULL);
  surat_message_summary_set_flagged (summary, strchr (flags, 'F') != NULL);
  surat_message_summary_set_preview (summary, surat_message_get_preview (self));

  for (guint i = 0; i < attachments->len && !has_attachments; i++)
    {
      SuratAttachment *attachment = attachments->pdata[i];

      if (!surat_attachment_is_inline (attachment) ||
          !html_refers_to (surat_message_get_html (self),
                           surat_attachment_get_content_id (attachment)))
        has_attachments = TRUE;
    }
  surat_message_summary_set_has_attachments (summary, has_attachments);

  if (body_text != NULL)
    {
      GString *body = g_string_new (NULL);

      append_fts_text (body, self);
      if (body->len > MAX_FTS_BODY)
        {
          gsize keep = MAX_FTS_BODY;

          while (keep > 0 && (body->str[keep] & 0xc0) == 0x80)
            keep--;
          g_string_truncate (body, keep);
        }
      *body_text = g_string_free (body, FALSE);
    }

  return g_steal_pointer (&summary);
}
