/* test-cli-send.c — surat-cli send, the whole way round: aiosmtpd → Dovecot → fetch
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "surat-core.h"
#include "surat-test-dovecot.h"
#include "surat-test-smtpd.h"
#include "surat-test-util.h"

/*
 * One Dovecot and one aiosmtpd for the binary. aiosmtpd delivers into the
 * Maildir of the Dovecot user each test routes its recipients to, so a
 * message goes compose → SMTP → Maildir → POP3 → index → view for real.
 * accounts.ini holds "me" (sends through aiosmtpd) and "bob" (reads the
 * Dovecot user): the account's single ca-file is a bundle of both test
 * CAs, as it would be for a person whose provider runs its own CA.
 */

static SuratTestDovecot *dovecot;
static SuratTestSmtpd *smtpd;

typedef struct {
  char *user;          /* the Dovecot user the mail goes to */
  char *password;
  char *maildir;
  char *home;
} Fixture;

#define cli(f, out, err, ...) surat_test_cli ((f)->home, (out), (err), __VA_ARGS__)

static void
write_accounts (Fixture    *f,
                const char *smtp_extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->home, "config", "surat", NULL);
  g_autofree char *bundle = g_build_filename (f->home, "cas.pem", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) ca1 = surat_test_read_file (surat_test_dovecot_get_ca_file (dovecot));
  g_autoptr(GBytes) ca2 = surat_test_read_file (surat_test_smtpd_get_ca_file (smtpd));
  g_autofree char *cas = g_strdup_printf ("%.*s\n%.*s",
                                          (int) g_bytes_get_size (ca1), (char *) g_bytes_get_data (ca1, NULL),
                                          (int) g_bytes_get_size (ca2), (char *) g_bytes_get_data (ca2, NULL));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (bundle, cas, -1, &error);
  g_assert_no_error (error);

  text = g_strdup_printf ("[account me]\n"
                          "display-name=Siti Rahayu\n"
                          "address=siti@example.org\n"
                          "smtp-host=%s\nsmtp-port=%u\nsmtp-security=starttls\n"
                          "smtp-user=%s\npassword-command=echo %s\n"
                          "ca-file=%s\ntimeout=20\n"
                          "%s"
                          "\n"
                          "[account bob]\n"
                          "address=bob@example.org\n"
                          "pop3-host=%s\npop3-port=%u\npop3-security=tls\n"
                          "pop3-user=%s\npassword-command=echo %s\n"
                          "ca-file=%s\n",
                          surat_test_smtpd_get_host (smtpd), surat_test_smtpd_get_starttls_port (smtpd),
                          SURAT_TEST_SMTPD_USER, SURAT_TEST_SMTPD_PASSWORD, bundle,
                          smtp_extra ? smtp_extra : "",
                          surat_test_dovecot_get_host (dovecot), surat_test_dovecot_get_pop3s_port (dovecot),
                          f->user, f->password, bundle);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
route (Fixture    *f,
       const char *address)
{
  g_autoptr(GError) error = NULL;

  surat_test_smtpd_route (smtpd, address, f->maildir, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;

  if (dovecot == NULL)
    dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
  if (smtpd == NULL)
    smtpd = surat_test_smtpd_start (NULL, 0, SURAT_TEST_SMTPD_FLAGS_NONE);

  f->user = g_strdup_printf ("rcpt%u", ++n);
  f->password = g_strdup_printf ("pw%08x", g_test_rand_int ());
  surat_test_dovecot_add_user (dovecot, f->user, f->password, &error);
  g_assert_no_error (error);
  f->maildir = surat_test_dovecot_get_maildir (dovecot, f->user);
  f->home = surat_test_make_tmpdir ("surat-send-home");
  write_accounts (f, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  surat_test_rm_rf (f->home);
  g_free (f->home);
  g_free (f->maildir);
  g_free (f->user);
  g_free (f->password);
}

/* Envelopes recorded since @before, for this test's recipients. */
static GPtrArray *
envelopes_since (guint before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = surat_test_smtpd_get_envelopes (smtpd, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, before);
  g_ptr_array_remove_range (all, 0, before);
  return g_steal_pointer (&all);
}

static guint
n_envelopes (void)
{
  g_autoptr(GPtrArray) all = envelopes_since (0);
  return all->len;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
folder_path (Fixture    *f,
             const char *account,
             const char *folder)
{
  return g_build_filename (f->home, "data", "surat", account, folder, NULL);
}

static guint
count_files (const char *maildir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (!g_file_test (maildir, G_FILE_TEST_IS_DIR))
    return 0;
  files = surat_test_read_maildir (maildir, &error);
  g_assert_no_error (error);
  return files->len;
}

static char *
make_big_file (const char *dir,
               const char *name,
               gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree guint32 *data = g_new (guint32, size / 4);

  for (gsize i = 0; i < size / 4; i++)
    data[i] = g_rand_int (rand);
  g_file_set_contents (path, (char *) data, size, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->home, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) server_has = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *saved_dir = NULL;
  g_autofree char *body = write_text (f, "body.txt",
                                      "Halo semua,\n\nLaporan bulan ini terlampir.\n.\n"
                                      "Ελληνικά, русский, 日本語.\n-- \nSiti\n");
  g_autofree char *big = make_big_file (f->home, "données.bin", 25 * 1024 * 1024);
  const char *subject = "Laporan bulanan — Ιούνιος 2026 ✓";
  const char * const attachments[] = {
    g_test_get_filename (G_TEST_DIST, "data", "builder", "pixel.png", NULL),
    g_test_get_filename (G_TEST_DIST, "data", "builder", "tone.wav", NULL),
    g_test_get_filename (G_TEST_DIST, "data", "builder", "hello.pdf", NULL),
    big,
  };
  g_autofree char *python = NULL;
  guint before = n_envelopes ();
  SuratTestSmtpdEnvelope *envelope;
  JsonObject *message;
  JsonArray *atts;
  const char *py_argv[] = { "/usr/bin/python3", "-c",
    "import email, email.policy, sys\n"
    "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n"
    "print(m['subject'])\n"
    "print(m['to'])\n"
    "print('bcc' in m)\n"
    "print(len(m.defects))\n"
    "for part in m.iter_attachments():\n"
    "    print(part.get_filename(), len(part.get_content()))\n",
    NULL, NULL };
  int status = -1;

  route (f, "ana@example.org");
  route (f, "budi@example.org");
  route (f, "citra@example.org");
  route (f, "rahasia@example.org");

  g_assert_cmpint (cli (f, &out, NULL, "send", "--account", "me",
                        "--to", "Ana Lima <ana@example.org>, budi@example.org",
                        "--cc", "Citra Dewi <citra@example.org>",
                        "--bcc", "rahasia@example.org",
                        "--subject", subject, "--body-file", body,
                        "--attach", attachments[0], "--attach", attachments[1],
                        "--attach", attachments[2], "--attach", attachments[3], NULL), ==, 0);
  g_assert_nonnull (strstr (out, subject));

  /* One SMTP transaction, every recipient in the envelope, Bcc too. */
  sent = envelopes_since (before);
  g_assert_cmpuint (sent->len, ==, 1);
  envelope = g_ptr_array_index (sent, 0);
  g_assert_cmpstr (envelope->mail_from, ==, "siti@example.org");
  g_assert_cmpstrv (envelope->rcpt_tos, ((const char *[]) { "ana@example.org", "budi@example.org",
                                                          "citra@example.org", "rahasia@example.org",
                                                          NULL }));
  g_assert_cmpstr (envelope->auth_user, ==, SURAT_TEST_SMTPD_USER);

  /* No header on the wire names the Bcc recipient. */
  server_has = surat_test_dovecot_list_messages (dovecot, f->user, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (server_has->len, ==, 1);
  g_assert_null (g_strstr_len (g_bytes_get_data (g_ptr_array_index (server_has, 0), NULL),
                               g_bytes_get_size (g_ptr_array_index (server_has, 0)),
                               "rahasia"));

  /* The sender keeps it in Sent, Bcc included; the Outbox is empty. */
  {
    g_autofree char *sent_dir = folder_path (f, "me", "Sent");
    g_autofree char *outbox_dir = folder_path (f, "me", "Outbox");
    g_autoptr(GPtrArray) copies = surat_test_read_maildir (sent_dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (copies->len, ==, 1);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (g_ptr_array_index (copies, 0), NULL), 4096,
                                    "Bcc: rahasia@example.org"));
    g_assert_cmpuint (count_files (outbox_dir), ==, 0);
  }

  /* Bob fetches it over POP3 and sees what was sent. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "fetch", "bob", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "bob: 1 new"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "list", "--account", "bob", "--json", NULL), ==, 0);
  listed = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  message = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (message, "subject"), ==, subject);
  g_assert_true (json_object_get_boolean_member (message, "has_attachments"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (message, "id"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "show", id, "--json", NULL), ==, 0);
  shown = parse_json (out);
  message = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (message, "from"), ==,
                   "Siti Rahayu <siti@example.org>");
  g_assert_nonnull (strstr (json_object_get_string_member (message, "text"), "Ελληνικά, русский, 日本語."));
  g_assert_null (strstr (out, "rahasia"));
  atts = json_object_get_array_member (message, "attachments");
  g_assert_cmpuint (json_array_get_length (atts), ==, 4);

  /* Every attachment comes back byte for byte. */
  saved_dir = g_build_filename (f->home, "saved", NULL);
  g_assert_cmpint (g_mkdir (saved_dir, 0700), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "save-attachments", id, saved_dir, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (attachments); i++)
    {
      g_autofree char *name = g_path_get_basename (attachments[i]);
      g_autofree char *copy = g_build_filename (saved_dir, name, NULL);
      g_autoptr(GBytes) original = surat_test_read_file (attachments[i]);
      g_autoptr(GBytes) received = surat_test_read_file (copy);

      g_assert_true (g_bytes_equal (original, received));
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (atts, i),
                                                      "filename"), ==, name);
    }

  /* And Python's own parser, independent of GMime, reads it the same. */
  py_argv[3] = json_object_get_string_member (message, "path");
  g_spawn_sync (NULL, (char **) py_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &python, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  surat_test_message_lines ("python", python);
  g_assert_true (g_str_has_prefix (python, "Laporan bulanan — Ιούνιος 2026 ✓\n"
                                           "Ana Lima <ana@example.org>, budi@example.org\n"
                                           "False\n"
                                           "0\n"));
  g_assert_nonnull (strstr (python, "pixel.png "));
  g_assert_nonnull (strstr (python, "tone.wav "));
  g_assert_nonnull (strstr (python, "hello.pdf "));
  g_assert_nonnull (strstr (python, "données.bin 26214400\n"));
}

static void
test_implicit_tls_smtputf8 (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *extra = g_strdup_printf ("smtp-port=%u\nsmtp-security=tls\n",
                                            surat_test_smtpd_get_tls_port (smtpd));
  g_autoptr(GPtrArray) sent = NULL;
  guint before = n_envelopes ();
  SuratTestSmtpdEnvelope *envelope;

  /* An address whose local part is not ASCII needs SMTPUTF8 (RFC 6531). */
  route (f, "pelé@example.org");
  write_accounts (f, extra);
  g_assert_cmpint (cli (f, NULL, NULL, "send", "--to", "Pelé <pelé@example.org>",
                        "--subject", "Olá", NULL), ==, 0);

  sent = envelopes_since (before);
  g_assert_cmpuint (sent->len, ==, 1);
  envelope = g_ptr_array_index (sent, 0);
  g_assert_cmpstr (envelope->listener, ==, "tls");
  g_assert_true (envelope->smtputf8);
  g_assert_cmpstr (envelope->rcpt_tos[0], ==, "pelé@example.org");
}

static JsonObject *
outbox_item (Fixture *f)
{
  g_autofree char *out = NULL;
  JsonNode *root;
  JsonArray *items;

  g_assert_cmpint (cli (f, &out, NULL, "outbox", "--json", NULL), ==, 0);
  root = parse_json (out);
  items = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  /* The node stays alive through the object the caller reads. */
  return json_object_ref (json_array_get_object_element (items, 0));
}

/* Our client picks the strongest mechanism; a server that offers only
 * PLAIN or only LOGIN makes it use that one (RFC 4616, RFC 4954 §4). */
static void
send_with_only (Fixture             *f,
                SuratTestSmtpdFlags  flags)
{
  g_autoptr(SuratTestSmtpd) only = surat_test_smtpd_start (f->maildir, 0, flags);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *log = NULL;
  SuratTestSmtpd *shared = smtpd;

  /* The CA bundle must name this server's CA: write the accounts with it
   * in the shared server's place for a moment. */
  smtpd = only;
  extra = g_strdup_printf ("smtp-port=%u\n", surat_test_smtpd_get_starttls_port (only));
  write_accounts (f, extra);
  smtpd = shared;

  g_assert_cmpint (cli (f, NULL, NULL, "send", "--to", "ana@example.org",
                        "--subject", "Login", NULL), ==, 0);
  sent = surat_test_smtpd_get_envelopes (only, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (((SuratTestSmtpdEnvelope *) g_ptr_array_index (sent, 0))->auth_user, ==,
                   SURAT_TEST_SMTPD_USER);

  /* The server's log names the mechanism that was used. */
  /* The command as the server received it (aiosmtpd logs ">> b'…'"). */
  log = surat_test_smtpd_get_log_tail (only, 200);
  g_assert_nonnull (strstr (log, flags & SURAT_TEST_SMTPD_ONLY_PLAIN ? ">> b'AUTH PLAIN "
                                                                     : ">> b'AUTH LOGIN'"));
}

static void
test_auth_plain (Fixture       *f,
                 gconstpointer  data)
{
  send_with_only (f, SURAT_TEST_SMTPD_ONLY_PLAIN);
}

static void
test_auth_login (Fixture       *f,
                 gconstpointer  data)
{
  send_with_only (f, SURAT_TEST_SMTPD_ONLY_LOGIN);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) item = NULL;
  guint before = n_envelopes ();

  route (f, "ana@example.org");
  write_accounts (f, "password-command=echo wrong\n");
  g_assert_cmpint (cli (f, NULL, &err, "send", "--to", "ana@example.org",
                        "--subject", "Tidak terkirim", NULL), ==, 1);
  /* The person reads the server's words and that the message is safe. */
  g_assert_nonnull (strstr (err, "535"));
  g_assert_nonnull (strstr (err, "stays in the Outbox"));

  item = outbox_item (f);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (item, "reason"), "535"));
  g_assert_cmpuint (n_envelopes (), ==, before);

  /* Fixed, the retry sends it, once. */
  write_accounts (f, NULL);
  g_assert_cmpint (cli (f, &out, NULL, "outbox", "--flush", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Tidak terkirim"));
  g_assert_cmpuint (n_envelopes (), ==, before + 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "outbox", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "[ ]") ? out : strstr (out, "[]"));
}

static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *err = NULL;
  guint before = n_envelopes ();

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  extra = g_strdup_printf ("smtp-port=%u\n",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);

  route (f, "ana@example.org");
  write_accounts (f, extra);
  g_assert_cmpint (cli (f, NULL, &err, "send", "--to", "ana@example.org",
                        "--subject", "Nanti saja", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "refused"));
  g_assert_nonnull (strstr (err, "tried again later"));

  /* Waiting, with a time for the next try. */
  item = outbox_item (f);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "waiting");
  g_assert_nonnull (json_object_get_string_member (item, "next_attempt"));
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);

  /* The server is back: the message goes, once. */
  write_accounts (f, NULL);
  g_assert_cmpint (cli (f, NULL, NULL, "outbox", "--flush", NULL), ==, 0);
  g_assert_cmpuint (n_envelopes (), ==, before + 1);
}

static void
test_recipient_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *err = NULL;
  guint before = n_envelopes ();

  route (f, "ana@example.org");
  route (f, "citra@example.org");
  surat_test_smtpd_route (smtpd, "nobody@example.org", NULL, &error);
  g_assert_no_error (error);

  /* One refused among three: nothing is sent, and the person is told who. */
  g_assert_cmpint (cli (f, NULL, &err, "send", "--to", "ana@example.org, nobody@example.org",
                        "--cc", "citra@example.org", "--subject", "Salah alamat", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nobody@example.org"));
  g_assert_nonnull (strstr (err, "550"));
  g_assert_cmpuint (n_envelopes (), ==, before);

  item = outbox_item (f);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "failed");
}

static void
test_raw (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) server_has = NULL;
  g_autofree char *raw = write_text (f, "raw.eml",
                                     "From: Siti <siti@example.org>\n"
                                     "To: ana@example.org\n"
                                     "Bcc: rahasia@example.org\n"
                                     "Subject: raw\n"
                                     "Message-ID: <raw-1@example.org>\n"
                                     "\n"
                                     "Dikirim apa adanya.\n"
                                     ".\n"
                                     "..\n");
  guint before = n_envelopes ();

  route (f, "ana@example.org");
  route (f, "rahasia@example.org");
  g_assert_cmpint (cli (f, NULL, NULL, "send", "--raw", raw, NULL), ==, 0);

  sent = envelopes_since (before);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstrv (((SuratTestSmtpdEnvelope *) g_ptr_array_index (sent, 0))->rcpt_tos,
                    ((const char *[]) { "ana@example.org", "rahasia@example.org", NULL }));

  /* The file as written, minus its Bcc line, dot lines intact. */
  server_has = surat_test_dovecot_list_messages (dovecot, f->user, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (server_has->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (server_has, 0), NULL),
                   g_bytes_get_size (g_ptr_array_index (server_has, 0)),
                   "From: Siti <siti@example.org>\nTo: ana@example.org\nSubject: raw\n"
                   "Message-ID: <raw-1@example.org>\n\nDikirim apa adanya.\n.\n..\n",
                   strlen ("From: Siti <siti@example.org>\nTo: ana@example.org\nSubject: raw\n"
                           "Message-ID: <raw-1@example.org>\n\nDikirim apa adanya.\n.\n..\n"));
}

/* kill -9 while DATA streams, then a flush: the message arrives exactly
 * once, or is still queued; never lost. */
static void
test_crash_during_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *big = make_big_file (f->home, "big.bin", 12 * 1024 * 1024);
  g_autofree char *config = g_build_filename (f->home, "config", NULL);
  g_autofree char *data_home = g_build_filename (f->home, "data", NULL);
  g_autofree char *outbox_dir = folder_path (f, "me", "Outbox");
  g_autofree char *sent_dir = folder_path (f, "me", "Sent");
  gint64 full = 0;
  guint killed_before_dot = 0;

  route (f, "ana@example.org");

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *subject = g_strdup_printf ("round %u", round);
      guint before = n_envelopes ();
      guint sent_before = count_files (sent_dir);
      gint64 start;
      guint delay_ms;
      guint accepted_at_kill;

      g_assert_cmpint (cli (f, NULL, NULL, "send", "--queue-only", "--to", "ana@example.org",
                            "--subject", subject, "--attach", big, NULL), ==, 0);

      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
      start = g_get_monotonic_time ();
      process = g_subprocess_launcher_spawn (launcher, &error, surat_test_cli_path (),
                                             "outbox", "--flush", NULL);
      g_assert_no_error (error);

      if (round == 0)
        {
          /* The first round goes through, to learn how long a send takes. */
          g_subprocess_wait_check (process, NULL, &error);
          g_assert_no_error (error);
          full = g_get_monotonic_time () - start;
          g_test_message ("a send of 12 MB takes %" G_GINT64_FORMAT " ms", full / 1000);
          g_assert_cmpuint (n_envelopes (), ==, before + 1);
          continue;
        }

      /* Somewhere in the transfer. */
      delay_ms = g_rand_int_range (rand, (gint32) (full / 1000 / 10), (gint32) (full / 1000 / 2));
      surat_test_spin (delay_ms);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      /* Let the server finish whatever it was doing with the message. */
      surat_test_spin (1500);
      accepted_at_kill = n_envelopes () - before;
      g_test_message ("round %u: killed after %u ms, %s", round, delay_ms,
                      accepted_at_kill ? "after the final dot (the server took it)"
                                       : "before the final dot");

      /* Never lost: in the Outbox, or in Sent. */
      g_assert_cmpuint (count_files (outbox_dir) + (count_files (sent_dir) - sent_before), ==, 1);

      g_assert_cmpint (cli (f, NULL, NULL, "outbox", "--flush", NULL), ==, 0);
      g_assert_cmpuint (count_files (outbox_dir), ==, 0);
      g_assert_cmpuint (count_files (sent_dir), ==, sent_before + 1);

      /* Killed before the final dot, the server never had it: it arrives
       * exactly once. Only a kill between the final dot and the server's
       * reply may deliver it twice (RFC 5321 §4.1.1.4 leaves that open). */
      if (accepted_at_kill == 0)
        g_assert_cmpuint (n_envelopes (), ==, before + 1);
      else
        g_assert_cmpuint (n_envelopes (), <=, before + 2);
      killed_before_dot += accepted_at_kill == 0;
    }

  /* The kills must have tested the case that matters. */
  g_assert_cmpuint (killed_before_dot, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/send/round-trip", test_round_trip);
  ADD ("/cli/send/implicit-tls-smtputf8", test_implicit_tls_smtputf8);
  ADD ("/cli/send/auth-plain", test_auth_plain);
  ADD ("/cli/send/auth-login", test_auth_login);
  ADD ("/cli/send/wrong-password-then-flush", test_wrong_password);
  ADD ("/cli/send/server-down-then-flush", test_server_down);
  ADD ("/cli/send/recipient-refused", test_recipient_refused);
  ADD ("/cli/send/raw", test_raw);
  ADD ("/cli/send/crash-during-data", test_crash_during_data);

#undef ADD

  status = g_test_run ();
  g_clear_pointer (&smtpd, surat_test_smtpd_free);
  g_clear_pointer (&dovecot, surat_test_dovecot_free);
  return status;
}
