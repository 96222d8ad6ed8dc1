/* test-attachment-bar.c — attachment tiles, Open into a private cache, Save All
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "surat-attachment-bar-private.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"

typedef struct {
  char               *dir;
  GtkWindow          *window;
  SuratAttachmentBar *bar;
  SuratMessage       *message;
  GBytes             *pdf;
  GBytes             *png;
  GBytes             *script;
} Fixture;

/* What the fake launcher was asked to open. */
static char *launched_uri;

static void
fake_launcher (GtkWidget  *parent,
               const char *uri,
               void      (*done) (GtkWidget *, const GError *))
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                 "No application is registered for this file");

  g_free (launched_uri);
  launched_uri = g_strdup (uri);
  done (parent, error);
}

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_random_int_range (0, 256);
  return g_bytes_new_take (data, size);
}

static void
append_part (GString    *text,
             const char *type,
             const char *filename,
             GBytes     *bytes)
{
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_string_append_printf (text, "--b1\r\nContent-Type: %s\r\n"
                          "Content-Disposition: attachment; filename=\"%s\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n", type, filename);
  /* RFC 2045 §6.8: lines of at most 76 characters. */
  for (gsize i = 0, n = strlen (base64); i < n; i += 76)
    {
      g_string_append_len (text, base64 + i, MIN (76, n - i));
      g_string_append (text, "\r\n");
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 120);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *png;
  gsize png_len;

  f->dir = surat_test_make_tmpdir ("attachment-bar");
  f->pdf = random_bytes (123 * 1000);
  gdk_pixbuf_fill (pixbuf, 0xe66100ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", &error, NULL);
  g_assert_no_error (error);
  f->png = g_bytes_new_take (png, png_len);
  f->script = g_bytes_new_static ("echo owned\n", 11);

  g_string_append (text, "From: Siti <siti@example.org>\r\nTo: b@example.org\r\n"
                   "Subject: Files\r\nMessage-ID: <files@example.org>\r\nMIME-Version: 1.0\r\n"
                   "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                   "--b1\r\nContent-Type: text/plain\r\n\r\nThe files.\r\n");
  append_part (text, "application/pdf", "report.pdf", f->pdf);
  append_part (text, "image/png", "photo.png", f->png);
  append_part (text, "text/plain", "../../.bashrc", f->script);
  g_string_append (text, "--b1--\r\n");

  path = g_build_filename (f->dir, "message.eml", NULL);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  f->message = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 760, 160);
  f->bar = SURAT_ATTACHMENT_BAR (surat_attachment_bar_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->bar));
  gtk_window_present (f->window);
  _surat_attachment_bar_set_launcher (fake_launcher);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  _surat_attachment_bar_set_launcher (NULL);
  /* Nothing (a thumbnail job, a dialog) keeps the bar alive. */
  g_object_add_weak_pointer (G_OBJECT (f->bar), (gpointer *) &f->bar);
  gtk_window_destroy (f->window);
  surat_test_spin (100);
  g_assert_null (f->bar);
  g_clear_object (&f->message);
  g_clear_pointer (&f->pdf, g_bytes_unref);
  g_clear_pointer (&f->png, g_bytes_unref);
  g_clear_pointer (&f->script, g_bytes_unref);
  g_clear_pointer (&launched_uri, g_free);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
assert_file (const char *path,
             GBytes     *expected)
{
  g_autoptr(GBytes) bytes = surat_test_read_file (path);

  g_assert_true (g_bytes_equal (bytes, expected));
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_thumbnail (gpointer data)
{
  GtkImage *image = GTK_IMAGE (find_type (data, GTK_TYPE_IMAGE));

  return gtk_image_get_storage_type (image) == GTK_IMAGE_PAINTABLE &&
         GDK_IS_TEXTURE (gtk_image_get_paintable (image));
}

static void
test_tiles (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *shot = NULL;
  g_autofree char *small = g_format_size (11);
  g_autofree char *big = g_format_size (123 * 1000);
  g_autofree char *tooltip = NULL;
  GtkFlowBox *tiles;
  GPtrArray *shown;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->bar)));
  surat_attachment_bar_set_message (f->bar, f->message);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->bar)));

  shown = _surat_attachment_bar_get_shown (f->bar);
  g_assert_cmpuint (shown->len, ==, 3);
  g_assert_cmpstr (surat_attachment_get_filename (g_ptr_array_index (shown, 0)), ==, "report.pdf");
  g_assert_cmpstr (surat_attachment_get_filename (g_ptr_array_index (shown, 1)), ==, "photo.png");
  g_assert_cmpstr (surat_attachment_get_filename (g_ptr_array_index (shown, 2)), ==, "bashrc");

  /* Names and human sizes are on screen. */
  g_assert_nonnull (surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "report.pdf", 5));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "photo.png"));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "bashrc"));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, big));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, small));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Save All"));

  /* Screen readers hear name, kind and size (the tooltip says the same). */
  tiles = GTK_FLOW_BOX (find_type (GTK_WIDGET (f->bar), GTK_TYPE_FLOW_BOX));
  tooltip = g_strdup_printf ("report.pdf, PDF document, %s", big);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_flow_box_get_child_at_index (tiles, 0))),
                   ==, tooltip);

  /* The picture gets a thumbnail; the others keep their type's icon. */
  surat_test_ui_wait (has_thumbnail, gtk_flow_box_get_child_at_index (tiles, 1), 10,
                      "the thumbnail of photo.png");
  g_assert_false (has_thumbnail (gtk_flow_box_get_child_at_index (tiles, 0)));
  /* A preview writes nothing to disk: only Open makes a cache copy. */
  {
    g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "surat", "attachments", NULL);

    g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  }
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "attachment-bar");

  surat_attachment_bar_set_message (f->bar, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->bar)));
}

static void
test_save_all (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *folder_path = g_build_filename (f->dir, "Downloads", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autofree char *pdf = g_build_filename (folder_path, "report.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (folder_path, "report (2).pdf", NULL);
  g_autofree char *png = g_build_filename (folder_path, "photo.png", NULL);
  g_autofree char *png2 = g_build_filename (folder_path, "photo (2).png", NULL);
  g_autofree char *script = g_build_filename (folder_path, "bashrc", NULL);
  g_autofree char *script2 = g_build_filename (folder_path, "bashrc (2)", NULL);
  g_autoptr(GDir) dir = NULL;
  GStatBuf before, after;
  guint count = 0;

  g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
  surat_attachment_bar_set_message (f->bar, f->message);

  _surat_attachment_bar_save_all_to (f->bar, folder);
  g_assert_null (_surat_attachment_bar_get_error (f->bar));
  assert_file (pdf, f->pdf);
  assert_file (png, f->png);
  assert_file (script, f->script);
  g_assert_cmpint (g_stat (pdf, &before), ==, 0);

  /* Again: new names, the first copies untouched. */
  _surat_attachment_bar_save_all_to (f->bar, folder);
  g_assert_null (_surat_attachment_bar_get_error (f->bar));
  assert_file (pdf2, f->pdf);
  assert_file (png2, f->png);
  assert_file (script2, f->script);
  assert_file (pdf, f->pdf);
  g_assert_cmpint (g_stat (pdf, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);

  /* Nothing else was written (no temp files left, nothing outside). */
  dir = g_dir_open (folder_path, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    count++;
  g_assert_cmpuint (count, ==, 6);
}

static void
test_save_all_error_shown (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *folder_path = g_build_filename (f->dir, "read-only", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  const char *error;

  if (geteuid () == 0)
    {
      /* root writes into a 0500 folder; use a folder that is not there. */
      g_clear_object (&folder);
      g_free (folder_path);
      folder_path = g_build_filename (f->dir, "gone", NULL);
      folder = g_file_new_for_path (folder_path);
    }
  else
    g_assert_cmpint (g_mkdir (folder_path, 0500), ==, 0);

  surat_attachment_bar_set_message (f->bar, f->message);
  _surat_attachment_bar_save_all_to (f->bar, folder);
  error = _surat_attachment_bar_get_error (f->bar);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "not saved"));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "not saved"));
}

static void
test_open_private_copy (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "surat", "attachments", NULL);
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected_uri = NULL;
  g_autofree char *folder = NULL;
  GtkFlowBox *tiles;
  GStatBuf st;
  const char *error;

  surat_attachment_bar_set_message (f->bar, f->message);

  /* "../../.bashrc": a plain name inside the private folder. */
  path = _surat_attachment_bar_open (f->bar, 2);
  g_assert_nonnull (path);
  g_assert_cmpstr (strrchr (path, '/') + 1, ==, "bashrc");
  folder = g_path_get_dirname (path);
  g_assert_true (g_str_has_prefix (path, cache));
  assert_file (path, f->script);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (cache, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* The desktop was asked to open that file; its refusal is on screen. */
  expected_uri = g_filename_to_uri (path, NULL, NULL);
  g_assert_cmpstr (launched_uri, ==, expected_uri);
  error = _surat_attachment_bar_get_error (f->bar);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "No application is registered for this file"));
  g_assert_nonnull (surat_test_ui_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL,
                                        "No application is registered"));

  /* Opening again gives the same name, not "bashrc (2)". */
  again = _surat_attachment_bar_open (f->bar, 2);
  g_assert_cmpstr (again, ==, path);
  assert_file (again, f->script);

  /* The PDF, by activating its tile (a click or Enter). */
  g_clear_pointer (&launched_uri, g_free);
  tiles = GTK_FLOW_BOX (find_type (GTK_WIDGET (f->bar), GTK_TYPE_FLOW_BOX));
  g_assert_nonnull (tiles);
  g_signal_emit_by_name (tiles, "child-activated", gtk_flow_box_get_child_at_index (tiles, 0));
  g_assert_nonnull (launched_uri);
  g_assert_true (g_str_has_suffix (launched_uri, "/report.pdf"));
}

static void
test_inline_cid_left_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "related.eml", NULL);
  g_autoptr(SuratMessage) message = NULL;
  static const char text[] =
    "From: a@example.org\r\nSubject: Logo\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/related; boundary=\"b1\"\r\n\r\n"
    "--b1\r\nContent-Type: text/html\r\n\r\n<p><img src=\"cid:logo@x\"></p>\r\n"
    "--b1\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b1--\r\n";

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  message = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (surat_message_get_attachments (message)->len, ==, 1);

  surat_attachment_bar_set_message (f->bar, message);
  g_assert_cmpuint (_surat_attachment_bar_get_shown (f->bar)->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->bar)));
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Open's copies are cleaned a week later: older files go (and their
 * emptied folder), a recent one stays. */
static void
test_clean_cache (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "surat", "attachments", NULL);
  g_autofree char *old_dir = g_build_filename (parent, "0123", NULL);
  g_autofree char *new_dir = g_build_filename (parent, "4567", NULL);
  g_autofree char *old_file = g_build_filename (old_dir, "invoice.pdf", NULL);
  g_autofree char *new_file = g_build_filename (new_dir, "photo.jpg", NULL);
  struct utimbuf eight_days_ago;

  g_assert_cmpint (g_mkdir_with_parents (old_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (new_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old_file, "old", -1, NULL));
  g_assert_true (g_file_set_contents (new_file, "new", -1, NULL));
  eight_days_ago.actime = eight_days_ago.modtime = time (NULL) - 8 * 24 * 3600;
  g_assert_cmpint (g_utime (old_file, &eight_days_ago), ==, 0);

  surat_attachment_bar_clean_cache ();
  surat_test_ui_wait (file_gone, old_dir, 10, "the week-old copy to go");
  g_assert_true (g_file_test (new_file, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  surat_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/attachment-bar/tiles", test_tiles);
  ADD ("/attachment-bar/save-all/never-overwrites", test_save_all);
  ADD ("/attachment-bar/save-all/error-shown", test_save_all_error_shown);
  ADD ("/attachment-bar/open/private-sanitized-copy", test_open_private_copy);
  ADD ("/attachment-bar/inline-cid-left-out", test_inline_cid_left_out);
  g_test_add_func ("/attachment-bar/open/cache-cleaned-after-a-week", test_clean_cache);
#undef ADD

  return g_test_run ();
}
