/* test-smtp-reply.c — SMTP replies, enhanced status codes, EHLO keywords and
 * envelope addresses, as pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-smtp-reply.h"

/* Feeds @lines (NULL-terminated); every line but the last must ask for
 * more. */
static SuratSmtpReply *
parse_lines (const char * const *lines,
             GError            **error)
{
  SuratSmtpReplyParser parser;
  SuratSmtpReply *reply = NULL;

  surat_smtp_reply_parser_init (&parser);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (reply);
      reply = surat_smtp_reply_parser_feed (&parser, lines[i], strlen (lines[i]), error);
      if (reply == NULL && error != NULL && *error != NULL)
        break;
    }
  surat_smtp_reply_parser_clear (&parser);

  return reply;
}

static SuratSmtpReply *
parse_ok (const char * const *lines)
{
  g_autoptr(GError) error = NULL;
  SuratSmtpReply *reply = parse_lines (lines, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static void
test_single_line (void)
{
  g_autoptr(SuratSmtpReply) reply = parse_ok ((const char *[]) { "250 OK", NULL });
  g_autoptr(SuratSmtpReply) bare = parse_ok ((const char *[]) { "221", NULL });
  g_autoptr(SuratSmtpReply) copy = NULL;

  g_assert_cmpuint (reply->code, ==, 250);
  g_assert_cmpuint (surat_smtp_reply_class (reply), ==, 2);
  g_assert_null (reply->enhanced_code);
  g_assert_cmpstr (reply->text, ==, "OK");
  g_assert_cmpstrv (reply->lines, ((const char *[]) { "OK", NULL }));

  /* §4.2: the text is optional. */
  g_assert_cmpuint (bare->code, ==, 221);
  g_assert_cmpstr (bare->text, ==, "");

  copy = surat_smtp_reply_copy (reply);
  g_assert_cmpuint (copy->code, ==, 250);
  g_assert_cmpstr (copy->text, ==, "OK");
  g_assert_cmpstrv (copy->lines, reply->lines);
}

static void
test_multi_line (void)
{
  g_autoptr(SuratSmtpReply) reply = NULL;
  g_autoptr(SuratSmtpReply) empty = NULL;
  g_autofree char *described = NULL;

  reply = parse_ok ((const char *[]) {
    "550-5.1.1 The email account that you tried to reach does not exist.",
    "550-5.1.1 Please try double-checking the recipient's email address.",
    "550 5.1.1 https://support.example/answer/6596",
    NULL,
  });
  g_assert_cmpuint (reply->code, ==, 550);
  g_assert_cmpstr (reply->enhanced_code, ==, "5.1.1");
  g_assert_cmpstr (reply->text, ==,
                   "The email account that you tried to reach does not exist. "
                   "Please try double-checking the recipient's email address. "
                   "https://support.example/answer/6596");
  g_assert_cmpuint (g_strv_length (reply->lines), ==, 3);
  g_assert_cmpstr (reply->lines[2], ==, "5.1.1 https://support.example/answer/6596");

  described = surat_smtp_reply_describe (reply);
  g_assert_true (g_str_has_prefix (described, "550 5.1.1 The email account"));

  /* "250-" with nothing after it is a line too. */
  empty = parse_ok ((const char *[]) { "250-", "250 done", NULL });
  g_assert_cmpstr (empty->text, ==, "done");
}

typedef struct {
  const char *line;
  const char *enhanced;  /* NULL: none */
  const char *text;
} EnhancedCase;

static void
test_enhanced_codes (void)
{
  static const EnhancedCase cases[] = {
    { "552 5.3.4 Message too big", "5.3.4", "Message too big" },
    { "250 2.0.0 Ok: queued as 4F2C", "2.0.0", "Ok: queued as 4F2C" },
    { "451 4.7.1 Greylisted", "4.7.1", "Greylisted" },
    { "550 5.1.1", "5.1.1", "" },
    { "550 5.123.456 x", "5.123.456", "x" },
    /* The class must match the reply's (RFC 3463 §2, RFC 2034 §4). */
    { "550 2.0.0 odd", NULL, "2.0.0 odd" },
    { "550 5.1234.1 x", NULL, "5.1234.1 x" },
    { "550 5.1.1x y", NULL, "5.1.1x y" },
    { "550 5.1 x", NULL, "5.1 x" },
    { "550 3.1.1 x", NULL, "3.1.1 x" },
    { "354 End data with <CR><LF>.<CR><LF>", NULL, "End data with <CR><LF>.<CR><LF>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SuratSmtpReply) reply = parse_ok ((const char *[]) { cases[i].line, NULL });

      g_assert_cmpstr (reply->enhanced_code, ==, cases[i].enhanced);
      g_assert_cmpstr (reply->text, ==, cases[i].text);
    }
}

static void
test_malformed (void)
{
  static const char * const lines[] = {
    "", "25", "abc", "250x", "650 six", "190 one", "2a0 x", "260 second digit", "250\tOK",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SuratSmtpReply) reply = parse_lines ((const char *[]) { lines[i], NULL },
                                                     &error);

      g_assert_null (reply);
      g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message,
                                       "The server sent something that is not an SMTP reply"));
    }
}

/* A NUL inside a line, and a hostile line: quoted cleanly, bounded. */
static void
test_malformed_quoted (void)
{
  SuratSmtpReplyParser parser;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (5000, 'x');
  g_autofree char *hostile = g_strconcat ("HELLO\x1b[31m\xff", huge, NULL);

  surat_smtp_reply_parser_init (&parser);
  g_assert_null (surat_smtp_reply_parser_feed (&parser, "250 a\0b", 7, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_null (surat_smtp_reply_parser_feed (&parser, hostile, strlen (hostile), &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_cmpuint (strlen (error->message), <, 1000);
  g_assert_nonnull (strstr (error->message, "“HELLO [31m"));
  surat_smtp_reply_parser_clear (&parser);
}

/* A long reply is quoted to 400 characters in all, code included, then
 * "…"; characters, not bytes. */
static void
test_describe_bounded (void)
{
  SuratSmtpReplyParser parser;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSmtpReply) reply = NULL;
  g_autoptr(GString) line = g_string_new ("550 5.1.1 ");
  g_autofree char *described = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (line, "é");

  surat_smtp_reply_parser_init (&parser);
  reply = surat_smtp_reply_parser_feed (&parser, line->str, line->len, &error);
  g_assert_no_error (error);
  described = surat_smtp_reply_describe (reply);
  expected = g_strndup (line->str, strlen ("550 5.1.1 ") + 390 * strlen ("é"));
  g_assert_true (g_str_has_prefix (described, expected));
  g_assert_cmpstr (described + strlen (expected), ==, "…");
  surat_smtp_reply_parser_clear (&parser);
}

/* §4.2.1: one code for all lines. After an error the parser starts anew. */
static void
test_code_change (void)
{
  SuratSmtpReplyParser parser;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSmtpReply) reply = NULL;

  surat_smtp_reply_parser_init (&parser);
  g_assert_null (surat_smtp_reply_parser_feed (&parser, "250-a", 5, &error));
  g_assert_no_error (error);
  g_assert_null (surat_smtp_reply_parser_feed (&parser, "251 b", 5, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "“251 b”"));
  g_clear_error (&error);

  reply = surat_smtp_reply_parser_feed (&parser, "220 fresh", 9, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reply->code, ==, 220);
  g_assert_cmpstrv (reply->lines, ((const char *[]) { "fresh", NULL }));
  surat_smtp_reply_parser_clear (&parser);
}

/* A reply that never ends is cut off by lines, or by bytes. */
static void
test_limits (void)
{
  SuratSmtpReplyParser parser;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSmtpReply) reply = NULL;
  g_autofree char *ys = g_strnfill (1000, 'y');
  g_autofree char *long_line = g_strconcat ("250-", ys, NULL);
  guint n = 0;

  surat_smtp_reply_parser_init (&parser);

  /* Up to the limit is fine. */
  for (guint i = 0; i < SURAT_SMTP_REPLY_MAX_LINES - 1; i++)
    g_assert_null (surat_smtp_reply_parser_feed (&parser, "250-x", 5, &error));
  reply = surat_smtp_reply_parser_feed (&parser, "250 x", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (reply->lines), ==, SURAT_SMTP_REPLY_MAX_LINES);

  for (n = 0; n <= SURAT_SMTP_REPLY_MAX_LINES && error == NULL; n++)
    g_assert_null (surat_smtp_reply_parser_feed (&parser, "250-x", 5, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_cmpuint (n, ==, SURAT_SMTP_REPLY_MAX_LINES + 1);
  g_assert_nonnull (strstr (error->message, "more than 200 lines"));
  g_clear_error (&error);

  for (n = 0; n < 100 && error == NULL; n++)
    g_assert_null (surat_smtp_reply_parser_feed (&parser, long_line, strlen (long_line),
                                                 &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);
  g_assert_cmpuint (n, ==, SURAT_SMTP_REPLY_MAX_LENGTH / 1004 + 1);

  surat_smtp_reply_parser_clear (&parser);
}

static void
test_describe_and_error (void)
{
  g_autoptr(SuratSmtpReply) big = parse_ok ((const char *[]) { "552 5.3.4 Message too big",
                                                               NULL });
  g_autoptr(SuratSmtpReply) grey = parse_ok ((const char *[]) { "451 4.7.1 Try later", NULL });
  g_autoptr(SuratSmtpReply) odd = parse_ok ((const char *[]) { "354 go", NULL });
  g_autoptr(SuratSmtpReply) dirty = parse_ok ((const char *[]) { "554 bad\tthing\x7f\xc3", NULL });
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  error = surat_smtp_reply_to_error (big, -1, "The server refused the message");
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PERMANENT);
  g_assert_cmpstr (error->message, ==, "The server refused the message: 552 5.3.4 Message too big");
  g_clear_error (&error);

  error = surat_smtp_reply_to_error (big, SURAT_SMTP_ERROR_SIZE_EXCEEDED, "Too big");
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_SIZE_EXCEEDED);
  g_clear_error (&error);

  error = surat_smtp_reply_to_error (grey, -1, "Later");
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_TRANSIENT);
  g_assert_cmpstr (error->message, ==, "Later: 451 4.7.1 Try later");
  g_clear_error (&error);

  error = surat_smtp_reply_to_error (odd, -1, "Odd");
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_PROTOCOL);

  described = surat_smtp_reply_describe (dirty);
  g_assert_true (g_utf8_validate (described, -1, NULL));
  g_assert_true (g_str_has_prefix (described, "554 bad thing "));
}

static void
test_extensions (void)
{
  g_autoptr(SuratSmtpReply) postfix = NULL;
  g_autoptr(SuratSmtpReply) old_auth = NULL;
  g_autoptr(SuratSmtpReply) bare = NULL;
  SuratSmtpExtensions extensions;

  postfix = parse_ok ((const char *[]) {
    "250-mail.example.org", "250-PIPELINING", "250-SIZE 10240000", "250-VRFY", "250-ETRN",
    "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
    "250-DSN", "250-SMTPUTF8", "250 CHUNKING", NULL,
  });
  surat_smtp_extensions_init (&extensions);
  surat_smtp_extensions_parse (&extensions, postfix);
  g_assert_cmpstr (extensions.domain, ==, "mail.example.org");
  g_assert_cmphex (extensions.flags, ==,
                   SURAT_SMTP_EXTENSION_PIPELINING | SURAT_SMTP_EXTENSION_SIZE |
                   SURAT_SMTP_EXTENSION_STARTTLS | SURAT_SMTP_EXTENSION_AUTH |
                   SURAT_SMTP_EXTENSION_ENHANCEDSTATUSCODES | SURAT_SMTP_EXTENSION_8BITMIME |
                   SURAT_SMTP_EXTENSION_DSN | SURAT_SMTP_EXTENSION_SMTPUTF8 |
                   SURAT_SMTP_EXTENSION_CHUNKING);
  g_assert_cmphex (extensions.auth, ==, SURAT_SMTP_AUTH_PLAIN | SURAT_SMTP_AUTH_LOGIN);
  g_assert_cmpuint (extensions.size_limit, ==, 10240000);

  /* Parsing again forgets everything: after STARTTLS, the server's new
   * list is the only truth (RFC 3207 §4.2). */
  old_auth = parse_ok ((const char *[]) {
    "250-smtp.example.net Hello [192.0.2.1]", "250-auth=LOGIN cram-md5",
    "250-size", "250 X-UNKNOWN-THING 1 2 3", NULL,
  });
  surat_smtp_extensions_parse (&extensions, old_auth);
  g_assert_cmpstr (extensions.domain, ==, "smtp.example.net");
  g_assert_cmphex (extensions.flags, ==, SURAT_SMTP_EXTENSION_AUTH | SURAT_SMTP_EXTENSION_SIZE);
  g_assert_cmphex (extensions.auth, ==, SURAT_SMTP_AUTH_LOGIN | SURAT_SMTP_AUTH_CRAM_MD5);
  g_assert_cmpuint (extensions.size_limit, ==, 0);

  bare = parse_ok ((const char *[]) { "250 tiny.example", NULL });
  surat_smtp_extensions_parse (&extensions, bare);
  g_assert_cmphex (extensions.flags, ==, 0);
  g_assert_cmphex (extensions.auth, ==, 0);
  g_assert_cmpstr (extensions.domain, ==, "tiny.example");

  surat_smtp_extensions_clear (&extensions);
  g_assert_null (extensions.domain);
}

static void
test_fqdn (void)
{
  static const char * const good[] = {
    "mail.example.org", "a.b", "host-1.example.co.uk", "MIXED.Case.Example",
  };
  static const char * const bad[] = {
    "myhost", "localhost", "host.local", "box.localdomain", "x.localhost", "1.2.3.4",
    "-a.example", "a-.example", "a_b.example", "a..b", ".example", "example.", "",
    "täst.example",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (surat_smtp_is_fqdn (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (surat_smtp_is_fqdn (bad[i]));
  g_assert_false (surat_smtp_is_fqdn (NULL));
}

static void
test_helo_name (void)
{
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("192.0.2.7");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("::1");
  g_autoptr(GInetAddress) mapped = g_inet_address_new_from_string ("::ffff:127.0.0.1");
  g_autoptr(GInetAddress) v6_full = g_inet_address_new_from_string ("2001:db8::1");
  g_autofree char *name = surat_smtp_helo_name ("Laptop.Example.org", v4);
  g_autofree char *literal4 = surat_smtp_helo_name ("laptop", v4);
  g_autofree char *literal6 = surat_smtp_helo_name ("laptop", v6);
  g_autofree char *literal_mapped = surat_smtp_helo_name ("localhost", mapped);
  g_autofree char *literal6_full = surat_smtp_helo_name (NULL, v6_full);
  g_autofree char *fallback = surat_smtp_helo_name ("laptop", NULL);

  g_assert_cmpstr (name, ==, "laptop.example.org");
  g_assert_cmpstr (literal4, ==, "[192.0.2.7]");
  g_assert_cmpstr (literal6, ==, "[IPv6:::1]");
  g_assert_cmpstr (literal_mapped, ==, "[127.0.0.1]");
  g_assert_cmpstr (literal6_full, ==, "[IPv6:2001:db8::1]");
  g_assert_cmpstr (fallback, ==, "[127.0.0.1]");
}

static void
test_addresses (void)
{
  static const char * const good[] = {
    "alice@example.org", "j\xc3\xb6rg@example.org", "bob@b\xc3\xbc" "cher.example",
    "\"odd person\"@example.org", "a@[192.0.2.1]",
  };
  static const char * const bad[] = {
    "", "bob@x\r\nRCPT TO:<evil@example.org>", "bob@x\n", "<bob@x>", "bob>@x", "no-at",
    "@example.org", "bob@", "nul\x01@x", "bad\xff@x",
  };
  g_autofree char *idn = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (surat_smtp_check_address (good[i], FALSE, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (surat_smtp_check_address (bad[i], FALSE, &error));
      g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strchr (error->message, '\n'));
    }
  /* The null reverse-path, for MAIL FROM:<> only. */
  g_assert_true (surat_smtp_check_address ("", TRUE, NULL));

  g_assert_false (surat_smtp_address_needs_smtputf8 ("alice@example.org"));
  g_assert_true (surat_smtp_address_needs_smtputf8 ("j\xc3\xb6rg@example.org"));
  g_assert_false (surat_smtp_address_needs_smtputf8 ("bob@b\xc3\xbc" "cher.example"));

  idn = surat_smtp_address_to_ascii ("bob@b\xc3\xbc" "cher.example");
  g_assert_cmpstr (idn, ==, "bob@xn--bcher-kva.example");
  g_assert_null (surat_smtp_address_to_ascii ("j\xc3\xb6rg@example.org"));
  g_clear_pointer (&idn, g_free);
  idn = surat_smtp_address_to_ascii ("alice@example.org");
  g_assert_cmpstr (idn, ==, "alice@example.org");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/smtp-reply/single-line", test_single_line);
  g_test_add_func ("/smtp-reply/multi-line", test_multi_line);
  g_test_add_func ("/smtp-reply/enhanced-codes", test_enhanced_codes);
  g_test_add_func ("/smtp-reply/malformed", test_malformed);
  g_test_add_func ("/smtp-reply/malformed-quoted", test_malformed_quoted);
  g_test_add_func ("/smtp-reply/describe-bounded", test_describe_bounded);
  g_test_add_func ("/smtp-reply/code-change", test_code_change);
  g_test_add_func ("/smtp-reply/limits", test_limits);
  g_test_add_func ("/smtp-reply/describe-and-error", test_describe_and_error);
  g_test_add_func ("/smtp-reply/extensions", test_extensions);
  g_test_add_func ("/smtp-reply/fqdn", test_fqdn);
  g_test_add_func ("/smtp-reply/helo-name", test_helo_name);
  g_test_add_func ("/smtp-reply/addresses", test_addresses);

  return g_test_run ();
}
