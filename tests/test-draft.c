/* test-draft.c — drafts: fields, reply, forward, mailto:, save and load
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "surat-core.h"
#include "surat-gmime-autocleanups.h"
#include "surat-test-util.h"

#define ACCOUNT "me"

typedef struct {
  char         *dir;
  SuratStore   *store;
  SuratAccount *account;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = surat_test_make_tmpdir ("draft");
  f->store = surat_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->account = surat_account_new (ACCOUNT);
  g_object_set (f->account, "display-name", "Me Myself", "address", "me@example.org", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* --- helpers -------------------------------------------------------------- */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static SuratMessage *
message_from_text (Fixture    *f,
                   const char *name,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, name, text, -1);
  SuratMessage *message = surat_message_new_from_file (path, &error);

  g_assert_no_error (error);
  return message;
}

/* What the recipient's program sees: the built message parsed again. */
static GMimeMessage *
build_and_parse (Fixture    *f,
                 SuratDraft *draft,
                 gboolean    for_draft)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageBuilder) builder = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autofree char *path = g_build_filename (f->dir, "built.eml", NULL);
  GMimeMessage *message;

  builder = surat_draft_to_builder (draft, f->account, for_draft, &error);
  g_assert_no_error (error);
  surat_message_builder_write_to_path (builder, path, NULL, &error);
  g_assert_no_error (error);

  stream = g_mime_stream_file_open (path, "r", NULL);
  g_assert_nonnull (stream);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_assert_nonnull (message);
  return message;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The addresses of @type, lower-cased and sorted, joined by spaces. */
static char *
address_set (GMimeMessage     *message,
             GMimeAddressType  type)
{
  InternetAddressList *list = g_mime_message_get_addresses (message, type);
  g_autoptr(GPtrArray) addrs = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; list != NULL && i < internet_address_list_length (list); i++)
    {
      InternetAddress *a = internet_address_list_get_address (list, i);

      g_ptr_array_add (addrs, g_ascii_strdown (
        internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a)), -1));
    }
  g_ptr_array_sort (addrs, compare_strings);
  g_ptr_array_add (addrs, NULL);
  return g_strjoinv (" ", (char **) addrs->pdata);
}

static GBytes *
part_content (GMimeObject *part)
{
  g_autoptr(GMimeStream) mem = g_mime_stream_mem_new ();
  GByteArray *array;

  g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (part)), mem);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  return g_bytes_new (array->data, array->len);
}

static GBytes *
binary_bytes (void)
{
  guchar data[3000];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guchar) ((i * 7 + 3) % 256);
  data[0] = 0;
  return g_bytes_new (data, sizeof data);
}

static void
assert_file_equals (const char *path,
                    GBytes     *expected)
{
  g_autoptr(GBytes) got = surat_test_read_file (path);

  g_assert_nonnull (got);
  g_assert_true (g_bytes_equal (got, expected));
}

static guint
drafts_in_index (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = surat_index_count (surat_store_get_index (f->store), ACCOUNT,
                               SURAT_FOLDER_DRAFTS, FALSE, &error);

  g_assert_no_error (error);
  return n;
}

/* --- fields --------------------------------------------------------------- */

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SuratDraft) draft = surat_draft_new (f->account);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  static const char png_head[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0";
  SuratDraftAttachment *a;
  guint rev;

  g_assert_cmpstr (surat_draft_get_account_id (draft), ==, ACCOUNT);
  g_assert_true (surat_draft_is_empty (draft));
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==, "");

  rev = surat_draft_get_revision (draft);
  surat_draft_set_subject (draft, "Hello");
  g_assert_cmpuint (surat_draft_get_revision (draft), >, rev);
  g_assert_false (surat_draft_is_empty (draft));
  rev = surat_draft_get_revision (draft);
  surat_draft_set_subject (draft, "Hello");
  g_assert_cmpuint (surat_draft_get_revision (draft), ==, rev);
  surat_draft_set_subject (draft, "");
  g_assert_true (surat_draft_is_empty (draft));

  /* Named .dat, but the bytes say PNG. */
  png = write_file (f, "picture.dat", png_head, sizeof png_head - 1);
  g_assert_true (surat_draft_add_attachment (draft, png, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (surat_draft_is_empty (draft));
  a = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (a), ==, "picture.dat");
  g_assert_cmpstr (surat_draft_attachment_get_mime_type (a), ==, "image/png");
  g_assert_cmpuint (surat_draft_attachment_get_size (a), ==, sizeof png_head - 1);
  g_assert_false (surat_draft_attachment_is_message (a));
  g_assert_cmpuint (surat_draft_get_attachments_size (draft), ==, sizeof png_head - 1);

  g_assert_false (surat_draft_add_attachment (draft, "/nonexistent/report.pdf", NULL, NULL,
                                              &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 1);

  surat_draft_remove_attachment (draft, 0);
  g_assert_true (surat_draft_is_empty (draft));
}

static void
test_builder_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SuratDraft) draft = surat_draft_new (f->account);
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageBuilder) builder = NULL;
  const char *typed = "Ana <ana@example.org>, bob@";
  gsize start, end;

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_CC, typed);
  builder = surat_draft_to_builder (draft, f->account, FALSE, &error);
  g_assert_null (builder);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS);
  g_assert_cmpint (surat_message_builder_error_get_field (error), ==, SURAT_MESSAGE_FIELD_CC);
  g_assert_true (surat_message_builder_error_get_span (error, &start, &end));
  g_assert_cmpstr (typed + start, ==, "bob@");
  g_assert_cmpuint (end, ==, strlen (typed));
  g_clear_error (&error);

  /* Nobody to send to is said before anything is queued. */
  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_CC, "");
  surat_draft_set_subject (draft, "Hi");
  builder = surat_draft_to_builder (draft, f->account, FALSE, &error);
  g_assert_null (builder);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS);
  g_clear_error (&error);

  /* A draft may have nobody yet. */
  builder = surat_draft_to_builder (draft, f->account, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (builder);
}

/* --- reply ---------------------------------------------------------------- */

static const char original_text[] =
  "From: Ana Lima <ana@example.org>\n"
  "To: ME@Example.org, Carol <carol@example.org>, \"Doe, J\" <j@example.net>\n"
  "Cc: carol@EXAMPLE.org, dave@example.com, me@example.org\n"
  "Subject: RE: Re[2]: Aw: Plans  for  Friday\n"
  "Date: Tue, 3 Nov 2026 23:30:00 +0000\n"
  "Message-ID: <orig@example.org>\n"
  "In-Reply-To: <r2@example.org>\n"
  "References: <r1@example.org>\n <r2@example.org>\n"
  "\n"
  "Hi all,\n"
  "\n"
  "> earlier words\n"
  "See you.\n";

static void
test_reply (Fixture       *f,
            gconstpointer  data)
{
  static const char * const own[] = { "someone@else.org", "me@example.org", NULL };
  g_autoptr(SuratMessage) original = message_from_text (f, "orig.eml", original_text);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GMimeMessage) built = NULL;
  g_autofree char *to = NULL;
  g_autofree char *cc = NULL;
  const char * const *refs;

  draft = surat_draft_new_reply (f->account, original, FALSE, own);
  g_assert_true (surat_draft_is_empty (draft));
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "Ana Lima <ana@example.org>");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_CC), ==, "");
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Re: Plans  for  Friday");
  g_assert_cmpstr (surat_draft_get_body (draft), ==,
                   "On Tue, 3 Nov 2026 at 23:30, Ana Lima wrote:\n"
                   "> Hi all,\n"
                   ">\n"
                   ">> earlier words\n"
                   "> See you.\n");
  g_assert_cmpstr (surat_draft_get_in_reply_to (draft), ==, "orig@example.org");
  refs = surat_draft_get_references (draft);
  g_assert_nonnull (refs);
  g_assert_cmpstr (refs[0], ==, "r1@example.org");
  g_assert_cmpstr (refs[1], ==, "r2@example.org");
  g_assert_cmpstr (refs[2], ==, "orig@example.org");
  g_assert_null (refs[3]);
  g_clear_object (&draft);

  /* Reply to all: never oneself (any case), nobody twice. */
  draft = surat_draft_new_reply (f->account, original, TRUE, own);
  built = build_and_parse (f, draft, FALSE);
  to = address_set (built, GMIME_ADDRESS_TYPE_TO);
  cc = address_set (built, GMIME_ADDRESS_TYPE_CC);
  g_assert_cmpstr (to, ==, "ana@example.org");
  g_assert_cmpstr (cc, ==, "carol@example.org dave@example.com j@example.net");
  g_assert_cmpstr (g_mime_message_get_subject (built), ==, "Re: Plans  for  Friday");
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (built), "In-Reply-To"), ==,
                   "<orig@example.org>");
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (built), "References"), ==,
                   "<r1@example.org> <r2@example.org> <orig@example.org>");
  g_assert_nonnull (strstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_CC),
                            "\"Doe, J\" <j@example.net>"));
}

static void
test_reply_to_and_in_reply_to (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const own[] = { "me@example.org", NULL };
  g_autoptr(SuratMessage) original = message_from_text (f, "list.eml",
    "From: Bob <bob@example.org>\n"
    "Reply-To: The List <list@lists.example.org>\n"
    "To: list@lists.example.org\n"
    "Subject: Re:Re: [list] News\n"
    "Message-ID: <m2@example.org>\n"
    "In-Reply-To: <m1@example.org>\n"
    "\n"
    "Body\n");
  g_autoptr(SuratDraft) draft = surat_draft_new_reply (f->account, original, TRUE, own);
  const char * const *refs = surat_draft_get_references (draft);

  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "The List <list@lists.example.org>");
  /* The author is asked too, the list not twice. */
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_CC), ==,
                   "Bob <bob@example.org>");
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Re: [list] News");
  g_assert_true (g_str_has_prefix (surat_draft_get_body (draft), "Bob wrote:\n> Body\n"));
  /* No References: the parent's In-Reply-To stands for them. */
  g_assert_cmpstr (refs[0], ==, "m1@example.org");
  g_assert_cmpstr (refs[1], ==, "m2@example.org");
  g_assert_null (refs[2]);
}

/* A message attached to another is replied to with its own threading
 * headers, not its container's. */
static void
test_reply_to_attached_message (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SuratMessage) outer = message_from_text (f, "outer.eml",
    "From: Ana <ana@example.org>\n"
    "Subject: Fwd: Old\n"
    "Message-ID: <outer@example.org>\n"
    "References: <outer-ref@example.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain\n"
    "\n"
    "See below.\n"
    "--b\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: Carol <carol@example.org>\n"
    "Subject: Old\n"
    "Message-ID: <inner@example.org>\n"
    "In-Reply-To: <inner-parent@example.org>\n"
    "\n"
    "Inner text.\n"
    "--b--\n");
  GPtrArray *attached = surat_message_get_attached_messages (outer);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(SuratMessage) forwarded = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *refs;
  SuratDraftAttachment *a;

  g_assert_cmpuint (attached->len, ==, 1);
  draft = surat_draft_new_reply (f->account, g_ptr_array_index (attached, 0), FALSE, NULL);
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "Carol <carol@example.org>");
  g_assert_cmpstr (surat_draft_get_in_reply_to (draft), ==, "inner@example.org");
  refs = surat_draft_get_references (draft);
  g_assert_cmpstr (refs[0], ==, "inner-parent@example.org");
  g_assert_cmpstr (refs[1], ==, "inner@example.org");
  g_assert_null (refs[2]);
  g_assert_true (g_str_has_prefix (surat_draft_get_body (draft), "Carol wrote:\n> Inner text.\n"));
  g_clear_object (&draft);

  /* Forwarded as an attachment: that message alone, not its container. */
  draft = surat_draft_new_forward (f->account, g_ptr_array_index (attached, 0),
                                   SURAT_FORWARD_AS_ATTACHMENT, f->store, &error);
  g_assert_no_error (error);
  a = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (a), ==, "Old.eml");
  g_assert_true (g_str_has_prefix (surat_draft_attachment_get_path (a), f->dir));
  forwarded = surat_message_new_from_file (surat_draft_attachment_get_path (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_get_message_id (forwarded), ==, "inner@example.org");
  g_assert_cmpstr (surat_message_get_text (forwarded), ==, "Inner text.");
  g_assert_cmpuint (surat_draft_attachment_get_size (a), >, 0);
}

/* --- forward -------------------------------------------------------------- */

static char *
message_with_attachment (GBytes *content)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (content, NULL),
                                          g_bytes_get_size (content));

  return g_strdup_printf (
    "From: Ana Lima <ana@example.org>\n"
    "To: me@example.org\n"
    "Subject: FWD: Fw: Report\n"
    "Date: Tue, 3 Nov 2026 23:30:00 +0000\n"
    "Message-ID: <fw@example.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Here it is.\n"
    "--b\n"
    "Content-Type: application/octet-stream; name=\"data.bin\"\n"
    "Content-Disposition: attachment; filename=\"data.bin\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s\n"
    "--b--\n", b64);
}

static void
test_forward_inline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) content = binary_bytes ();
  g_autofree char *text = message_with_attachment (content);
  g_autoptr(SuratMessage) original = message_from_text (f, "fw.eml", text);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GMimeMessage) built = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sent = NULL;
  SuratDraftAttachment *a;
  GMimeMultipart *mixed;
  GStatBuf st;
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;

  draft = surat_draft_new_forward (f->account, original, SURAT_FORWARD_INLINE, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Fwd: Report");
  g_assert_nonnull (strstr (surat_draft_get_body (draft),
                            "From: Ana Lima <ana@example.org>\n"
                            "Date: Tue, 3 Nov 2026 at 23:30\n"
                            "Subject: FWD: Fw: Report\n"
                            "To: me@example.org\n"
                            "\n"
                            "Here it is.\n"));
  g_assert_null (surat_draft_get_in_reply_to (draft));

  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 1);
  a = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (a), ==, "data.bin");
  g_assert_cmpuint (surat_draft_attachment_get_size (a), ==, g_bytes_get_size (content));
  assert_file_equals (surat_draft_attachment_get_path (a), content);

  /* Private: under the data dir, 0700. */
  dir = g_path_get_dirname (surat_draft_attachment_get_path (a));
  parent = g_path_get_dirname (dir);
  g_assert_true (g_str_has_prefix (dir, f->dir));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, "zoe@example.org");
  built = build_and_parse (f, draft, FALSE);
  mixed = GMIME_MULTIPART (g_mime_message_get_mime_part (built));
  g_assert_cmpint (g_mime_multipart_get_count (mixed), ==, 2);
  sent = part_content (g_mime_multipart_get_part (mixed, 1));
  g_assert_true (g_bytes_equal (sent, content));
}

static void
test_forward_as_attachment (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) content = binary_bytes ();
  g_autofree char *text = message_with_attachment (content);
  g_autoptr(SuratMessage) original = message_from_text (f, "fw.eml", text);
  g_autoptr(SuratDraft) draft = NULL;
  g_autoptr(GMimeMessage) built = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMimeStream) mem = g_mime_stream_mem_new ();
  GMimeObject *part;
  GByteArray *bytes;
  SuratDraftAttachment *a;

  draft = surat_draft_new_forward (f->account, original, SURAT_FORWARD_AS_ATTACHMENT, f->store,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Fwd: Report");
  a = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_true (surat_draft_attachment_is_message (a));
  g_assert_cmpstr (surat_draft_attachment_get_mime_type (a), ==, "message/rfc822");
  g_assert_cmpstr (surat_draft_attachment_get_path (a), ==, surat_message_get_path (original));

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, "zoe@example.org");
  built = build_and_parse (f, draft, FALSE);
  /* No text was written: the original is the one part. */
  part = g_mime_multipart_get_part (GMIME_MULTIPART (g_mime_message_get_mime_part (built)), 0);
  g_assert_true (GMIME_IS_MESSAGE_PART (part));
  g_assert_cmpstr (g_mime_object_get_content_disposition_parameter (part, "filename"), ==,
                   "FWD: Fw: Report.eml");
  g_mime_object_write_to_stream (GMIME_OBJECT (g_mime_message_part_get_message (
                                   GMIME_MESSAGE_PART (part))), NULL, mem);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  g_assert_cmpmem (bytes->data, bytes->len, text, strlen (text));
}

/* --- mailto: -------------------------------------------------------------- */

static void
test_mailto (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratDraft) draft = NULL;

  draft = surat_draft_new_from_mailto (
    "MAILTO:a@x.org,b@y.org?cc=c@z.org&BCC=d@w.org&Subject=Caf%C3%A9%20a+b%2Bc"
    "&body=line%201%0D%0Aline%202&To=e@v.org#frag", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "a@x.org,b@y.org, e@v.org");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_CC), ==, "c@z.org");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_BCC), ==, "d@w.org");
  /* "+" is a plus in mailto: (RFC 6068 §2), not a space. */
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "Café a+b+c");
  g_assert_cmpstr (surat_draft_get_body (draft), ==, "line 1\nline 2");
  g_assert_null (surat_draft_get_account_id (draft));
  g_assert_true (surat_draft_is_empty (draft));
  g_clear_object (&draft);

  /* Percent-encoded addresses, no path. */
  draft = surat_draft_new_from_mailto ("mailto:?to=%22Ana%20Lima%22%20%3Cana%40example.org%3E",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "\"Ana Lima\" <ana@example.org>");
}

static void
test_mailto_hostile (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratDraft) draft = NULL;

  draft = surat_draft_new_from_mailto (
    "mailto:a@x.org%0D%0ABcc:%20evil@x.org?from=boss@x.org&attach=/etc/passwd"
    "&Attachment=%2Fetc%2Fshadow&reply-to=evil@x.org&X-Foo=1&in-reply-to=%3Cx@y%3E"
    "&subject=hi%0D%0ABcc:%20evil@x.org&noequals", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_TO), ==,
                   "a@x.org  Bcc: evil@x.org");
  g_assert_cmpstr (surat_draft_get_addresses (draft, SURAT_MESSAGE_FIELD_BCC), ==, "");
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "hi  Bcc: evil@x.org");
  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 0);
  g_assert_null (surat_draft_get_in_reply_to (draft));
  g_clear_object (&draft);

  draft = surat_draft_new_from_mailto ("mailto:a@x.org?subject=%FF%FE", &error);
  g_assert_null (draft);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8);
  g_clear_error (&error);

  draft = surat_draft_new_from_mailto ("mailto:a@x.org?body=a%00b", &error);
  g_assert_null (draft);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR,
                  SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER);
  g_clear_error (&error);

  draft = surat_draft_new_from_mailto ("mailto:a@x.org?subject=%zz", &error);
  g_assert_null (draft);
  g_assert_error (error, G_URI_ERROR, G_URI_ERROR_FAILED);
  g_clear_error (&error);

  draft = surat_draft_new_from_mailto ("https://example.org/?to=a@x.org", &error);
  g_assert_null (draft);
  g_assert_error (error, G_URI_ERROR, G_URI_ERROR_BAD_SCHEME);
}

/* --- saving and loading ----------------------------------------------------- */

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SuratDraft) draft = surat_draft_new (f->account);
  g_autoptr(SuratDraft) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = binary_bytes ();
  g_autoptr(GBytes) saved_bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *bin = write_file (f, "data.bin", g_bytes_get_data (content, NULL),
                                     (gssize) g_bytes_get_size (content));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *drafts_dir = g_build_filename (f->dir, ACCOUNT, "Drafts", NULL);
  const char *to = "Ana Lima <ana@example.org>, bo";
  const char *body = "Dear Ana,\n\n  indented\nno final line break  ";
  const char * const *refs;
  SuratDraftAttachment *a;

  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_TO, to);
  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_CC, "carol@example.org");
  surat_draft_set_addresses (draft, SURAT_MESSAGE_FIELD_BCC, "Dan <dan@example.org>");
  surat_draft_set_subject (draft, "  Ünïcode  subject ");
  surat_draft_set_body (draft, body);
  g_assert_true (surat_draft_add_attachment (draft, bin, "Résumé.bin", NULL, &error));
  g_assert_no_error (error);

  first = surat_draft_save (draft, f->store, f->account, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, drafts_dir));
  g_assert_cmpstr (surat_draft_get_saved_path (draft), ==, first);
  g_assert_cmpuint (drafts_in_index (f), ==, 1);

  /* A real message another program can read, with its Bcc. */
  saved_bytes = surat_test_read_file (first);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (saved_bytes, NULL),
                                  (gssize) g_bytes_get_size (saved_bytes),
                                  "\nBcc: Dan <dan@example.org>\n"));

  loaded = surat_draft_load (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_account_id (loaded), ==, ACCOUNT);
  g_assert_cmpstr (surat_draft_get_addresses (loaded, SURAT_MESSAGE_FIELD_TO), ==, to);
  g_assert_cmpstr (surat_draft_get_addresses (loaded, SURAT_MESSAGE_FIELD_CC), ==,
                   "carol@example.org");
  g_assert_cmpstr (surat_draft_get_addresses (loaded, SURAT_MESSAGE_FIELD_BCC), ==,
                   "Dan <dan@example.org>");
  g_assert_cmpstr (surat_draft_get_subject (loaded), ==, "  Ünïcode  subject ");
  g_assert_cmpstr (surat_draft_get_body (loaded), ==, body);
  g_assert_cmpstr (surat_draft_get_saved_path (loaded), ==, first);
  g_assert_false (surat_draft_is_empty (loaded));
  g_assert_cmpuint (surat_draft_get_attachments (loaded)->len, ==, 1);
  a = g_ptr_array_index (surat_draft_get_attachments (loaded), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (a), ==, "Résumé.bin");
  assert_file_equals (surat_draft_attachment_get_path (a), content);
  g_assert_true (g_str_has_prefix (surat_draft_attachment_get_path (a), f->dir));

  /* Saving again replaces the first version. */
  surat_draft_set_body (loaded, "Second version\n");
  second = surat_draft_save (loaded, f->store, f->account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, !=, first);
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (drafts_in_index (f), ==, 1);
  rows = surat_index_list_messages (surat_store_get_index (f->store), ACCOUNT,
                                    SURAT_FOLDER_DRAFTS, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (g_str_has_suffix (second,
    surat_message_summary_get_file (g_ptr_array_index (rows, 0))));
  g_clear_object (&loaded);

  loaded = surat_draft_load (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_body (loaded), ==, "Second version\n");
  a = g_ptr_array_index (surat_draft_get_attachments (loaded), 0);
  assert_file_equals (surat_draft_attachment_get_path (a), content);

  /* Discarding removes file and row, and the decoded copy, never the
   * person's own file. */
  g_assert_true (surat_draft_discard (loaded, f->store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (surat_draft_attachment_get_path (a), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (bin, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (drafts_in_index (f), ==, 0);
  g_assert_null (surat_draft_get_saved_path (loaded));

  /* A reply keeps its threading through a save. */
  {
    g_autoptr(SuratMessage) original = message_from_text (f, "orig.eml", original_text);
    g_autoptr(SuratDraft) reply = surat_draft_new_reply (f->account, original, FALSE, NULL);
    g_autoptr(SuratDraft) back = NULL;
    g_autofree char *path = surat_draft_save (reply, f->store, f->account, &error);

    g_assert_no_error (error);
    back = surat_draft_load (f->store, path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (surat_draft_get_in_reply_to (back), ==, "orig@example.org");
    refs = surat_draft_get_references (back);
    g_assert_cmpuint (g_strv_length ((char **) refs), ==, 3);
    g_assert_cmpstr (refs[2], ==, "orig@example.org");
    g_assert_cmpstr (surat_draft_get_body (back), ==, surat_draft_get_body (reply));
    g_assert_cmpstr (surat_draft_get_subject (back), ==, "Re: Plans  for  Friday");
  }
}

/* A message from another folder loaded as a draft ("edit as new") is
 * never removed by saving or discarding it. */
static void
test_load_from_inbox (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratDraft) draft = NULL;
  g_autofree char *file = NULL;
  g_autofree char *inbox_path = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SuratMaildir *inbox;

  inbox = surat_store_get_maildir (f->store, ACCOUNT, SURAT_FOLDER_INBOX, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_static (original_text, strlen (original_text));
  file = surat_maildir_deliver_bytes (inbox, bytes, NULL, &error);
  g_assert_no_error (error);
  inbox_path = g_build_filename (surat_maildir_get_path (inbox), file, NULL);

  draft = surat_draft_load (f->store, inbox_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_draft_get_account_id (draft), ==, ACCOUNT);
  g_assert_null (surat_draft_get_saved_path (draft));
  g_assert_cmpstr (surat_draft_get_subject (draft), ==, "RE: Re[2]: Aw: Plans  for  Friday");

  saved = surat_draft_save (draft, f->store, f->account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, !=, inbox_path);
  g_assert_true (g_file_test (inbox_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (surat_draft_discard (draft, f->store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (inbox_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (drafts_in_index (f), ==, 0);
}

static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratDraft) a = surat_draft_new (f->account);
  g_autoptr(SuratDraft) b = surat_draft_new (f->account);
  g_autoptr(SuratDraft) c = surat_draft_new (f->account);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *b1 = NULL;
  g_autofree char *c1 = NULL;

  list = surat_draft_list_interrupted (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Open before the first save: recorded by it. */
  g_assert_true (surat_draft_set_open (a, f->store, TRUE, &error));
  surat_draft_set_subject (a, "A");
  a1 = surat_draft_save (a, f->store, f->account, &error);
  g_assert_no_error (error);
  /* Saved again while open: the record follows. */
  surat_draft_set_subject (a, "A2");
  a2 = surat_draft_save (a, f->store, f->account, &error);
  g_assert_no_error (error);

  surat_draft_set_subject (b, "B");
  b1 = surat_draft_save (b, f->store, f->account, &error);
  g_assert_no_error (error);
  g_assert_true (surat_draft_set_open (b, f->store, TRUE, &error));
  g_assert_true (surat_draft_set_open (b, f->store, FALSE, &error));   /* closed */

  surat_draft_set_subject (c, "C");
  c1 = surat_draft_save (c, f->store, f->account, &error);
  g_assert_no_error (error);
  g_assert_true (surat_draft_set_open (c, f->store, TRUE, &error));
  /* Gone behind our back (sent from elsewhere, deleted). */
  g_assert_cmpint (g_unlink (c1), ==, 0);

  list = surat_draft_list_interrupted (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, a2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Asked once: the record is cleared. */
  list = surat_draft_list_interrupted (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The system's MIME database, which G_TEST_OPTION_ISOLATE_DIRS would
   * hide: attachment types are sniffed with it. */
  g_content_type_set_mime_dirs (NULL);
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/draft/fields/attachments-revision-empty", test_fields);
  ADD ("/draft/builder/errors", test_builder_errors);
  ADD ("/draft/reply/bytes", test_reply);
  ADD ("/draft/reply/reply-to-and-in-reply-to", test_reply_to_and_in_reply_to);
  ADD ("/draft/reply/attached-message", test_reply_to_attached_message);
  ADD ("/draft/forward/inline", test_forward_inline);
  ADD ("/draft/forward/as-attachment", test_forward_as_attachment);
  ADD ("/draft/mailto/fields", test_mailto);
  ADD ("/draft/mailto/hostile", test_mailto_hostile);
  ADD ("/draft/save/round-trip", test_save_load);
  ADD ("/draft/save/never-removes-other-folders", test_load_from_inbox);
  ADD ("/draft/save/interrupted", test_interrupted);
#undef ADD

  return g_test_run ();
}
