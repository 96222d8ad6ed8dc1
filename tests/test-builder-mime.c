/* test-builder-mime.c — SuratMessageBuilder: bodies and their encodings,
 * attachments, forwarded messages, the 7-bit downgrade
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "test-builder-common.h"

/* The body of a single-part message file, as written. */
static char *
raw_body_of (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = g_strstr_len (data, len, "\n\n");

  g_assert_nonnull (end);
  return g_strndup (end + 2, data + len - end - 2);
}

static SuratMessageBuilder *
text_builder (const char *text,
              gboolean    eightbitmime)
{
  g_autoptr(GError) error = NULL;
  SuratMessageBuilder *b = new_builder ();

  surat_message_builder_set_8bitmime (b, eightbitmime);
  surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
  surat_message_builder_set_text (b, text, -1, &error);
  g_assert_no_error (error);
  return b;
}

static SuratEnvelopeFlags
envelope_flags (SuratMessageBuilder *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = surat_message_builder_get_envelope (b, &error);

  g_assert_no_error (error);
  return surat_envelope_get_flags (envelope);
}

/* Bodies */

static void
test_body_7bit (Fixture       *f,
                gconstpointer  data)
{
  const char *text = "Hello Bob,\n\n.\n..\nA dot line or two; SMTP stuffs them, not us.\n";
  g_autoptr(SuratMessageBuilder) b = text_builder (text, TRUE);
  g_autofree char *path = write_message (b, f, "7bit.eml");
  g_autoptr(GBytes) bytes = surat_test_read_file (path);
  g_autoptr(GMimeMessage) message = parse_bytes (bytes);
  g_autofree char *body = raw_body_of (bytes);

  g_assert_cmpstr (content_transfer_encoding (g_mime_message_get_mime_part (message)), ==, "7bit");
  g_assert_cmpstr (body, ==, text);
  g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_FLAGS_NONE);
}

static void
test_body_8bit_with_8bitmime (Fixture       *f,
                              gconstpointer  data)
{
  const char *text = "Grüße aus Köln, Привет, 你好!\n";
  g_autoptr(SuratMessageBuilder) b = text_builder (text, TRUE);
  g_autofree char *path = write_message (b, f, "8bit.eml");
  g_autoptr(GBytes) bytes = surat_test_read_file (path);
  g_autoptr(GMimeMessage) message = parse_bytes (bytes);
  g_autofree char *body = raw_body_of (bytes);
  GMimeObject *part = g_mime_message_get_mime_part (message);
  g_autofree char *decoded = decoded_text (part);

  /* RFC 6152: the server said 8BITMIME, so UTF-8 goes as it is. */
  g_assert_cmpstr (content_transfer_encoding (part), ==, "8bit");
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
  g_assert_cmpstr (body, ==, text);
  g_assert_cmpstr (decoded, ==, text);
  g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_8BITMIME);
}

static void
test_body_qp_without_8bitmime (Fixture       *f,
                               gconstpointer  data)
{
  const char *text = "Grüße aus Köln, Привет, 你好!\nA trailing space \nand a tab\t\n";
  g_autoptr(SuratMessageBuilder) b = text_builder (text, FALSE);
  g_autofree char *path = write_message (b, f, "qp.eml");
  g_autoptr(GBytes) bytes = surat_test_read_file (path);
  g_autoptr(GMimeMessage) message = parse_bytes (bytes);
  GMimeObject *part = g_mime_message_get_mime_part (message);
  g_autofree char *decoded = decoded_text (part);

  g_assert_cmpstr (content_transfer_encoding (part), ==, "quoted-printable");
  g_assert_false (has_byte_over_127 (bytes));
  g_assert_cmpstr (decoded, ==, text);
  g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_FLAGS_NONE);
}

static void
test_body_998_rule (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *line998 = g_strnfill (998, 'a');
  g_autofree char *line999 = g_strnfill (999, 'b');
  g_autofree char *text998 = g_strconcat ("short\n", line998, "\nend\n", NULL);
  g_autofree char *text999 = g_strconcat ("short\n", line999, "\nend\n", NULL);
  g_autofree char *utf8_999 = NULL;
  struct {
    const char *text;
    const char *encoding;
  } cases[3];
  GString *long_utf8 = g_string_new ("Ü");

  while (long_utf8->len < 1200)
    g_string_append (long_utf8, "ü");
  g_string_append_c (long_utf8, '\n');
  utf8_999 = g_string_free (long_utf8, FALSE);

  /* RFC 5322 §2.1.1: 998 octets is the longest line there may be;
   * 8BITMIME does not lift that (RFC 6152 §2). */
  cases[0].text = text998;
  cases[0].encoding = "7bit";
  cases[1].text = text999;
  cases[1].encoding = "quoted-printable";
  cases[2].text = utf8_999;
  cases[2].encoding = "quoted-printable";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SuratMessageBuilder) b = text_builder (cases[i].text, TRUE);
      g_autofree char *name = g_strdup_printf ("long-%u.eml", i);
      g_autofree char *path = write_message (b, f, name);
      g_autoptr(GBytes) bytes = surat_test_read_file (path);
      g_autoptr(GMimeMessage) message = parse_bytes (bytes);
      GMimeObject *part = g_mime_message_get_mime_part (message);
      g_autofree char *decoded = decoded_text (part);

      g_assert_cmpstr (content_transfer_encoding (part), ==, cases[i].encoding);
      g_assert_cmpuint (max_line_length (bytes), <=, 998);
      g_assert_cmpstr (decoded, ==, cases[i].text);
      /* Quoted-printable carries no 8-bit octet: nothing for BODY=8BITMIME. */
      g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_FLAGS_NONE);
    }
}

static void
test_body_line_ends (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("one\r\ntwo\rthree\nfour", TRUE);
  g_autofree char *path = write_message (b, f, "ends.eml");
  g_autoptr(GBytes) bytes = surat_test_read_file (path);
  g_autoptr(GMimeMessage) message = parse_bytes (bytes);
  g_autofree char *decoded = decoded_text (g_mime_message_get_mime_part (message));

  /* Stored with LF (Maildir); the SMTP client sends CRLF. Text is lines:
   * the last one gets its end too. */
  g_assert_false (bytes_contain (bytes, "\r"));
  g_assert_cmpstr (decoded, ==, "one\ntwo\nthree\nfour\n");
}

static void
test_body_html_alternative (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("Hello *Bob*\n", FALSE);
  g_autoptr(GError) error = NULL;
  const char *html = "<!DOCTYPE html>\n<html><body><p>Hello <b>Bob</b> — ça va?</p></body></html>\n";
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  GMimeObject *body;
  g_autofree char *text_part = NULL;
  g_autofree char *html_part = NULL;

  surat_message_builder_set_html (b, html, -1, &error);
  g_assert_no_error (error);
  path = write_message (b, f, "alternative.eml");
  message = parse_path (path);
  body = g_mime_message_get_mime_part (message);

  /* RFC 2046 §5.1.4: the plainest version first. */
  g_assert_true (GMIME_IS_MULTIPART (body));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (body),
                                              "multipart", "alternative"));
  g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (body)), ==, 2);
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (leaf (message, 0)),
                                              "text", "plain"));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (leaf (message, 1)),
                                              "text", "html"));
  text_part = decoded_text (leaf (message, 0));
  html_part = decoded_text (leaf (message, 1));
  g_assert_cmpstr (text_part, ==, "Hello *Bob*\n");
  g_assert_cmpstr (html_part, ==, html);
}

static void
test_body_empty_and_html_only (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) empty = text_builder (NULL, FALSE);
  g_autoptr(SuratMessageBuilder) html = text_builder (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_path = write_message (empty, f, "empty.eml");
  g_autofree char *html_path = NULL;
  g_autoptr(GMimeMessage) m1 = parse_path (empty_path);
  g_autoptr(GMimeMessage) m2 = NULL;

  g_assert_true (g_mime_content_type_is_type (
    g_mime_object_get_content_type (g_mime_message_get_mime_part (m1)), "text", "plain"));

  surat_message_builder_set_html (html, "<p>Only HTML</p>", -1, &error);
  g_assert_no_error (error);
  html_path = write_message (html, f, "html.eml");
  m2 = parse_path (html_path);
  g_assert_true (g_mime_content_type_is_type (
    g_mime_object_get_content_type (g_mime_message_get_mime_part (m2)), "text", "html"));
}

/* Attachments */

static char *
make_file (Fixture    *f,
           const char *name,
           GBytes     *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                       &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
random_bytes (gsize   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand);
  return g_bytes_new_take (data, size);
}

static void
test_attachments_byte_identical (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) random = random_bytes (100 * 1024 + 7, 42);
  g_autoptr(GBytes) crlf_text = g_bytes_new_static ("line one  \r\nline two\r\n\r\nno final line end", 42);
  g_autofree char *random_path = make_file (f, "random.bin", random);
  g_autofree char *text_path = make_file (f, "notes.txt", crlf_text);
  g_autoptr(GError) error = NULL;
  struct {
    const char *path;
    const char *name;        /* given, or NULL */
    const char *shown;       /* what the recipient sees */
    const char *mime_type;   /* expected; NULL: starts with "audio/" */
  } files[] = {
    { data_file ("pixel.png"), "Фото №1.png", "Фото №1.png", "image/png" },
    /* No extension: sniffed from the content alone. */
    { data_file ("hello.pdf"), "document", "document", "application/pdf" },
    { data_file ("tone.wav"), NULL, "tone.wav", NULL },
    { random_path, NULL, "random.bin", "application/octet-stream" },
    { text_path, NULL, "notes.txt", "text/plain" },
  };
  g_autoptr(SuratMessageBuilder) b = text_builder ("See attached.\n", TRUE);
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      surat_message_builder_add_attachment (b, files[i].path, files[i].name, NULL, &error);
      g_assert_no_error (error);
    }
  path = write_message (b, f, "attachments.eml");
  message = parse_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      GMimeObject *part = leaf (message, i + 1);
      GMimeContentType *type = g_mime_object_get_content_type (part);
      g_autofree char *mime_type = g_mime_content_type_get_mime_type (type);
      g_autoptr(GBytes) expected = surat_test_read_file (files[i].path);
      g_autoptr(GBytes) decoded = decoded_content (GMIME_PART (part));

      g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (part)), ==, files[i].shown);
      if (files[i].mime_type != NULL)
        g_assert_cmpstr (mime_type, ==, files[i].mime_type);
      else
        g_assert_true (g_str_has_prefix (mime_type, "audio/") && strstr (mime_type, "wav") != NULL);
      g_assert_cmpstr (content_transfer_encoding (part), ==, "base64");
      g_assert_true (g_mime_part_is_attachment (GMIME_PART (part)));
      /* Every byte as it was, CRLFs of a text file included. */
      assert_bytes_equal (decoded, expected);
    }
}

static void
test_attachments_rfc2231_names (Fixture       *f,
                                gconstpointer  data)
{
  const char *names[] = {
    "Résumé – 履歴書.pdf",
    "Ελληνικά; \"quoted\" = tricky.png",
    "a rather long ASCII file name that surely needs parameter continuations in its header.txt",
    "ملف عربي طويل الاسم جدا جدا جدا جدا جدا جدا جدا جدا جدا جدا جدا.doc",
  };
  g_autoptr(SuratMessageBuilder) b = text_builder ("Names.\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      surat_message_builder_add_attachment (b, data_file ("pixel.png"), names[i], NULL, &error);
      g_assert_no_error (error);
    }
  path = write_message (b, f, "names.eml");
  bytes = surat_test_read_file (path);

  /* RFC 2231 §4: charset''percent-encoded, split into name*0*, name*1*… */
  g_assert_false (has_byte_over_127 (bytes));
  g_assert_cmpuint (max_line_length (bytes), <=, 78);
  g_assert_true (bytes_contain (bytes, "filename*0*=UTF-8''R%C3%A9sum%C3%A9"));

  message = parse_bytes (bytes);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (leaf (message, i + 1))), ==, names[i]);
}

static void
test_attachments_given_type_and_errors (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("x\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "gone.pdf", NULL);
  g_autofree char *doomed = NULL;
  g_autoptr(GBytes) contents = g_bytes_new_static ("soon gone", 9);
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *mime_type = NULL;

  surat_message_builder_add_attachment (b, data_file ("pixel.png"), "x.dat",
                                        "Application/X-Surat-Test", &error);
  g_assert_no_error (error);
  path = write_message (b, f, "given.eml");
  message = parse_path (path);
  mime_type = g_mime_content_type_get_mime_type (g_mime_object_get_content_type (leaf (message, 1)));
  g_assert_cmpstr (mime_type, ==, "application/x-surat-test");

  surat_message_builder_add_attachment (b, missing, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.pdf"));
  g_clear_error (&error);
  surat_message_builder_add_attachment (b, f->dir, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  surat_message_builder_add_attachment (b, data_file ("pixel.png"), NULL, "image", &error);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MIME_TYPE);
  g_assert_cmpint (surat_message_builder_error_get_index (error), ==, 1);
  g_clear_error (&error);

  /* A file that goes away between attaching and sending: the person is
   * told which. */
  doomed = make_file (f, "doomed.txt", contents);
  surat_message_builder_add_attachment (b, doomed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (doomed);
  g_free (path);
  path = g_build_filename (f->dir, "never.eml", NULL);
  g_assert_false (surat_message_builder_write_to_path (b, path, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "doomed.txt"));
}

static gsize
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return strtoul (line + strlen ("VmHWM:"), NULL, 10);
}

static char *
sha256_of_part (GMimePart *part)
{
  g_autoptr(GMimeStream) null = g_mime_stream_null_new ();
  g_autoptr(GMimeStream) filtered = g_mime_stream_filter_new (null);
  g_autoptr(GMimeFilter) checksum = g_mime_filter_checksum_new (G_CHECKSUM_SHA256);

  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), checksum);
  g_assert_cmpint (g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (part), filtered),
                   >=, 0);
  g_mime_stream_flush (filtered);
  return g_mime_filter_checksum_get_string (GMIME_FILTER_CHECKSUM (checksum));
}

static void
test_attachments_large_streams (Fixture       *f,
                                gconstpointer  data)
{
  const gsize size = 25 * 1024 * 1024;
  const gsize block = 256 * 1024;
  g_autofree char *big = NULL;
  g_autofree char *out = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(SuratMessageBuilder) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *decoded_sum = NULL;
  FILE *file;
  gsize before;
  gsize after;

  if (!g_test_subprocess ())
    {
      /* A process of its own: its peak memory is this test's alone. */
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  big = g_build_filename (f->dir, "big.bin", NULL);
  out = g_build_filename (f->dir, "big.eml", NULL);
  buffer = g_malloc (block);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  rand = g_rand_new_with_seed (7);
  file = fopen (big, "wb");
  g_assert_nonnull (file);
  for (gsize done = 0; done < size; done += block)
    {
      for (gsize i = 0; i < block; i++)
        buffer[i] = g_rand_int (rand);
      g_checksum_update (checksum, buffer, block);
      g_assert_cmpuint (fwrite (buffer, 1, block, file), ==, block);
    }
  fclose (file);
  g_clear_pointer (&buffer, g_free);

  b = text_builder ("A big one.\n", TRUE);
  surat_message_builder_add_attachment (b, big, NULL, NULL, &error);
  g_assert_no_error (error);

  before = peak_rss_kb ();
  surat_message_builder_write_to_path (b, out, NULL, &error);
  g_assert_no_error (error);
  after = peak_rss_kb ();
  g_test_message ("peak RSS %zu kB before writing a %zu MB attachment, %zu kB after",
                  before, size >> 20, after);
  /* DESIGN.md: memory independent of the attachment's size. */
  g_assert_cmpuint (after - before, <, 4 * 1024);

  /* And it is all there. */
  {
    g_autoptr(GMimeStream) stream = g_mime_stream_fs_open (out, O_RDONLY, 0, &error);
    g_autoptr(GMimeParser) parser = NULL;

    g_assert_no_error (error);
    parser = g_mime_parser_new_with_stream (stream);
    g_mime_parser_set_persist_stream (parser, TRUE);
    message = g_mime_parser_construct_message (parser, NULL);
    decoded_sum = sha256_of_part (GMIME_PART (leaf (message, 1)));
    g_assert_cmpstr (decoded_sum, ==, g_checksum_get_string (checksum));
  }
}

/* Forwarded messages */

static const char forwarded_text[] =
  "Hallo Ana,\n\nanbei das Protokoll. Schöne Grüße aus Köln!\n.\n"
  "Eine Zeile mit einem Punkt oben drüber.\n";

static GMimeMessage *
forwarded_message (GMimeMessage *outer,
                   int           index)
{
  GMimeObject *part = leaf (outer, index);

  g_assert_true (GMIME_IS_MESSAGE_PART (part));
  return g_mime_message_part_get_message (GMIME_MESSAGE_PART (part));
}

/* The message/rfc822 part that is leaf @index of @outer holds
 * forward-8bit.eml, and it reads as it did. */
static void
assert_forwarded_content (GMimeMessage *outer,
                          int           index)
{
  GMimeMessage *inner = forwarded_message (outer, index);
  g_autofree char *text = decoded_text (leaf (inner, 0));
  g_autofree char *long_text = decoded_text (leaf (inner, 1));
  g_autoptr(GBytes) data = decoded_content (GMIME_PART (leaf (inner, 2)));
  InternetAddress *from = internet_address_list_get_address (g_mime_message_get_from (inner), 0);
  guint8 expected[32];

  for (guint i = 0; i < sizeof expected; i++)
    expected[i] = i;

  g_assert_cmpstr (g_mime_message_get_subject (inner), ==, "Protokoll der Sitzung — Grüße");
  g_assert_cmpstr (internet_address_get_name (from), ==, "Jürgen Groß");
  g_assert_cmpstr (text, ==, forwarded_text);
  g_assert_true (g_str_has_prefix (long_text, "Lorem ipsum dolor sit amet Lorem"));
  g_assert_true (g_str_has_suffix (long_text, "amet — Ende.\n"));
  g_assert_cmpuint (strlen (long_text), ==, 1225);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), expected, sizeof expected);
}

static void
test_forward_with_8bitmime (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("FYI.\n", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  GMimeObject *part;

  surat_message_builder_add_forwarded_message (b, data_file ("forward-8bit.eml"), &error);
  g_assert_no_error (error);
  path = write_message (b, f, "forward.eml");
  bytes = surat_test_read_file (path);
  message = parse_bytes (bytes);
  part = leaf (message, 1);

  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (part),
                                              "message", "rfc822"));
  /* RFC 2046 §5.2.1: 8bit, as it holds 8-bit octets; the line over 998
   * octets could not go as it was, even so. */
  g_assert_cmpstr (content_transfer_encoding (part), ==, "8bit");
  g_assert_cmpuint (max_line_length (bytes), <=, 998);
  g_assert_cmpstr (g_mime_object_get_content_disposition_parameter (part, "filename"), ==,
                   "Protokoll der Sitzung — Grüße.eml");
  assert_forwarded_content (message, 1);
  g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_8BITMIME);
}

static void
test_forward_without_8bitmime (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("FYI.\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;

  surat_message_builder_add_forwarded_message (b, data_file ("forward-8bit.eml"), &error);
  g_assert_no_error (error);
  path = write_message (b, f, "forward7.eml");
  bytes = surat_test_read_file (path);

  /* Everything 7-bit, its header as encoded-words, its bodies re-encoded,
   * and it reads the same. */
  g_assert_false (has_byte_over_127 (bytes));
  g_assert_cmpuint (max_line_length (bytes), <=, 998);
  message = parse_bytes (bytes);
  g_assert_null (content_transfer_encoding (leaf (message, 1)));
  assert_forwarded_content (message, 1);
  g_assert_cmpint (envelope_flags (b), ==, SURAT_ENVELOPE_FLAGS_NONE);
}

static void
test_forward_crlf_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) lf = surat_test_read_file (data_file ("forward-8bit.eml"));
  g_autoptr(GString) crlf = g_string_new (NULL);
  g_autoptr(GBytes) crlf_bytes = NULL;
  g_autofree char *crlf_path = NULL;

  for (gsize i = 0; i < g_bytes_get_size (lf); i++)
    {
      char c = ((const char *) g_bytes_get_data (lf, NULL))[i];

      if (c == '\n')
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, c);
    }
  crlf_bytes = g_bytes_new (crlf->str, crlf->len);
  crlf_path = make_file (f, "crlf.eml", crlf_bytes);

  /* A .eml saved by another program: CRLF inside, LF in what we write,
   * with 8BITMIME or without. */
  for (int eightbitmime = 0; eightbitmime <= 1; eightbitmime++)
    {
      g_autoptr(SuratMessageBuilder) b = text_builder ("FYI.\n", eightbitmime);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("crlf-%d.eml", eightbitmime);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GMimeMessage) message = NULL;

      surat_message_builder_add_forwarded_message (b, crlf_path, &error);
      g_assert_no_error (error);
      path = write_message (b, f, name);
      bytes = surat_test_read_file (path);
      g_assert_false (bytes_contain (bytes, "\r"));
      message = parse_bytes (bytes);
      assert_forwarded_content (message, 1);
    }
}

static void
test_forward_eml_attachment (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("An .eml and a fake one.\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x89PNG not a message", 19);
  g_autofree char *fake = make_file (f, "fake.eml", junk);
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *fake_type = NULL;

  /* Attached as a file, an .eml still travels as message/rfc822 (RFC 2046
   * §5.2.1: never base64), under the name it was given. */
  surat_message_builder_add_attachment (b, data_file ("forward-8bit.eml"), "Protokoll.eml", NULL,
                                        &error);
  surat_message_builder_add_attachment (b, fake, NULL, "message/rfc822", &error);
  g_assert_no_error (error);
  path = write_message (b, f, "eml.eml");
  message = parse_path (path);

  g_assert_true (GMIME_IS_MESSAGE_PART (leaf (message, 1)));
  g_assert_cmpstr (g_mime_object_get_content_disposition_parameter (leaf (message, 1), "filename"),
                   ==, "Protokoll.eml");
  assert_forwarded_content (message, 1);
  fake_type = g_mime_content_type_get_mime_type (g_mime_object_get_content_type (leaf (message, 2)));
  g_assert_cmpstr (fake_type, ==, "application/octet-stream");
  g_assert_cmpstr (content_transfer_encoding (leaf (message, 2)), ==, "base64");
}

static void
test_forward_not_a_message (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("x\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.eml", NULL);

  surat_message_builder_add_attachment (b, data_file ("pixel.png"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (surat_message_builder_add_forwarded_message (b, data_file ("pixel.png"), &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NOT_A_MESSAGE);
  g_assert_cmpint (surat_message_builder_error_get_field (error), ==, SURAT_MESSAGE_FIELD_ATTACHMENT);
  g_assert_cmpint (surat_message_builder_error_get_index (error), ==, 1);
  g_assert_nonnull (strstr (error->message, "pixel.png"));
  g_clear_error (&error);

  g_assert_false (surat_message_builder_add_forwarded_message (b, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The 7-bit downgrade */

static GBytes *
downgrade (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  surat_message_file_downgrade_to_7bit (path, out, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static SuratMessageFileFlags
scan (const char *path)
{
  g_autoptr(GError) error = NULL;
  SuratMessageFileFlags flags = 0xff;

  surat_message_file_scan (path, &flags, NULL, &error);
  g_assert_no_error (error);
  return flags;
}

static void
test_downgrade_builder_output (Fixture       *f,
                               gconstpointer  data)
{
  const char *text = "Grüße!\nЭто текст.\n";
  const char *html = "<p>Grüße! Это текст.</p>\n";
  g_autoptr(SuratMessageBuilder) b = text_builder (text, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *seven_path = NULL;
  g_autoptr(GBytes) seven = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GBytes) png = surat_test_read_file (data_file ("pixel.png"));
  g_autoptr(GBytes) png_decoded = NULL;
  g_autofree char *text_decoded = NULL;
  g_autofree char *html_decoded = NULL;

  surat_message_builder_set_subject (b, "Grüße", -1, &error);
  surat_message_builder_set_html (b, html, -1, &error);
  surat_message_builder_add_attachment (b, data_file ("pixel.png"), NULL, NULL, &error);
  surat_message_builder_add_forwarded_message (b, data_file ("forward-8bit.eml"), &error);
  g_assert_no_error (error);
  path = write_message (b, f, "8bit.eml");
  g_assert_cmpint (scan (path), ==, SURAT_MESSAGE_FILE_8BIT_BODY);

  /* At send time the server has no 8BITMIME after all. */
  seven = downgrade (path);
  seven_path = make_file (f, "7bit.eml", seven);
  g_assert_cmpint (scan (seven_path), ==, SURAT_MESSAGE_FILE_7BIT);
  g_assert_false (has_byte_over_127 (seven));
  g_assert_false (bytes_contain (seven, "\r"));

  message = parse_bytes (seven);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Grüße");
  g_assert_cmpstr (g_mime_message_get_message_id (message), ==,
                   surat_message_builder_get_message_id (b));
  text_decoded = decoded_text (leaf (message, 0));
  html_decoded = decoded_text (leaf (message, 1));
  png_decoded = decoded_content (GMIME_PART (leaf (message, 2)));
  g_assert_cmpstr (text_decoded, ==, text);
  g_assert_cmpstr (html_decoded, ==, html);
  assert_bytes_equal (png_decoded, png);
  g_assert_cmpstr (content_transfer_encoding (leaf (message, 0)), ==, "quoted-printable");
  assert_forwarded_content (message, 3);
}

static void
test_downgrade_long_lines_and_binary (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *long_line = g_strnfill (2000, 'x');
  static const char binary[] = "\x00\x01\r\x02\n\r\n\xff\xfe binary \x00";
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GBytes) input_bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) seven = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *long_decoded = NULL;
  g_autofree char *crlf_decoded = NULL;
  g_autoptr(GBytes) binary_decoded = NULL;

  g_string_append_printf (input,
                          "From: a@example.org\nTo: b@example.org\nSubject: mixed bag\n"
                          "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
                          "--b\nContent-Type: text/plain; charset=us-ascii\n\n%s\n"
                          "--b\nContent-Type: application/octet-stream\n"
                          "Content-Transfer-Encoding: binary\n\n",
                          long_line);
  g_string_append_len (input, binary, sizeof binary - 1);
  g_string_append (input, "\n--b\nContent-Type: text/plain; charset=utf-8\n"
                          "Content-Transfer-Encoding: 8bit\n\n"
                          "CRLF text, ümlaut\r\nsecond line\r\n"
                          "--b--\n");
  input_bytes = g_bytes_new (input->str, input->len);
  path = make_file (f, "bag.eml", input_bytes);
  g_assert_cmpint (scan (path), ==, SURAT_MESSAGE_FILE_8BIT_BODY | SURAT_MESSAGE_FILE_LONG_LINES |
                                    SURAT_MESSAGE_FILE_BINARY);

  seven = downgrade (path);
  g_assert_false (has_byte_over_127 (seven));
  g_assert_cmpuint (max_line_length (seven), <=, 998);
  g_assert_false (bytes_contain (seven, "\r"));

  message = parse_bytes (seven);
  long_decoded = decoded_text (leaf (message, 0));
  binary_decoded = decoded_content (GMIME_PART (leaf (message, 1)));
  crlf_decoded = decoded_text (leaf (message, 2));
  g_assert_cmpstr (content_transfer_encoding (leaf (message, 0)), ==, "quoted-printable");
  g_assert_cmpstr (content_transfer_encoding (leaf (message, 1)), ==, "base64");
  g_assert_cmpstr (content_transfer_encoding (leaf (message, 2)), ==, "quoted-printable");
  g_assert_true (g_str_has_prefix (long_decoded, long_line));
  g_assert_cmpmem (g_bytes_get_data (binary_decoded, NULL), g_bytes_get_size (binary_decoded),
                   binary, sizeof binary - 1);
  /* Text line ends are LF, not "=0D". */
  g_assert_cmpstr (crlf_decoded, ==, "CRLF text, ümlaut\nsecond line");
}

static void
test_downgrade_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree char *missing = g_build_filename (f->dir, "missing.eml", NULL);
  SuratMessageFileFlags flags;

  g_assert_false (surat_message_file_downgrade_to_7bit (missing, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (surat_message_file_downgrade_to_7bit (data_file ("pixel.png"), out, NULL, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NOT_A_MESSAGE);
  g_clear_error (&error);
  g_assert_false (surat_message_file_scan (missing, &flags, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_scan_flags (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *long_line = g_strnfill (999, 'l');
  g_autofree char *long_message = g_strdup_printf ("Subject: x\n\n%s\n", long_line);
  struct {
    const char           *contents;
    gssize                len;
    SuratMessageFileFlags flags;
  } cases[] = {
    { "Subject: plain\n\nbody\n", -1, SURAT_MESSAGE_FILE_7BIT },
    { "Subject: crlf\r\n\r\nbody\r\n", -1, SURAT_MESSAGE_FILE_7BIT },
    { "Subject: Grüße\n\nbody\n", -1, SURAT_MESSAGE_FILE_8BIT_HEADERS },
    { "Subject: x\n\nGrüße\n", -1, SURAT_MESSAGE_FILE_8BIT_BODY },
    { "Subject: x\r\n\r\nGrüße\r\n", -1, SURAT_MESSAGE_FILE_8BIT_BODY },
    { long_message, -1, SURAT_MESSAGE_FILE_LONG_LINES },
    { "Subject: x\n\nnul\0here\n", 20, SURAT_MESSAGE_FILE_BINARY },
    { "Subject: x\n\nbare\rcr\n", -1, SURAT_MESSAGE_FILE_BINARY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("scan-%u.eml", i);
      gsize len = cases[i].len < 0 ? strlen (cases[i].contents) : (gsize) cases[i].len;
      g_autoptr(GBytes) contents = g_bytes_new (cases[i].contents, len);
      g_autofree char *path = make_file (f, name, contents);

      g_assert_cmpint (scan (path), ==, cases[i].flags);
    }
}

/* Output */

static void
test_write_targets_agree (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = text_builder ("Same everywhere.\n", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fd_path = g_build_filename (f->dir, "fd.eml", NULL);
  g_autoptr(GBytes) from_path = NULL;
  g_autoptr(GBytes) from_fd = NULL;
  g_autoptr(GBytes) from_stream = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) closed = g_memory_output_stream_new_resizable ();
  int fd;

  surat_message_builder_add_attachment (b, data_file ("tone.wav"), NULL, NULL, &error);
  g_assert_no_error (error);
  path = write_message (b, f, "path.eml");
  from_path = surat_test_read_file (path);

  /* After what is already in the file, as a Maildir tmp/ file is written. */
  fd = g_open (fd_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "X", 1), ==, 1);
  surat_message_builder_write_to_fd (b, fd, NULL, &error);
  g_assert_no_error (error);
  close (fd);
  from_fd = surat_test_read_file (fd_path);
  g_assert_cmpmem (g_bytes_get_data (from_fd, NULL), 1, "X", 1);
  g_assert_cmpmem ((const char *) g_bytes_get_data (from_fd, NULL) + 1, g_bytes_get_size (from_fd) - 1,
                   g_bytes_get_data (from_path, NULL), g_bytes_get_size (from_path));

  surat_message_builder_write_to_stream (b, memory, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (memory, NULL, NULL);
  from_stream = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  assert_bytes_equal (from_stream, from_path);

  g_output_stream_close (closed, NULL, NULL);
  g_assert_false (surat_message_builder_write_to_stream (b, closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_false (surat_message_builder_write_to_path (b, "/nonexistent/dir/x.eml", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  /* The system's MIME database, which G_TEST_OPTION_ISOLATE_DIRS would
   * hide: attachment types are sniffed with it. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/builder/body/7bit-when-ascii", test_body_7bit);
  ADD ("/builder/body/8bit-with-8bitmime", test_body_8bit_with_8bitmime);
  ADD ("/builder/body/quoted-printable-without-8bitmime", test_body_qp_without_8bitmime);
  ADD ("/builder/body/998-octets-and-no-more", test_body_998_rule);
  ADD ("/builder/body/line-ends-become-lf", test_body_line_ends);
  ADD ("/builder/body/html-alternative", test_body_html_alternative);
  ADD ("/builder/body/empty-and-html-only", test_body_empty_and_html_only);
  ADD ("/builder/attachments/byte-identical-types-sniffed", test_attachments_byte_identical);
  ADD ("/builder/attachments/rfc2231-names", test_attachments_rfc2231_names);
  ADD ("/builder/attachments/given-type-and-errors", test_attachments_given_type_and_errors);
  ADD ("/builder/attachments/25mb-streams-from-disk", test_attachments_large_streams);
  ADD ("/builder/forward/rfc822-with-8bitmime", test_forward_with_8bitmime);
  ADD ("/builder/forward/rfc822-without-8bitmime", test_forward_without_8bitmime);
  ADD ("/builder/forward/crlf-file", test_forward_crlf_file);
  ADD ("/builder/forward/eml-attached-as-file", test_forward_eml_attachment);
  ADD ("/builder/forward/not-a-message", test_forward_not_a_message);
  ADD ("/builder/downgrade/builder-output-to-7bit", test_downgrade_builder_output);
  ADD ("/builder/downgrade/long-lines-and-binary", test_downgrade_long_lines_and_binary);
  ADD ("/builder/downgrade/errors", test_downgrade_errors);
  ADD ("/builder/scan/flags", test_scan_flags);
  ADD ("/builder/write/fd-stream-and-path-agree", test_write_targets_agree);
#undef ADD

  return g_test_run ();
}
