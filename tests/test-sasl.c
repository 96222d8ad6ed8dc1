/* test-sasl.c — SASL and APOP encodings against the RFCs' own examples
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-sasl.h"

/* RFC 4616 §4: "\0tim\0tanstaaftanstaaf" */
static void
test_plain_rfc4616 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) response = NULL;

  response = surat_sasl_plain (NULL, "tim", "tanstaaftanstaaf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

/* RFC 4616 §4: "Ursel\0Kurt\0xipj3plmq", with an authorization identity. */
static void
test_plain_authzid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) response = NULL;

  response = surat_sasl_plain ("Ursel", "Kurt", "xipj3plmq", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "VXJzZWwAS3VydAB4aXBqM3BsbXE=");
}

static void
test_plain_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) response = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;

  /* A non-ASCII password goes out as its UTF-8 bytes. */
  response = surat_sasl_plain (NULL, "jürgen", "pässwörd", &error);
  g_assert_no_error (error);
  decoded = g_base64_decode (response, &len);
  g_assert_cmpmem (decoded, len, "\0jürgen\0pässwörd",
                   strlen ("jürgen") + strlen ("pässwörd") + 2);
}

static void
test_plain_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) response = NULL;

  response = surat_sasl_plain (NULL, "tim", "bad\xff", &error);
  g_assert_error (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_INPUT);
  g_assert_null (response);
}

static void
test_login_steps (void)
{
  g_autoptr(SuratSecret) user = surat_sasl_login_step ("tim");
  g_autoptr(SuratSecret) password = surat_sasl_login_step ("tanstaaftanstaaf");

  g_assert_cmpstr (user, ==, "dGlt");
  g_assert_cmpstr (password, ==, "dGFuc3RhYWZ0YW5zdGFhZg==");
}

/* RFC 2195 §2: user "tim", secret "tanstaaftanstaaf", challenge
 * <1896.697170952@postoffice.reston.mci.net>. */
static void
test_cram_md5_rfc2195 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) response = NULL;

  response = surat_sasl_cram_md5 ("tim", "tanstaaftanstaaf",
                                  "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

static void
test_cram_md5_bad_challenge (void)
{
  const char *bad[] = {
    "",                 /* empty */
    "not base64!",      /* outside the alphabet */
    "PDE4OT",           /* length not a multiple of 4 */
    "PD=E",             /* padding in the middle */
    "====",             /* decodes to nothing */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SuratSecret) response = NULL;

      response = surat_sasl_cram_md5 ("tim", "tanstaaftanstaaf", bad[i], &error);
      g_assert_error (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_CHALLENGE);
      g_assert_null (response);
    }
}

/* One exchange for each mechanism, step by step, as both clients run it. */
static void
test_answer_steps (void)
{
  struct {
    SuratSaslStep  step;
    const char    *challenge;
    const char    *answer;
    SuratSaslStep  next;
  } cases[] = {
    { SURAT_SASL_STEP_PLAIN, "", "AHRpbQB0YW5zdGFhZnRhbnN0YWFm", SURAT_SASL_STEP_NONE },
    { SURAT_SASL_STEP_LOGIN_USER, "VXNlcm5hbWU6", "dGlt", SURAT_SASL_STEP_LOGIN_PASSWORD },
    { SURAT_SASL_STEP_LOGIN_PASSWORD, "UGFzc3dvcmQ6", "dGFuc3RhYWZ0YW5zdGFhZg==",
      SURAT_SASL_STEP_NONE },
    { SURAT_SASL_STEP_CRAM_MD5, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
      "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", SURAT_SASL_STEP_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SuratSecret) answer = NULL;
      SuratSaslStep next = cases[i].step;

      answer = surat_sasl_answer (cases[i].step, "tim", "tanstaaftanstaaf", cases[i].challenge,
                                  &next, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (answer, ==, cases[i].answer);
      g_assert_cmpint (next, ==, cases[i].next);
    }
}

/* No answer: the errors the clients turn into "*" and their own error. */
static void
test_answer_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratSecret) answer = NULL;
  SuratSaslStep next;

  answer = surat_sasl_answer (SURAT_SASL_STEP_CRAM_MD5, "tim", "tanstaaftanstaaf",
                              "not base64!", &next, &error);
  g_assert_error (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_CHALLENGE);
  g_assert_null (answer);
  g_clear_error (&error);

  answer = surat_sasl_answer (SURAT_SASL_STEP_PLAIN, "tim", "bad\xff", "", &next, &error);
  g_assert_error (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_INPUT);
  g_assert_null (answer);
}

static void
test_line (void)
{
  g_autoptr(SuratSecret) command = surat_sasl_line ("AUTH PLAIN", "AHRpbQB0");
  g_autoptr(SuratSecret) answer = surat_sasl_line (NULL, "dGlt");

  g_assert_cmpstr (command, ==, "AUTH PLAIN AHRpbQB0\r\n");
  g_assert_cmpstr (answer, ==, "dGlt\r\n");
}

/* RFC 1939 §7: timestamp <1896.697170952@dbc.mtview.ca.us>, secret
 * "tanstaaf". */
static void
test_apop_rfc1939 (void)
{
  g_autoptr(SuratSecret) digest = NULL;

  digest = surat_apop_digest ("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf");
  g_assert_cmpstr (digest, ==, "c4c9334bac560ecc979e58001b3e22fb");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sasl/plain/rfc4616", test_plain_rfc4616);
  g_test_add_func ("/sasl/plain/authzid", test_plain_authzid);
  g_test_add_func ("/sasl/plain/utf8", test_plain_utf8);
  g_test_add_func ("/sasl/plain/invalid-utf8", test_plain_invalid_utf8);
  g_test_add_func ("/sasl/login/steps", test_login_steps);
  g_test_add_func ("/sasl/cram-md5/rfc2195", test_cram_md5_rfc2195);
  g_test_add_func ("/sasl/cram-md5/bad-challenge", test_cram_md5_bad_challenge);
  g_test_add_func ("/sasl/answer/steps", test_answer_steps);
  g_test_add_func ("/sasl/answer/errors", test_answer_errors);
  g_test_add_func ("/sasl/line", test_line);
  g_test_add_func ("/sasl/apop/rfc1939", test_apop_rfc1939);

  return g_test_run ();
}
