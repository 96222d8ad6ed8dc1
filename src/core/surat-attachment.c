/* surat-attachment.c — one attachment of a parsed message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-attachment.h"
#include "surat-attachment-private.h"
#include "surat-gmime-autocleanups.h"

/* Leaves room under NAME_MAX (255) for " (999)" and multibyte cuts. */
#define MAX_FILENAME_BYTES 200
#define MAX_EXTENSION_BYTES 16

struct _SuratAttachment
{
  GObject parent_instance;

  guint index;
  char *filename;
  char *mime_type;
  guint64 size;
  gboolean size_known;
  char *content_id;
  gboolean is_inline;
  gboolean is_message;
  GMimeObject *part;
};

G_DEFINE_FINAL_TYPE (SuratAttachment, surat_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_FILENAME,
  PROP_MIME_TYPE,
  PROP_SIZE,
  PROP_CONTENT_ID,
  PROP_IS_INLINE,
  PROP_IS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *mime_type;
  const char *extension;
} extensions[] = {
  { "application/pdf", "pdf" },
  { "application/zip", "zip" },
  { "application/gzip", "gz" },
  { "application/x-gzip", "gz" },
  { "application/json", "json" },
  { "application/xml", "xml" },
  { "application/octet-stream", "bin" },
  { "application/msword", "doc" },
  { "application/vnd.ms-excel", "xls" },
  { "application/vnd.ms-powerpoint", "ppt" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
  { "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx" },
  { "application/vnd.oasis.opendocument.text", "odt" },
  { "application/vnd.oasis.opendocument.spreadsheet", "ods" },
  { "application/vnd.oasis.opendocument.presentation", "odp" },
  { "application/pgp-signature", "asc" },
  { "application/pgp-keys", "asc" },
  { "application/pkcs7-signature", "p7s" },
  { "application/x-pkcs7-signature", "p7s" },
  { "application/ics", "ics" },
  { "image/jpeg", "jpg" },
  { "image/svg+xml", "svg" },
  { "image/x-icon", "ico" },
  { "audio/mpeg", "mp3" },
  { "audio/x-wav", "wav" },
  { "video/quicktime", "mov" },
  { "text/plain", "txt" },
  { "text/html", "html" },
  { "text/calendar", "ics" },
  { "text/vcard", "vcf" },
  { "text/x-vcard", "vcf" },
  { "text/markdown", "md" },
  { "message/rfc822", "eml" },
  { "message/global", "eml" },
};

static void
surat_attachment_finalize (GObject *object)
{
  SuratAttachment *self = (SuratAttachment *) object;

  g_clear_pointer (&self->filename, g_free);
  g_clear_pointer (&self->mime_type, g_free);
  g_clear_pointer (&self->content_id, g_free);
  g_clear_object (&self->part);

  G_OBJECT_CLASS (surat_attachment_parent_class)->finalize (object);
}

static void
surat_attachment_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SuratAttachment *self = SURAT_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;

    case PROP_MIME_TYPE:
      g_value_set_string (value, self->mime_type);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, surat_attachment_get_size (self));
      break;

    case PROP_CONTENT_ID:
      g_value_set_string (value, self->content_id);
      break;

    case PROP_IS_INLINE:
      g_value_set_boolean (value, self->is_inline);
      break;

    case PROP_IS_MESSAGE:
      g_value_set_boolean (value, self->is_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_attachment_class_init (SuratAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_attachment_finalize;
  object_class->get_property = surat_attachment_get_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIME_TYPE] =
    g_param_spec_string ("mime-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT_ID] =
    g_param_spec_string ("content-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_INLINE] =
    g_param_spec_boolean ("is-inline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_MESSAGE] =
    g_param_spec_boolean ("is-message", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_attachment_init (SuratAttachment *self)
{
}

SuratAttachment *
_surat_attachment_new (guint        index,
                       const char  *filename,
                       const char  *mime_type,
                       const char  *content_id,
                       gboolean     is_inline,
                       gboolean     is_message,
                       GMimeObject *part)
{
  SuratAttachment *self;

  g_return_val_if_fail (filename != NULL && *filename != '\0', NULL);
  g_return_val_if_fail (GMIME_IS_OBJECT (part), NULL);

  self = g_object_new (SURAT_TYPE_ATTACHMENT, NULL);
  self->index = index;
  self->filename = g_strdup (filename);
  self->mime_type = g_ascii_strdown (mime_type ? mime_type : "application/octet-stream", -1);
  self->content_id = g_strdup (content_id);
  self->is_inline = !!is_inline;
  self->is_message = !!is_message;
  self->part = g_object_ref (part);

  return self;
}

GMimeObject *
_surat_attachment_get_part (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), NULL);

  return self->part;
}

/* Characters that must not reach a file name: controls (including the C1
 * range), line separators, and invisible formatting characters such as
 * U+202E RIGHT-TO-LEFT OVERRIDE, which can make "gpj.exe" read as
 * "exe.jpg". */
static gboolean
is_unsafe_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
      return TRUE;

    default:
      return FALSE;
    }
}

char *
_surat_attachment_sanitize_filename (const char *name)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) s = NULL;
  const char *base;
  const char *start;
  gsize end;

  if (name == NULL)
    return NULL;

  valid = g_utf8_make_valid (name, -1);

  /* Only the last component, whether the sender's system wrote paths
   * with '/' or '\'. */
  base = valid;
  for (const char *p = valid; *p != '\0'; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;

  s = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A tab or line break becomes a space; other controls go. */
      if (g_unichar_isspace (c))
        g_string_append_c (s, ' ');
      else if (!is_unsafe_char (c))
        g_string_append_unichar (s, c);
    }

  /* No hidden files ("…/.bashrc"), and so never "." or "..". */
  start = s->str;
  while (*start == '.' || *start == ' ')
    start++;
  end = s->len;
  while (end > (gsize) (start - s->str) && s->str[end - 1] == ' ')
    end--;
  g_string_truncate (s, end);
  g_string_erase (s, 0, start - s->str);

  if (s->len == 0)
    return NULL;

  if (s->len > MAX_FILENAME_BYTES)
    {
      const char *dot = strrchr (s->str, '.');
      g_autofree char *extension = NULL;
      gsize keep;

      if (dot != NULL && strlen (dot) <= MAX_EXTENSION_BYTES)
        extension = g_strdup (dot);

      keep = MAX_FILENAME_BYTES - (extension ? strlen (extension) : 0);
      /* Cut on a character boundary. */
      while (keep > 0 && (s->str[keep] & 0xc0) == 0x80)
        keep--;
      g_string_truncate (s, keep);
      if (extension != NULL)
        g_string_append (s, extension);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
_surat_attachment_make_filename (guint        index,
                                 const char  *mime_type)
{
  g_autofree char *lower = g_ascii_strdown (mime_type ? mime_type : "", -1);
  const char *extension = NULL;
  const char *slash;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_str_equal (extensions[i].mime_type, lower))
        {
          extension = extensions[i].extension;
          break;
        }
    }

  /* "image/png", "audio/ogg", "video/mp4": the subtype is the usual
   * extension when it is a short plain word. */
  slash = strchr (lower, '/');
  if (extension == NULL && slash != NULL)
    {
      gsize len = strlen (slash + 1);
      gboolean plain = len >= 2 && len <= 5;

      for (const char *p = slash + 1; plain && *p != '\0'; p++)
        plain = g_ascii_isalnum (*p);
      if (plain)
        extension = slash + 1;
    }

  if (extension == NULL)
    return g_strdup_printf ("attachment-%u", index);

  return g_strdup_printf ("attachment-%u.%s", index, extension);
}

/**
 * surat_attachment_get_index:
 *
 * Returns: the 1-based position among the message's attachments
 */
guint
surat_attachment_get_index (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), 0);

  return self->index;
}

const char *
surat_attachment_get_filename (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), NULL);

  return self->filename;
}

const char *
surat_attachment_get_mime_type (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), NULL);

  return self->mime_type;
}

/* Decoding is the only way to know the size (base64 hides it), and the
 * index never asks: measured on first use, by writing into a counter. */
static guint64
measure_decoded_size (GMimeObject *object)
{
  g_autoptr(GMimeStream) counter = g_mime_stream_null_new ();

  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      if (inner == NULL)
        return 0;
      g_mime_object_write_to_stream (GMIME_OBJECT (inner), NULL, counter);
    }
  else if (GMIME_IS_PART (object) && g_mime_part_get_content (GMIME_PART (object)) != NULL)
    {
      g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (object)), counter);
    }

  return GMIME_STREAM_NULL (counter)->written;
}

guint64
surat_attachment_get_size (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), 0);

  if (!self->size_known)
    {
      self->size = measure_decoded_size (self->part);
      self->size_known = TRUE;
    }

  return self->size;
}

const char *
surat_attachment_get_content_id (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), NULL);

  return self->content_id;
}

gboolean
surat_attachment_is_inline (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), FALSE);

  return self->is_inline;
}

gboolean
surat_attachment_is_message (SuratAttachment *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT (self), FALSE);

  return self->is_message;
}
