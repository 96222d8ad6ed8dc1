/* surat-draft-mailto.c — a draft from a mailto: link (RFC 6068)
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-draft-private.h"

/* Percent-decodes @text[0..len) (RFC 6068 §2: '+' is a plus sign, not a
 * space) into UTF-8 without NUL. */
static char *
decode (const char  *text,
        gsize        len,
        GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  bytes = g_uri_unescape_bytes (text, (gssize) len, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_FAILED,
                   _("The mail link is malformed: %s"), local_error->message);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size > 0 && memchr (data, '\0', size) != NULL)
    {
      g_set_error (error, SURAT_MESSAGE_BUILDER_ERROR,
                   SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
                   _("The mail link holds a NUL character"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8,
                   _("The mail link holds text that is not UTF-8"));
      return NULL;
    }
  return g_strndup (data, size);
}

/* A one-line field: line breaks and other control characters (a header
 * injection attempt in a link) become spaces. */
static void
flatten_line (char *text)
{
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
}

static void
append_addresses (GString    *field,
                  const char *addresses)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (addresses));

  if (*trimmed == '\0')
    return;
  if (field->len > 0)
    g_string_append (field, ", ");
  g_string_append (field, trimmed);
}

/* CRLF and lone CR as LF (RFC 6068 §5: line breaks in a body are %0D%0A). */
static void
normalize_line_ends (char *text)
{
  char *out = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          *out++ = '\n';
          if (p[1] == '\n')
            p++;
          continue;
        }
      *out++ = *p;
    }
  *out = '\0';
}

SuratDraft *
surat_draft_new_from_mailto (const char  *uri,
                             GError     **error)
{
  g_autoptr(SuratDraft) self = NULL;
  g_autoptr(GString) to = g_string_new (NULL);
  g_autoptr(GString) cc = g_string_new (NULL);
  g_autoptr(GString) bcc = g_string_new (NULL);
  g_autofree char *subject = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *path = NULL;
  const char *rest;
  const char *query;
  const char *end;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_ascii_strncasecmp (uri, "mailto:", 7) != 0)
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_BAD_SCHEME,
                   _("“%s” is not a mail link"), uri);
      return NULL;
    }
  rest = uri + 7;
  /* A fragment means nothing to mail (RFC 6068 §2). */
  end = strchr (rest, '#');
  if (end == NULL)
    end = rest + strlen (rest);
  query = memchr (rest, '?', (gsize) (end - rest));

  path = decode (rest, (gsize) ((query != NULL ? query : end) - rest), error);
  if (path == NULL)
    return NULL;
  flatten_line (path);
  append_addresses (to, path);

  while (query != NULL && query < end)
    {
      const char *field = query + 1;
      const char *next = memchr (field, '&', (gsize) (end - field));
      const char *field_end = next != NULL ? next : end;
      const char *equals = memchr (field, '=', (gsize) (field_end - field));
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      query = next;
      if (equals == NULL)
        continue;

      name = decode (field, (gsize) (equals - field), error);
      if (name == NULL)
        return NULL;
      value = decode (equals + 1, (gsize) (field_end - equals - 1), error);
      if (value == NULL)
        return NULL;

      /* hfnames are case-insensitive (RFC 6068 §2). Everything else (From,
       * Reply-To, attach, headers a link has no business setting) is
       * dropped, as §7 advises. */
      if (g_ascii_strcasecmp (name, "body") == 0)
        {
          normalize_line_ends (value);
          if (body == NULL)
            body = g_string_new (value);
          else
            g_string_append_printf (body, "\n%s", value);
          continue;
        }

      flatten_line (value);
      if (g_ascii_strcasecmp (name, "to") == 0)
        append_addresses (to, value);
      else if (g_ascii_strcasecmp (name, "cc") == 0)
        append_addresses (cc, value);
      else if (g_ascii_strcasecmp (name, "bcc") == 0)
        append_addresses (bcc, value);
      else if (g_ascii_strcasecmp (name, "subject") == 0 && subject == NULL)
        subject = g_steal_pointer (&value);
    }

  self = surat_draft_new (NULL);
  surat_draft_set_addresses (self, SURAT_MESSAGE_FIELD_TO, to->str);
  surat_draft_set_addresses (self, SURAT_MESSAGE_FIELD_CC, cc->str);
  surat_draft_set_addresses (self, SURAT_MESSAGE_FIELD_BCC, bcc->str);
  surat_draft_set_subject (self, subject);
  surat_draft_set_body (self, body != NULL ? body->str : NULL);
  _surat_draft_reset_revision (self);
  return g_steal_pointer (&self);
}
