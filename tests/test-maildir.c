/* test-maildir.c — Maildir names, durable delivery, flags and moves
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-core.h"
#include "surat-test-util.h"

typedef struct {
  char *dir;
  SuratMaildir *maildir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = surat_test_make_tmpdir ("maildir");
  path = g_build_filename (f->dir, "Inbox", NULL);
  f->maildir = surat_maildir_new (path);
  g_assert_true (surat_maildir_ensure (f->maildir, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->maildir);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static GPtrArray *
list_dir (SuratMaildir *maildir,
          const char   *sub)
{
  g_autofree char *path = g_build_filename (surat_maildir_get_path (maildir), sub, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  return names;
}

static void
assert_dir_count (SuratMaildir *maildir,
                  const char   *sub,
                  guint         expected)
{
  g_autoptr(GPtrArray) names = list_dir (maildir, sub);

  g_assert_cmpuint (names->len, ==, expected);
}

static char *
deliver (SuratMaildir *maildir,
         const char   *text,
         const char   *uid)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  char *file;

  file = surat_maildir_deliver_bytes (maildir, bytes, uid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  return file;
}

static void
test_name_format (void)
{
  g_autofree char *plain = surat_maildir_make_name (NULL);
  g_autofree char *with_uid = surat_maildir_make_name ("000000016b07b38b");
  g_autofree char *pattern = NULL;
  g_autofree char *other = surat_maildir_make_name (NULL);

  /* <sec>.M<usec>P<pid>Q<n>.<host> */
  pattern = g_strdup_printf ("^[0-9]{10,}\\.M[0-9]{6}P%dQ[0-9]+\\.[^/:,]+$", (int) getpid ());
  g_assert_true (g_regex_match_simple (pattern, plain, 0, 0));
  g_assert_true (g_str_has_suffix (with_uid, ",U=000000016b07b38b"));
  g_assert_cmpstr (plain, !=, other);

  g_assert_cmpint (surat_maildir_name_get_time (plain), >, 1700000000);
  g_assert_cmpint (surat_maildir_name_get_time ("cur/1767225600.M1P2Q3.h,S=4:2,S"), ==, 1767225600);
  g_assert_cmpint (surat_maildir_name_get_time ("cur/abc"), ==, 0);
}

static void
assert_uid_round_trip (const char *uid)
{
  g_autofree char *name = surat_maildir_make_name (uid);
  g_autofree char *back = surat_maildir_name_get_uid (name);
  g_autofree char *committed = NULL;
  g_autofree char *back2 = NULL;
  g_autofree char *unique = surat_maildir_name_get_unique (name);

  /* Nothing in the name that a file system or the Maildir info would
   * misread, and room left for ",S=" and ":2,<flags>". */
  g_assert_null (strchr (name, '/'));
  g_assert_null (strchr (name, ':'));
  g_assert_cmpuint (strlen (name), <=, 255 - 40);
  g_assert_cmpstr (unique, ==, name);
  g_assert_cmpstr (back, ==, uid);

  /* Also once the size and flags are in the name, as another client may
   * leave it. */
  committed = g_strdup_printf ("cur/%s,S=1234:2,FRS", name);
  back2 = surat_maildir_name_get_uid (committed);
  g_assert_cmpstr (back2, ==, uid);
}

static void
test_name_uid_round_trip (void)
{
  static const char * const uids[] = {
    "000000016b07b38b",
    "a/b:c,d%e",
    "%41",
    "%",
    "/",
    ":2,S",
    ",U=x",
    "~!\"#$&'()*+-.;<=>?@[\\]^_`{|}",
  };
  GString *all = g_string_new (NULL);
  g_autofree char *seventy_slashes = g_strnfill (70, '/');
  g_autofree char *seventy_percent = g_strnfill (70, '%');
  g_autofree char *seventy_x = g_strnfill (70, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    assert_uid_round_trip (uids[i]);

  /* Every character RFC 1939 §7 allows, alone and all together. */
  for (int c = 0x21; c <= 0x7e; c++)
    {
      char one[2] = { (char) c, '\0' };

      assert_uid_round_trip (one);
      g_string_append_c (all, (char) c);
    }
  assert_uid_round_trip (all->str + 24);   /* 70 characters */
  assert_uid_round_trip (all->str + 70);
  g_string_free (all, TRUE);

  /* The longest UIDs, with every character escaped. */
  assert_uid_round_trip (seventy_slashes);
  assert_uid_round_trip (seventy_percent);
  assert_uid_round_trip (seventy_x);

  for (guint i = 0; i < 2000; i++)
    {
      guint len = g_test_rand_int_range (1, 71);
      char uid[71];

      for (guint j = 0; j < len; j++)
        uid[j] = (char) g_test_rand_int_range (0x21, 0x7f);
      uid[len] = '\0';
      assert_uid_round_trip (uid);
    }
}

static void
test_name_parts (void)
{
  g_autofree char *unique = surat_maildir_name_get_unique ("cur/1.M2P3Q4.host,S=5,U=a%2Fb:2,FS");
  g_autofree char *flags = surat_maildir_name_get_flags ("cur/1.M2P3Q4.host,S=5,U=a%2Fb:2,FS");
  g_autofree char *no_flags = surat_maildir_name_get_flags ("new/1.M2P3Q4.host,S=5");
  g_autofree char *uid = surat_maildir_name_get_uid ("cur/1.M2P3Q4.host,S=5,U=a%2Fb:2,FS");
  g_autofree char *no_uid = surat_maildir_name_get_uid ("new/1.M2P3Q4.host,S=5");
  g_autofree char *bad_uid = surat_maildir_name_get_uid ("new/1.M2P3Q4.host,S=5,U=a%2");
  g_autofree char *dovecot = surat_maildir_name_get_unique ("1700000000.M1P2.mail,S=10,W=11:2,");

  g_assert_cmpstr (unique, ==, "1.M2P3Q4.host,S=5,U=a%2Fb");
  g_assert_cmpstr (flags, ==, "FS");
  g_assert_cmpstr (no_flags, ==, "");
  g_assert_cmpstr (uid, ==, "a/b");
  g_assert_null (no_uid);
  g_assert_null (bad_uid);
  g_assert_cmpstr (dovecot, ==, "1700000000.M1P2.mail,S=10,W=11");
}

static void
test_deliver_durable (Fixture       *f,
                      gconstpointer  data)
{
  static const char text[] = "From: a@example.org\nSubject: hi\n\nbody\n";
  g_autofree char *file = deliver (f->maildir, text, "uid/1:x");
  g_autofree char *path = g_build_filename (surat_maildir_get_path (f->maildir), file, NULL);
  g_autofree char *expected_size = g_strdup_printf (",S=%zu,", strlen (text));
  g_autofree char *uid = surat_maildir_name_get_uid (file);
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_true (g_str_has_prefix (file, "new/"));
  g_assert_nonnull (strstr (file, expected_size));
  g_assert_cmpstr (uid, ==, "uid/1:x");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Nothing left behind in tmp/. */
  assert_dir_count (f->maildir, "tmp", 0);
  assert_dir_count (f->maildir, "new", 1);
}

static void
test_deliver_batch (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* What the fetcher does: many commits, one sync at the end. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *tmp_name = NULL;
      g_autofree char *uid = g_strdup_printf ("uid-%u", i);
      char *file;
      int fd;

      fd = surat_maildir_create_tmp (f->maildir, uid, &tmp_name, &error);
      g_assert_no_error (error);
      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, "Subject: x\n\nx\n", 14), ==, 14);
      file = surat_maildir_commit_tmp (f->maildir, fd, tmp_name, &error);
      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (seen, file));
      g_ptr_array_add (files, file);
    }
  g_assert_true (surat_maildir_sync (f->maildir, &error));
  g_assert_no_error (error);

  assert_dir_count (f->maildir, "tmp", 0);
  assert_dir_count (f->maildir, "new", 50);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *uid = surat_maildir_name_get_uid (files->pdata[i]);
      g_autofree char *expected = g_strdup_printf ("uid-%u", i);

      g_assert_cmpstr (uid, ==, expected);
    }
}

static void
test_deliver_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_build_filename (f->dir, "spool.eml", NULL);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GString *big = g_string_new ("Subject: big\n\n");
  gsize len;

  /* Larger than the copy buffer, so the loop runs more than once. */
  while (big->len < 200 * 1024)
    g_string_append (big, "0123456789abcdefghijklmnopqrstuvwxyz\n");
  g_assert_true (g_file_set_contents (source, big->str, big->len, NULL));

  file = surat_maildir_deliver_file (f->maildir, source, &error);
  g_assert_no_error (error);
  g_assert_null (surat_maildir_name_get_uid (file));

  path = g_build_filename (surat_maildir_get_path (f->maildir), file, NULL);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, big->str, big->len);
  assert_dir_count (f->maildir, "tmp", 0);
  g_string_free (big, TRUE);
}

static void
test_deliver_abort (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_name = NULL;
  int fd;

  fd = surat_maildir_create_tmp (f->maildir, "u1", &tmp_name, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "partial", 7), ==, 7);
  assert_dir_count (f->maildir, "tmp", 1);

  surat_maildir_abort_tmp (f->maildir, fd, tmp_name);
  assert_dir_count (f->maildir, "tmp", 0);
  assert_dir_count (f->maildir, "new", 0);
}

static void
test_deliver_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *new_dir = g_build_filename (surat_maildir_get_path (f->maildir), "new", NULL);
  g_autofree char *tmp_dir = g_build_filename (surat_maildir_get_path (f->maildir), "tmp", NULL);
  g_autofree char *file = NULL;
  int fd;

  /* new/ vanished under us: the error names the file and says why, and
   * the half-delivered file does not stay in tmp/. */
  fd = surat_maildir_create_tmp (f->maildir, NULL, &tmp_name, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (new_dir), ==, 0);
  file = surat_maildir_commit_tmp (f->maildir, fd, tmp_name, &error);
  g_assert_null (file);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, new_dir));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  assert_dir_count (f->maildir, "tmp", 0);
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (tmp_dir), ==, 0);
  g_clear_pointer (&tmp_name, g_free);
  fd = surat_maildir_create_tmp (f->maildir, NULL, &tmp_name, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, tmp_dir));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  /* ensure() puts the folder back together. */
  g_assert_true (surat_maildir_ensure (f->maildir, &error));
  g_assert_no_error (error);
  g_free (deliver (f->maildir, "Subject: again\n\n", NULL));
}

static void
test_flags (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = deliver (f->maildir, "Subject: x\n\n", "u");
  g_autofree char *unique = surat_maildir_name_get_unique (file);
  g_autofree char *seen = NULL;
  g_autofree char *both = NULL;
  g_autofree char *none = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *flags = NULL;

  seen = surat_maildir_set_flags (f->maildir, file, "S", &error);
  g_assert_no_error (error);
  expected = g_strconcat ("cur/", unique, ":2,S", NULL);
  g_assert_cmpstr (seen, ==, expected);
  assert_dir_count (f->maildir, "new", 0);
  assert_dir_count (f->maildir, "cur", 1);

  /* Sorted, each once, letters only (Maildir spec). */
  both = surat_maildir_set_flags (f->maildir, seen, "SFS,/:2", &error);
  g_assert_no_error (error);
  flags = surat_maildir_name_get_flags (both);
  g_assert_cmpstr (flags, ==, "FS");

  /* Asking with the stale name still works: it is resolved first. */
  none = surat_maildir_set_flags (f->maildir, file, "", &error);
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_free);
  expected = g_strconcat ("cur/", unique, ":2,", NULL);
  g_assert_cmpstr (none, ==, expected);
  assert_dir_count (f->maildir, "cur", 1);
}

static void
test_resolve_after_external_rename (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = deliver (f->maildir, "Subject: x\n\n", NULL);
  g_autofree char *unique = surat_maildir_name_get_unique (file);
  g_autofree char *old_path = g_build_filename (surat_maildir_get_path (f->maildir), file, NULL);
  g_autofree char *new_path = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *renamed = NULL;

  /* What mutt does when the message is read. */
  renamed = g_strconcat ("cur/", unique, ":2,RS", NULL);
  new_path = g_build_filename (surat_maildir_get_path (f->maildir), renamed, NULL);
  g_assert_cmpint (g_rename (old_path, new_path), ==, 0);

  resolved = surat_maildir_resolve (f->maildir, file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, new_path);

  g_assert_cmpint (g_unlink (new_path), ==, 0);
  g_clear_pointer (&resolved, g_free);
  resolved = surat_maildir_resolve (f->maildir, file, &error);
  g_assert_null (resolved);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Only "new/<name>" and "cur/<name>" are message files. */
  resolved = surat_maildir_resolve (f->maildir, "../../../etc/passwd", &error);
  g_assert_null (resolved);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  resolved = surat_maildir_resolve (f->maildir, "cur/../../x", &error);
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trash_path = g_build_filename (f->dir, "Trash", NULL);
  g_autoptr(SuratMaildir) trash = surat_maildir_new (trash_path);
  g_autofree char *file = deliver (f->maildir, "Subject: x\n\nmove me\n", NULL);
  g_autofree char *flagged = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (surat_maildir_ensure (trash, &error));
  flagged = surat_maildir_set_flags (f->maildir, file, "F", &error);
  g_assert_no_error (error);

  moved = surat_maildir_move_to (f->maildir, flagged, trash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved, ==, flagged);
  assert_dir_count (f->maildir, "cur", 0);
  assert_dir_count (trash, "cur", 1);

  path = g_build_filename (trash_path, moved, NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Subject: x\n\nmove me\n");
}

static void
test_list_and_remove (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = deliver (f->maildir, "Subject: a\n\n", NULL);
  g_autofree char *b = deliver (f->maildir, "Subject: b\n\n", NULL);
  g_autofree char *b_seen = surat_maildir_set_flags (f->maildir, b, "S", NULL);
  g_autofree char *dot = g_build_filename (surat_maildir_get_path (f->maildir), "cur", ".hidden",
                                           NULL);
  g_autoptr(GPtrArray) files = NULL;
  guint index;

  g_assert_true (g_file_set_contents (dot, "", 0, NULL));

  files = surat_maildir_list (f->maildir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (files, a, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (files, b_seen, g_str_equal, &index));

  g_assert_true (surat_maildir_remove (f->maildir, b, &error));
  g_assert_no_error (error);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = surat_maildir_list (f->maildir, &error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (files->pdata[0], ==, a);

  g_assert_false (surat_maildir_remove (f->maildir, b, &error));
  g_assert_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND);
}

static pid_t
dead_pid (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);

  return pid;
}

static void
write_tmp (Fixture    *f,
           const char *name,
           gint64      age)
{
  g_autofree char *path = g_build_filename (surat_maildir_get_path (f->maildir), "tmp", name, NULL);

  g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
  if (age > 0)
    {
      struct timeval times[2];

      times[0].tv_sec = times[1].tv_sec = time (NULL) - age;
      times[0].tv_usec = times[1].tv_usec = 0;
      g_assert_cmpint (utimes (path, times), ==, 0);
    }
}

static void
test_clean_tmp (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *own = surat_maildir_make_name (NULL);
  g_autofree char *in_flight = NULL;
  g_autofree char *crashed = NULL;
  g_autofree char *foreign = NULL;
  g_autoptr(GPtrArray) left = NULL;
  const char *host;
  int fd;

  /* The host part as this process writes it. */
  host = strchr (strchr (own, 'Q'), '.') + 1;

  /* A delivery of ours that is still being written … */
  fd = surat_maildir_create_tmp (f->maildir, "u", &in_flight, &error);
  g_assert_no_error (error);
  /* … one of a Surat process that died … */
  crashed = g_strdup_printf ("1700000000.M1P%dQ1.%s,U=x", (int) dead_pid (), host);
  write_tmp (f, crashed, 0);
  /* … one of another program, fresh, and one 40 hours old. */
  foreign = g_strdup_printf ("1700000000.M1P%dQ1.otherhost", (int) dead_pid ());
  write_tmp (f, foreign, 0);
  write_tmp (f, "1600000000.P1.old", 40 * 3600);

  g_assert_cmpuint (surat_maildir_clean_tmp (f->maildir), ==, 2);

  left = list_dir (f->maildir, "tmp");
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (left, in_flight, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (left, foreign, g_str_equal, NULL));

  surat_maildir_abort_tmp (f->maildir, fd, in_flight);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  surat_core_init ();

  g_test_add_func ("/maildir/name/format", test_name_format);
  g_test_add_func ("/maildir/name/uid-round-trip", test_name_uid_round_trip);
  g_test_add_func ("/maildir/name/parts", test_name_parts);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/maildir/deliver/durable", test_deliver_durable);
  ADD ("/maildir/deliver/batch", test_deliver_batch);
  ADD ("/maildir/deliver/file", test_deliver_file);
  ADD ("/maildir/deliver/abort", test_deliver_abort);
  ADD ("/maildir/deliver/errors", test_deliver_errors);
  ADD ("/maildir/flags", test_flags);
  ADD ("/maildir/resolve/after-external-rename", test_resolve_after_external_rename);
  ADD ("/maildir/move", test_move);
  ADD ("/maildir/list-and-remove", test_list_and_remove);
  ADD ("/maildir/clean-tmp", test_clean_tmp);
#undef ADD

  return g_test_run ();
}
