/* test-dovecot.c — Surat against a real Dovecot; for now the harness's own
 * tests, spoken through GIO's TLS client (GnuTLS), an independent peer
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "surat-gmime-autocleanups.h"
#include "surat-test-certs.h"
#include "surat-test-dovecot.h"
#include "surat-test-process.h"
#include "surat-test-session.h"
#include "surat-test-util.h"

/* One Dovecot per group of tests, started by the group's first test and
 * stopped at the end of main(): a stop takes about a second. Each test gets
 * a user of its own on it, so tests never see each other's mail. */
typedef struct {
  SuratTestDovecotFlags  flags;
  SuratTestDovecot      *dovecot;
} ServerGroup;

static ServerGroup default_group = { SURAT_TEST_DOVECOT_FLAGS_NONE, NULL };
static ServerGroup refuse_plaintext_group = { SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT, NULL };
static ServerGroup apop_group = { SURAT_TEST_DOVECOT_APOP, NULL };

typedef struct {
  SuratTestDovecot *dovecot;   /* (unowned) the group's */
  char             *user;      /* this test's own user */
  char             *password;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n_users;
  ServerGroup *group = (ServerGroup *) data;
  g_autoptr(GError) error = NULL;

  if (group->dovecot == NULL)
    group->dovecot = surat_test_dovecot_start (group->flags);
  f->dovecot = group->dovecot;

  f->user = g_strdup_printf ("user%u", ++n_users);
  f->password = g_strdup_printf ("pw-%08x", g_test_rand_int ());
  surat_test_dovecot_add_user (f->dovecot, f->user, f->password, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->user);
  g_free (f->password);
}

/* A minimal synchronous POP3 client: enough to check the server, nothing
 * of Surat's own client in it. */

static char *
session_command (SuratTestSession *s,
                 const char       *command)
{
  surat_test_session_send_line (s, command);
  return surat_test_session_read_line (s);
}

/* To @d's POP3S port (@implicit_tls) or its plain one, on the address and
 * with the certificate the harness gives. */
static SuratTestSession *
session_connect (SuratTestDovecot *d,
                 gboolean          implicit_tls)
{
  const char *host = surat_test_dovecot_get_host (d);
  g_autoptr(GError) error = NULL;
  SuratTestSession *s;

  s = surat_test_session_connect (host,
                                  implicit_tls ? surat_test_dovecot_get_pop3s_port (d)
                                               : surat_test_dovecot_get_pop3_port (d),
                                  implicit_tls ? host : NULL,
                                  surat_test_dovecot_get_ca_file (d), &error);
  g_assert_no_error (error);
  return s;
}

/* The lines of a multi-line reply, dot-unstuffed (RFC 1939 §3). */
static GPtrArray *
session_read_multiline (SuratTestSession *s)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      char *line = surat_test_session_read_line (s);

      if (strcmp (line, ".") == 0)
        {
          g_free (line);
          return lines;
        }
      if (line[0] == '.')
        memmove (line, line + 1, strlen (line));
      g_ptr_array_add (lines, line);
    }
}

static SuratTestSession *
session_login (Fixture *f,
               gboolean implicit_tls)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *user = g_strdup_printf ("USER %s", f->user);
  g_autofree char *pass = g_strdup_printf ("PASS %s", f->password);
  g_autofree char *reply = NULL;

  s = session_connect (d, implicit_tls);

  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK"));
  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "+OK");
  g_free (reply);
  reply = session_command (s, pass);
  g_assert_cmpstr (reply, ==, "+OK Logged in.");

  return g_steal_pointer (&s);
}

/* The octets STAT and LIST count: the message as sent, with CRLF line ends
 * (RFC 1939 §5: "exact size of the maildrop in octets"). */
static gsize
crlf_size (GBytes *message)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  gsize size = len;

  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      size++;

  return size;
}

static void
test_pop3s_greeting (Fixture       *f,
                     gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *reply = NULL;
  GTlsCertificate *peer;

  g_assert_cmpstr (surat_test_dovecot_get_host (d), ==, "127.0.0.1");
  g_assert_cmpuint (surat_test_dovecot_get_pop3s_port (d), !=, 0);
  g_assert_cmpuint (surat_test_dovecot_get_pop3s_port (d), !=,
                    surat_test_dovecot_get_pop3_port (d));

  /* Verified against the harness's certificate alone, by host address. */
  s = surat_test_session_connect ("127.0.0.1", surat_test_dovecot_get_pop3s_port (d), "127.0.0.1",
                                  surat_test_dovecot_get_ca_file (d), &error);
  g_assert_no_error (error);

  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK Dovecot"));
  /* No APOP timestamp unless asked for. */
  g_assert_null (strchr (greeting, '<'));

  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (s->stream));
  g_assert_nonnull (peer);
  seen = surat_test_cert_fingerprint_of (peer);
  g_assert_cmpstr (seen, ==, surat_test_dovecot_get_fingerprint (d));

  reply = session_command (s, "QUIT");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
}

static void
test_pop3s_over_ipv6_by_name (Fixture       *f,
                              gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  /* "localhost" is checked against DNS:localhost; ::1 tried first or not,
   * the connection must work. */
  s = surat_test_session_connect ("localhost", surat_test_dovecot_get_pop3s_port (d), "localhost",
                                  surat_test_dovecot_get_ca_file (d), &error);
  g_assert_no_error (error);
  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK"));

  g_clear_pointer (&s, surat_test_session_free);
  g_clear_pointer (&greeting, g_free);
  s = surat_test_session_connect ("::1", surat_test_dovecot_get_pop3s_port (d), "::1",
                                  surat_test_dovecot_get_ca_file (d), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      /* The harness serves IPv4 alone where loopback has no ::1. */
      g_test_message ("No IPv6 loopback here: %s", error->message);
      return;
    }
  g_assert_no_error (error);
  remote = g_socket_connection_get_remote_address (s->socket, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_address_get_family (remote), ==, G_SOCKET_FAMILY_IPV6);
  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK"));
}

static void
test_pop3s_unknown_ca_refused (Fixture       *f,
                               gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;

  /* The check above proves something only if verification is really on:
   * against the system's trust store the self-signed certificate fails. */
  s = surat_test_session_connect ("127.0.0.1", surat_test_dovecot_get_pop3s_port (d),
                                  "127.0.0.1", NULL, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (s);
}

static void
test_pop3_capa_offers_stls (Fixture       *f,
                            gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autoptr(GPtrArray) capa = NULL;
  g_autoptr(GPtrArray) capa_after = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *user = g_strdup_printf ("USER %s", f->user);
  g_autofree char *pass = g_strdup_printf ("PASS %s", f->password);

  s = session_connect (d, FALSE);

  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK Dovecot"));

  reply = session_command (s, "CAPA");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  capa = session_read_multiline (s);
  g_assert_true (g_ptr_array_find_with_equal_func (capa, "STLS", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (capa, "UIDL", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (capa, "PIPELINING", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (capa, "USER", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (capa, "SASL PLAIN LOGIN CRAM-MD5",
                                                   g_str_equal, NULL));

  /* STLS upgrades to the same certificate; after it, RFC 2595 §4: STLS is
   * no longer offered. */
  g_free (reply);
  reply = session_command (s, "STLS");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  surat_test_session_start_tls (s, surat_test_dovecot_get_host (d),
                                surat_test_dovecot_get_ca_file (d), &error);
  g_assert_no_error (error);

  g_free (reply);
  reply = session_command (s, "CAPA");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  capa_after = session_read_multiline (s);
  g_assert_false (g_ptr_array_find_with_equal_func (capa_after, "STLS", g_str_equal, NULL));

  g_free (reply);
  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "+OK");
  g_free (reply);
  reply = session_command (s, pass);
  g_assert_cmpstr (reply, ==, "+OK Logged in.");
}

static void
test_pop3s_stat_counts_seeded (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *expected = NULL;
  gsize octets = 0;

  seeded = surat_test_dovecot_seed (f->dovecot, f->user, 7, 3000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seeded->len, ==, 7);
  for (guint i = 0; i < seeded->len; i++)
    octets += crlf_size (seeded->pdata[i]);

  s = session_login (f, TRUE);
  reply = session_command (s, "STAT");
  expected = g_strdup_printf ("+OK 7 %" G_GSIZE_FORMAT, octets);
  g_assert_cmpstr (reply, ==, expected);
}

static void
test_pop3s_retr_returns_what_was_seeded (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(SuratTestSession) s = NULL;

  /* Four messages: one of each kind the generator makes. */
  seeded = surat_test_dovecot_seed (f->dovecot, f->user, 4, 4000, &error);
  g_assert_no_error (error);

  s = session_login (f, TRUE);
  for (guint i = 0; i < seeded->len; i++)
    {
      g_autofree char *command = g_strdup_printf ("RETR %u", i + 1);
      g_autofree char *reply = session_command (s, command);
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GString) got = g_string_new (NULL);

      g_assert_true (g_str_has_prefix (reply, "+OK"));
      lines = session_read_multiline (s);
      for (guint j = 0; j < lines->len; j++)
        g_string_append_printf (got, "%s\n", (const char *) lines->pdata[j]);

      /* Byte for byte what the harness says it wrote, dot lines included. */
      g_assert_cmpmem (got->str, got->len,
                       g_bytes_get_data (seeded->pdata[i], NULL),
                       g_bytes_get_size (seeded->pdata[i]));
    }
}

static void
test_pop3s_uidl_one_per_message (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GHashTable) uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *reply = NULL;

  seeded = surat_test_dovecot_seed (f->dovecot, f->user, 12, 1500, &error);
  g_assert_no_error (error);

  s = session_login (f, TRUE);
  reply = session_command (s, "UIDL");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  lines = session_read_multiline (s);
  g_assert_cmpuint (lines->len, ==, seeded->len);

  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines->pdata[i], " ", -1);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      /* RFC 1939 §7: "n unique-id", the id 1–70 printable characters. */
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], ==, number);
      g_assert_cmpuint (strlen (fields[1]), >=, 1);
      g_assert_cmpuint (strlen (fields[1]), <=, 70);
      g_assert_false (g_hash_table_contains (uids, fields[1]));
      g_hash_table_add (uids, g_strdup (fields[1]));
    }
}

static void
test_maildir_lists_what_the_server_holds (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *reply = NULL;

  seeded = surat_test_dovecot_seed (f->dovecot, f->user, 3, 2000, &error);
  g_assert_no_error (error);

  held = surat_test_dovecot_list_messages (f->dovecot, f->user, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_bytes_equal (held->pdata[i], seeded->pdata[i]));
  g_clear_pointer (&held, g_ptr_array_unref);

  /* A client deletes the first message (and Dovecot moves the others into
   * cur/): the listing follows. */
  s = session_login (f, TRUE);
  reply = session_command (s, "DELE 1");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  g_free (reply);
  reply = session_command (s, "QUIT");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  g_clear_pointer (&s, surat_test_session_free);

  held = surat_test_dovecot_list_messages (f->dovecot, f->user, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 2);
  g_assert_true (g_bytes_equal (held->pdata[0], seeded->pdata[1]));
  g_assert_true (g_bytes_equal (held->pdata[1], seeded->pdata[2]));
}

static void
test_maildir_empty_after_delete_all (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *reply = NULL;

  seeded = surat_test_dovecot_seed (f->dovecot, f->user, 2, 1000, &error);
  g_assert_no_error (error);

  s = session_login (f, FALSE);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *command = g_strdup_printf ("DELE %u", i);

      g_free (reply);
      reply = session_command (s, command);
      g_assert_true (g_str_has_prefix (reply, "+OK"));
    }
  g_free (reply);
  reply = session_command (s, "QUIT");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  g_clear_pointer (&s, surat_test_session_free);

  held = surat_test_dovecot_list_messages (f->dovecot, f->user, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 0);
}

static void
test_refuse_plaintext_user_pass (Fixture       *f,
                                 gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *user = g_strdup_printf ("USER %s", f->user);
  g_autofree char *pass = g_strdup_printf ("PASS %s", f->password);

  g_assert_cmpstr (surat_test_dovecot_get_host (d), ==, "127.0.0.2");

  s = surat_test_session_connect ("127.0.0.2", surat_test_dovecot_get_pop3_port (d), NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  greeting = surat_test_session_read_line (s);
  g_assert_true (g_str_has_prefix (greeting, "+OK"));

  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "-ERR [AUTH] Plaintext authentication disallowed on "
                              "non-secure (SSL/TLS) connections.");

  /* After STLS the same login works: the certificate names 127.0.0.2. */
  g_free (reply);
  reply = session_command (s, "STLS");
  g_assert_true (g_str_has_prefix (reply, "+OK"));
  surat_test_session_start_tls (s, "127.0.0.2", surat_test_dovecot_get_ca_file (d), &error);
  g_assert_no_error (error);
  g_free (reply);
  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "+OK");
  g_free (reply);
  reply = session_command (s, pass);
  g_assert_cmpstr (reply, ==, "+OK Logged in.");
}

static void
test_apop_greeting_and_login (Fixture       *f,
                              gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *command = NULL;
  g_autofree char *reply = NULL;
  const char *open;
  const char *close_;

  seeded = surat_test_dovecot_seed (d, f->user, 2, 1000, &error);
  g_assert_no_error (error);

  s = session_connect (d, TRUE);
  greeting = surat_test_session_read_line (s);

  /* RFC 1939 §7: the greeting ends with a msg-id style timestamp; the
   * digest is MD5 (timestamp + secret) in lower-case hex. */
  open = strchr (greeting, '<');
  close_ = open != NULL ? strchr (open, '>') : NULL;
  g_assert_nonnull (close_);
  timestamp = g_strndup (open, close_ - open + 1);
  {
    g_autofree char *input = g_strconcat (timestamp, f->password, NULL);

    digest = g_compute_checksum_for_string (G_CHECKSUM_MD5, input, -1);
  }
  command = g_strdup_printf ("APOP %s %s", f->user, digest);
  reply = session_command (s, command);
  g_assert_cmpstr (reply, ==, "+OK Logged in.");

  g_free (reply);
  reply = session_command (s, "STAT");
  g_assert_true (g_str_has_prefix (reply, "+OK 2 "));
}

static void
test_wrong_password_refused (Fixture       *f,
                             gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *user = g_strdup_printf ("USER %s", f->user);

  /* The passwd-file is really checked (a static passdb would let anyone in). */
  s = session_connect (d, TRUE);
  greeting = surat_test_session_read_line (s);
  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "+OK");
  g_free (reply);
  reply = session_command (s, "PASS not-the-password");
  g_assert_cmpstr (reply, ==, "-ERR [AUTH] Authentication failed.");
}

static void
test_harness_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestDovecot) d = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
  GPid before = surat_test_dovecot_get_pid (d);
  guint16 port = surat_test_dovecot_get_pop3s_port (d);
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *reply = NULL;
  Fixture own = { d, (char *) SURAT_TEST_DOVECOT_USER, (char *) SURAT_TEST_DOVECOT_PASSWORD };

  seeded = surat_test_dovecot_seed (d, SURAT_TEST_DOVECOT_USER, 2, 1000, &error);
  g_assert_no_error (error);

  surat_test_dovecot_restart (d, &error);
  g_assert_no_error (error);
  g_assert_false (surat_test_process_alive (before));
  g_assert_cmpint (surat_test_dovecot_get_pid (d), !=, before);
  g_assert_cmpuint (surat_test_dovecot_get_pop3s_port (d), ==, port);

  /* Same port, same users, same mail. */
  s = session_login (&own, TRUE);
  reply = session_command (s, "STAT");
  g_assert_true (g_str_has_prefix (reply, "+OK 2 "));
}

static void
test_harness_free_stops_and_removes (void)
{
  SuratTestDovecot *d = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
  GPid pid = surat_test_dovecot_get_pid (d);
  g_autofree char *dir = g_strdup (surat_test_dovecot_get_dir (d));
  guint16 port = surat_test_dovecot_get_pop3_port (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_assert_true (surat_test_process_alive (pid));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  surat_test_dovecot_free (d);
  g_assert_false (surat_test_process_alive (pid));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  /* A teardown after a failed start passes NULL. */
  surat_test_dovecot_free (NULL);
}

static void
test_harness_crash_leaves_nothing (void)
{
  g_autofree char *dir = NULL;
  GPid pid;

  if (g_test_subprocess ())
    {
      SuratTestDovecot *d = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);

      surat_test_crash_leaving (surat_test_dovecot_get_pid (d), surat_test_dovecot_get_dir (d));
    }

  surat_test_trap_crash (&pid, &dir);

  /* The watchdog stops the orphaned Dovecot and removes its directory. */
  g_assert_true (surat_test_wait_until_gone (pid, dir));
}

static void
test_harness_not_installed_fails_clearly (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestDovecot) d = NULL;

  g_setenv ("SURAT_TEST_DOVECOT", "/nonexistent/sbin/dovecot", TRUE);
  d = surat_test_dovecot_new (SURAT_TEST_DOVECOT_FLAGS_NONE, &error);
  g_unsetenv ("SURAT_TEST_DOVECOT");

  g_assert_null (d);
  g_assert_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED);
  g_assert_nonnull (strstr (error->message, "dovecot-pop3d"));
}

static void
test_harness_start_failure_quotes_dovecot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestDovecot) d = NULL;
  g_autofree char *fake = g_build_filename (g_get_user_data_dir (), "dovecot", NULL);

  /* A "dovecot" that fails as Dovecot does on a bad configuration. */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (fake, "#!/bin/sh\n"
                             "echo \"doveconf: Fatal: Error in configuration file $3: "
                             "not really Dovecot\" >&2\n"
                             "exit 89\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (fake, 0755);

  g_setenv ("SURAT_TEST_DOVECOT", fake, TRUE);
  d = surat_test_dovecot_new (SURAT_TEST_DOVECOT_FLAGS_NONE, &error);
  g_unsetenv ("SURAT_TEST_DOVECOT");

  /* The person reading the failed test sees Dovecot's own words. */
  g_assert_null (d);
  g_assert_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_START);
  g_assert_nonnull (strstr (error->message, "exited at start-up"));
  g_assert_nonnull (strstr (error->message, "Fatal: Error in configuration file"));
  g_assert_nonnull (strstr (error->message, "not really Dovecot"));
}

static void
test_users_password_change (Fixture       *f,
                            gconstpointer  data)
{
  SuratTestDovecot *d = f->dovecot;
  g_autoptr(GError) error = NULL;
  g_autoptr(SuratTestSession) s = NULL;
  g_autofree char *old_password = g_strdup (f->password);
  g_autofree char *old_pass = g_strdup_printf ("PASS %s", old_password);
  g_autofree char *user = g_strdup_printf ("USER %s", f->user);
  g_autofree char *reply = NULL;
  g_autofree char *greeting = NULL;

  /* Log in once, so Dovecot has read the user's passwd-file just now. */
  s = session_login (f, TRUE);
  g_clear_pointer (&s, surat_test_session_free);

  g_free (f->password);
  f->password = g_strdup_printf ("changed-%08x", g_test_rand_int ());
  surat_test_dovecot_add_user (d, f->user, f->password, &error);
  g_assert_no_error (error);

  /* The old password no longer works, at once ... */
  s = session_connect (d, TRUE);
  greeting = surat_test_session_read_line (s);
  reply = session_command (s, user);
  g_assert_cmpstr (reply, ==, "+OK");
  g_free (reply);
  reply = session_command (s, old_pass);
  g_assert_cmpstr (reply, ==, "-ERR [AUTH] Authentication failed.");
  g_clear_pointer (&s, surat_test_session_free);

  /* ... and the new one does. */
  s = session_login (f, TRUE);
}

static void
test_generator_realistic (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_kinds[4] = { 0 };

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GBytes) bytes = surat_test_generate_message (rand, i, 20000);
      gsize len = g_bytes_get_size (bytes);
      const char *data = g_bytes_get_data (bytes, NULL);
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (data, len);
      g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
      GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
      GMimeObject *body;
      GMimeContentType *type;
      const char *subject;
      const char *id;

      /* About the size asked for, LF line ends, dot lines present. */
      g_assert_cmpuint (len, >, 20000 * 8 / 10);
      g_assert_cmpuint (len, <, 20000 * 12 / 10);
      g_assert_null (strchr (text, '\r'));
      g_assert_nonnull (strstr (text, "\n.\n"));
      g_assert_nonnull (strstr (text, "\n..\n"));
      g_assert_true (g_str_has_suffix (text, "\n"));

      g_assert_nonnull (message);
      subject = g_mime_message_get_subject (message);
      g_assert_nonnull (subject);
      g_assert_true (g_utf8_validate (subject, -1, NULL));
      g_assert_null (strstr (subject, "=?"));
      id = g_mime_message_get_message_id (message);
      g_assert_nonnull (id);
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, g_strdup (id));

      body = g_mime_message_get_mime_part (message);
      type = g_mime_object_get_content_type (body);
      if (g_mime_content_type_is_type (type, "multipart", "alternative"))
        {
          g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (body)), ==, 2);
          n_kinds[1]++;
        }
      else if (g_mime_content_type_is_type (type, "multipart", "mixed"))
        {
          GMimeObject *attachment = g_mime_multipart_get_part (GMIME_MULTIPART (body), 1);

          g_assert_true (GMIME_IS_PART (attachment));
          g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (attachment)), ==,
                           GMIME_CONTENT_ENCODING_BASE64);
          g_assert_nonnull (g_mime_part_get_filename (GMIME_PART (attachment)));
          n_kinds[2]++;
        }
      else if (g_mime_part_get_content_encoding (GMIME_PART (body)) ==
               GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
        {
          g_autofree char *decoded = g_mime_text_part_get_text (GMIME_TEXT_PART (body));

          g_assert_true (g_utf8_validate (decoded, -1, NULL));
          n_kinds[3]++;
        }
      else
        {
          n_kinds[0]++;
        }

      g_object_unref (message);
    }

  for (guint k = 0; k < G_N_ELEMENTS (n_kinds); k++)
    g_assert_cmpuint (n_kinds[k], ==, 10);
}

static void
test_generator_small_size (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GBytes) bytes = surat_test_generate_message (rand, 2, 0);

  /* Asked for nothing, it still makes a whole message with an attachment. */
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 500);
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 3000);
}

#define ADD_SERVER_TEST(path, group, func) \
  g_test_add (path, Fixture, group, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_mime_init ();

  g_test_add_func ("/dovecot/generator/realistic", test_generator_realistic);
  g_test_add_func ("/dovecot/generator/small-size", test_generator_small_size);
  g_test_add_func ("/dovecot/harness/not-installed-fails-clearly",
                   test_harness_not_installed_fails_clearly);
  g_test_add_func ("/dovecot/harness/start-failure-quotes-dovecot",
                   test_harness_start_failure_quotes_dovecot);

  ADD_SERVER_TEST ("/dovecot/pop3s/greeting", &default_group, test_pop3s_greeting);
  ADD_SERVER_TEST ("/dovecot/pop3s/ipv6-and-localhost", &default_group,
                   test_pop3s_over_ipv6_by_name);
  ADD_SERVER_TEST ("/dovecot/pop3s/unknown-ca-refused", &default_group,
                   test_pop3s_unknown_ca_refused);
  ADD_SERVER_TEST ("/dovecot/pop3/capa-offers-stls", &default_group, test_pop3_capa_offers_stls);
  ADD_SERVER_TEST ("/dovecot/pop3s/stat-counts-seeded", &default_group,
                   test_pop3s_stat_counts_seeded);
  ADD_SERVER_TEST ("/dovecot/pop3s/retr-returns-what-was-seeded", &default_group,
                   test_pop3s_retr_returns_what_was_seeded);
  ADD_SERVER_TEST ("/dovecot/pop3s/uidl-one-per-message", &default_group,
                   test_pop3s_uidl_one_per_message);
  ADD_SERVER_TEST ("/dovecot/pop3s/wrong-password-refused", &default_group,
                   test_wrong_password_refused);
  ADD_SERVER_TEST ("/dovecot/users/password-change", &default_group,
                   test_users_password_change);
  ADD_SERVER_TEST ("/dovecot/maildir/lists-what-the-server-holds", &default_group,
                   test_maildir_lists_what_the_server_holds);
  ADD_SERVER_TEST ("/dovecot/maildir/empty-after-delete-all", &default_group,
                   test_maildir_empty_after_delete_all);
  ADD_SERVER_TEST ("/dovecot/refuse-plaintext/user-pass", &refuse_plaintext_group,
                   test_refuse_plaintext_user_pass);
  ADD_SERVER_TEST ("/dovecot/apop/greeting-and-login", &apop_group,
                   test_apop_greeting_and_login);

  g_test_add_func ("/dovecot/harness/restart", test_harness_restart);
  g_test_add_func ("/dovecot/harness/free-stops-and-removes", test_harness_free_stops_and_removes);
  g_test_add_func ("/dovecot/harness/crash-leaves-nothing", test_harness_crash_leaves_nothing);

  status = g_test_run ();

  g_clear_pointer (&default_group.dovecot, surat_test_dovecot_free);
  g_clear_pointer (&refuse_plaintext_group.dovecot, surat_test_dovecot_free);
  g_clear_pointer (&apop_group.dovecot, surat_test_dovecot_free);

  return status;
}
