/* test-builder.c — SuratMessageBuilder: headers, addresses, the envelope,
 * header injection; its output read back by GMime and by Python's email
 * package, an independent parser
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "test-builder-common.h"

/* Headers */

static const char * const names[] = {
  "Zoë Müller",
  "Ελένη Παπαδοπούλου",
  "Ольга Петрова",
  "田中太郎",
  "محمد علي",
  "José 🎉 Party",
  "O'Brien, Pat",
  "Dr. \"Q\" Smith \\ Sons",
  "Jean-François Dupont-Aignan de la Tour d'Auvergne et de Saint-Rémy-lès-Chevreuse",
  "長い名前長い名前長い名前長い名前長い名前長い名前長い名前長い名前長い名前長い名前長い名前",
  "=?UTF-8?Q?not_an_encoded_word?=",
};

static void
test_headers_names_round_trip (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *header = NULL;
  InternetAddressList *to;
  InternetAddressList *cc;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *address = g_strdup_printf ("person%u@example.org", i);

      surat_message_builder_add_address (b, i % 2 ? SURAT_MESSAGE_FIELD_CC : SURAT_MESSAGE_FIELD_TO,
                                         names[i], address, &error);
      g_assert_no_error (error);
    }

  path = write_message (b, f, "names.eml");
  bytes = surat_test_read_file (path);
  header = header_of (bytes);

  /* RFC 5322 §2.1.1 and RFC 2047 §2: 7-bit, folded to 76 octets. */
  g_assert_true (g_str_is_ascii (header));
  g_assert_cmpuint (max_line_length (bytes), <=, 76);

  message = parse_bytes (bytes);
  to = g_mime_message_get_addresses (message, GMIME_ADDRESS_TYPE_TO);
  cc = g_mime_message_get_addresses (message, GMIME_ADDRESS_TYPE_CC);
  g_assert_cmpint (internet_address_list_length (to) + internet_address_list_length (cc), ==,
                   G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      InternetAddress *ia = internet_address_list_get_address (i % 2 ? cc : to, i / 2);
      g_autofree char *address = g_strdup_printf ("person%u@example.org", i);

      g_assert_cmpstr (internet_address_get_name (ia), ==, names[i]);
      g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), ==,
                       address);
    }
}

static const char * const subjects[] = {
  "Plain ASCII subject",
  "Grüße aus München",
  "Счёт за октябрь",
  "会議の議事録",
  "Ελληνικά θέματα",
  "مرحبا بالعالم",
  "Photos from the trip 📷",
  "=?UTF-8?Q?looks_encoded?= but is not",
  "  two leading spaces and a trailing one ",
  "tabs\tinside\tit",
  "A long subject line with many words that will have to be folded over several lines "
  "because nobody should ever write a subject this long, but people do, and then they "
  "paste a second sentence in too, and a third one, just to be sure nothing gets lost.",
  "Ünïcödé everywhere in a long subject: Ünïcödé everywhere in a long subject, "
  "Ünïcödé everywhere in a long subject — and then some more Ünïcödé for good measure",
};

static void
test_headers_subjects_round_trip (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *long_word = g_strnfill (2000, 'x');

  for (guint i = 0; i <= G_N_ELEMENTS (subjects); i++)
    {
      const char *subject = i < G_N_ELEMENTS (subjects) ? subjects[i] : long_word;
      g_autoptr(SuratMessageBuilder) b = new_builder ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("subject-%u.eml", i);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *header = NULL;
      g_autoptr(GMimeMessage) message = NULL;

      surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
      surat_message_builder_set_subject (b, subject, -1, &error);
      g_assert_no_error (error);

      path = write_message (b, f, name);
      bytes = surat_test_read_file (path);
      header = header_of (bytes);
      g_assert_true (g_str_is_ascii (header));
      g_assert_cmpuint (max_line_length (bytes), <=, 76);

      message = parse_bytes (bytes);
      g_assert_cmpstr (g_mime_message_get_subject (message), ==, subject);
    }
}

static void
test_headers_identity (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 ("2026-03-02T09:15:07+01:00", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) c = NULL;
  const char *id;

  surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
  surat_message_builder_set_date (b, date);
  g_assert_no_error (error);
  g_assert_null (surat_message_builder_get_message_id (b));

  first = write_message (b, f, "first.eml");
  second = write_message (b, f, "second.eml");
  message = parse_path (first);

  /* RFC 5322 §3.6.1, §3.6.4; and who made it. */
  g_assert_true (g_date_time_equal (g_mime_message_get_date (message), date));
  id = g_mime_message_get_message_id (message);
  g_assert_cmpstr (id, ==, surat_message_builder_get_message_id (b));
  g_assert_true (g_str_has_suffix (id, "@example.org"));
  g_assert_cmpuint (strlen (id), >, strlen ("@example.org") + 8);
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "User-Agent"), ==,
                   "Surat/" PACKAGE_VERSION);
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "MIME-Version"), ==, "1.0");

  /* Written twice, the same message (the outbox may write it again). */
  a = surat_test_read_file (first);
  c = surat_test_read_file (second);
  assert_bytes_equal (a, c);
}

static void
test_headers_message_id_idn_sender (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = surat_message_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratMessageBuilder) given = new_builder ();
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;

  surat_message_builder_set_from (b, "Jürgen", "juergen@bücher.example", &error);
  surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
  g_assert_no_error (error);
  path = write_message (b, f, "idn.eml");
  message = parse_path (path);
  /* A msg-id is ASCII (RFC 5322 §3.6.4): the domain as A-labels. */
  g_assert_true (g_str_has_suffix (g_mime_message_get_message_id (message),
                                   "@xn--bcher-kva.example"));

  /* One given by the caller is kept, with or without <>. */
  surat_message_builder_set_message_id (given, "<resent.1@example.org>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_message_builder_get_message_id (given), ==, "resent.1@example.org");
  surat_message_builder_set_message_id (given, "no at sign", &error);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID);
  g_assert_cmpstr (surat_message_builder_get_message_id (given), ==, "resent.1@example.org");
}

static char *
references_of (GMimeMessage *message)
{
  return g_strdup (g_mime_object_get_header (GMIME_OBJECT (message), "References"));
}

static void
test_headers_reply (Fixture       *f,
                    gconstpointer  data)
{
  struct {
    const char *references;
    const char *in_reply_to;
    const char *expected;
  } cases[] = {
    /* RFC 5322 §3.6.4: the parent's References, then its Message-ID. */
    { "<root@x.org> <second@y.org>", "<second@y.org>", "<root@x.org> <second@y.org> <parent@z.org>" },
    /* No References: its In-Reply-To when that is one ID. */
    { NULL, "<second@y.org>", "<second@y.org> <parent@z.org>" },
    { NULL, "<one@y.org> <two@y.org>", "<parent@z.org>" },
    { NULL, NULL, "<parent@z.org>" },
    /* Junk in the parent's header does not stop a reply. */
    { "<root@x.org> garbage <bad id> <ok@x.org>", NULL, "<root@x.org> <ok@x.org> <parent@z.org>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SuratMessageBuilder) b = new_builder ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("reply-%u.eml", i);
      g_autofree char *path = NULL;
      g_autoptr(GMimeMessage) message = NULL;
      g_autofree char *references = NULL;
      g_autofree char *unfolded = NULL;

      surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
      surat_message_builder_set_reply_parent (b, "<parent@z.org>", cases[i].references,
                                              cases[i].in_reply_to, &error);
      g_assert_no_error (error);
      path = write_message (b, f, name);
      message = parse_path (path);

      g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "In-Reply-To"), ==,
                       "<parent@z.org>");
      references = references_of (message);
      unfolded = g_mime_utils_header_unfold (references);
      g_assert_cmpstr (unfolded, ==, cases[i].expected);
    }
}

static void
test_headers_reply_direct (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "a@x.org", "<b@y.org>", NULL };
  const char *bad[] = { "a@x.org", "b y@x.org", NULL };
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *references = NULL;

  surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", &error);
  surat_message_builder_set_in_reply_to (b, "b@y.org", &error);
  surat_message_builder_set_references (b, ids, &error);
  g_assert_no_error (error);

  surat_message_builder_set_references (b, bad, &error);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID);
  g_assert_cmpint (surat_message_builder_error_get_field (error), ==, SURAT_MESSAGE_FIELD_REFERENCES);
  g_assert_cmpint (surat_message_builder_error_get_index (error), ==, 1);
  g_clear_error (&error);
  surat_message_builder_set_reply_parent (b, "not-an-id", NULL, NULL, &error);
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID);

  /* What failed changed nothing. */
  path = write_message (b, f, "direct.eml");
  message = parse_path (path);
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "In-Reply-To"), ==, "<b@y.org>");
  references = references_of (message);
  g_assert_cmpstr (references, ==, "<a@x.org> <b@y.org>");
}

/* Bcc and the envelope */

static void
test_bcc_hidden_but_in_envelope (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  const char * const expected[] = {
    "to1@example.org", "to2@example.org", "cc1@example.org",
    "hidden@example.net", "Secret.Person@example.com", NULL
  };

  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO,
                                       "to1@example.org, Two <to2@example.org>", -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_CC, "cc1@example.org", -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_BCC,
                                       "Hidden Person <hidden@example.net>, "
                                       "Secret.Person@example.com", -1, &error);
  surat_message_builder_set_text (b, "Nobody sees who else got this.\n", -1, &error);
  g_assert_no_error (error);

  path = write_message (b, f, "bcc.eml");
  bytes = surat_test_read_file (path);
  message = parse_bytes (bytes);

  /* RFC 5322 §3.6.3: nothing in the message names a Bcc recipient. */
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Bcc"));
  g_assert_false (bytes_contain (bytes, "Bcc"));
  g_assert_false (bytes_contain (bytes, "hidden@example.net"));
  g_assert_false (bytes_contain (bytes, "Secret.Person"));
  g_assert_false (bytes_contain (bytes, "Hidden Person"));

  envelope = surat_message_builder_get_envelope (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_envelope_get_sender (envelope), ==, "ana@example.org");
  g_assert_cmpstrv (surat_envelope_get_recipients (envelope), expected);
  g_assert_cmpint (surat_envelope_get_flags (envelope), ==, SURAT_ENVELOPE_FLAGS_NONE);
}

static void
test_envelope_dedup_and_groups (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = NULL;
  const char * const expected[] = {
    "a@example.org", "m1@example.org", "m2@example.org", "A@example.org", "b@example.org", NULL
  };

  /* The same mailbox twice (the domain in another case, in Cc and Bcc
   * again) is one RCPT TO; local parts differing in case are not the same
   * (RFC 5321 §2.4). Group members are recipients too. */
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO,
                                       "a@example.org, Team: m1@example.org, m2@example.org;, "
                                       "a@EXAMPLE.ORG", -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_CC, "A@example.org, m1@example.org",
                                       -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_BCC, "b@example.org, a@example.org",
                                       -1, &error);
  g_assert_no_error (error);

  envelope = surat_message_builder_get_envelope (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (surat_envelope_get_recipients (envelope), expected);
}

static void
test_envelope_serialize (void)
{
  const char * const recipients[] = { "\"semi;colon\"@example.org", "zoë@bücher.example",
                                      "plain@example.org", NULL };
  g_autoptr(SuratEnvelope) envelope = surat_envelope_new ("", recipients,
                                                          SURAT_ENVELOPE_SMTPUTF8 |
                                                          SURAT_ENVELOPE_8BITMIME);
  g_autoptr(SuratEnvelope) copy = NULL;
  g_autoptr(SuratEnvelope) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  data = surat_envelope_to_data (envelope, &len);
  g_assert_cmpuint (strlen (data), ==, len);
  copy = surat_envelope_new_from_data (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surat_envelope_get_sender (copy), ==, "");
  g_assert_cmpstrv (surat_envelope_get_recipients (copy), recipients);
  g_assert_cmpint (surat_envelope_get_flags (copy), ==,
                   SURAT_ENVELOPE_SMTPUTF8 | SURAT_ENVELOPE_8BITMIME);

  plain = surat_envelope_new_from_data ("[Envelope]\nSender=a@x.org\nRecipients=b@y.org;\n", -1,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (surat_envelope_get_flags (plain), ==, SURAT_ENVELOPE_FLAGS_NONE);

  g_assert_null (surat_envelope_new_from_data ("not a key file", -1, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (surat_envelope_new_from_data ("[Envelope]\nSender=a@x.org\n", -1, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
}

static void
test_envelope_needs_sender_and_recipients (void)
{
  g_autoptr(SuratMessageBuilder) b = surat_message_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMimeMessage) message = NULL;

  g_assert_null (surat_message_builder_get_envelope (b, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER);
  g_clear_error (&error);
  g_assert_null (surat_message_builder_build (b, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER);
  g_clear_error (&error);

  surat_message_builder_set_from (b, NULL, "ana@example.org", &error);
  g_assert_no_error (error);
  g_assert_null (surat_message_builder_get_envelope (b, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS);
  g_clear_error (&error);

  /* An empty group is no recipient either. */
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO, "undisclosed-recipients:;", -1,
                                       &error);
  g_assert_no_error (error);
  g_assert_null (surat_message_builder_get_envelope (b, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS);
  g_clear_error (&error);

  /* A message to Bcc recipients only is fine (a draft needs none). */
  message = surat_message_builder_build (b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
}

/* Internationalized addresses (RFC 6530) */

static void
test_idn_a_labels_without_smtputf8 (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  InternetAddress *zoe;
  const char * const expected[] = { "zoe@xn--bcher-kva.example", "info@xn--mnchen-3ya.de", NULL };

  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO,
                                       "Zoë <zoe@bücher.example>, info@münchen.de", -1, &error);
  g_assert_no_error (error);
  g_assert_false (surat_message_builder_needs_smtputf8 (b));

  path = write_message (b, f, "alabels.eml");
  bytes = surat_test_read_file (path);
  header = header_of (bytes);
  g_assert_true (g_str_is_ascii (header));
  g_assert_nonnull (strstr (header, "<zoe@xn--bcher-kva.example>"));

  message = parse_bytes (bytes);
  zoe = internet_address_list_get_address (g_mime_message_get_addresses (message, GMIME_ADDRESS_TYPE_TO), 0);
  g_assert_cmpstr (internet_address_get_name (zoe), ==, "Zoë");

  envelope = surat_message_builder_get_envelope (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (surat_envelope_get_recipients (envelope), expected);
  g_assert_false (surat_envelope_get_flags (envelope) & SURAT_ENVELOPE_SMTPUTF8);
}

static void
test_idn_utf8_with_smtputf8 (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  InternetAddress *zoe;
  const char * const expected[] = { "zoe@bücher.example", NULL };

  surat_message_builder_set_smtputf8 (b, TRUE);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO, "Zoë <zoe@bücher.example>", -1,
                                       &error);
  g_assert_no_error (error);
  g_assert_true (surat_message_builder_needs_smtputf8 (b));

  /* RFC 6532 §3.2: the domain in UTF-8 in the header; the name is still
   * an encoded-word. */
  path = write_message (b, f, "utf8.eml");
  bytes = surat_test_read_file (path);
  header = header_of (bytes);
  g_assert_nonnull (strstr (header, "To: =?UTF-8?"));
  g_assert_nonnull (strstr (header, "<zoe@bücher.example>"));
  message = parse_bytes (bytes);
  zoe = internet_address_list_get_address (g_mime_message_get_addresses (message, GMIME_ADDRESS_TYPE_TO), 0);
  g_assert_cmpstr (internet_address_get_name (zoe), ==, "Zoë");

  envelope = surat_message_builder_get_envelope (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (surat_envelope_get_recipients (envelope), expected);
  g_assert_true (surat_envelope_get_flags (envelope) & SURAT_ENVELOPE_SMTPUTF8);
}

static void
test_idn_utf8_local_part (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratEnvelope) envelope = NULL;

  /* A local part has no ASCII form: SMTPUTF8 is needed, whatever the
   * server said. */
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_BCC, "josé@example.org", -1, &error);
  g_assert_no_error (error);
  g_assert_true (surat_message_builder_needs_smtputf8 (b));
  envelope = surat_message_builder_get_envelope (b, &error);
  g_assert_no_error (error);
  g_assert_true (surat_envelope_get_flags (envelope) & SURAT_ENVELOPE_SMTPUTF8);
  g_assert_cmpstr (surat_envelope_get_recipients (envelope)[0], ==, "josé@example.org");
}

/* What people type */

typedef struct {
  const char *name;
  const char *address;
} Expected;

static void
assert_parses_to (const char     *text,
                  const Expected *expected,
                  guint           n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InternetAddressList) list = NULL;
  g_autoptr(GPtrArray) flat = g_ptr_array_new ();

  list = surat_message_builder_parse_addresses (text, -1, SURAT_MESSAGE_FIELD_TO, &error);
  g_assert_no_error (error);

  for (int i = 0; i < internet_address_list_length (list); i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          InternetAddressList *members = internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia));

          for (int j = 0; j < internet_address_list_length (members); j++)
            g_ptr_array_add (flat, internet_address_list_get_address (members, j));
        }
      else
        {
          g_ptr_array_add (flat, ia);
        }
    }

  g_assert_cmpuint (flat->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      InternetAddress *ia = g_ptr_array_index (flat, i);

      g_assert_cmpstr (internet_address_get_name (ia), ==, expected[i].name);
      g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), ==,
                       expected[i].address);
    }
}

static void
test_parse_valid (void)
{
  const Expected brief[] = {
    { "Ana Lima", "ana@example.org" }, { NULL, "bob@example.org" }, { "Doe, J", "j@x.org" },
  };
  const Expected group[] = {
    { NULL, "a@example.org" }, { "B", "b@example.org" }, { NULL, "c@example.org" },
  };
  const Expected forms[] = {
    { "Bob Smith", "bob@example.org" },           /* old comment style */
    { "Ana Lima", "ana@example.org" },            /* a name without <> */
    { "Zoë", "zoe@example.org" },                 /* a pasted encoded-word */
    { "Quote \"Q\" Me", "q@example.org" },
    { NULL, "\"john doe\"@example.org" },
    { NULL, "x@[192.0.2.1]" },
    { NULL, "y@[IPv6:2001:db8::1]" },
    { "Ünïcödé", "josé@bücher.example" },
    { NULL, "tester@localhost" },
    { "Semi", "semi@example.org" },
  };

  assert_parses_to ("Ana Lima <ana@example.org>, bob@example.org; \"Doe, J\" <j@x.org>",
                    brief, G_N_ELEMENTS (brief));
  assert_parses_to ("  ,, Team: a@example.org, B <b@example.org>; ,c@example.org ,", group,
                    G_N_ELEMENTS (group));
  assert_parses_to ("bob@example.org (Bob Smith), Ana  Lima ana@example.org, "
                    "=?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>, \"Quote \\\"Q\\\" Me\" <q@example.org>, "
                    "\"john doe\"@example.org, x@[192.0.2.1], <y@[IPv6:2001:db8::1]>, "
                    "Ünïcödé <josé@bücher.example>\t, tester@localhost; Semi <semi@example.org>;",
                    forms, G_N_ELEMENTS (forms));
  assert_parses_to ("", NULL, 0);
  assert_parses_to (" , ; ", NULL, 0);
}

typedef struct {
  const char *text;
  int         index;     /* of the bad address */
  const char *span;      /* the text the error points at */
  int         code;
} BadCase;

static void
test_parse_invalid (void)
{
  const BadCase cases[] = {
    { "ana@example.org, bob, c@x.org", 1, "bob", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "ana@", 0, "ana@", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "@example.org", 0, "@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@b@example.org", 0, "a@b@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "ok@x.org, a..b@example.org", 1, "a..b@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { ".a@example.org", 0, ".a@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@example..org", 0, "a@example..org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@-example.org", 0, "a@-example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@exa_mple.org", 0, "a@exa_mple.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@example.org.", 0, "a@example.org.", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a(b@example.org", 0, "a(b@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "x@y.org, \"Doe, J <j@x.org>", 1, "\"Doe, J <j@x.org>", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "x@y.org, Ana <ana@example.org", 1, "Ana <ana@example.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "ana@example.org>", 0, "ana@example.org>", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "Ana <ana@example.org> Lima", 0, "Ana <ana@example.org> Lima", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@x.org b@y.org", 0, "a@x.org b@y.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "Ana Lima", 0, "Ana Lima", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "Ana <>", 0, "Ana <>", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "x@[300.1.1.1]", 0, "x@[300.1.1.1]", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "x@[192.0.2.1", 0, "x@[192.0.2.1", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@xn--zz-.org", 0, "a@xn--zz-.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@xn--zz.org", 0, "a@xn--zz.org", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "Team: a@x.org, b@; c@d.org", 1, "b@", SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@x.org, 1234567890123456789012345678901234567890123456789012345678901234567890@x.org", 1,
      "1234567890123456789012345678901234567890123456789012345678901234567890@x.org",
      SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org", 0,
      "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org",
      SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS },
    { "ok@x.org, Ana\nLima <a@x.org>", 1, "\n", SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER },
    { "\"Ana\r\nBcc: evil@x.org\" <a@x.org>", 0, "\r", SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InternetAddressList) list = NULL;
      gsize start;
      gsize end;

      list = surat_message_builder_parse_addresses (cases[i].text, -1, SURAT_MESSAGE_FIELD_CC,
                                                    &error);
      if (list != NULL)
        g_error ("“%s” was taken as valid", cases[i].text);
      g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, cases[i].code);
      g_assert_cmpint (surat_message_builder_error_get_field (error), ==, SURAT_MESSAGE_FIELD_CC);
      g_assert_cmpint (surat_message_builder_error_get_index (error), ==, cases[i].index);
      g_assert_true (surat_message_builder_error_get_span (error, &start, &end));
      g_assert_cmpmem (cases[i].text + start, end - start, cases[i].span, strlen (cases[i].span));

      /* The person reads which entry of which field, and what is wrong. */
      g_assert_nonnull (strstr (error->message, "Cc"));
      if (cases[i].code == SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS)
        g_assert_nonnull (strstr (error->message, cases[i].span));
    }
}

static void
test_parse_span_in_bytes (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "Zoë Müller <zoe@example.org>, 田中 <tanaka@>";
  const char *bad = strstr (text, "田中");
  gsize start;
  gsize end;

  g_assert_null (surat_message_builder_parse_addresses (text, -1, SURAT_MESSAGE_FIELD_TO, &error));
  g_assert_true (surat_message_builder_error_get_span (error, &start, &end));
  g_assert_cmpuint (start, ==, bad - text);
  g_assert_cmpuint (end, ==, strlen (text));
  /* What a GtkEditable wants: characters. */
  g_assert_cmpint (g_utf8_pointer_to_offset (text, text + start), ==, 30);
  g_assert_nonnull (strstr (error->message, "nothing comes after"));

  /* Not UTF-8 at all. */
  g_clear_error (&error);
  g_assert_null (surat_message_builder_parse_addresses ("a@x.org, \xff@y.org", -1,
                                                        SURAT_MESSAGE_FIELD_TO, &error));
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8);
  g_assert_true (surat_message_builder_error_get_span (error, &start, &end));
  g_assert_cmpuint (start, ==, 9);

  /* Other domains carry no place. */
  g_clear_error (&error);
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_assert_cmpint (surat_message_builder_error_get_field (error), ==, SURAT_MESSAGE_FIELD_NONE);
  g_assert_cmpint (surat_message_builder_error_get_index (error), ==, -1);
  g_assert_false (surat_message_builder_error_get_span (error, &start, &end));
}

/* Header injection */

static void
assert_control_error (GError            *error,
                      SuratMessageField  field)
{
  g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER);
  g_assert_cmpint (surat_message_builder_error_get_field (error), ==, field);
}

static void
test_injection_refused_everywhere (Fixture       *f,
                                   gconstpointer  data)
{
  static const char * const attacks[] = {
    "Hi\r\nBcc: evil@attacker.example",
    "Hi\nBcc: evil@attacker.example",
    "Hi\rBcc: evil@attacker.example",
  };
  static const SuratMessageField address_fields[] = {
    SURAT_MESSAGE_FIELD_TO, SURAT_MESSAGE_FIELD_CC, SURAT_MESSAGE_FIELD_BCC,
    SURAT_MESSAGE_FIELD_REPLY_TO,
  };
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *evil_file = NULL;

  surat_message_builder_add_address (b, SURAT_MESSAGE_FIELD_TO, NULL, "bob@example.org", NULL);
  surat_message_builder_set_subject (b, "Safe", -1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      const char *attack = attacks[i];
      g_autofree char *in_address = g_strdup_printf ("bob%s@example.org", attack);
      g_autofree char *typed = g_strdup_printf ("\"%s\" <bob@example.org>", attack);
      g_autofree char *id = g_strdup_printf ("<a%s@x.org>", attack);
      const char *ids[] = { "ok@x.org", id, NULL };
      GError *error = NULL;

      g_assert_false (surat_message_builder_set_from (b, attack, "ana@example.org", &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_FROM);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_set_from (b, "Ana", in_address, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_FROM);
      g_clear_error (&error);

      for (guint j = 0; j < G_N_ELEMENTS (address_fields); j++)
        {
          g_assert_false (surat_message_builder_set_addresses (b, address_fields[j], typed, -1, &error));
          assert_control_error (error, address_fields[j]);
          g_clear_error (&error);
          g_assert_false (surat_message_builder_add_address (b, address_fields[j], attack,
                                                             "bob@example.org", &error));
          assert_control_error (error, address_fields[j]);
          g_clear_error (&error);
          g_assert_false (surat_message_builder_add_address (b, address_fields[j], NULL,
                                                             in_address, &error));
          assert_control_error (error, address_fields[j]);
          g_clear_error (&error);
        }

      g_assert_false (surat_message_builder_set_subject (b, attack, -1, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_SUBJECT);
      g_assert_nonnull (strstr (error->message, "Subject"));
      g_clear_error (&error);
      g_assert_false (surat_message_builder_set_message_id (b, id, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_MESSAGE_ID);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_set_in_reply_to (b, id, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_IN_REPLY_TO);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_set_references (b, ids, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_REFERENCES);
      g_assert_cmpint (surat_message_builder_error_get_index (error), ==, 1);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_set_reply_parent (b, id, NULL, NULL, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_IN_REPLY_TO);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_add_attachment (b, data_file ("pixel.png"), attack,
                                                            NULL, &error));
      assert_control_error (error, SURAT_MESSAGE_FIELD_ATTACHMENT);
      g_assert_cmpint (surat_message_builder_error_get_index (error), ==, 0);
      g_clear_error (&error);
      g_assert_false (surat_message_builder_add_attachment (b, data_file ("pixel.png"), NULL,
                                                            attack, &error));
      g_assert_error (error, SURAT_MESSAGE_BUILDER_ERROR,
                      SURAT_MESSAGE_BUILDER_ERROR_INVALID_MIME_TYPE);
      g_clear_error (&error);
    }

  /* NUL, which a C string cannot carry but a length can. */
  {
    GError *error = NULL;
    static const char nul_subject[] = "Hi\0Bcc: evil@attacker.example";
    static const char nul_list[] = "bob@example.org\0, evil@attacker.example";
    static const char nul_text[] = "Body\0more";

    g_assert_false (surat_message_builder_set_subject (b, nul_subject, sizeof nul_subject - 1, &error));
    assert_control_error (error, SURAT_MESSAGE_FIELD_SUBJECT);
    g_clear_error (&error);
    g_assert_false (surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO, nul_list,
                                                         sizeof nul_list - 1, &error));
    assert_control_error (error, SURAT_MESSAGE_FIELD_TO);
    g_clear_error (&error);
    g_assert_false (surat_message_builder_set_text (b, nul_text, sizeof nul_text - 1, &error));
    assert_control_error (error, SURAT_MESSAGE_FIELD_TEXT);
    g_clear_error (&error);
    g_assert_false (surat_message_builder_set_html (b, nul_text, sizeof nul_text - 1, &error));
    assert_control_error (error, SURAT_MESSAGE_FIELD_HTML);
    g_clear_error (&error);
  }

  /* A file whose very name carries a line break. */
  {
    GError *error = NULL;

    evil_file = g_build_filename (f->dir, "photo.png\nBcc: evil@attacker.example", NULL);
    g_file_set_contents (evil_file, "data", -1, &error);
    g_assert_no_error (error);
    g_assert_false (surat_message_builder_add_attachment (b, evil_file, NULL, NULL, &error));
    assert_control_error (error, SURAT_MESSAGE_FIELD_ATTACHMENT);
    g_assert_nonnull (strstr (error->message, "attachment name"));
    g_clear_error (&error);
  }

  /* Nothing that was refused made it in. */
  path = write_message (b, f, "after-attacks.eml");
  bytes = surat_test_read_file (path);
  g_assert_false (bytes_contain (bytes, "evil"));
  g_assert_false (bytes_contain (bytes, "attacker"));
  g_assert_false (bytes_contain (bytes, "\r"));
  g_assert_true (bytes_contain (bytes, "\nSubject: Safe\n"));
  g_assert_true (bytes_contain (bytes, "\nTo: bob@example.org\n"));
}

/* An independent parser */

static const char python_script[] =
  "import email, email.policy, json, sys\n"
  "with open(sys.argv[1], 'rb') as f:\n"
  "    m = email.message_from_binary_file(f, policy=email.policy.default)\n"
  "def addrs(name):\n"
  "    h = m[name]\n"
  "    return [[a.display_name, a.addr_spec] for a in h.addresses] if h else None\n"
  "parts = [p for p in m.walk() if not p.is_multipart()]\n"
  "out = {\n"
  "  'subject': str(m['subject']),\n"
  "  'from': addrs('from'), 'to': addrs('to'), 'cc': addrs('cc'), 'bcc': addrs('bcc'),\n"
  "  'defects': sum(len(p.defects) for p in m.walk()) + sum(len(v.defects) for v in m.values()),\n"
  "  'text': m.get_body(('plain',)).get_content(),\n"
  "  'attachments': [[a.get_filename(), a.get_content_type(), len(a.get_payload(decode=True))]\n"
  "                  for a in m.iter_attachments()],\n"
  "}\n"
  "print(json.dumps(out, ensure_ascii=False))\n";

static void
assert_json_addresses (JsonObject  *root,
                       const char  *member,
                       const char  *expected[][2],
                       guint        n)
{
  JsonArray *array = json_object_get_array_member (root, member);

  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);

      g_assert_cmpstr (json_array_get_string_element (pair, 0), ==, expected[i][0]);
      g_assert_cmpstr (json_array_get_string_element (pair, 1), ==, expected[i][1]);
    }
}

static void
test_python_reads_it (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SuratMessageBuilder) b = new_builder ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *attachments;
  int status;
  const char *subject = "Grüße, Привет, 你好, مرحبا — and a subject long enough to be folded twice over";
  const char *to[][2] = { { "Zoë Müller", "zoe@example.de" }, { "Doe, J", "j@example.org" },
                          { "田中太郎", "tanaka@example.jp" } };
  const char *cc[][2] = { { "Ольга Петрова", "olga@xn--bcher-kva.example" } };
  const char *from[][2] = { { "Ana Lima", "ana@example.org" } };
  const char *argv[] = { "/usr/bin/python3", "-c", python_script, NULL, NULL };

  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO,
                                       "Zoë Müller <zoe@example.de>, \"Doe, J\" <j@example.org>; "
                                       "田中太郎 <tanaka@example.jp>", -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_CC,
                                       "Ольга Петрова <olga@bücher.example>", -1, &error);
  surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_BCC, "secret@example.net", -1, &error);
  surat_message_builder_set_subject (b, subject, -1, &error);
  surat_message_builder_set_text (b, "Héllo wörld.\n.\nA line with a dot above.\n", -1, &error);
  surat_message_builder_set_html (b, "<p>Héllo wörld.</p>", -1, &error);
  surat_message_builder_add_attachment (b, data_file ("pixel.png"), "Фото №1.png", NULL, &error);
  surat_message_builder_add_attachment (b, data_file ("hello.pdf"), "Résumé – 履歴書 with a "
                                        "rather long name that needs continuations.pdf", NULL, &error);
  surat_message_builder_add_attachment (b, data_file ("tone.wav"), NULL, NULL, &error);
  g_assert_no_error (error);
  path = write_message (b, f, "rich.eml");

  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("Python could not read the message: %s", err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (root, "subject"), ==, subject);
  assert_json_addresses (root, "from", from, G_N_ELEMENTS (from));
  assert_json_addresses (root, "to", to, G_N_ELEMENTS (to));
  assert_json_addresses (root, "cc", cc, G_N_ELEMENTS (cc));
  g_assert_true (json_object_get_null_member (root, "bcc"));
  g_assert_cmpint (json_object_get_int_member (root, "defects"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (root, "text"), ==,
                   "Héllo wörld.\n.\nA line with a dot above.\n");

  attachments = json_object_get_array_member (root, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (attachments, 0), 0),
                   ==, "Фото №1.png");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (attachments, 0), 1),
                   ==, "image/png");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (attachments, 1), 0),
                   ==, "Résumé – 履歴書 with a rather long name that needs continuations.pdf");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (attachments, 1), 1),
                   ==, "application/pdf");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (attachments, 2), 0),
                   ==, "tone.wav");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (attachments, 2), 2),
                   ==, 1644);
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
  ADD ("/builder/headers/names-in-many-scripts", test_headers_names_round_trip);
  ADD ("/builder/headers/subjects-in-many-scripts", test_headers_subjects_round_trip);
  ADD ("/builder/headers/date-message-id-user-agent", test_headers_identity);
  ADD ("/builder/headers/message-id-of-idn-sender", test_headers_message_id_idn_sender);
  ADD ("/builder/headers/reply-in-reply-to-references", test_headers_reply);
  ADD ("/builder/headers/reply-fields-set-directly", test_headers_reply_direct);
  ADD ("/builder/bcc/absent-from-header-present-in-envelope", test_bcc_hidden_but_in_envelope);
  ADD ("/builder/envelope/deduplicated-groups-expanded", test_envelope_dedup_and_groups);
  g_test_add_func ("/builder/envelope/serialize", test_envelope_serialize);
  g_test_add_func ("/builder/envelope/needs-sender-and-recipients",
                   test_envelope_needs_sender_and_recipients);
  ADD ("/builder/idn/a-labels-without-smtputf8", test_idn_a_labels_without_smtputf8);
  ADD ("/builder/idn/utf8-with-smtputf8", test_idn_utf8_with_smtputf8);
  ADD ("/builder/idn/utf8-local-part-needs-smtputf8", test_idn_utf8_local_part);
  g_test_add_func ("/builder/parse/valid-lists", test_parse_valid);
  g_test_add_func ("/builder/parse/bad-address-pointed-at", test_parse_invalid);
  g_test_add_func ("/builder/parse/span-in-bytes", test_parse_span_in_bytes);
  ADD ("/builder/injection/refused-in-every-field", test_injection_refused_everywhere);
  ADD ("/builder/python/independent-parser-reads-it", test_python_reads_it);
#undef ADD

  return g_test_run ();
}
