/* surat-message-builder-error.c — SURAT_MESSAGE_BUILDER_ERROR: what is
 * wrong, and where
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-message-builder-private.h"

typedef struct
{
  SuratMessageField field;
  int               index;
  gsize             start;
  gsize             end;
} SuratMessageBuilderErrorPrivate;

static void
surat_message_builder_error_private_init (SuratMessageBuilderErrorPrivate *priv)
{
  priv->field = SURAT_MESSAGE_FIELD_NONE;
  priv->index = -1;
  priv->start = 0;
  priv->end = 0;
}

static void
surat_message_builder_error_private_copy (const SuratMessageBuilderErrorPrivate *src,
                                          SuratMessageBuilderErrorPrivate       *dest)
{
  *dest = *src;
}

static void
surat_message_builder_error_private_clear (SuratMessageBuilderErrorPrivate *priv)
{
}

/* An extended error (GLib 2.68): where the problem is travels with the
 * GError, so the composer can put the cursor on the bad address. */
G_DEFINE_EXTENDED_ERROR (SuratMessageBuilderError, surat_message_builder_error)

void
_surat_message_builder_set_error (GError                   **error,
                                  SuratMessageBuilderError   code,
                                  SuratMessageField          field,
                                  int                        index,
                                  gsize                      start,
                                  gsize                      end,
                                  const char                *format,
                                  ...)
{
  SuratMessageBuilderErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  new_error = g_error_new_valist (SURAT_MESSAGE_BUILDER_ERROR, code, format, args);
  va_end (args);

  priv = surat_message_builder_error_get_private (new_error);
  priv->field = field;
  priv->index = index;
  priv->start = start;
  priv->end = end;

  g_propagate_error (error, new_error);
}

SuratMessageField
surat_message_builder_error_get_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, SURAT_MESSAGE_FIELD_NONE);

  if (error->domain != SURAT_MESSAGE_BUILDER_ERROR)
    return SURAT_MESSAGE_FIELD_NONE;

  return surat_message_builder_error_get_private (error)->field;
}

int
surat_message_builder_error_get_index (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != SURAT_MESSAGE_BUILDER_ERROR)
    return -1;

  return surat_message_builder_error_get_private (error)->index;
}

gboolean
surat_message_builder_error_get_span (const GError *error,
                                      gsize        *start,
                                      gsize        *end)
{
  SuratMessageBuilderErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, FALSE);

  if (start != NULL)
    *start = 0;
  if (end != NULL)
    *end = 0;

  if (error->domain != SURAT_MESSAGE_BUILDER_ERROR)
    return FALSE;

  priv = surat_message_builder_error_get_private (error);
  if (priv->start == priv->end)
    return FALSE;

  if (start != NULL)
    *start = priv->start;
  if (end != NULL)
    *end = priv->end;
  return TRUE;
}

const char *
_surat_message_field_describe (SuratMessageField field)
{
  switch (field)
    {
    /* Translators: these are the names of header fields as the composer
     * shows them; keep them short. */
    case SURAT_MESSAGE_FIELD_FROM:        return _("From");
    case SURAT_MESSAGE_FIELD_TO:          return _("To");
    case SURAT_MESSAGE_FIELD_CC:          return _("Cc");
    case SURAT_MESSAGE_FIELD_BCC:         return _("Bcc");
    case SURAT_MESSAGE_FIELD_REPLY_TO:    return _("Reply-To");
    case SURAT_MESSAGE_FIELD_SUBJECT:     return _("Subject");
    case SURAT_MESSAGE_FIELD_MESSAGE_ID:  return _("Message-ID");
    case SURAT_MESSAGE_FIELD_IN_REPLY_TO: return _("In-Reply-To");
    case SURAT_MESSAGE_FIELD_REFERENCES:  return _("References");
    case SURAT_MESSAGE_FIELD_TEXT:        return _("Text");
    case SURAT_MESSAGE_FIELD_HTML:        return _("HTML text");
    case SURAT_MESSAGE_FIELD_ATTACHMENT:  return _("Attachment");
    case SURAT_MESSAGE_FIELD_NONE:
    default:
      return "";
    }
}

gssize
_surat_first_invalid_utf8 (const char *text,
                           gsize       length)
{
  gsize offset = 0;

  while (offset < length)
    {
      const char *end;

      if (g_utf8_validate_len (text + offset, length - offset, &end))
        return -1;
      if (*end != '\0')
        return end - text;
      offset = end - text + 1;
    }

  return -1;
}

gboolean
_surat_check_one_line (const char         *text,
                       gssize              length,
                       SuratMessageField   field,
                       int                 index,
                       GError            **error)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  gssize bad;

  for (gsize i = 0; i < len; i++)
    {
      if (!_surat_is_control (text[i]))
        continue;

      /* RFC 5322 §2.2: a header field is one line; a CR or LF a person's
       * text smuggles in would start a header field of theirs. */
      if (field == SURAT_MESSAGE_FIELD_ATTACHMENT)
        _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
                                          field, index, i, i + 1,
                                          _("An attachment name cannot contain line breaks or "
                                            "NUL characters"));
      else
        _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
                                          field, index, i, i + 1,
                                          _("The %s field cannot contain line breaks or NUL "
                                            "characters"),
                                          _surat_message_field_describe (field));
      return FALSE;
    }

  bad = _surat_first_invalid_utf8 (text, len);
  if (bad >= 0)
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8,
                                        field, index, bad, bad + 1,
                                        _("The %s field is not valid UTF-8 text"),
                                        _surat_message_field_describe (field));
      return FALSE;
    }

  return TRUE;
}
