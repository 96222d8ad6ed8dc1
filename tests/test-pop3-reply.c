/* test-pop3-reply.c — what a POP3 server says, parsed
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-pop3-reply.h"

static void
test_reply_ok (void)
{
  g_autoptr(GError) error = NULL;
  SuratPop3Reply reply;

  g_assert_true (surat_pop3_reply_parse ("+OK 2 320", &reply, &error));
  g_assert_no_error (error);
  g_assert_true (reply.ok);
  g_assert_null (reply.code);
  g_assert_cmpstr (reply.text, ==, "2 320");
  surat_pop3_reply_clear (&reply);

  /* No text at all is allowed (RFC 2449 §9: status [SP text]). */
  g_assert_true (surat_pop3_reply_parse ("+OK", &reply, &error));
  g_assert_true (reply.ok);
  g_assert_cmpstr (reply.text, ==, "");
  surat_pop3_reply_clear (&reply);
}

static void
test_reply_err (void)
{
  g_autoptr(GError) error = NULL;
  SuratPop3Reply reply;

  g_assert_true (surat_pop3_reply_parse ("-ERR no such message", &reply, &error));
  g_assert_no_error (error);
  g_assert_false (reply.ok);
  g_assert_null (reply.code);
  g_assert_cmpstr (reply.text, ==, "no such message");
  surat_pop3_reply_clear (&reply);

  g_assert_true (surat_pop3_reply_parse ("-ERR", &reply, &error));
  g_assert_false (reply.ok);
  g_assert_cmpstr (reply.text, ==, "");
  surat_pop3_reply_clear (&reply);
}

static void
test_reply_codes (void)
{
  struct {
    const char *line;
    const char *code;
    const char *text;
  } cases[] = {
    { "-ERR [AUTH] Authentication failed.", "AUTH", "Authentication failed." },
    { "-ERR [SYS/TEMP] Try later", "SYS/TEMP", "Try later" },
    { "-ERR [SYS/PERM]", "SYS/PERM", "" },
    { "-ERR [IN-USE] Mailbox locked", "IN-USE", "Mailbox locked" },
    { "-ERR [LOGIN-DELAY] Wait", "LOGIN-DELAY", "Wait" },
    { "+OK [XSENDER] x@example.org", "XSENDER", "x@example.org" },
    { "-ERR [SYS/TEMP/QUOTA] Full", "SYS/TEMP/QUOTA", "Full" },
    /* Not codes: the brackets stay in the text. */
    { "-ERR [] empty", NULL, "[] empty" },
    { "-ERR [AUTH no end", NULL, "[AUTH no end" },
    { "-ERR [A B] space", NULL, "[A B] space" },
    { "-ERR [A//B] empty level", NULL, "[A//B] empty level" },
    { "-ERR text [AUTH] later", NULL, "text [AUTH] later" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SuratPop3Reply reply;

      g_assert_true (surat_pop3_reply_parse (cases[i].line, &reply, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (reply.code, ==, cases[i].code);
      g_assert_cmpstr (reply.text, ==, cases[i].text);
      surat_pop3_reply_clear (&reply);
    }
}

static void
test_reply_junk (void)
{
  const char *junk[] = {
    "",                       /* empty */
    "hello",                  /* not POP3 */
    "+OKAY",                  /* missing space: not +OK */
    "-ERROR bad",             /* missing space: not -ERR */
    "+ dGVzdA==",             /* a continuation, outside AUTH */
    "220 smtp.example.org",   /* wrong protocol */
    "+O",
    "\x01\x02\x03",
  };

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_autoptr(GError) error = NULL;
      SuratPop3Reply reply;

      g_assert_false (surat_pop3_reply_parse (junk[i], &reply, &error));
      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
      /* The message is valid UTF-8 whatever the server sent. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* A megabyte of text parses, and the error quoting it stays readable. */
static void
test_reply_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autofree char *line = NULL;
  gsize size = 1024 * 1024;
  SuratPop3Reply reply;

  line = g_malloc (size + 1);
  memcpy (line, "-ERR ", 5);
  memset (line + 5, 'x', size - 5);
  line[size] = '\0';

  g_assert_true (surat_pop3_reply_parse (line, &reply, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (reply.text), ==, size - 5);

  mapped = surat_pop3_reply_to_error (&reply, "Downloading message 1");
  g_assert_cmpuint (strlen (mapped->message), <, 1000);
  g_assert_true (g_str_has_suffix (mapped->message, "…”"));
  surat_pop3_reply_clear (&reply);

  /* Junk that large is quoted short too. */
  line[0] = 'x';
  g_assert_false (surat_pop3_reply_parse (line, &reply, &error));
  g_assert_cmpuint (strlen (error->message), <, 1000);
}

static void
test_reply_to_error (void)
{
  struct {
    const char *line;
    SuratPop3Error code;
    const char *message;
  } cases[] = {
    { "-ERR [AUTH] Authentication failed.", SURAT_POP3_ERROR_AUTH,
      "Logging in failed: the server did not accept the user name or password. "
      "The server said: “Authentication failed.”" },
    { "-ERR [SYS/TEMP] Disk trouble", SURAT_POP3_ERROR_SYS_TEMP,
      "Logging in failed: the server has a temporary problem; try again later. "
      "The server said: “Disk trouble”" },
    { "-ERR [SYS/PERM] Account closed", SURAT_POP3_ERROR_SYS_PERM, NULL },
    { "-ERR [SYS/TEMP/QUOTA] Over quota", SURAT_POP3_ERROR_SYS_TEMP, NULL },
    { "-ERR [IN-USE] Locked by another session", SURAT_POP3_ERROR_IN_USE, NULL },
    { "-ERR [LOGIN-DELAY] Once per 15 minutes", SURAT_POP3_ERROR_LOGIN_DELAY, NULL },
    { "-ERR [auth] lower case", SURAT_POP3_ERROR_AUTH, NULL },
    { "-ERR [XFOO] unknown code", SURAT_POP3_ERROR_FAILED, NULL },
    { "-ERR plain", SURAT_POP3_ERROR_FAILED,
      "Logging in failed. The server said: “plain”" },
    { "-ERR", SURAT_POP3_ERROR_FAILED,
      "Logging in failed. The server gave no reason." },
    /* Control characters and bad UTF-8 do not reach the person. */
    { "-ERR bad\x01\xff", SURAT_POP3_ERROR_FAILED,
      "Logging in failed. The server said: “bad �”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SuratPop3Reply reply;

      g_assert_true (surat_pop3_reply_parse (cases[i].line, &reply, NULL));
      error = surat_pop3_reply_to_error (&reply, "Logging in");
      g_assert_error (error, SURAT_POP3_ERROR, (int) cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "Logging in failed"));
      surat_pop3_reply_clear (&reply);
    }
}

static void
parse_capa (SuratPop3Capa *capa,
            const char    *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  surat_pop3_capa_init (capa);
  for (guint i = 0; lines[i] != NULL; i++)
    surat_pop3_capa_parse_line (capa, lines[i]);
}

static void
test_capa_dovecot (void)
{
  SuratPop3Capa capa;

  /* Dovecot 2.3 on a plain port (TESTING.md). */
  parse_capa (&capa, "TOP\nUIDL\nRESP-CODES\nPIPELINING\nAUTH-RESP-CODE\nSTLS\nUSER\n"
                     "SASL PLAIN LOGIN CRAM-MD5");
  g_assert_cmpuint (capa.flags, ==,
                    SURAT_POP3_CAPA_TOP | SURAT_POP3_CAPA_UIDL | SURAT_POP3_CAPA_RESP_CODES |
                    SURAT_POP3_CAPA_PIPELINING | SURAT_POP3_CAPA_AUTH_RESP_CODE |
                    SURAT_POP3_CAPA_STLS | SURAT_POP3_CAPA_USER | SURAT_POP3_CAPA_SASL_PLAIN |
                    SURAT_POP3_CAPA_SASL_LOGIN | SURAT_POP3_CAPA_SASL_CRAM_MD5);
  g_assert_cmpint (capa.login_delay, ==, -1);
  g_assert_cmpint (capa.expire_days, ==, -1);
  g_assert_null (capa.implementation);
  surat_pop3_capa_clear (&capa);
}

static void
test_capa_rfc2449 (void)
{
  SuratPop3Capa capa;

  /* RFC 2449 §6's example, with case variations and extra spaces. */
  parse_capa (&capa, "top\nUser\nSASL  CRAM-MD5 KERBEROS_V4  \nRESP-CODES\n"
                     "LOGIN-DELAY 900\nPIPELINING\nEXPIRE 60\nUIDL\n"
                     "IMPLEMENTATION Shlemazle-Plotz-v302\nX-UNKNOWN stuff");
  g_assert_true (capa.flags & SURAT_POP3_CAPA_TOP);
  g_assert_true (capa.flags & SURAT_POP3_CAPA_USER);
  g_assert_true (capa.flags & SURAT_POP3_CAPA_SASL_CRAM_MD5);
  g_assert_false (capa.flags & SURAT_POP3_CAPA_SASL_PLAIN);
  g_assert_false (capa.flags & SURAT_POP3_CAPA_STLS);
  g_assert_true (capa.flags & SURAT_POP3_CAPA_LOGIN_DELAY);
  g_assert_true (capa.flags & SURAT_POP3_CAPA_EXPIRE);
  g_assert_cmpint (capa.login_delay, ==, 900);
  g_assert_cmpint (capa.expire_days, ==, 60);
  g_assert_cmpstr (capa.implementation, ==, "Shlemazle-Plotz-v302");
  surat_pop3_capa_clear (&capa);

  parse_capa (&capa, "EXPIRE NEVER\nLOGIN-DELAY 0 USER");
  g_assert_true (capa.flags & SURAT_POP3_CAPA_EXPIRE);
  g_assert_cmpint (capa.expire_days, ==, -1);
  g_assert_cmpint (capa.login_delay, ==, 0);
  surat_pop3_capa_clear (&capa);

  parse_capa (&capa, "EXPIRE 0 USER\nLOGIN-DELAY soon\nIMPLEMENTATION   Two  words ");
  g_assert_cmpint (capa.expire_days, ==, 0);
  g_assert_cmpint (capa.login_delay, ==, -1);
  g_assert_cmpstr (capa.implementation, ==, "Two  words ");
  surat_pop3_capa_clear (&capa);

  parse_capa (&capa, "\n  \n");
  g_assert_cmpuint (capa.flags, ==, 0);
  surat_pop3_capa_clear (&capa);
}

static void
test_uidl_valid (void)
{
  struct {
    const char *line;
    guint number;
    const char *uid;
  } cases[] = {
    { "1 000000016b07b38b", 1, "000000016b07b38b" },
    { "2 QhdPYR:00WBw1Ph7x7", 2, "QhdPYR:00WBw1Ph7x7" },
    { "4294967295 !", 4294967295u, "!" },
    { "7 ~}|{", 7, "~}|{" },
    { "3 0123456789012345678901234567890123456789012345678901234567890123456789", 3,
      "0123456789012345678901234567890123456789012345678901234567890123456789" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uid = NULL;
      guint number = 0;

      g_assert_true (surat_pop3_parse_uidl_line (cases[i].line, &number, &uid, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (number, ==, cases[i].number);
      g_assert_cmpstr (uid, ==, cases[i].uid);
    }
}

static void
test_uidl_invalid (void)
{
  const char *cases[] = {
    "",
    "1",                     /* no uid */
    "1 ",                    /* empty uid */
    "0 abc",                 /* message numbers start at 1 */
    "-1 abc",
    "x abc",
    "4294967296 abc",        /* number overflows */
    "1 abc def",             /* a space inside the uid */
    "1 abc\x7f",             /* DEL */
    "1 ab\x01" "c",          /* a control character */
    "1 caf\xc3\xa9",         /* eight-bit */
    "1 01234567890123456789012345678901234567890123456789012345678901234567890", /* 71 */
    "1\tabc",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uid = NULL;
      guint number = 0;

      g_assert_false (surat_pop3_parse_uidl_line (cases[i], &number, &uid, &error));
      g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
      g_assert_null (uid);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_list_lines (void)
{
  g_autoptr(GError) error = NULL;
  const char *invalid[] = {
    "", "1", "1 ", "0 100", "x 100", "1 -5", "1 12x", "1 99999999999999999999",
  };
  guint number = 0;
  guint64 size = 0;

  g_assert_true (surat_pop3_parse_list_line ("1 20480", &number, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (number, ==, 1);
  g_assert_cmpuint (size, ==, 20480);

  /* RFC 1939 §5: more may follow the size. */
  g_assert_true (surat_pop3_parse_list_line ("12 0 extra info", &number, &size, &error));
  g_assert_cmpuint (number, ==, 12);
  g_assert_cmpuint (size, ==, 0);

  g_assert_true (surat_pop3_parse_list_line ("3 18446744073709551615", &number, &size, &error));
  g_assert_cmpuint (size, ==, G_MAXUINT64);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) local_error = NULL;

      g_assert_false (surat_pop3_parse_list_line (invalid[i], &number, &size, &local_error));
      g_assert_error (local_error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
    }
}

static void
test_stat (void)
{
  g_autoptr(GError) error = NULL;
  guint count = 99;
  guint64 size = 99;

  g_assert_true (surat_pop3_parse_stat ("2 320", &count, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (size, ==, 320);

  g_assert_true (surat_pop3_parse_stat ("0 0", &count, &size, &error));
  g_assert_cmpuint (count, ==, 0);

  g_assert_false (surat_pop3_parse_stat ("maildrop has 2 messages", &count, &size, &error));
  g_assert_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "maildrop has 2 messages"));
}

static void
test_apop_timestamp (void)
{
  struct {
    const char *greeting;
    const char *timestamp;
  } cases[] = {
    /* RFC 1939 §7. */
    { "POP3 server ready <1896.697170952@dbc.mtview.ca.us>", "<1896.697170952@dbc.mtview.ca.us>" },
    { "Dovecot ready. <5e1.1.65f3a1b2.abc@mail>", "<5e1.1.65f3a1b2.abc@mail>" },
    { "POP3 server ready", NULL },
    { "ready <no-at-sign>", NULL },
    { "ready <a b@c>", NULL },
    { "ready <unterminated@x", NULL },
    { "ready <caf\xc3\xa9@x>", NULL },
    { "ready <@>", "<@>" },
    { "ready <>", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *timestamp = surat_pop3_parse_apop_timestamp (cases[i].greeting);

      g_assert_cmpstr (timestamp, ==, cases[i].timestamp);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pop3-reply/status/ok", test_reply_ok);
  g_test_add_func ("/pop3-reply/status/err", test_reply_err);
  g_test_add_func ("/pop3-reply/status/codes", test_reply_codes);
  g_test_add_func ("/pop3-reply/status/junk", test_reply_junk);
  g_test_add_func ("/pop3-reply/status/huge", test_reply_huge);
  g_test_add_func ("/pop3-reply/status/to-error", test_reply_to_error);
  g_test_add_func ("/pop3-reply/capa/dovecot", test_capa_dovecot);
  g_test_add_func ("/pop3-reply/capa/rfc2449", test_capa_rfc2449);
  g_test_add_func ("/pop3-reply/uidl/valid", test_uidl_valid);
  g_test_add_func ("/pop3-reply/uidl/invalid", test_uidl_invalid);
  g_test_add_func ("/pop3-reply/list", test_list_lines);
  g_test_add_func ("/pop3-reply/stat", test_stat);
  g_test_add_func ("/pop3-reply/apop-timestamp", test_apop_timestamp);

  return g_test_run ();
}
