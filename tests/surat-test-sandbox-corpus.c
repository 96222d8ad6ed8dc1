/* surat-test-sandbox-corpus.c — the sandbox's message templates made into
 * finished, 7-bit MIME messages
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "surat-gmime-autocleanups.h"
#include "surat-test-sandbox.h"

/* RFC 5322 §2.1.1: a line must not exceed 998 characters. */
#define MAX_LINE 998

/* Headers whose UTF-8 text the templates write as it reads. */
static const char * const address_headers[] = { "From", "To", "Cc", "Reply-To", "Sender" };

typedef struct {
  const char *template_name;  /* for error messages */
  GDateTime  *now;
  int         shift_days;     /* 1 when every date must move a day back */
  GDateTime  *latest;         /* the latest date made, to see whether one lies ahead of @now */
} Corpus;

G_DEFINE_QUARK (surat-test-sandbox-error-quark, surat_test_sandbox_error)

static gboolean
corpus_fail (Corpus      *corpus,
             GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
corpus_fail (Corpus      *corpus,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SURAT_TEST_SANDBOX_ERROR, SURAT_TEST_SANDBOX_ERROR_CORPUS,
               "tests/sandbox/messages/%s: %s", corpus->template_name, what);
  return FALSE;
}

const char *
surat_test_sandbox_get_corpus_dir (void)
{
  return SURAT_TESTS_SRCDIR "/sandbox";
}

static gboolean
is_ascii (const char *s,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* --- dates ------------------------------------------------------------------- */

/* "-12d 14:30 +0700": twelve days before the day of seeding, at 14:30 in
 * the zone +07:00. The seconds come from the template's name, so a reseed
 * makes the same times. */
static gboolean
make_date (Corpus      *corpus,
           const char  *value,
           GDateTime  **date,
           GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) day = NULL;
  char zone_id[8];
  int days, hour, minute, n = 0;

  if (sscanf (value, " -%dd %d:%d %7s%n", &days, &hour, &minute, zone_id, &n) != 4 ||
      value[n + strspn (value + n, " \t\r\n")] != '\0' ||
      days < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      (zone_id[0] != '+' && zone_id[0] != '-'))
    return corpus_fail (corpus, error, "“Date: %s” is not of the form “-12d 14:30 +0700”",
                        g_strstrip (g_strdup (value)));

  zone = g_time_zone_new_identifier (zone_id);
  if (zone == NULL)
    return corpus_fail (corpus, error, "“%s” is not a time zone offset", zone_id);

  local_now = g_date_time_to_timezone (corpus->now, zone);
  day = g_date_time_new (zone, g_date_time_get_year (local_now), g_date_time_get_month (local_now),
                         g_date_time_get_day_of_month (local_now), hour, minute,
                         g_str_hash (corpus->template_name) % 60);
  *date = g_date_time_add_days (day, -(days + corpus->shift_days));

  if (corpus->latest == NULL || g_date_time_compare (*date, corpus->latest) > 0)
    {
      g_clear_pointer (&corpus->latest, g_date_time_unref);
      corpus->latest = g_date_time_ref (*date);
    }

  return TRUE;
}

/* --- headers ----------------------------------------------------------------- */

static char *
encoded_word (const char *charset,
              const char *bytes,
              gsize       len)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) bytes, len);

  return g_strdup_printf ("=?%s?B?%s?=", charset, base64);
}

/* @utf8 as RFC 2047 "B" encoded-words in @charset, joined by folding
 * white space. §2: an encoded-word is at most 75 characters; §5: it holds
 * whole characters, and in a stateful charset (ISO-2022-JP, RFC 1468) it
 * must end in the initial state — so each word's text is converted on
 * its own (g_convert() ends in the initial state). The first word shares
 * its line with the header's name. */
static gboolean
encode_words (Corpus      *corpus,
              GString     *out,
              const char  *utf8,
              const char  *charset,
              gsize        first_line_used,
              GError     **error)
{
  const char *start = utf8;
  gsize overhead = strlen ("=?") + strlen (charset) + strlen ("?B?") + strlen ("?=");
  gsize budget = MIN (75, 76 - first_line_used);
  g_autofree char *best = NULL;
  gsize best_len = 0;
  const char *best_end = NULL;

  while (*start != '\0')
    {
      const char *end = g_utf8_next_char (start);

      g_clear_pointer (&best, g_free);
      best_end = NULL;

      /* The longest run of characters from @start that fits the budget. */
      for (;;)
        {
          g_autoptr(GError) local_error = NULL;
          gsize len = 0;
          char *converted = g_convert (start, end - start, charset, "UTF-8", NULL, &len,
                                       &local_error);

          if (converted == NULL)
            {
              g_autofree char *piece = g_strndup (start, end - start);

              return corpus_fail (corpus, error, "“%s” cannot be written in %s: %s",
                                  piece, charset, local_error->message);
            }

          if (best_end != NULL && overhead + (len + 2) / 3 * 4 > budget)
            {
              g_free (converted);
              break;
            }

          g_free (best);
          best = converted;
          best_len = len;
          best_end = end;
          if (*end == '\0')
            break;
          end = g_utf8_next_char (end);
        }

      if (start != utf8)
        g_string_append (out, "\n ");
      {
        g_autofree char *word = encoded_word (charset, best, best_len);

        g_string_append (out, word);
      }
      start = best_end;
      budget = 75;
    }

  return TRUE;
}

static void
set_raw_header (GMimeObject *object,
                const char  *name,
                const char  *raw)
{
  GMimeHeader *header = g_mime_header_list_get_header (g_mime_object_get_header_list (object),
                                                       name);

  g_mime_header_set_raw_value (header, raw);
}

static gboolean
encode_text_header (Corpus       *corpus,
                    GMimeObject  *object,
                    const char   *name,
                    const char   *charset,
                    GError      **error)
{
  const char *value = g_mime_object_get_header (object, name);
  g_autoptr(GString) raw = g_string_new (" ");
  g_autofree char *unfolded = NULL;

  if (value == NULL || is_ascii (value, strlen (value)))
    return TRUE;

  /* GMime hands the template's raw UTF-8 over as it is, unfolded. */
  unfolded = g_strstrip (g_strdup (value));
  if (!encode_words (corpus, raw, unfolded, charset, strlen (name) + 2, error))
    return FALSE;

  g_string_append_c (raw, '\n');
  set_raw_header (object, name, raw->str);
  return TRUE;
}

static gboolean
encode_address_header (Corpus       *corpus,
                       GMimeObject  *object,
                       const char   *name,
                       const char   *charset,
                       GError      **error)
{
  const char *value = g_mime_object_get_header (object, name);
  g_autoptr(InternetAddressList) list = NULL;
  g_autoptr(GString) raw = g_string_new (" ");

  if (value == NULL || is_ascii (value, strlen (value)))
    return TRUE;

  list = internet_address_list_parse (NULL, value);
  if (list == NULL || internet_address_list_length (list) == 0)
    return corpus_fail (corpus, error, "“%s: %s” holds no address", name, value);

  for (int i = 0; i < internet_address_list_length (list); i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);
      const char *display = internet_address_get_name (address);

      if (i > 0)
        g_string_append (raw, ",\n ");

      if (!INTERNET_ADDRESS_IS_MAILBOX (address))
        return corpus_fail (corpus, error, "“%s” has a group; write mailboxes only", name);

      if (display == NULL || *display == '\0' || is_ascii (display, strlen (display)))
        {
          g_autofree char *text = internet_address_to_string (address, NULL, FALSE);

          g_string_append (raw, text);
        }
      else
        {
          /* RFC 2047 §5 (3): an encoded-word may stand for a word of a
           * phrase, i.e. the display name. */
          if (!encode_words (corpus, raw, display, charset,
                             i == 0 ? strlen (name) + 2 : 1, error))
            return FALSE;
          g_string_append_printf (raw, " <%s>",
                                  internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
        }
    }

  g_string_append_c (raw, '\n');
  set_raw_header (object, name, raw->str);
  return TRUE;
}

/* --- parts ------------------------------------------------------------------- */

/* The template's own bytes of a part, as written: the template's
 * Content-Transfer-Encoding names the encoding to send it in, not how the
 * template is written. */
static GBytes *
raw_content (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) memory = g_mime_stream_mem_new ();
  GByteArray *array;

  if (content == NULL)
    return g_bytes_new (NULL, 0);

  g_mime_stream_reset (g_mime_data_wrapper_get_stream (content));
  g_mime_stream_write_to_stream (g_mime_data_wrapper_get_stream (content), memory);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (memory));
  return g_bytes_new (array->data, array->len);
}

static void
set_content (GMimePart  *part,
             const void *data,
             gsize       len)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (data, len);
  g_autoptr(GMimeDataWrapper) wrapper =
    g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);

  g_mime_part_set_content (part, wrapper);
}

static gboolean
fill_from_asset (Corpus      *corpus,
                 GMimePart   *part,
                 const char  *asset,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (strchr (asset, '/') != NULL || *asset == '.')
    return corpus_fail (corpus, error, "X-Sandbox-File names “%s”, not a file in assets/", asset);

  path = g_build_filename (surat_test_sandbox_get_corpus_dir (), "assets", asset, NULL);
  if (!g_file_get_contents (path, &data, &len, &local_error))
    return corpus_fail (corpus, error, "%s", local_error->message);

  set_content (part, data, len);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  return TRUE;
}

static gboolean
convert_text (Corpus      *corpus,
              GMimePart   *part,
              GError     **error)
{
  GMimeObject *object = GMIME_OBJECT (part);
  GMimeContentEncoding declared = g_mime_part_get_content_encoding (part);
  g_autoptr(GBytes) raw = raw_content (part);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;
  g_autofree char *charset = NULL;
  gsize raw_len, len = 0;
  const char *text = g_bytes_get_data (raw, &raw_len);

  if (!g_utf8_validate_len (text, raw_len, NULL))
    return corpus_fail (corpus, error, "a text part is not UTF-8");

  charset = g_strdup (g_mime_object_get_content_type_parameter (object, "charset"));
  if (charset == NULL)
    {
      charset = g_strdup (is_ascii (text, raw_len) ? "us-ascii" : "utf-8");
      g_mime_object_set_content_type_parameter (object, "charset", charset);
    }

  converted = g_convert (text, raw_len, charset, "UTF-8", NULL, &len, &local_error);
  if (converted == NULL)
    return corpus_fail (corpus, error, "a text part cannot be written in %s: %s",
                        charset, local_error->message);

  set_content (part, converted, len);
  /* RFC 2045 §6: a 7-bit encoding, so the message passes any server;
   * the template may name quoted-printable or base64 itself. */
  if (declared != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE && declared != GMIME_CONTENT_ENCODING_BASE64)
    declared = g_mime_part_get_best_content_encoding (part, GMIME_ENCODING_CONSTRAINT_7BIT);
  g_mime_part_set_content_encoding (part, declared);
  return TRUE;
}

static gboolean
process_part (Corpus      *corpus,
              GMimePart   *part,
              GError     **error)
{
  GMimeObject *object = GMIME_OBJECT (part);
  g_autofree char *asset = g_strdup (g_mime_object_get_header (object, "X-Sandbox-File"));
  g_autofree char *filename = g_strdup (g_mime_part_get_filename (part));
  GMimeContentType *type = g_mime_object_get_content_type (object);

  if (asset != NULL)
    {
      g_strstrip (asset);
      g_mime_object_remove_header (object, "X-Sandbox-File");
      if (!fill_from_asset (corpus, part, asset, error))
        return FALSE;
    }
  else if (g_mime_content_type_is_type (type, "text", "*"))
    {
      if (!convert_text (corpus, part, error))
        return FALSE;
    }
  else
    return corpus_fail (corpus, error, "a %s part needs X-Sandbox-File",
                        g_mime_content_type_get_mime_type (type));

  /* RFC 2231: GMime writes a non-ASCII name as name*=UTF-8''… */
  if (filename != NULL && !is_ascii (filename, strlen (filename)))
    g_mime_part_set_filename (part, filename);

  return TRUE;
}

static gboolean process_message (Corpus        *corpus,
                                 GMimeMessage  *message,
                                 GDateTime    **date,
                                 GError       **error);

static gboolean
process_object (Corpus       *corpus,
                GMimeObject  *object,
                GError      **error)
{
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);

      for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
        if (!process_object (corpus, g_mime_multipart_get_part (multipart, i), error))
          return FALSE;
      return TRUE;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));
      g_autoptr(GDateTime) date = NULL;

      if (inner == NULL)
        return corpus_fail (corpus, error, "an empty message/rfc822 part");
      return process_message (corpus, inner, &date, error);
    }

  if (GMIME_IS_PART (object))
    return process_part (corpus, GMIME_PART (object), error);

  return corpus_fail (corpus, error, "a part GMime cannot take apart");
}

static gboolean
process_message (Corpus        *corpus,
                 GMimeMessage  *message,
                 GDateTime    **date,
                 GError       **error)
{
  GMimeObject *object = GMIME_OBJECT (message);
  g_autofree char *charset = g_strdup (g_mime_object_get_header (object, "X-Sandbox-Charset"));
  const char *date_value = g_mime_object_get_header (object, "Date");
  GMimeObject *body = g_mime_message_get_mime_part (message);

  if (charset != NULL)
    {
      g_strstrip (charset);
      g_mime_object_remove_header (object, "X-Sandbox-Charset");
    }
  else
    charset = g_strdup ("UTF-8");

  if (date_value == NULL)
    return corpus_fail (corpus, error, "a message without “Date: -12d 14:30 +0700”");
  if (!make_date (corpus, date_value, date, error))
    return FALSE;
  g_mime_message_set_date (message, *date);

  if (g_mime_object_get_header (object, "Message-ID") == NULL ||
      g_mime_object_get_header (object, "From") == NULL ||
      g_mime_object_get_header (object, "MIME-Version") == NULL)
    return corpus_fail (corpus, error, "a message needs From, Message-ID and MIME-Version");

  if (!encode_text_header (corpus, object, "Subject", charset, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (address_headers); i++)
    if (!encode_address_header (corpus, object, address_headers[i], charset, error))
      return FALSE;

  if (body == NULL)
    return corpus_fail (corpus, error, "a message without a body");
  return process_object (corpus, body, error);
}

/* Every line short enough, every byte 7-bit: what the finished message
 * promises. */
static gboolean
check_finished (Corpus      *corpus,
                const char  *data,
                gsize        len,
                GError     **error)
{
  gsize line = 0;

  for (gsize i = 0; i < len; i++)
    {
      if ((guchar) data[i] >= 0x80 || data[i] == '\0' || data[i] == '\r')
        return corpus_fail (corpus, error, "byte 0x%02x at offset %" G_GSIZE_FORMAT
                            " left in the finished message", (guchar) data[i], i);
      line = data[i] == '\n' ? 0 : line + 1;
      if (line > MAX_LINE)
        return corpus_fail (corpus, error, "a line over %d characters", MAX_LINE);
    }

  return TRUE;
}

typedef struct {
  GBytes    *bytes;
  GDateTime *date;
} Finished;

static void
finished_free (gpointer data)
{
  Finished *finished = data;

  g_bytes_unref (finished->bytes);
  g_date_time_unref (finished->date);
  g_free (finished);
}

static int
finished_compare (gconstpointer a,
                  gconstpointer b)
{
  const Finished *fa = *(Finished * const *) a;
  const Finished *fb = *(Finished * const *) b;

  return g_date_time_compare (fa->date, fb->date);
}

static Finished *
finish_template (Corpus      *corpus,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GMimeStream) in = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;
  Finished *finished;

  in = g_mime_stream_fs_open (path, O_RDONLY, 0, error);
  if (in == NULL)
    return NULL;
  parser = g_mime_parser_new_with_stream (in);
  message = g_mime_parser_construct_message (parser, NULL);
  if (message == NULL)
    {
      corpus_fail (corpus, error, "GMime found no message in it");
      return NULL;
    }

  if (!process_message (corpus, message, &date, error))
    return NULL;

  text = g_mime_object_to_string (GMIME_OBJECT (message), NULL);
  if (!check_finished (corpus, text, strlen (text), error))
    return NULL;

  finished = g_new0 (Finished, 1);
  finished->date = g_steal_pointer (&date);
  finished->bytes = g_bytes_new_take (text, strlen (text));
  text = NULL;
  return finished;
}

static GPtrArray *
finish_all (Corpus     *corpus,
            GPtrArray  *names,
            GError    **error)
{
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (finished_free);
  g_autofree char *dir = g_build_filename (surat_test_sandbox_get_corpus_dir (), "messages", NULL);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      Finished *one;

      corpus->template_name = names->pdata[i];
      one = finish_template (corpus, path, error);
      if (one == NULL)
        return NULL;
      g_ptr_array_add (finished, one);
    }

  return g_steal_pointer (&finished);
}

GPtrArray *
surat_test_sandbox_corpus (GDateTime  *now,
                           GError    **error)
{
  g_autofree char *dir = g_build_filename (surat_test_sandbox_get_corpus_dir (), "messages", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) finished = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) listing = NULL;
  Corpus corpus = { .now = now };
  const char *name;

  g_return_val_if_fail (now != NULL, NULL);

  g_mime_init ();

  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  finished = finish_all (&corpus, names, error);

  /* Seeded early in the day, "today at 15:00" would lie ahead: then
   * every date moves a day back, which keeps their order. */
  if (finished != NULL && corpus.latest != NULL && g_date_time_compare (corpus.latest, now) > 0)
    {
      g_clear_pointer (&corpus.latest, g_date_time_unref);
      g_clear_pointer (&finished, g_ptr_array_unref);
      corpus.shift_days = 1;
      finished = finish_all (&corpus, names, error);
    }
  g_clear_pointer (&corpus.latest, g_date_time_unref);

  if (finished == NULL)
    return NULL;

  g_ptr_array_sort (finished, finished_compare);
  for (guint i = 0; i < finished->len; i++)
    g_ptr_array_add (result, g_bytes_ref (((Finished *) finished->pdata[i])->bytes));

  return g_steal_pointer (&result);
}
