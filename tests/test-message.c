/* test-message.c — what a reader sees of good, odd and broken messages
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "surat-attachment-private.h"
#include "surat-core.h"
#include "surat-message-private.h"
#include "surat-test-util.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "messages", name, NULL);
}

static SuratMessage *
load (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  SuratMessage *message;

  message = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  return message;
}

static SuratAttachment *
attachment (SuratMessage *message,
            guint         i)
{
  GPtrArray *attachments = surat_message_get_attachments (message);

  g_assert_cmpuint (i, <, attachments->len);
  return attachments->pdata[i];
}

static void
assert_attachment (SuratAttachment *a,
                   guint            index,
                   const char      *filename,
                   const char      *mime_type,
                   guint64          size)
{
  g_assert_cmpuint (surat_attachment_get_index (a), ==, index);
  g_assert_cmpstr (surat_attachment_get_filename (a), ==, filename);
  g_assert_cmpstr (surat_attachment_get_mime_type (a), ==, mime_type);
  g_assert_cmpuint (surat_attachment_get_size (a), ==, size);
}

static void
assert_no_problems (SuratMessage *message)
{
  GPtrArray *problems = surat_message_get_problems (message);

  if (problems->len > 0)
    g_error ("unexpected problem: %s", (char *) problems->pdata[0]);
}

static void
assert_problem (SuratMessage *message,
                const char   *words)
{
  GPtrArray *problems = surat_message_get_problems (message);

  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], words) != NULL)
      return;

  g_error ("no problem mentions “%s” (%u problems)", words, problems->len);
}

static void
test_plain (void)
{
  g_autoptr(SuratMessage) m = load ("plain.eml");
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autofree char *body = NULL;
  g_autofree char *iso = NULL;

  g_assert_cmpstr (surat_message_get_subject (m), ==, "Lunch on Friday");
  g_assert_cmpstr (surat_message_get_from (m), ==, "Ana Pérez <ana@example.org>");
  g_assert_cmpstr (surat_message_get_to (m), ==, "Bob <bob@example.org>, carol@example.net");
  g_assert_cmpstr (surat_message_get_cc (m), ==, "\"Doe, Jane\" <jane@example.com>");
  g_assert_cmpstr (surat_message_get_reply_to (m), ==, "lunch@example.org");
  g_assert_cmpstr (surat_message_get_message_id (m), ==, "20260403091500.1234@example.org");
  g_assert_cmpstr (surat_message_get_in_reply_to (m), ==, "earlier@example.org");
  iso = g_date_time_format_iso8601 (surat_message_get_date (m));
  g_assert_cmpstr (iso, ==, "2026-04-03T09:15:00+02");
  g_assert_cmpstr (surat_message_get_text (m), ==,
                   "Hi Bob,\n\nShall we have lunch on Friday at the café?\n\nAna");
  g_assert_null (surat_message_get_html (m));
  g_assert_cmpstr (surat_message_get_preview (m), ==,
                   "Hi Bob, Shall we have lunch on Friday at the café? Ana");
  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 0);
  g_assert_cmpuint (surat_message_get_attached_messages (m)->len, ==, 0);
  assert_no_problems (m);

  s = surat_message_build_summary (m, &body);
  g_assert_cmpstr (surat_message_summary_get_subject (s), ==, "Lunch on Friday");
  g_assert_cmpstr (surat_message_summary_get_from (s), ==, "Ana Pérez <ana@example.org>");
  g_assert_cmpstr (surat_message_summary_get_cc (s), ==, "\"Doe, Jane\" <jane@example.com>");
  g_assert_cmpstr (surat_message_summary_get_message_id (s), ==, "20260403091500.1234@example.org");
  g_assert_cmpint (surat_message_summary_get_date (s), ==, 1775200500);
  g_assert_cmpuint (surat_message_summary_get_size (s), ==, 483);
  g_assert_false (surat_message_summary_get_has_attachments (s));
  g_assert_cmpstr (surat_message_summary_get_preview (s), ==, surat_message_get_preview (m));
  g_assert_cmpstr (body, ==, surat_message_get_text (m));
}

static void
test_headers_latin1 (void)
{
  g_autoptr(SuratMessage) m = load ("latin1-headers.eml");

  /* Raw 8-bit header bytes, no RFC 2047: Windows-1252 is the best guess
   * (the quotes 0x93/0x94 are not Latin-1). */
  g_assert_cmpstr (surat_message_get_subject (m), ==, "Café crème “special”");
  g_assert_cmpstr (surat_message_get_from (m), ==, "José Muñoz <jose@example.org>");
  g_assert_cmpstr (surat_message_get_to (m), ==, "Françoise <francoise@example.org>");
  g_assert_cmpstr (surat_message_get_text (m), ==, "Voilà le café, à bientôt.");
  assert_no_problems (m);
}

static void
test_headers_rfc2047 (void)
{
  g_autoptr(SuratMessage) m = load ("rfc2047.eml");

  /* Latin-1, UTF-8, KOI8-R, Latin-9 words (whitespace between adjacent
   * encoded words is dropped, RFC 2047 §6.2), one glued to a word, one
   * never closed (shown as written). */
  g_assert_cmpstr (surat_message_get_subject (m), ==,
                   "Café € 5Привет €uro broken wörd =?UTF-8?B?unterminated");
  g_assert_cmpstr (surat_message_get_from (m), ==, "Татьяна <tanya@example.ru>");
  g_assert_cmpstr (surat_message_get_to (m), ==,
                   "张三 <zhang@example.cn>, 田中 <tanaka@example.jp>");
  g_assert_cmpstr (surat_message_get_text (m), ==, "Привет, мир!");
}

static void
test_attachment_names (void)
{
  g_autoptr(SuratMessage) m = load ("rfc2231.eml");
  GPtrArray *attachments = surat_message_get_attachments (m);

  g_assert_cmpstr (surat_message_get_text (m), ==, "See the attached files.");
  g_assert_cmpuint (attachments->len, ==, 8);

  /* RFC 2231 continuations, charset and language. */
  assert_attachment (attachment (m, 0), 1, "été report.pdf", "application/pdf", 9);
  assert_attachment (attachment (m, 1), 2, "résumé.txt", "text/plain", 2);
  /* RFC 2047 inside a parameter: not standard, but common. */
  assert_attachment (attachment (m, 2), 3, "föto.jpg", "image/jpeg", 4);
  /* Directories and hidden names are cut off. */
  assert_attachment (attachment (m, 3), 4, "passwd", "application/octet-stream", 10);
  assert_attachment (attachment (m, 4), 5, "bashrc", "application/x-sh", 7);
  /* No name: made up from the (lower-cased) type. */
  assert_attachment (attachment (m, 5), 6, "attachment-6.pdf", "application/pdf", 9);
  /* A Windows path with a RIGHT-TO-LEFT OVERRIDE hiding ".exe". */
  assert_attachment (attachment (m, 6), 7, "invoicefdp.exe", "application/octet-stream", 2);
  /* "..": nothing usable. */
  assert_attachment (attachment (m, 7), 8, "attachment-8.bin", "application/octet-stream", 4);

  for (guint i = 0; i < attachments->len; i++)
    {
      g_assert_false (surat_attachment_is_inline (attachments->pdata[i]));
      g_assert_false (surat_attachment_is_message (attachments->pdata[i]));
      g_assert_null (surat_attachment_get_content_id (attachments->pdata[i]));
    }
}

static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static void
test_alternative_cid (void)
{
  g_autoptr(SuratMessage) m = load ("alternative-cid.eml");
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  SuratAttachment *logo;
  gsize len;
  const guint8 *data;

  /* text/plain is preferred for the text; the HTML is there too. */
  g_assert_cmpstr (surat_message_get_text (m), ==, "Hello in plain text.");
  g_assert_cmpstr (surat_message_get_html (m), ==,
                   "<html><body><p>Hello in <b>HTML</b>.</p>"
                   "<img src=\"cid:logo@example.org\" alt=\"logo\"></body></html>");

  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 1);
  logo = attachment (m, 0);
  assert_attachment (logo, 1, "logo.png", "image/png", 70);
  g_assert_cmpstr (surat_attachment_get_content_id (logo), ==, "logo@example.org");
  g_assert_true (surat_attachment_is_inline (logo));

  /* The image the HTML shows is not an attachment to look for. */
  s = surat_message_build_summary (m, NULL);
  g_assert_false (surat_message_summary_get_has_attachments (s));

  png = surat_message_get_part_by_cid (m, "cid:logo@example.org", &type, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (png, &len);
  g_assert_cmpuint (len, ==, 70);
  g_assert_cmpmem (data, sizeof png_signature, png_signature, sizeof png_signature);
  g_assert_cmpstr (type, ==, "image/png");

  again = surat_message_get_part_by_cid (m, "<logo@example.org>", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (png, again));

  missing = surat_message_get_part_by_cid (m, "cid:nothing@example.org", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
}

static void
test_nested_rfc822 (void)
{
  g_autoptr(SuratMessage) m = load ("nested-rfc822.eml");
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autofree char *dir = surat_test_make_tmpdir ("nested");
  g_autofree char *eml = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessage) reread = NULL;
  SuratMessage *inner;
  gsize len;

  g_assert_cmpstr (surat_message_get_text (m), ==, "Forwarding the contract, see below.");

  /* The forwarded message is an attachment (savable as .eml) … */
  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 1);
  assert_attachment (attachment (m, 0), 1, "Contract draft.eml", "message/rfc822", 480);
  g_assert_true (surat_attachment_is_message (attachment (m, 0)));

  /* … and a message of its own, with its own attachment. */
  g_assert_cmpuint (surat_message_get_attached_messages (m)->len, ==, 1);
  inner = surat_message_get_attached_messages (m)->pdata[0];
  g_assert_cmpstr (surat_message_get_subject (inner), ==, "Contract draft");
  g_assert_cmpstr (surat_message_get_from (inner), ==, "Legal <legal@example.com>");
  g_assert_cmpstr (surat_message_get_text (inner), ==, "Here is the contract.");
  g_assert_cmpuint (surat_message_get_attachments (inner)->len, ==, 1);
  assert_attachment (attachment (inner, 0), 1, "contract.pdf", "application/pdf", 20);

  eml = surat_message_save_attachment (m, attachment (m, 0), dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (eml, "/Contract draft.eml"));
  reread = surat_message_new_from_file (eml, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_get_subject (reread), ==, "Contract draft");
  g_assert_cmpuint (surat_message_get_attachments (reread)->len, ==, 1);

  pdf = surat_message_save_attachment (inner, attachment (inner, 0), dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "%PDF-1.4\n% contract\n", 20);

  /* The forwarded words can be searched for. */
  s = surat_message_build_summary (m, &body);
  g_assert_true (surat_message_summary_get_has_attachments (s));
  g_assert_nonnull (strstr (body, "Here is the contract."));
  g_assert_nonnull (strstr (body, "Contract draft"));

  surat_test_rm_rf (dir);
}

static void
test_charset_unknown (void)
{
  g_autoptr(SuratMessage) m = load ("unknown-charset.eml");

  g_assert_cmpstr (surat_message_get_text (m), ==, "café € 10");
  assert_problem (m, "“x-klingon”");
}

static void
test_charset_wrong (void)
{
  g_autoptr(SuratMessage) m = load ("wrong-charset.eml");
  g_autoptr(SuratMessage) ascii = load ("ascii-but-utf8.eml");

  g_assert_cmpstr (surat_message_get_text (m), ==, "Grüße aus Köln");
  assert_problem (m, "“utf-8”");

  g_assert_cmpstr (surat_message_get_text (ascii), ==, "naïve résumé");
  assert_problem (ascii, "“us-ascii”");
}

static void
test_broken_missing_boundary (void)
{
  g_autoptr(SuratMessage) m = load ("missing-boundary.eml");

  g_assert_cmpstr (surat_message_get_subject (m), ==, "Missing boundary");
  g_assert_cmpstr (surat_message_get_text (m), ==,
                   "--foo\nContent-Type: text/plain\n\nhello\n--foo--");
  assert_problem (m, "no boundary");
}

static void
test_broken_truncated (void)
{
  g_autoptr(SuratMessage) m = load ("truncated-multipart.eml");

  g_assert_cmpstr (surat_message_get_text (m), ==, "The report is attached.");
  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 1);
  assert_attachment (attachment (m, 0), 1, "report.pdf", "application/pdf", 111);
  assert_problem (m, "cut off");
}

static void
test_broken_base64 (void)
{
  g_autoptr(SuratMessage) m = load ("bad-base64.eml");

  /* Characters outside the base64 alphabet are skipped. */
  g_assert_cmpstr (surat_message_get_text (m), ==, "Hello, world!");
  assert_attachment (attachment (m, 0), 1, "data.bin", "application/octet-stream", 9);
}

static void
test_broken_empty (void)
{
  g_autoptr(SuratMessage) m = load ("empty.eml");
  g_autoptr(SuratMessageSummary) s = surat_message_build_summary (m, NULL);

  g_assert_cmpstr (surat_message_get_subject (m), ==, "");
  g_assert_cmpstr (surat_message_get_from (m), ==, "");
  g_assert_cmpstr (surat_message_get_text (m), ==, "");
  g_assert_null (surat_message_get_date (m));
  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 0);
  assert_problem (m, "empty");
  g_assert_cmpuint (surat_message_summary_get_size (s), ==, 0);
}

static void
test_broken_garbage (void)
{
  g_autoptr(SuratMessage) m = load ("garbage.eml");

  g_assert_cmpstr (surat_message_get_subject (m), ==, "");
  g_assert_cmpstr (surat_message_get_text (m), ==, "");
  assert_problem (m, "not a mail message");
}

static void
test_broken_header_only (void)
{
  g_autofree char *dir = surat_test_make_tmpdir ("header-only");
  g_autofree char *source = data_path ("header-only.eml");
  g_autofree char *path = g_build_filename (dir, "1.M1P1Q1.host", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SuratMessage) m = NULL;
  g_autoptr(SuratMessageSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  struct utimbuf times = { 1767225600, 1767225600 };
  gsize len;

  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  g_assert_cmpint (utime (path, &times), ==, 0);

  m = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_get_subject (m), ==, "Only headers");
  g_assert_cmpstr (surat_message_get_from (m), ==, "Ana <ana@example.org>");
  g_assert_cmpstr (surat_message_get_text (m), ==, "");
  g_assert_null (surat_message_get_date (m));

  /* No Date header: the file's time stands in. */
  s = surat_message_build_summary (m, NULL);
  g_assert_cmpint (surat_message_summary_get_date (s), ==, 1767225600);

  surat_test_rm_rf (dir);
}

static void
test_broken_no_headers (void)
{
  g_autoptr(SuratMessage) m = load ("no-headers.eml");

  g_assert_cmpstr (surat_message_get_text (m), ==, "Just a note I saved as a file.\nSecond line.");
  assert_problem (m, "no message headers");
}

static void
test_many_parts (void)
{
  g_autoptr(SuratMessage) m = load ("many-parts.eml");
  GPtrArray *attachments = surat_message_get_attachments (m);

  g_assert_cmpstr (surat_message_get_text (m), ==, "Many parts follow.");
  g_assert_cmpuint (attachments->len, ==, 999);
  for (guint i = 0; i < attachments->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("part-%u.txt", i + 1);
      g_autofree char *content = g_strdup_printf ("part %u", i + 1);

      assert_attachment (attachments->pdata[i], i + 1, name, "text/plain", strlen (content));
    }
  assert_no_problems (m);
}

static void
test_html_only (void)
{
  g_autoptr(SuratMessage) m = load ("html-only.eml");

  /* The charset comes from the <meta> tag: the MIME header has none. */
  g_assert_cmpstr (surat_message_get_text (m), ==,
                   "Café news\n"
                   "\n"
                   "Fish & chips <today> — only €5 !\n"
                   "\n"
                   "• One\n"
                   "• Two 😀\n"
                   "\n"
                   "Line one\n"
                   "Line two\n"
                   "\n"
                   "After a blank line\n"
                   "\n"
                   "a b\n"
                   "\n"
                   "Bye &unknown; – link\n"
                   "\n"
                   "  keep\n"
                   "    spacing");
  g_assert_nonnull (strstr (surat_message_get_html (m), "<h1>Café   news</h1>"));
}

static void
test_list_footer (void)
{
  g_autoptr(SuratMessage) m = load ("list-footer.eml");

  g_assert_cmpstr (surat_message_get_text (m), ==, "The message itself.\n--\nlist mailing list");
  g_assert_cmpuint (surat_message_get_attachments (m)->len, ==, 0);
}

static void
test_html_to_text (void)
{
  static const struct { const char *html; const char *text; } cases[] = {
    { "plain words", "plain words" },
    { "a < b &amp;&amp c", "a < b && c" },
    { "<P>one<P>two<BR>three", "one\n\ntwo\nthree" },
    { "x<script>document.write('<p>y</p>')</script>z", "xz" },
    { "<STYLE>p{}</STYLE>shown", "shown" },
    { "&#0;&#xD800;&#x110000;&#65;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "A" },
    { "&#x;&#;&;&nosuch;", "&#x;&#;&;&nosuch;" },
    { "unclosed <b", "unclosed" },
    { "<a href='x>y'>link</a>", "link" },
    { "<!-- never closed", "" },
    { "tab\there  and\n\nnewlines", "tab here and newlines" },
    { "<div><div><div>deep</div></div></div>", "deep" },
    { "&lt;script&gt;", "<script>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = _surat_html_to_text (cases[i].html);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_sanitize_filename (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "report.pdf", "report.pdf" },
    { "../../etc/passwd", "passwd" },
    { "C:\\Users\\ana\\file.doc", "file.doc" },
    { ".bashrc", "bashrc" },
    { " ..  .hidden ", "hidden" },
    { "ab\x01" "c\x7f" "d.txt", "abcd.txt" },
    { "line\nbreak.txt", "line break.txt" },
    { "\xe2\x80\xae" "fdp.exe", "fdp.exe" },
    { "zero\xe2\x80\x8bwidth", "zerowidth" },
    { "bad\xff" "utf8", "bad\xef\xbf\xbd" "utf8" },
    { "dir/", NULL },
    { "", NULL },
    { ".", NULL },
    { "..", NULL },
    { "...", NULL },
    { "/", NULL },
    { NULL, NULL },
  };
  g_autofree char *long_name = NULL;
  g_autofree char *long_safe = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = _surat_attachment_sanitize_filename (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Too long for a file system: cut, keeping the extension, on a
   * character boundary. */
  long_name = g_malloc0 (150 * 2 + 5);
  for (guint i = 0; i < 150; i++)
    memcpy (long_name + 2 * i, "é", 2);
  memcpy (long_name + 300, ".pdf", 4);
  long_safe = _surat_attachment_sanitize_filename (long_name);
  g_assert_cmpuint (strlen (long_safe), <=, 200);
  g_assert_true (g_str_has_suffix (long_safe, "é.pdf"));
  g_assert_true (g_utf8_validate (long_safe, -1, NULL));
}

static void
test_make_filename (void)
{
  g_autofree char *pdf = _surat_attachment_make_filename (3, "APPLICATION/PDF");
  g_autofree char *webp = _surat_attachment_make_filename (2, "image/webp");
  g_autofree char *jpeg = _surat_attachment_make_filename (1, "image/jpeg");
  g_autofree char *odd = _surat_attachment_make_filename (4, "application/x-something-odd");

  g_assert_cmpstr (pdf, ==, "attachment-3.pdf");
  g_assert_cmpstr (webp, ==, "attachment-2.webp");
  g_assert_cmpstr (jpeg, ==, "attachment-1.jpg");
  g_assert_cmpstr (odd, ==, "attachment-4");
}

static GPtrArray *
dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  return names;
}

static void
test_save_attachment (void)
{
  g_autoptr(SuratMessage) m = load ("rfc2231.eml");
  g_autoptr(SuratMessage) other = load ("alternative-cid.eml");
  g_autofree char *dir = surat_test_make_tmpdir ("save");
  g_autofree char *victim = g_build_filename (dir, "victim", NULL);
  g_autofree char *link = g_build_filename (dir, "passwd", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "no-such-dir", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *victim_contents = NULL;
  char *paths[3];

  /* The same name three times: nothing is replaced. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *contents = NULL;
      gsize len;

      paths[i] = surat_message_save_attachment (m, attachment (m, 0), dir, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (paths[i], &contents, &len, NULL));
      g_assert_cmpmem (contents, len, "%PDF-1.4\n", 9);
    }
  g_assert_true (g_str_has_suffix (paths[0], "/été report.pdf"));
  g_assert_true (g_str_has_suffix (paths[1], "/été report (2).pdf"));
  g_assert_true (g_str_has_suffix (paths[2], "/été report (3).pdf"));
  for (guint i = 0; i < 3; i++)
    g_free (paths[i]);

  /* A symlink where the file would go is not followed. */
  g_assert_true (g_file_set_contents (victim, "untouched", -1, NULL));
  g_assert_cmpint (symlink (victim, link), ==, 0);
  paths[0] = surat_message_save_attachment (m, attachment (m, 3), dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (paths[0], "/passwd (2)"));
  g_assert_true (g_file_get_contents (victim, &victim_contents, NULL, NULL));
  g_assert_cmpstr (victim_contents, ==, "untouched");
  {
    g_autofree char *parent = g_path_get_dirname (paths[0]);

    g_assert_cmpstr (parent, ==, dir);
  }
  g_free (paths[0]);

  /* No temp files left behind. */
  entries = dir_entries (dir);
  for (guint i = 0; i < entries->len; i++)
    g_assert_false (g_str_has_prefix (entries->pdata[i], ".surat-"));
  g_assert_cmpuint (entries->len, ==, 6);

  paths[0] = surat_message_save_attachment (m, attachment (m, 0), missing_dir, &error);
  g_assert_null (paths[0]);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing_dir));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  /* An attachment of another message. */
  paths[0] = surat_message_save_attachment (m, attachment (other, 0), dir, &error);
  g_assert_null (paths[0]);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID);

  surat_test_rm_rf (dir);
}

static SuratMessageSummary *
summary_for_name (const char *dir,
                  const char *name)
{
  g_autofree char *source = data_path ("plain.eml");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SuratMessage) m = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  m = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);

  return surat_message_build_summary (m, NULL);
}

static void
test_summary_flags (void)
{
  g_autofree char *dir = surat_test_make_tmpdir ("flags");
  g_autoptr(SuratMessageSummary) fresh = summary_for_name (dir, "1.M1P1Q1.h,S=483");
  g_autoptr(SuratMessageSummary) seen = summary_for_name (dir, "2.M1P1Q1.h,S=483:2,S");
  g_autoptr(SuratMessageSummary) both = summary_for_name (dir, "3.M1P1Q1.h,S=483:2,FRS");

  g_assert_false (surat_message_summary_get_seen (fresh));
  g_assert_false (surat_message_summary_get_flagged (fresh));
  g_assert_true (surat_message_summary_get_seen (seen));
  g_assert_false (surat_message_summary_get_flagged (seen));
  g_assert_true (surat_message_summary_get_seen (both));
  g_assert_true (surat_message_summary_get_flagged (both));

  surat_test_rm_rf (dir);
}

static void
test_load_async (void)
{
  g_autofree char *path = data_path ("plain.eml");
  g_autofree char *missing = data_path ("no-such-message.eml");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(SuratMessage) m = NULL;
  g_autoptr(SuratMessage) none = NULL;
  g_autoptr(GError) error = NULL;

  surat_message_load_async (path, NULL, surat_test_result_cb, &result);
  m = surat_message_load_finish (surat_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_get_subject (m), ==, "Lunch on Friday");

  surat_message_load_async (missing, NULL, surat_test_result_cb, &failed);
  none = surat_message_load_finish (surat_test_wait_result (&failed), &error);
  g_assert_null (none);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-message.eml"));
}

/* Every message of the corpus, cut at every length: never a crash, always
 * valid UTF-8 out. */
static void
test_truncated_everywhere (void)
{
  static const char * const names[] = {
    "plain.eml", "rfc2231.eml", "alternative-cid.eml", "nested-rfc822.eml", "html-only.eml",
  };
  g_autofree char *dir = surat_test_make_tmpdir ("cut");
  g_autofree char *path = g_build_filename (dir, "cut.eml", NULL);

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *source = data_path (names[n]);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
      for (gsize cut = 0; cut <= len; cut += 7)
        {
          g_autoptr(SuratMessage) m = NULL;
          g_autoptr(SuratMessageSummary) s = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *body = NULL;

          g_assert_true (g_file_set_contents (path, contents, cut, NULL));
          m = surat_message_new_from_file (path, &error);
          g_assert_no_error (error);
          g_assert_true (g_utf8_validate (surat_message_get_text (m), -1, NULL));
          g_assert_true (g_utf8_validate (surat_message_get_subject (m), -1, NULL));
          s = surat_message_build_summary (m, &body);
          g_assert_true (g_utf8_validate (body, -1, NULL));
        }
    }

  surat_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

  g_test_add_func ("/message/plain", test_plain);
  g_test_add_func ("/message/headers/latin1-8bit", test_headers_latin1);
  g_test_add_func ("/message/headers/rfc2047", test_headers_rfc2047);
  g_test_add_func ("/message/attachments/names", test_attachment_names);
  g_test_add_func ("/message/attachments/sanitize", test_sanitize_filename);
  g_test_add_func ("/message/attachments/made-up-names", test_make_filename);
  g_test_add_func ("/message/attachments/save", test_save_attachment);
  g_test_add_func ("/message/alternative-cid", test_alternative_cid);
  g_test_add_func ("/message/nested-rfc822", test_nested_rfc822);
  g_test_add_func ("/message/charset/unknown", test_charset_unknown);
  g_test_add_func ("/message/charset/wrong", test_charset_wrong);
  g_test_add_func ("/message/html/only-html", test_html_only);
  g_test_add_func ("/message/html/to-text", test_html_to_text);
  g_test_add_func ("/message/list-footer", test_list_footer);
  g_test_add_func ("/message/many-parts", test_many_parts);
  g_test_add_func ("/message/broken/missing-boundary", test_broken_missing_boundary);
  g_test_add_func ("/message/broken/truncated-multipart", test_broken_truncated);
  g_test_add_func ("/message/broken/bad-base64", test_broken_base64);
  g_test_add_func ("/message/broken/empty", test_broken_empty);
  g_test_add_func ("/message/broken/garbage", test_broken_garbage);
  g_test_add_func ("/message/broken/header-only", test_broken_header_only);
  g_test_add_func ("/message/broken/no-headers", test_broken_no_headers);
  g_test_add_func ("/message/broken/truncated-everywhere", test_truncated_everywhere);
  g_test_add_func ("/message/summary/flags-from-name", test_summary_flags);
  g_test_add_func ("/message/load-async", test_load_async);

  return g_test_run ();
}
