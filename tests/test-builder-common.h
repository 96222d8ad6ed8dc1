/* test-builder-common.h — helpers the message builder's tests share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

#include "surat-core.h"
#include "surat-gmime-autocleanups.h"
#include "surat-message-builder.h"
#include "surat-test-util.h"

/* Every test gets a fresh directory for what it writes. */
typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = surat_test_make_tmpdir ("builder");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static inline const char *
data_file (const char *name)
{
  return g_test_get_filename (G_TEST_DIST, "data", "builder", name, NULL);
}

/* A builder with the sender every test uses. */
static inline SuratMessageBuilder *
new_builder (void)
{
  g_autoptr(GError) error = NULL;
  SuratMessageBuilder *b = surat_message_builder_new ();

  surat_message_builder_set_from (b, "Ana Lima", "ana@example.org", &error);
  g_assert_no_error (error);
  return b;
}

static inline char *
write_message (SuratMessageBuilder *b,
               Fixture             *f,
               const char          *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  surat_message_builder_write_to_path (b, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static inline GMimeMessage *
parse_bytes (GBytes *bytes)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL),
                                                                     g_bytes_get_size (bytes));
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_assert_nonnull (message);
  return message;
}

static inline GMimeMessage *
parse_path (const char *path)
{
  g_autoptr(GBytes) bytes = surat_test_read_file (path);

  return parse_bytes (bytes);
}

/* The header block of a message file, as text (up to the empty line). */
static inline char *
header_of (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = g_strstr_len (data, len, "\n\n");

  g_assert_nonnull (end);
  return g_strndup (data, end - data + 1);
}

static inline gsize
max_line_length (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize max = 0;
  gsize line = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\n')
        {
          max = MAX (max, line);
          line = 0;
        }
      else
        {
          line++;
        }
    }

  return MAX (max, line);
}

static inline gboolean
has_byte_over_127 (GBytes *bytes)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i < len; i++)
    if (data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

static inline gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The decoded content of a leaf part. */
static inline GBytes *
decoded_content (GMimePart *part)
{
  g_autoptr(GMimeStream) out = g_mime_stream_mem_new ();
  GByteArray *array;

  g_assert_cmpint (g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (part), out), >=, 0);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  return g_bytes_new (array->data, array->len);
}

/* The @n-th leaf part (depth first), not descending into message/rfc822. */
static inline GMimeObject *
nth_leaf (GMimeObject *object,
          int         *n)
{
  if (GMIME_IS_MULTIPART (object))
    {
      for (int i = 0; i < g_mime_multipart_get_count (GMIME_MULTIPART (object)); i++)
        {
          GMimeObject *found = nth_leaf (g_mime_multipart_get_part (GMIME_MULTIPART (object), i), n);

          if (found != NULL)
            return found;
        }
      return NULL;
    }

  return (*n)-- == 0 ? object : NULL;
}

static inline GMimeObject *
leaf (GMimeMessage *message,
      int           n)
{
  GMimeObject *found = nth_leaf (g_mime_message_get_mime_part (message), &n);

  g_assert_nonnull (found);
  return found;
}

static inline char *
decoded_text (GMimeObject *part)
{
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (GMIME_IS_PART (part));
  bytes = decoded_content (GMIME_PART (part));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static inline void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                   g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

static inline const char *
content_transfer_encoding (GMimeObject *object)
{
  return g_mime_object_get_header (object, "Content-Transfer-Encoding");
}
