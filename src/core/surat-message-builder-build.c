/* surat-message-builder-build.c — from a SuratMessageBuilder to GMime, to
 * bytes, and to the envelope
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-message-builder-private.h"

static GMimeContentEncoding
text_encoding (const Text *text,
               gboolean    eightbitmime)
{
  /* RFC 5322 §2.1.1: no line over 998 octets, even with 8BITMIME (RFC
   * 6152 §2 keeps that limit); quoted-printable makes soft line breaks. */
  if (text->scan.binary || text->scan.max_line > SURAT_MAX_LINE_LENGTH)
    return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  if (text->scan.eight_bit)
    return eightbitmime ? GMIME_CONTENT_ENCODING_8BIT : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  return GMIME_CONTENT_ENCODING_7BIT;
}

static GMimeObject *
make_text_part (const char *subtype,
                const Text *text,
                gboolean    eightbitmime,
                gboolean   *eight_bit)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (text->data, text->len);
  g_autoptr(GMimeDataWrapper) wrapper =
    g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);
  GMimeContentEncoding encoding = text_encoding (text, eightbitmime);

  g_mime_part_set_content (GMIME_PART (part), wrapper);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), encoding);
  if (encoding == GMIME_CONTENT_ENCODING_8BIT)
    *eight_bit = TRUE;

  return GMIME_OBJECT (part);
}

static GMimeObject *
make_attachment_part (const Item  *item,
                      GError     **error)
{
  g_autoptr(GMimeContentType) type = g_mime_content_type_parse (NULL, item->mime_type);
  g_autoptr(GMimePart) part = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeDataWrapper) wrapper = NULL;
  int fd = _surat_open_attachment (item->path, error);

  if (fd < 0)
    return NULL;

  part = g_mime_part_new_with_type (g_mime_content_type_get_media_type (type),
                                    g_mime_content_type_get_media_subtype (type));
  /* The stream owns the descriptor and reads the file only when the
   * message is written, block by block through the base64 encoder. */
  stream = g_mime_stream_fs_new (fd);
  wrapper = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, wrapper);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_object_set_disposition (GMIME_OBJECT (part), GMIME_DISPOSITION_ATTACHMENT);
  /* Content-Disposition filename and Content-Type name; GMime writes a
   * non-ASCII one per RFC 2231 (its default parameter encoding). */
  g_mime_part_set_filename (part, item->filename);

  return GMIME_OBJECT (g_steal_pointer (&part));
}

static GMimeObject *
make_forward_part (const Item    *item,
                   gboolean       eightbitmime,
                   gboolean      *eight_bit,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMimeMessage) message = _surat_mime_parse_file (item->path, error);
  g_autoptr(GMimeMessagePart) part = NULL;
  gboolean inner_8bit = FALSE;

  if (message == NULL)
    return NULL;

  /* Bodies first (lines over 998 octets, binary, 8-bit without
   * 8BITMIME), then the header of the message/rfc822 part itself. */
  part = g_mime_message_part_new_with_message ("rfc822", message);
  if (!_surat_mime_make_transportable (GMIME_OBJECT (part), eightbitmime, &inner_8bit,
                                       cancellable, error))
    return NULL;
  *eight_bit |= inner_8bit;

  g_mime_object_set_disposition (GMIME_OBJECT (part), GMIME_DISPOSITION_ATTACHMENT);
  g_mime_object_set_content_disposition_parameter (GMIME_OBJECT (part), "filename",
                                                   item->filename);

  return GMIME_OBJECT (g_steal_pointer (&part));
}

/* Sets a header whose value we folded ourselves: GMime's own formatter
 * would fold addresses inside their dots and write every domain as
 * A-labels, even for SMTPUTF8. */
static void
set_folded_header (GMimeObject *object,
                   const char  *name,
                   const char  *value,
                   const char  *wire_value)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);
  g_autofree char *raw = _surat_fold_header (name, wire_value);

  /* GMime keeps @value for its own getters; @wire_value is what is written. */
  if (value != NULL)
    g_mime_object_set_header (object, name, value, "utf-8");
  g_mime_header_set_raw_value (g_mime_header_list_get_header (headers, name), raw);
}

static void
set_address_header (SuratMessageBuilder *self,
                    GMimeObject         *object,
                    const char          *name,
                    InternetAddressList *list)
{
  g_autofree char *value = NULL;

  if (internet_address_list_length (list) == 0)
    return;

  value = _surat_format_address_list (list, self->smtputf8);
  set_folded_header (object, name, value, value);
}

static const char *
sender_domain (SuratMessageBuilder *self)
{
  InternetAddress *from = internet_address_list_get_address (self->from, 0);
  const char *address = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (from));

  return strrchr (address, '@') + 1;
}

/* Date and Message-ID, once: a message written twice is the same message. */
static void
fix_identity (SuratMessageBuilder *self)
{
  if (self->date == NULL)
    self->date = g_date_time_new_now_local ();

  if (self->message_id == NULL)
    {
      const char *domain = sender_domain (self);
      g_autofree char *ascii = NULL;

      /* RFC 5322 §3.6.4 wants ASCII here; the sender's domain is unique
       * to them, which makes the ID unique with GMime's random part. */
      if (domain[0] != '[' && !g_str_is_ascii (domain))
        ascii = g_hostname_to_ascii (domain);
      self->message_id = g_mime_utils_generate_message_id (ascii != NULL ? ascii : domain);
    }
}

static void
add_headers (SuratMessageBuilder *self,
             GMimeMessage        *message)
{
  GMimeObject *object = GMIME_OBJECT (message);

  set_address_header (self, object, "From", self->from);
  set_address_header (self, object, "To", self->to);
  set_address_header (self, object, "Cc", self->cc);
  set_address_header (self, object, "Reply-To", self->reply_to);
  /* No Bcc on the wire: RFC 5322 §3.6.3 allows leaving it out, and it is
   * the only way the recipients cannot learn of each other. The sender's
   * own copies (Outbox, Sent, Drafts) keep it: the SMTP client strips it
   * when it sends (SURAT_SMTP_SEND_STRIP_BCC). */
  if (self->keep_bcc)
    set_address_header (self, object, "Bcc", self->bcc);

  if (self->subject != NULL && *self->subject != '\0')
    {
      g_autofree char *encoded = _surat_encode_unstructured (self->subject);

      g_mime_message_set_subject (message, self->subject, "utf-8");
      set_folded_header (object, "Subject", NULL, encoded);
    }

  g_mime_message_set_date (message, self->date);
  g_mime_message_set_message_id (message, self->message_id);

  if (self->in_reply_to != NULL)
    {
      g_autofree char *value = g_strdup_printf ("<%s>", self->in_reply_to);

      g_mime_object_set_header (object, "In-Reply-To", value, NULL);
    }
  if (self->references->len > 0)
    {
      g_autoptr(GString) value = g_string_new (NULL);

      for (guint i = 0; i < self->references->len; i++)
        g_string_append_printf (value, "%s<%s>", i > 0 ? " " : "",
                                (char *) g_ptr_array_index (self->references, i));
      set_folded_header (object, "References", value->str, value->str);
    }

  g_mime_object_set_header (object, "User-Agent", "Surat/" PACKAGE_VERSION, NULL);
  g_mime_object_set_header (object, "MIME-Version", "1.0", NULL);
}

/* A boundary of our own instead of GMime's random one, so that writing the
 * message again gives the same bytes: derived from the (random, unique)
 * Message-ID. "=-" cannot occur in base64 or quoted-printable (RFC 2046
 * §5.1.1). */
static void
set_boundary (SuratMessageBuilder *self,
              GMimeMultipart      *multipart,
              guint                n)
{
  g_autofree char *seed = g_strdup_printf ("%s/%u", self->message_id, n);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  g_autofree char *boundary = g_strdup_printf ("=-%.32s", digest);

  g_mime_multipart_set_boundary (multipart, boundary);
}

/* @with_files FALSE leaves attachments out: enough to know the envelope
 * without opening every file. */
static GMimeMessage *
build_message (SuratMessageBuilder  *self,
               gboolean              with_files,
               gboolean             *eight_bit,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeObject) body = NULL;
  g_autoptr(GMimeObject) text = NULL;
  g_autoptr(GMimeObject) html = NULL;

  *eight_bit = FALSE;

  if (internet_address_list_length (self->from) == 0)
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER,
                                        SURAT_MESSAGE_FIELD_FROM, -1, 0, 0,
                                        _("The message has no sender address"));
      return NULL;
    }

  fix_identity (self);
  message = g_mime_message_new (FALSE);
  add_headers (self, message);

  if (self->text != NULL)
    text = make_text_part ("plain", self->text, self->eightbitmime, eight_bit);
  else if (self->html == NULL && self->items->len == 0)
    {
      Text empty = { (char *) "", 0, { 0 } };

      text = make_text_part ("plain", &empty, self->eightbitmime, eight_bit);
    }
  if (self->html != NULL)
    html = make_text_part ("html", self->html, self->eightbitmime, eight_bit);

  if (text != NULL && html != NULL)
    {
      /* RFC 2046 §5.1.4: the richest version last. */
      GMimeMultipart *alternative = g_mime_multipart_new_with_subtype ("alternative");

      set_boundary (self, alternative, 1);
      g_mime_multipart_add (alternative, text);
      g_mime_multipart_add (alternative, html);
      body = GMIME_OBJECT (alternative);
    }
  else
    {
      body = text != NULL ? g_steal_pointer (&text) : g_steal_pointer (&html);
    }

  if (self->items->len > 0)
    {
      g_autoptr(GMimeMultipart) mixed = g_mime_multipart_new_with_subtype ("mixed");

      set_boundary (self, mixed, 0);
      if (body != NULL)
        g_mime_multipart_add (mixed, body);

      for (guint i = 0; i < self->items->len; i++)
        {
          const Item *item = g_ptr_array_index (self->items, i);
          g_autoptr(GMimeObject) part = NULL;

          if (item->forward)
            part = make_forward_part (item, self->eightbitmime, eight_bit, cancellable, error);
          else if (with_files)
            part = make_attachment_part (item, error);
          else
            continue;

          if (part == NULL)
            return NULL;
          g_mime_multipart_add (mixed, part);
        }

      g_clear_object (&body);
      body = GMIME_OBJECT (g_steal_pointer (&mixed));
    }

  g_mime_message_set_mime_part (message, body);
  return g_steal_pointer (&message);
}

GMimeMessage *
surat_message_builder_build (SuratMessageBuilder  *self,
                             GError              **error)
{
  gboolean eight_bit;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return build_message (self, TRUE, &eight_bit, NULL, error);
}

static void
add_recipients (GPtrArray           *recipients,
                GHashTable          *seen,
                InternetAddressList *list,
                gboolean             smtputf8)
{
  int n = internet_address_list_length (list);

  for (int i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);
      g_autofree char *address = NULL;
      char *key;

      if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          add_recipients (recipients, seen,
                          internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia)),
                          smtputf8);
          continue;
        }

      address = _surat_address_for_transport (
        internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), smtputf8);
      key = _surat_address_key (address);
      if (!g_hash_table_add (seen, key))
        continue;
      g_ptr_array_add (recipients, g_steal_pointer (&address));
    }
}

SuratEnvelope *
surat_message_builder_get_envelope (SuratMessageBuilder  *self,
                                    GError              **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  SuratEnvelopeFlags flags = SURAT_ENVELOPE_FLAGS_NONE;
  InternetAddress *from;
  gboolean eight_bit;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = build_message (self, FALSE, &eight_bit, NULL, error);
  if (message == NULL)
    return NULL;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recipients = g_ptr_array_new_with_free_func (g_free);
  add_recipients (recipients, seen, self->to, self->smtputf8);
  add_recipients (recipients, seen, self->cc, self->smtputf8);
  add_recipients (recipients, seen, self->bcc, self->smtputf8);
  if (recipients->len == 0)
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS,
                                        SURAT_MESSAGE_FIELD_TO, -1, 0, 0,
                                        _("The message has no recipients"));
      return NULL;
    }

  if (surat_message_builder_needs_smtputf8 (self))
    flags |= SURAT_ENVELOPE_SMTPUTF8;
  if (eight_bit)
    flags |= SURAT_ENVELOPE_8BITMIME;

  g_ptr_array_set_free_func (recipients, NULL);
  from = internet_address_list_get_address (self->from, 0);
  return _surat_envelope_new_take (
    _surat_address_for_transport (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (from)),
                                  self->smtputf8),
    g_steal_pointer (&recipients), flags);
}

gboolean
surat_message_builder_write_to_stream (SuratMessageBuilder  *self,
                                       GOutputStream        *stream,
                                       GCancellable         *cancellable,
                                       GError              **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  gboolean eight_bit;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  message = build_message (self, TRUE, &eight_bit, cancellable, error);
  if (message == NULL)
    return FALSE;

  return _surat_mime_write (GMIME_OBJECT (message), stream, cancellable, error);
}

gboolean
surat_message_builder_write_to_fd (SuratMessageBuilder  *self,
                                   int                   fd,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);

  stream = g_unix_output_stream_new (fd, FALSE);
  return surat_message_builder_write_to_stream (self, stream, cancellable, error);
}

gboolean
surat_message_builder_write_to_path (SuratMessageBuilder  *self,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  g_autofree char *shown = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      shown = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }

  ok = surat_message_builder_write_to_fd (self, fd, cancellable, error);
  if (close (fd) != 0 && ok)
    {
      int saved = errno;

      shown = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), shown, g_strerror (saved));
      ok = FALSE;
    }

  return ok;
}
