/* test-smtpd.c — the aiosmtpd harness's own tests, spoken through a tiny raw
 * SMTP session over GIO's TLS (GnuTLS), an independent peer
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "surat-test-dovecot.h"
#include "surat-test-process.h"
#include "surat-test-session.h"
#include "surat-test-smtpd.h"
#include "surat-test-util.h"

/* One server per kind, started by the first test that needs it and stopped
 * at the end of main(). */
typedef struct {
  gsize                data_size_limit;
  SuratTestSmtpdFlags  flags;
  SuratTestSmtpd      *smtpd;
} ServerGroup;

static ServerGroup default_group = { 0, SURAT_TEST_SMTPD_FLAGS_NONE, NULL };
static ServerGroup small_group = { 10000, SURAT_TEST_SMTPD_FLAGS_NONE, NULL };
static ServerGroup no_utf8_group = { 0, SURAT_TEST_SMTPD_NO_SMTPUTF8, NULL };

typedef struct {
  SuratTestSmtpd *smtpd;      /* (unowned) the group's */
  char           *dir;
  char           *maildir;    /* this test's own, routed to its recipients */
  guint           n_before;   /* envelopes the server had already recorded */
} Fixture;

static GPtrArray *
envelopes_of (SuratTestSmtpd *smtpd)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *envelopes = surat_test_smtpd_get_envelopes (smtpd, &error);

  g_assert_no_error (error);
  return envelopes;
}

static void
make_maildir (const char *path)
{
  static const char * const subdirs[] = { "tmp", "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (path, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ServerGroup *group = (ServerGroup *) data;
  g_autoptr(GPtrArray) envelopes = NULL;

  if (group->smtpd == NULL)
    group->smtpd = surat_test_smtpd_start (NULL, group->data_size_limit, group->flags);
  f->smtpd = group->smtpd;
  f->dir = surat_test_make_tmpdir ("smtpd");
  f->maildir = g_build_filename (f->dir, "Maildir", NULL);
  make_maildir (f->maildir);
  envelopes = envelopes_of (f->smtpd);
  f->n_before = envelopes->len;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->maildir);
}

/* The envelopes this test added. */
static GPtrArray *
new_envelopes (Fixture *f)
{
  g_autoptr(GPtrArray) all = envelopes_of (f->smtpd);
  GPtrArray *added = g_ptr_array_new_with_free_func ((GDestroyNotify) surat_test_smtpd_envelope_free);

  for (guint i = f->n_before; i < all->len; i++)
    g_ptr_array_add (added, g_steal_pointer (&all->pdata[i]));
  return added;
}

/* A raw SMTP session: nothing of Surat's own client in it. */

static void
session_start_tls (SuratTestSession *s,
                   const char       *ca_file)
{
  g_autoptr(GError) error = NULL;

  surat_test_session_start_tls (s, "localhost", ca_file, &error);
  g_assert_no_error (error);
}

static char *
session_read_reply (SuratTestSession *s)
{
  g_autoptr(GString) reply = g_string_new (NULL);

  /* RFC 5321 §4.2.1: "250-…" lines continue, "250 …" ends the reply. */
  for (;;)
    {
      g_autofree char *line = surat_test_session_read_line (s);

      g_assert_cmpuint (strlen (line), >=, 3);
      if (reply->len > 0)
        g_string_append_c (reply, '\n');
      g_string_append (reply, line);
      if (line[3] != '-')
        return g_string_free (g_steal_pointer (&reply), FALSE);
    }
}

static SuratTestSession *
session_connect (SuratTestSmtpd *smtpd,
                 gboolean        implicit_tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;

  s = surat_test_session_connect (surat_test_smtpd_get_host (smtpd),
                                  implicit_tls ? surat_test_smtpd_get_tls_port (smtpd)
                                               : surat_test_smtpd_get_starttls_port (smtpd),
                                  implicit_tls ? "localhost" : NULL,
                                  surat_test_smtpd_get_ca_file (smtpd), &error);
  g_assert_no_error (error);

  greeting = session_read_reply (s);
  g_assert_true (g_str_has_prefix (greeting, "220 localhost "));
  return g_steal_pointer (&s);
}

static char *
session_command (SuratTestSession *s,
                 const char       *command)
{
  surat_test_session_send_line (s, command);
  return session_read_reply (s);
}

static void
assert_next_reply (SuratTestSession *s,
                   const char       *expected_prefix)
{
  g_autofree char *reply = session_read_reply (s);

  if (!g_str_has_prefix (reply, expected_prefix))
    g_error ("expected “%s…”, got “%s”", expected_prefix, reply);
}

static void
assert_reply (SuratTestSession *s,
              const char       *command,
              const char *expected_prefix)
{
  g_autofree char *reply = session_command (s, command);

  if (!g_str_has_prefix (reply, expected_prefix))
    g_error ("%s: expected “%s…”, got “%s”", command, expected_prefix, reply);
}

/* "AUTH PLAIN <initial response>" (RFC 4616: authzid NUL authcid NUL passwd). */
static char *
auth_plain_command (const char *user,
                    const char *password)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autofree char *b64 = NULL;

  g_byte_array_append (response, (const guint8 *) "", 1);
  g_byte_array_append (response, (const guint8 *) user, strlen (user) + 1);
  g_byte_array_append (response, (const guint8 *) password, strlen (password));
  b64 = g_base64_encode (response->data, response->len);
  return g_strconcat ("AUTH PLAIN ", b64, NULL);
}

/* EHLO, and on the STARTTLS port STARTTLS and EHLO again; then AUTH PLAIN. */
static SuratTestSession *
session_login (SuratTestSmtpd *smtpd,
               gboolean        implicit_tls,
               const char     *user,
               const char     *password)
{
  g_autoptr(SuratTestSession) s = session_connect (smtpd, implicit_tls);
  g_autofree char *command = auth_plain_command (user, password);

  if (!implicit_tls)
    {
      assert_reply (s, "EHLO client.example", "250-localhost");
      assert_reply (s, "STARTTLS", "220");
      session_start_tls (s, surat_test_smtpd_get_ca_file (smtpd));
    }
  assert_reply (s, "EHLO client.example", "250-localhost");
  assert_reply (s, command, "235 2.7.0");
  return g_steal_pointer (&s);
}

/* The message with CRLF line ends and RFC 5321 §4.5.2 dot-stuffing, then
 * the final ".". */
static void
session_data (SuratTestSession *s,
              const char       *message_lf)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (message_lf, "\n", -1);
  guint n = g_strv_length (lines);

  assert_reply (s, "DATA", "354");
  /* The split leaves "" after the last LF. */
  for (guint i = 0; i + 1 < n; i++)
    {
      if (lines[i][0] == '.')
        g_string_append_c (wire, '.');
      g_string_append (wire, lines[i]);
      g_string_append (wire, "\r\n");
    }
  g_string_append (wire, ".\r\n");
  surat_test_session_write (s, wire->str, wire->len);
}

static char *
crlf (const char *lf)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = lf; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append_c (out, '\r');
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
sha256_hex (const char *data)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
}

/* The files in @maildir/new/, sorted. */
static GPtrArray *
maildir_files (const char *maildir)
{
  g_autofree char *new_dir = g_build_filename (maildir, "new", NULL);
  g_autoptr(GDir) dir = g_dir_open (new_dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (new_dir, name, NULL));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

static void
assert_file_contents (const char *path,
                      const char *expected)
{
  g_autoptr(GBytes) bytes = surat_test_read_file (path);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, strlen (expected));
}

static const char message_template[] =
  "From: Sender <%s>\n"
  "To: <%s>\n"
  "Subject: %s\n"
  "Message-ID: <%s@surat.test>\n"
  "\n"
  "Hello.\n"
  ".hidden line that the client dot-stuffs\n"
  ".\n"
  "..two dots\n"
  "Bye.\n";

static void
test_starttls_plain_delivers (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *message = g_strdup_printf (message_template, "sender@example.org",
                                              "rcpt@example.org", "over STARTTLS", "starttls-1");
  g_autofree char *wire = crlf (message);
  g_autofree char *mail = g_strdup_printf ("MAIL FROM:<sender@example.org> SIZE=%zu BODY=8BITMIME",
                                           strlen (wire));
  g_autofree char *sha = sha256_hex (wire);
  g_autofree char *data_reply = NULL;
  const char * const rcpts[] = { "rcpt@example.org", NULL };
  SuratTestSmtpdEnvelope *e;

  surat_test_smtpd_route (f->smtpd, "rcpt@example.org", f->maildir, &error);
  g_assert_no_error (error);

  s = session_login (f->smtpd, FALSE, SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD);
  assert_reply (s, mail, "250");
  assert_reply (s, "RCPT TO:<rcpt@example.org>", "250");
  session_data (s, message);
  data_reply = session_read_reply (s);
  g_assert_cmpstr (data_reply, ==, "250 2.0.0 OK: queued as 1");
  assert_reply (s, "QUIT", "221");

  /* Delivered as a Maildir file: LF line ends, dot-unstuffed. */
  files = maildir_files (f->maildir);
  g_assert_cmpuint (files->len, ==, 1);
  assert_file_contents (g_ptr_array_index (files, 0), message);

  /* And recorded as received. */
  envelopes = new_envelopes (f);
  g_assert_cmpuint (envelopes->len, ==, 1);
  e = g_ptr_array_index (envelopes, 0);
  g_assert_cmpstr (e->listener, ==, "starttls");
  g_assert_cmpstr (e->auth_user, ==, SURAT_TEST_SMTPD_USER);
  g_assert_cmpstr (e->mail_from, ==, "sender@example.org");
  g_assert_cmpstrv (e->rcpt_tos, rcpts);
  g_assert_true (g_strv_contains ((const char * const *) e->mail_options, "BODY=8BITMIME"));
  g_assert_cmpstr (e->body, ==, "8BITMIME");
  g_assert_cmpint (e->size, ==, strlen (wire));
  g_assert_false (e->smtputf8);
  g_assert_cmpuint (e->data_size, ==, strlen (wire));
  g_assert_cmpstr (e->data_sha256, ==, sha);
  g_assert_cmpuint (g_strv_length (e->delivered), ==, 1);
  g_assert_cmpstr (e->delivered[0], ==, g_ptr_array_index (files, 0));
}

static void
test_tls_login_smtputf8_delivers (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *message = g_strdup_printf (message_template, "zoë@bücher.example",
                                              "ünïcode@example.org", "Grüße über TLS",
                                              "tls-1");
  g_autofree char *wire = crlf (message);
  g_autofree char *sha = sha256_hex (wire);
  g_autofree char *ehlo = NULL;
  g_autofree char *user = g_base64_encode ((const guchar *) SURAT_TEST_SMTPD_USER,
                                           strlen (SURAT_TEST_SMTPD_USER));
  g_autofree char *password = g_base64_encode ((const guchar *) SURAT_TEST_SMTPD_PASSWORD,
                                               strlen (SURAT_TEST_SMTPD_PASSWORD));
  const char * const rcpts[] = { "ünïcode@example.org", NULL };
  SuratTestSmtpdEnvelope *e;

  surat_test_smtpd_route (f->smtpd, "ünïcode@example.org", f->maildir, &error);
  g_assert_no_error (error);

  /* RFC 8314: TLS from the first byte; AUTH offered at once. */
  s = session_connect (f->smtpd, TRUE);
  ehlo = session_command (s, "EHLO client.example");
  g_assert_nonnull (strstr (ehlo, "250-AUTH CRAM-MD5 LOGIN PLAIN"));
  g_assert_nonnull (strstr (ehlo, "250-SMTPUTF8"));
  g_assert_nonnull (strstr (ehlo, "250-8BITMIME"));
  g_assert_null (strstr (ehlo, "STARTTLS"));

  /* RFC 4954 AUTH LOGIN: "Username:" and "Password:" challenges. */
  assert_reply (s, "AUTH LOGIN", "334 ");
  assert_reply (s, user, "334 ");
  assert_reply (s, password, "235 2.7.0");

  assert_reply (s, "MAIL FROM:<zoë@bücher.example> SMTPUTF8 BODY=8BITMIME", "250");
  assert_reply (s, "RCPT TO:<ünïcode@example.org>", "250");
  session_data (s, message);
  assert_next_reply (s, "250 2.0.0");
  assert_reply (s, "QUIT", "221");

  files = maildir_files (f->maildir);
  g_assert_cmpuint (files->len, ==, 1);
  assert_file_contents (g_ptr_array_index (files, 0), message);

  envelopes = new_envelopes (f);
  g_assert_cmpuint (envelopes->len, ==, 1);
  e = g_ptr_array_index (envelopes, 0);
  g_assert_cmpstr (e->listener, ==, "tls");
  g_assert_cmpstr (e->mail_from, ==, "zoë@bücher.example");
  g_assert_cmpstrv (e->rcpt_tos, rcpts);
  g_assert_true (e->smtputf8);
  g_assert_true (g_strv_contains ((const char * const *) e->mail_options, "SMTPUTF8"));
  g_assert_cmpint (e->size, ==, -1);
  g_assert_cmpuint (e->data_size, ==, strlen (wire));
  g_assert_cmpstr (e->data_sha256, ==, sha);
}

static void
test_auth_cram_md5 (Fixture       *f,
                    gconstpointer  data)
{
  const char *passwords[] = { SURAT_TEST_SMTPD_PASSWORD, "wrong-password" };

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr(SuratTestSession) s = session_connect (f->smtpd, TRUE);
      g_autofree char *challenge_line = NULL;
      g_autofree guchar *challenge = NULL;
      g_autofree char *digest = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *b64 = NULL;
      g_autofree char *reply = NULL;
      gsize challenge_len;

      assert_reply (s, "EHLO client.example", "250-localhost");
      challenge_line = session_command (s, "AUTH CRAM-MD5");
      g_assert_true (g_str_has_prefix (challenge_line, "334 "));
      challenge = g_base64_decode (challenge_line + 4, &challenge_len);
      /* RFC 2195: a msg-id as the challenge. */
      g_assert_cmpint (challenge[0], ==, '<');
      digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *) passwords[i],
                                        strlen (passwords[i]), challenge, challenge_len);
      answer = g_strdup_printf ("%s %s", SURAT_TEST_SMTPD_USER, digest);
      b64 = g_base64_encode ((const guchar *) answer, strlen (answer));
      reply = session_command (s, b64);
      g_assert_cmpstr (reply, ==, i == 0 ? "235 2.7.0 Authentication successful"
                                         : "535 5.7.8 Authentication credentials invalid");
    }
}

static void
test_auth_wrong_password (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SuratTestSession) s = session_connect (f->smtpd, FALSE);
  g_autofree char *command = auth_plain_command (SURAT_TEST_SMTPD_USER, "not-the-password");
  g_autofree char *reply = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;

  assert_reply (s, "EHLO client.example", "250-localhost");
  assert_reply (s, "STARTTLS", "220");
  session_start_tls (s, surat_test_smtpd_get_ca_file (f->smtpd));
  assert_reply (s, "EHLO client.example", "250-localhost");
  reply = session_command (s, command);
  g_assert_cmpstr (reply, ==, "535 5.7.8 Authentication credentials invalid");

  /* Not logged in: no mail. */
  assert_reply (s, "MAIL FROM:<sender@example.org>", "530 5.7.0 Authentication required");
  envelopes = new_envelopes (f);
  g_assert_cmpuint (envelopes->len, ==, 0);
}

static void
test_auth_before_starttls (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SuratTestSession) s = session_connect (f->smtpd, FALSE);
  g_autofree char *ehlo = session_command (s, "EHLO client.example");
  g_autofree char *command = auth_plain_command (SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD);
  g_autofree char *reply = NULL;

  /* RFC 3207 §4: no AUTH offered in the clear; RFC 3207 §4 (required TLS):
   * 530 to anything but EHLO, NOOP, QUIT and STARTTLS. */
  g_assert_nonnull (strstr (ehlo, "250-STARTTLS"));
  g_assert_null (strstr (ehlo, "AUTH"));
  reply = session_command (s, command);
  g_assert_cmpstr (reply, ==, "530 Must issue a STARTTLS command first");
  assert_reply (s, "MAIL FROM:<sender@example.org>", "530");
}

static void
test_size_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SuratTestSession) s = session_login (f->smtpd, TRUE, SURAT_TEST_SMTPD_USER,
                                        SURAT_TEST_SMTPD_PASSWORD);
  g_autoptr(GString) big = g_string_new ("Subject: big\n\n");
  g_autofree char *reply = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GPtrArray) files = NULL;

  while (big->len < 20000)
    g_string_append (big, "0123456789012345678901234567890123456789012345678901234567890123\n");

  /* RFC 1870: refused up front when the client says how big… */
  assert_reply (s, "MAIL FROM:<sender@example.org> SIZE=20000",
                "552 Error: message size exceeds fixed maximum message size");

  /* …and after the data when it did not. */
  assert_reply (s, "MAIL FROM:<sender@example.org>", "250");
  assert_reply (s, "RCPT TO:<big@example.org>", "250");
  surat_test_smtpd_route (f->smtpd, "big@example.org", f->maildir, NULL);
  session_data (s, big->str);
  reply = session_read_reply (s);
  g_assert_cmpstr (reply, ==, "552 Error: Too much mail data");

  envelopes = new_envelopes (f);
  g_assert_cmpuint (envelopes->len, ==, 0);
  files = maildir_files (f->maildir);
  g_assert_cmpuint (files->len, ==, 0);
}

static void
test_routes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "Other", NULL);
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autofree char *message = g_strdup_printf (message_template, "sender@example.org",
                                              "a@example.org", "routes", "routes-1");
  const char * const rcpts[] = { "a@example.org", "b@example.org", "A2@Example.org", NULL };
  SuratTestSmtpdEnvelope *e;

  make_maildir (other);
  surat_test_smtpd_route (f->smtpd, "a@example.org", f->maildir, &error);
  surat_test_smtpd_route (f->smtpd, "b@example.org", other, &error);
  surat_test_smtpd_route (f->smtpd, "a2@example.org", f->maildir, &error);
  surat_test_smtpd_route (f->smtpd, "nobody@example.org", NULL, &error);
  g_assert_no_error (error);

  s = session_login (f->smtpd, TRUE, SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD);
  assert_reply (s, "MAIL FROM:<sender@example.org>", "250");
  assert_reply (s, "RCPT TO:<a@example.org>", "250");
  refused = session_command (s, "RCPT TO:<nobody@example.org>");
  g_assert_cmpstr (refused, ==, "550 5.1.1 <nobody@example.org>: Recipient address rejected "
                                "(test route)");
  assert_reply (s, "RCPT TO:<b@example.org>", "250");
  assert_reply (s, "RCPT TO:<A2@Example.org>", "250");
  session_data (s, message);
  assert_next_reply (s, "250");

  /* One copy per Maildir, however many recipients it holds. */
  mine = maildir_files (f->maildir);
  theirs = maildir_files (other);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpuint (theirs->len, ==, 1);
  assert_file_contents (g_ptr_array_index (theirs, 0), message);

  envelopes = new_envelopes (f);
  g_assert_cmpuint (envelopes->len, ==, 1);
  e = g_ptr_array_index (envelopes, 0);
  g_assert_cmpstrv (e->rcpt_tos, rcpts);
  g_assert_cmpuint (g_strv_length (e->delivered), ==, 2);
}

static void
test_no_smtputf8 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SuratTestSession) s = session_login (f->smtpd, TRUE, SURAT_TEST_SMTPD_USER,
                                        SURAT_TEST_SMTPD_PASSWORD);
  g_autofree char *ehlo = session_command (s, "EHLO again.example");

  g_assert_null (strstr (ehlo, "SMTPUTF8"));
  g_assert_nonnull (strstr (ehlo, "8BITMIME"));
  assert_reply (s, "MAIL FROM:<sender@example.org> SMTPUTF8", "501 Error: SMTPUTF8 disabled");
}

static void
test_dovecot_reads_delivery (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestDovecot) dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
  g_autofree char *maildir = surat_test_dovecot_get_maildir (dovecot, SURAT_TEST_DOVECOT_USER);
  g_autoptr(SuratTestSmtpd) smtpd = surat_test_smtpd_start (maildir, 0, SURAT_TEST_SMTPD_FLAGS_NONE);
  g_autoptr(SuratTestSession) s = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) pop3 = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *message = g_strdup_printf (message_template, "sender@example.org",
                                              "tester@localhost", "to Dovecot", "dovecot-1");
  GOutputStream *out;
  struct stat st;
  struct stat dir_st;
  const char *commands[] = { "USER " SURAT_TEST_DOVECOT_USER "\r\n",
                             "PASS " SURAT_TEST_DOVECOT_PASSWORD "\r\n", "STAT\r\n" };
  g_autofree char *wire = crlf (message);
  g_autofree char *expected_stat = g_strdup_printf ("+OK 1 %zu", strlen (wire));

  s = session_login (smtpd, FALSE, SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD);
  assert_reply (s, "MAIL FROM:<sender@example.org>", "250");
  assert_reply (s, "RCPT TO:<tester@localhost>", "250");
  session_data (s, message);
  assert_next_reply (s, "250");

  /* Written as the Maildir's owner: nobody, when the tests run as root. */
  files = maildir_files (maildir);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpint (g_stat (g_ptr_array_index (files, 0), &st), ==, 0);
  g_assert_cmpint (g_stat (maildir, &dir_st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, dir_st.st_uid);
  g_assert_cmpuint (st.st_gid, ==, dir_st.st_gid);

  held = surat_test_dovecot_list_messages (dovecot, SURAT_TEST_DOVECOT_USER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 1);

  /* And Dovecot can read it: STAT counts it in CRLF octets (RFC 1939 §5). */
  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  pop3 = g_socket_client_connect_to_host (client, surat_test_dovecot_get_host (dovecot),
                                          surat_test_dovecot_get_pop3_port (dovecot), NULL, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (pop3)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  out = g_io_stream_get_output_stream (G_IO_STREAM (pop3));
  g_free (g_data_input_stream_read_line (in, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *reply = NULL;

      g_output_stream_write_all (out, commands[i], strlen (commands[i]), NULL, NULL, &error);
      g_assert_no_error (error);
      reply = g_data_input_stream_read_line (in, NULL, NULL, &error);
      g_assert_no_error (error);
      if (i + 1 < G_N_ELEMENTS (commands))
        g_assert_true (g_str_has_prefix (reply, "+OK"));
      else
        g_assert_cmpstr (reply, ==, expected_stat);
    }
}

static void
test_harness_free_stops_and_removes (void)
{
  SuratTestSmtpd *smtpd = surat_test_smtpd_start (NULL, 0, SURAT_TEST_SMTPD_FLAGS_NONE);
  GPid pid = surat_test_smtpd_get_pid (smtpd);
  g_autofree char *dir = g_strdup (surat_test_smtpd_get_dir (smtpd));
  guint16 port = surat_test_smtpd_get_tls_port (smtpd);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_assert_cmpint (pid, >, 0);
  g_assert_true (surat_test_process_alive (pid));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  surat_test_smtpd_free (smtpd);
  g_assert_false (surat_test_process_alive (pid));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  surat_test_smtpd_free (NULL);
}

static void
test_harness_crash_leaves_nothing (void)
{
  g_autofree char *dir = NULL;
  GPid pid;

  if (g_test_subprocess ())
    {
      SuratTestSmtpd *smtpd = surat_test_smtpd_start (NULL, 0, SURAT_TEST_SMTPD_FLAGS_NONE);

      surat_test_crash_leaving (surat_test_smtpd_get_pid (smtpd), surat_test_smtpd_get_dir (smtpd));
    }

  surat_test_trap_crash (&pid, &dir);

  /* The server saw its pipe end: it stopped and removed its directory. */
  g_assert_true (surat_test_wait_until_gone (pid, dir));
}

static void
test_harness_not_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSmtpd) smtpd = NULL;
  g_autofree char *dir = surat_test_make_tmpdir ("fake-python");
  g_autofree char *fake = g_build_filename (dir, "python3", NULL);

  /* No interpreter at all. */
  g_setenv ("SURAT_TEST_PYTHON", "/nonexistent/bin/python3", TRUE);
  smtpd = surat_test_smtpd_new (NULL, 0, SURAT_TEST_SMTPD_FLAGS_NONE, &error);
  g_assert_null (smtpd);
  g_assert_error (error, SURAT_TEST_SMTPD_ERROR, SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED);
  g_assert_nonnull (strstr (error->message, "python3-aiosmtpd"));
  g_clear_error (&error);

  /* A Python that cannot see Debian's packages (-S: no site directories),
   * as a pyenv build in PATH would be. */
  g_file_set_contents (fake, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (fake, 0755);
  g_setenv ("SURAT_TEST_PYTHON", fake, TRUE);
  smtpd = surat_test_smtpd_new (NULL, 0, SURAT_TEST_SMTPD_FLAGS_NONE, &error);
  g_unsetenv ("SURAT_TEST_PYTHON");
  g_assert_null (smtpd);
  g_assert_error (error, SURAT_TEST_SMTPD_ERROR, SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED);
  g_assert_nonnull (strstr (error->message, "python3-aiosmtpd"));
  g_assert_nonnull (strstr (error->message, "cannot import aiosmtpd"));

  surat_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, group, func) \
  g_test_add (path, Fixture, &group, fixture_set_up, func, fixture_tear_down)
  ADD ("/smtpd/starttls/auth-plain-delivers", default_group, test_starttls_plain_delivers);
  ADD ("/smtpd/tls/auth-login-smtputf8-delivers", default_group, test_tls_login_smtputf8_delivers);
  ADD ("/smtpd/auth/cram-md5", default_group, test_auth_cram_md5);
  ADD ("/smtpd/auth/wrong-password-535", default_group, test_auth_wrong_password);
  ADD ("/smtpd/auth/before-starttls-530", default_group, test_auth_before_starttls);
  ADD ("/smtpd/routes/per-recipient-and-refused", default_group, test_routes);
  ADD ("/smtpd/size/over-limit-552", small_group, test_size_limit);
  ADD ("/smtpd/no-smtputf8", no_utf8_group, test_no_smtputf8);
#undef ADD
  g_test_add_func ("/smtpd/dovecot/pop3-reads-what-was-delivered", test_dovecot_reads_delivery);
  g_test_add_func ("/smtpd/harness/free-stops-and-removes", test_harness_free_stops_and_removes);
  g_test_add_func ("/smtpd/harness/crash-leaves-nothing", test_harness_crash_leaves_nothing);
  g_test_add_func ("/smtpd/harness/not-installed-fails-clearly", test_harness_not_installed);

  status = g_test_run ();

  surat_test_smtpd_free (default_group.smtpd);
  surat_test_smtpd_free (small_group.smtpd);
  surat_test_smtpd_free (no_utf8_group.smtpd);
  return status;
}
