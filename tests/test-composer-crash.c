/* test-composer-crash.c — kill -9 while writing, and nothing typed is lost
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs itself again as a child ("--child"): a real Surat app in
 * that process opens a composer, the text, subject, recipient and an
 * attachment are put in as a person would, and the child says READY once
 * the composer has saved the draft on its own. The parent kills it with
 * SIGKILL — no close, no chance to save again — then starts the app on
 * the same profile, which must offer the draft back, and Recover must
 * give back every word and the attachment, byte for byte.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "surat-composer-window-private.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"

#define SUBJECT "Penawaran harga — draft"
#define BODY    "Pak Budi,\n\nharga untuk 40 karung sudah saya hitung ulang.\n"
#define TO      "Budi Hartono <budi@example.org>"
#define ATTACHMENT_BYTES "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

static void
write_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "surat", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path,
                       "[account office]\n"
                       "display-name=Siti Rahayu\n"
                       "address=siti@example.org\n"
                       "smtp-host=127.0.0.1\nsmtp-port=9\nsmtp-security=tls\n"
                       "smtp-user=siti\npassword-command=echo pw\n",
                       -1, &error);
  g_assert_no_error (error);
}

static char *
attachment_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "offer.pdf", NULL);
}

static gboolean
draft_saved_and_open (gpointer data)
{
  g_autofree char *record = g_build_filename (g_get_user_data_dir (), "surat", "open-drafts", NULL);
  g_autofree char *text = NULL;
  g_autofree char *saved = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (record, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || *lines[0] == '\0')
    return FALSE;
  /* The recorded version has the whole text (not an earlier save). */
  return g_file_get_contents (lines[0], &saved, NULL, NULL) &&
         strstr (saved, "hitung ulang") != NULL && strstr (saved, "offer.pdf") != NULL;
}

/* The child: write, wait for the autosave, say READY, wait to be killed. */
static int
run_child (void)
{
  SuratApplication *app;
  SuratComposerWindow *composer;
  SuratComposerFields fields;
  g_autoptr(GSList) files = NULL;
  g_autofree char *attachment = attachment_path ();
  g_autoptr(GFile) file = g_file_new_for_path (attachment);

  gtk_init ();
  adw_init ();
  surat_core_init ();

  app = surat_test_ui_start_app ();
  composer = surat_composer_window_new (app, NULL);
  gtk_window_present (GTK_WINDOW (composer));
  _surat_composer_window_get_fields (composer, &fields);

  gtk_editable_set_text (GTK_EDITABLE (fields.to), TO);
  gtk_editable_set_text (GTK_EDITABLE (fields.subject), SUBJECT);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fields.body), BODY, -1);
  files = g_slist_prepend (NULL, file);
  _surat_composer_window_add_files (composer, files);

  surat_test_ui_wait (draft_saved_and_open, NULL, 30, "the composer to save the draft");
  printf ("READY\n");
  fflush (stdout);

  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}





static void
test_kill_9_recovers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *attachment = attachment_path ();
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-composer-crash", NULL),
                         "--child", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  SuratApplication *app;
  AdwMessageDialog *dialog;
  SuratComposerWindow *composer;
  SuratComposerFields fields;
  SuratDraft *draft;
  SuratDraftAttachment *recovered;
  g_autoptr(GBytes) bytes = NULL;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  write_account ();
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_file_set_contents (attachment, ATTACHMENT_BYTES, -1, &error);
  g_assert_no_error (error);

  /* The child gets this test's isolated directories: the same profile.
   * The system's data dirs stay visible (icons, MIME types). */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_DIRS", "/etc/xdg", TRUE);
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The person deletes the file they had attached: the draft has its own
   * copy. */
  g_assert_cmpint (g_unlink (attachment), ==, 0);

  /* Launched again, Surat offers the draft back. */
  app = surat_test_ui_start_app ();
  dialog = surat_test_ui_wait_dialog (20);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), SUBJECT));
  adw_message_dialog_response (dialog, "recover");

  composer = surat_test_ui_wait_composer (app, 10);
  _surat_composer_window_get_fields (composer, &fields);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (fields.body), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (fields.body), &start, &end, FALSE);
  g_assert_cmpstr (text, ==, BODY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fields.subject)), ==, SUBJECT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fields.to)), ==, TO);

  draft = surat_composer_window_get_draft (composer);
  g_assert_cmpuint (surat_draft_get_attachments (draft)->len, ==, 1);
  recovered = g_ptr_array_index (surat_draft_get_attachments (draft), 0);
  g_assert_cmpstr (surat_draft_attachment_get_filename (recovered), ==, "offer.pdf");
  bytes = surat_test_read_file (surat_draft_attachment_get_path (recovered));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   ATTACHMENT_BYTES, strlen (ATTACHMENT_BYTES));

  surat_test_ui_stop_app (app);
}

int
main (int    argc,
      char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--child"))
    return run_child ();

  surat_test_ui_init (&argc, &argv);
  g_test_add_func ("/composer/crash/kill-9-recovers", test_kill_9_recovers);
  return g_test_run ();
}
