/* test-cli-fetch.c — surat-cli against a real Dovecot, the way a person uses it
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "surat-core.h"
#include "surat-gmime-autocleanups.h"
#include "surat-test-dovecot.h"
#include "surat-test-util.h"

/* One Dovecot for the whole binary (a start and stop cost about a second);
 * every test has a user of its own on it and a home of its own for Surat. */
static SuratTestDovecot *dovecot;

typedef struct {
  char      *user;
  char      *password;
  char      *home;        /* XDG_CONFIG_HOME=home/config, XDG_DATA_HOME=home/data */
  GPtrArray *seeded;      /* GBytes, what the server got */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n_users;
  g_autoptr(GError) error = NULL;

  if (dovecot == NULL)
    dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);

  f->user = g_strdup_printf ("cli%u", ++n_users);
  f->password = g_strdup_printf ("pw-%08x", g_test_rand_int ());
  surat_test_dovecot_add_user (dovecot, f->user, f->password, &error);
  g_assert_no_error (error);
  f->home = surat_test_make_tmpdir ("surat-cli-home");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  surat_test_rm_rf (f->home);
  g_free (f->home);
  g_free (f->user);
  g_free (f->password);
  g_clear_pointer (&f->seeded, g_ptr_array_unref);
}

static void
seed (Fixture *f,
      guint    n,
      gsize    size)
{
  g_autoptr(GError) error = NULL;

  f->seeded = surat_test_dovecot_seed (dovecot, f->user, n, size, &error);
  g_assert_no_error (error);
}

/* accounts.ini with one account "acct" on this test's user; @extra holds
 * more "key=value\n" lines (later keys win). */
static void
write_account (Fixture    *f,
               const char *security,
               const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->home, "config", "surat", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = NULL;
  gboolean implicit = g_str_equal (security, "tls");

  text = g_strdup_printf ("[account acct]\n"
                          "address=%s@example.org\n"
                          "pop3-host=%s\n"
                          "pop3-port=%u\n"
                          "pop3-security=%s\n"
                          "pop3-user=%s\n"
                          "password-command=printf '%%s\\n' '%s'\n"
                          "ca-file=%s\n"
                          "timeout=10\n"
                          "%s",
                          f->user, surat_test_dovecot_get_host (dovecot),
                          implicit ? surat_test_dovecot_get_pop3s_port (dovecot)
                                   : surat_test_dovecot_get_pop3_port (dovecot),
                          security, f->user, f->password,
                          surat_test_dovecot_get_ca_file (dovecot),
                          extra ? extra : "");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

#define cli(f, out, err, ...) surat_test_cli ((f)->home, (out), (err), __VA_ARGS__)

static char *
store_inbox (Fixture *f)
{
  return g_build_filename (f->home, "data", "surat", "acct", "Inbox", NULL);
}

static gboolean
bytes_in (GPtrArray *array,
          GBytes    *bytes)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_bytes_equal (g_ptr_array_index (array, i), bytes))
        return TRUE;
    }
  return FALSE;
}

/* The store holds exactly @expected: each message once, byte for byte
 * (the Dovecot harness seeds LF files, the form Surat stores too). */
static void
assert_store_equals (Fixture   *f,
                     GPtrArray *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inbox = store_inbox (f);
  g_autoptr(GPtrArray) stored = surat_test_read_maildir (inbox, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (bytes_in (stored, g_ptr_array_index (expected, i)));
  for (guint i = 0; i < stored->len; i++)
    {
      for (guint j = i + 1; j < stored->len; j++)
        g_assert_false (g_bytes_equal (g_ptr_array_index (stored, i),
                                       g_ptr_array_index (stored, j)));
    }
}

static guint
server_count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) held = surat_test_dovecot_list_messages (dovecot, f->user, &error);

  g_assert_no_error (error);
  return held->len;
}

static JsonArray *
list_json (Fixture    *f,
           const char *search)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonNode *root;

  if (search != NULL)
    g_assert_cmpint (cli (f, &out, NULL, "list", "--json", "--search", search, NULL), ==, 0);
  else
    g_assert_cmpint (cli (f, &out, NULL, "list", "--json", NULL), ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static void
test_fetch_pop3s (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) listed = NULL;

  seed (f, 500, 4096);
  write_account (f, "tls", NULL);

  g_assert_cmpint (cli (f, &out, &err, "fetch", "acct", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "acct: 500 new"));
  g_assert_cmpstr (err, ==, "");
  assert_store_equals (f, f->seeded);

  /* keep-on-server is the default: the server keeps all 500. */
  g_assert_cmpuint (server_count (f), ==, 500);

  listed = list_json (f, NULL);
  g_assert_cmpuint (json_array_get_length (listed), ==, 500);

  /* A second fetch fetches nothing. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "fetch", "acct", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "acct: 0 new"));
  assert_store_equals (f, f->seeded);
}

static void
test_fetch_stls_delete (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = NULL;

  seed (f, 60, 20480);
  write_account (f, "starttls", "keep-on-server=false\n");

  g_assert_cmpint (cli (f, &out, NULL, "fetch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "acct: 60 new"));
  g_assert_nonnull (strstr (out, "60 deleted from the server"));
  assert_store_equals (f, f->seeded);

  /* Delete-after-download emptied the server. */
  g_assert_cmpuint (server_count (f), ==, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
listing_key (JsonArray *listed)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonObject *o = json_array_get_object_element (listed, i);

      g_ptr_array_add (keys, g_strdup_printf ("%s|%s|%s|%s|%" G_GINT64_FORMAT "|%d",
                                              json_object_get_string_member (o, "message_id"),
                                              json_object_get_string_member (o, "from"),
                                              json_object_get_string_member (o, "subject"),
                                              json_object_get_string_member (o, "date"),
                                              json_object_get_int_member (o, "size"),
                                              json_object_get_boolean_member (o, "has_attachments")));
    }
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (all, "%s\n", (char *) g_ptr_array_index (keys, i));
  return g_string_free (all, FALSE);
}

static void
test_reindex (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) before = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autofree char *before_key = NULL;
  g_autofree char *after_key = NULL;
  g_autofree char *index_path = NULL;

  seed (f, 40, 8192);
  write_account (f, "tls", NULL);
  g_assert_cmpint (cli (f, NULL, NULL, "fetch", NULL), ==, 0);
  before = list_json (f, NULL);
  before_key = listing_key (before);

  /* Even with the index gone entirely, the Maildirs are enough. */
  index_path = g_build_filename (f->home, "data", "surat", "index.db", NULL);
  g_assert_cmpint (g_unlink (index_path), ==, 0);

  g_assert_cmpint (cli (f, &out, NULL, "reindex", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Indexed 40 messages"));
  after = list_json (f, NULL);
  after_key = listing_key (after);
  g_assert_cmpstr (after_key, ==, before_key);

  /* The UIDs came back from the file names: nothing is downloaded again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "fetch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "acct: 0 new"));
  assert_store_equals (f, f->seeded);
}

static void
test_search_and_show (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autofree char *out = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *dir = NULL;
  JsonObject *with_attachment = NULL;
  JsonObject *shown;
  JsonArray *attachments;
  const char *subject;
  g_auto(GStrv) words = NULL;

  seed (f, 12, 8192);
  write_account (f, "tls", NULL);
  g_assert_cmpint (cli (f, NULL, NULL, "fetch", NULL), ==, 0);
  listed = list_json (f, NULL);

  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonObject *o = json_array_get_object_element (listed, i);

      if (json_object_get_boolean_member (o, "has_attachments"))
        with_attachment = o;
    }
  g_assert_nonnull (with_attachment);

  /* Searching for a word of its subject finds it. */
  subject = json_object_get_string_member (with_attachment, "subject");
  words = g_strsplit (subject, " ", -1);
  found = list_json (f, words[0]);
  g_assert_cmpuint (json_array_get_length (found), >=, 1);

  /* show --json names the attachment, save-attachments writes it. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                             json_object_get_int_member (with_attachment, "id"));
  g_assert_cmpint (cli (f, &out, NULL, "show", id_text, "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  shown = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (shown, "subject"), ==, subject);
  attachments = json_object_get_array_member (shown, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), >=, 1);

  dir = surat_test_make_tmpdir ("surat-saved");
  g_assert_cmpint (cli (f, &saved, NULL, "save-attachments", id_text, dir, NULL), ==, 0);
  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);
      g_autofree char *path = g_build_filename (dir, json_object_get_string_member (a, "filename"),
                                                NULL);
      g_autoptr(GBytes) bytes = surat_test_read_file (path);

      g_assert_nonnull (strstr (saved, path));
      g_assert_cmpint (g_bytes_get_size (bytes), ==, json_object_get_int_member (a, "size"));
    }
  surat_test_rm_rf (dir);

  /* The plain view shows the same subject and attachment names. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, &out, NULL, "show", id_text, NULL), ==, 0);
  g_assert_nonnull (strstr (out, subject));
  g_assert_nonnull (strstr (out, json_object_get_string_member (
                                   json_array_get_object_element (attachments, 0), "filename")));
}

static void
assert_one_line (const char *err)
{
  guint newlines = 0;

  g_assert_nonnull (err);
  for (const char *p = err; *p; p++)
    newlines += *p == '\n';
  g_assert_true (g_str_has_prefix (err, "surat-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpuint (newlines, ==, 1);
}

static void
test_error_wrong_password (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *err = NULL;

  seed (f, 2, 2048);
  write_account (f, "tls", "password-command=echo not-the-password\n");
  g_assert_cmpint (cli (f, NULL, &err, "fetch", NULL), ==, 1);
  assert_one_line (err);
  /* Our words, then Dovecot's own. */
  g_assert_nonnull (strstr (err, "acct"));
  g_assert_nonnull (strstr (err, "Authentication failed"));
  g_assert_cmpuint (server_count (f), ==, 2);
}

static void
test_error_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *err = NULL;
  guint16 port;

  /* A port that was free a moment ago: nobody listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_socket_close (socket, NULL);

  extra = g_strdup_printf ("pop3-host=127.0.0.1\npop3-port=%u\n", port);
  write_account (f, "tls", extra);
  g_assert_cmpint (cli (f, NULL, &err, "fetch", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "refused"));
}

static void
test_error_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *err = NULL;

  /* A server that accepts (the kernel's backlog does) and never speaks. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  extra = g_strdup_printf ("pop3-host=127.0.0.1\npop3-port=%u\npop3-security=none\ntimeout=1\n",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  write_account (f, "tls", extra);
  g_assert_cmpint (cli (f, NULL, &err, "fetch", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "did not answer within 1 second"));
}

static void
test_error_untrusted_then_pinned (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pin = NULL;
  const char *fingerprint = surat_test_dovecot_get_fingerprint (dovecot);

  seed (f, 3, 2048);
  /* Without the ca-file the self-signed certificate is refused, and the
   * person is shown its fingerprint to compare. */
  write_account (f, "tls", "ca-file=\n");
  g_assert_cmpint (cli (f, NULL, &err, "fetch", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, fingerprint));
  g_assert_cmpuint (server_count (f), ==, 3);

  /* Pinned, it is accepted. */
  pin = g_strdup_printf ("ca-file=\npop3-pinned-sha256=%s\n", fingerprint);
  write_account (f, "tls", pin);
  g_assert_cmpint (cli (f, &out, NULL, "fetch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "acct: 3 new"));
}

static void
test_error_bad_config (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *err = NULL;

  write_account (f, "tls", "pop3-security=ssl\n");
  g_assert_cmpint (cli (f, NULL, &err, "fetch", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "pop3-security"));

  g_clear_pointer (&err, g_free);
  write_account (f, "tls", NULL);
  g_assert_cmpint (cli (f, NULL, &err, "fetch", "nosuch", NULL), ==, 1);
  assert_one_line (err);
  g_assert_nonnull (strstr (err, "nosuch"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "show", "abc", NULL), ==, 1);
  assert_one_line (err);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "frobnicate", NULL), ==, 2);
  assert_one_line (err);
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

  ADD ("/cli/fetch/pop3s-500-then-nothing", test_fetch_pop3s);
  ADD ("/cli/fetch/stls-delete-after-download", test_fetch_stls_delete);
  ADD ("/cli/reindex/same-listing-no-refetch", test_reindex);
  ADD ("/cli/show/search-show-save", test_search_and_show);
  ADD ("/cli/error/wrong-password", test_error_wrong_password);
  ADD ("/cli/error/connection-refused", test_error_refused);
  ADD ("/cli/error/timeout", test_error_timeout);
  ADD ("/cli/error/untrusted-then-pinned", test_error_untrusted_then_pinned);
  ADD ("/cli/error/bad-config", test_error_bad_config);

#undef ADD

  status = g_test_run ();
  g_clear_pointer (&dovecot, surat_test_dovecot_free);
  return status;
}
