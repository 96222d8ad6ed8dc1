/* test-account-ui.c — the account assistant, the certificate dialog and the
 * preferences, driven as a person would, under a display
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "surat-account-assistant-private.h"
#include "surat-account-group-private.h"
#include "surat-account-probe.h"
#include "surat-application.h"
#include "surat-certificate-dialog.h"
#include "surat-fake-pop3.h"
#include "surat-fake-smtp.h"
#include "surat-preferences-window-private.h"
#include "surat-test-certs.h"
#include "surat-test-dovecot.h"
#include "surat-test-smtpd.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"

/*
 * Needs $DISPLAY (Xvfb) and a session bus: the test starts a keyring of
 * its own there (TESTING.md, "The keyring") and stops it at the end.
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
 *     meson test -C _build --suite ui
 *
 * Screenshots of what a person sees go to <build>/tests/screenshots/.
 */

#define ADDRESS  "ana@example.org"
#define PASSWORD "correct horse"
/* Base64 of "\0ana@example.org\0correct horse". */
#define PLAIN_OK "AGFuYUBleGFtcGxlLm9yZwBjb3JyZWN0IGhvcnNl"
#define WAIT_MS  20000

/* --- the keyring ------------------------------------------------------------ */

static GSubprocess *keyring;
static char *keyring_dir;

static gboolean
secrets_service_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                                       NULL, NULL);
  return reply != NULL;
}

/* gnome-keyring-daemon in the foreground, unlocked with a password on
 * its stdin, with its files in a directory of ours. */
static void
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("test", 4);
  const char *dirs[] = { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };
  GOutputStream *stdin_pipe;

  g_assert_no_error (error);
  if (secrets_service_running (bus))
    {
      g_test_message ("A secrets service runs on this bus already: using it");
      return;
    }

  keyring_dir = g_dir_make_tmp ("surat-keyring-XXXXXX", &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (keyring_dir, dirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_subprocess_launcher_setenv (launcher, dirs[i], dir, TRUE);
    }

  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_bytes (stdin_pipe, password, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);

  for (guint i = 0; i < 200 && !secrets_service_running (bus); i++)
    g_usleep (50 * 1000);
  g_assert_true (secrets_service_running (bus));
}

static void
stop_keyring (void)
{
  if (keyring != NULL)
    {
      g_subprocess_send_signal (keyring, SIGTERM);
      g_subprocess_wait (keyring, NULL, NULL);
      g_clear_object (&keyring);
    }
  if (keyring_dir != NULL)
    {
      surat_test_rm_rf (keyring_dir);
      g_clear_pointer (&keyring_dir, g_free);
    }
}

static const SecretSchema keyring_schema = {
  "io.github.surat.Surat.Password", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "NULL", 0 },
  }
};

/* One keyring for the whole binary: each test starts without passwords
 * of the accounts the tests use. */
static void
keyring_forget (const char *account_id)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (&keyring_schema, NULL, &error, "account", account_id, NULL);
  g_assert_no_error (error);
}

/* Read back with libsecret itself, not through Surat's own code. */
static char *
keyring_lookup (const char *account_id,
                const char *service)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_sync (&keyring_schema, NULL, &error,
                                          "account", account_id,
                                          "service", service,
                                          NULL);
  g_assert_no_error (error);
  return password;
}

/* --- waiting, finding, looking ---------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after 20 s. */
static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_MS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting until %s", what);
  g_source_remove (id);
}

static gboolean
assistant_idle (gpointer data)
{
  SuratAccountAssistant *self = data;

  return !self->busy;
}

static gboolean
certificate_dialog_shown (gpointer data)
{
  SuratAccountAssistant *self = data;

  return self->certificate_dialog != NULL;
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* As a person clicks: only what is sensitive reacts. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The first GtkLabel under @widget whose text contains @needle. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window as it is on screen, into <build>/tests/screenshots/@name.png,
 * for people to look at (TESTING.md, "The display"). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  /* Let it be laid out, drawn, and its transitions finish. */
  surat_test_spin (800);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static SuratAccount *
load_only_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = surat_account_load_all (NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  return g_object_ref (g_ptr_array_index (accounts, 0));
}

static char *
read_accounts_ini (void)
{
  g_autofree char *path = surat_account_get_default_path ();
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static char *
expected_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  certificate = g_tls_certificate_new_from_file (surat_fake_server_get_ca_file (), &error);
  g_assert_no_error (error);
  return surat_test_cert_fingerprint_of (certificate);
}

/* --- the assistant ------------------------------------------------------------ */

typedef struct {
  SuratApplication      *app;
  SuratAccountAssistant *assistant;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  keyring_forget (ADDRESS);
  f->app = surat_application_new ();
  f->assistant = g_object_ref_sink (SURAT_ACCOUNT_ASSISTANT (surat_account_assistant_new (f->app,
                                                                                        NULL)));
  _surat_account_assistant_set_probe_timeout (f->assistant, 5);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->assistant->certificate_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->assistant->certificate_dialog));
  gtk_window_destroy (GTK_WINDOW (f->assistant));
  g_clear_object (&f->assistant);
  g_clear_object (&f->app);
}

/* Fills the first page and presses Next, then waits for the guess. */
static void
fill_details_and_guess (Fixture    *f,
                        const char *password)
{
  SuratAccountAssistant *a = f->assistant;

  gtk_window_present (GTK_WINDOW (a));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "details");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (a->next_button)));

  gtk_editable_set_text (GTK_EDITABLE (a->name_row), "Ana Lima");
  gtk_editable_set_text (GTK_EDITABLE (a->address_row), "ana@example");
  /* Not an address one can have mail at yet. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (a->next_button)));
  gtk_editable_set_text (GTK_EDITABLE (a->address_row), ADDRESS);
  gtk_editable_set_text (GTK_EDITABLE (a->password_row), password);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (a->next_button)));

  click (GTK_WIDGET (a->next_button));
  g_assert_true (a->busy);
  wait_for (assistant_idle, a, "the guess is done");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "review");
}

/* The whole first run: the guess finds POP3S and SMTPS, whose certificate
 * the system does not trust; Add Account tests, the certificate dialog
 * shows the fingerprint; Trust pins it for both servers; the test goes on
 * and logs in; the password is in the keyring and the account in
 * accounts.ini; the assistant closes. */
static void
test_assistant_trust_and_add (Fixture       *f,
                              gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autoptr(SuratFakeServer) smtp = surat_fake_smtp_new ();
  SuratFakePop3ServeOptions options = { .user = ADDRESS, .password = PASSWORD };
  g_autofree char *fingerprint = expected_fingerprint ();
  g_autofree char *pop3_password = NULL;
  g_autofree char *smtp_password = NULL;
  g_autoptr(SuratAccount) saved = NULL;
  GtkLabel *label;

  /* Three connections each: the guess, the test that meets the unknown
   * certificate, the test after trusting it. */
  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_start (pop3);

  surat_fake_server_set_implicit_tls (smtp, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      surat_fake_smtp_greet (smtp);
      surat_fake_server_next_connection (smtp);
    }
  surat_fake_smtp_greet (smtp);
  surat_fake_smtp_expect_ehlo (smtp, "AUTH PLAIN");
  surat_fake_server_expect (smtp, "AUTH PLAIN " PLAIN_OK, "235 2.7.0 Accepted\r\n");
  surat_fake_server_expect (smtp, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_start (smtp);

  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_SMTP, "127.0.0.1",
                                          surat_fake_server_get_port (smtp), SURAT_SECURITY_TLS);

  fill_details_and_guess (f, PASSWORD);
  screenshot (GTK_WIDGET (a), "account-assistant-review-certificate");

  /* Found, with what is wrong said in words. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (a->pop3_host_row)), ==, "127.0.0.1");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (a->pop3_port_spin), ==,
                   surat_fake_pop3_get_port (pop3));
  g_assert_cmpuint (adw_combo_row_get_selected (a->pop3_security_row), ==, SURAT_SECURITY_TLS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (a->pop3_user_row)), ==, ADDRESS);
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "self-signed"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a->plain_warning)));

  click (GTK_WIDGET (a->add_button));
  wait_for (certificate_dialog_shown, a, "the certificate dialog shows");
  screenshot (a->certificate_dialog, "certificate-dialog");

  /* The fingerprint as GLib computes it, and the problem in plain words. */
  label = find_label (a->certificate_dialog, fingerprint);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, fingerprint);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (a->certificate_dialog)),
                            "self-signed"));
  g_assert_nonnull (find_label (a->certificate_dialog, "localhost"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (a->certificate_dialog)),
                   ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (a->certificate_dialog),
                                                               "trust"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  /* Nothing is kept before the person decided. */
  g_assert_null (read_accounts_ini ());

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (a->certificate_dialog), "trust");
  wait_for (window_hidden, a, "the assistant closes");

  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_id (saved), ==, ADDRESS);
  g_assert_cmpstr (surat_account_get_display_name (saved), ==, "Ana Lima");
  g_assert_cmpstr (surat_account_get_address (saved), ==, ADDRESS);
  g_assert_cmpstr (surat_account_get_pop3_host (saved), ==, "127.0.0.1");
  g_assert_cmpuint (surat_account_get_pop3_port (saved), ==, surat_fake_pop3_get_port (pop3));
  g_assert_cmpint (surat_account_get_pop3_security (saved), ==, SURAT_SECURITY_TLS);
  g_assert_cmpuint (surat_account_get_smtp_port (saved), ==, surat_fake_server_get_port (smtp));
  g_assert_cmpstr (surat_account_get_pop3_pinned_sha256 (saved), ==, fingerprint);
  g_assert_cmpstr (surat_account_get_smtp_pinned_sha256 (saved), ==, fingerprint);
  g_assert_null (surat_account_get_password_command (saved));
  {
    g_autofree char *ini = read_accounts_ini ();

    /* No password on disk, ever. */
    g_assert_null (strstr (ini, PASSWORD));
    /* The user name defaults to the address: not written out. */
    g_assert_null (strstr (ini, "pop3-user"));
  }

  g_assert_cmpuint (g_list_model_get_n_items (surat_application_get_accounts (f->app)), ==, 1);

  pop3_password = keyring_lookup (ADDRESS, "pop3");
  smtp_password = keyring_lookup (ADDRESS, "smtp");
  g_assert_cmpstr (pop3_password, ==, PASSWORD);
  g_assert_cmpstr (smtp_password, ==, PASSWORD);

  g_assert_true (surat_fake_pop3_received_contains (pop3, "AUTH PLAIN " PLAIN_OK));
  g_assert_true (surat_fake_server_wait_done (smtp));
  g_assert_cmpuint (surat_fake_pop3_get_n_connections (pop3), ==, 3);
}

/* Cancel in the certificate dialog: nothing is pinned or kept; the review
 * page says why. */
static void
test_assistant_certificate_cancel (Fixture       *f,
                                   gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();

  /* The guess and the test each meet the certificate in the handshake
   * (the greeting is never read). */
  surat_fake_pop3_set_implicit_tls (pop3, TRUE);
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_start (pop3);

  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  fill_details_and_guess (f, PASSWORD);
  /* Sending is not needed for this one. */
  gtk_editable_set_text (GTK_EDITABLE (a->smtp_host_row), "");

  click (GTK_WIDGET (a->add_button));
  wait_for (certificate_dialog_shown, a, "the certificate dialog shows");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (a->certificate_dialog), "cancel");
  wait_for (assistant_idle, a, "the review page is back");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "review");
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "self-signed"));
  g_assert_null (surat_account_get_pop3_pinned_sha256 (a->account));
  g_assert_null (read_accounts_ini ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a)));
  surat_fake_pop3_stop (pop3);
}

/* The password is wrong: the review page says so with the server's own
 * words, and nothing is kept. */
static void
test_assistant_wrong_password (Fixture       *f,
                               gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  g_autofree char *kept = NULL;

  /* The guess meets a server that does not speak TLS there; the test
   * then talks plain text, as the person chose below. */
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_expect_capa (pop3, "USER\nRESP-CODES\nAUTH-RESP-CODE\nSASL PLAIN");
  surat_fake_pop3_expect (pop3, "AUTH PLAIN *",
                          "-ERR [AUTH] Wrong password for ana; check caps lock\r\n");
  surat_fake_pop3_expect (pop3, "QUIT", "+OK\r\n");
  surat_fake_pop3_start (pop3);

  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  fill_details_and_guess (f, "wrong");
  gtk_editable_set_text (GTK_EDITABLE (a->smtp_host_row), "");
  adw_combo_row_set_selected (a->pop3_security_row, SURAT_SECURITY_NONE);

  click (GTK_WIDGET (a->add_button));
  wait_for (assistant_idle, a, "the test is done");
  screenshot (GTK_WIDGET (a), "account-assistant-wrong-password");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "review");
  g_test_message ("review: %s", gtk_label_get_text (a->review_label));
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label),
                            "Wrong password for ana; check caps lock"));
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "user name or password"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (a->review_label), "error"));
  g_assert_null (read_accounts_ini ());
  kept = keyring_lookup (ADDRESS, "pop3");
  g_assert_null (kept);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a)));
}

/* A server on the STARTTLS port that does not offer STARTTLS is never used
 * in plain text by itself; only the person's explicit "None" does, and
 * then a warning says what that means. The choice is saved as such. */
static void
test_assistant_plain_text_explicit (Fixture       *f,
                                    gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  SuratFakePop3ServeOptions options = { .user = ADDRESS, .password = PASSWORD,
                                        .capabilities = "USER\nUIDL\nRESP-CODES" };
  g_autoptr(SuratAccount) saved = NULL;
  g_autofree char *kept = NULL;

  /* The guess (refused: no STLS), then the test in plain text. */
  surat_fake_pop3_greet (pop3);
  surat_fake_pop3_expect_capa (pop3, "USER\nUIDL");
  surat_fake_pop3_expect (pop3, "QUIT", "+OK\r\n");
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_start (pop3);

  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3),
                                          SURAT_SECURITY_STARTTLS);
  fill_details_and_guess (f, PASSWORD);

  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "does not offer STARTTLS"));
  g_assert_cmpuint (adw_combo_row_get_selected (a->pop3_security_row), ==,
                    SURAT_SECURITY_STARTTLS);
  g_assert_false (surat_fake_pop3_received_contains (pop3, "PASS"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a->plain_warning)));

  gtk_editable_set_text (GTK_EDITABLE (a->smtp_host_row), "");
  adw_combo_row_set_selected (a->pop3_security_row, SURAT_SECURITY_NONE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a->plain_warning)));
  /* A port the person set stays as it is. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (a->pop3_port_spin), ==,
                   surat_fake_pop3_get_port (pop3));
  screenshot (GTK_WIDGET (a), "account-assistant-plain-text-warning");

  click (GTK_WIDGET (a->add_button));
  wait_for (window_hidden, a, "the assistant closes");

  saved = load_only_account ();
  g_assert_cmpint (surat_account_get_pop3_security (saved), ==, SURAT_SECURITY_NONE);
  g_assert_null (surat_account_get_smtp_host (saved));
  kept = keyring_lookup (ADDRESS, "pop3");
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_assert_true (surat_fake_pop3_received_contains (pop3, "PASS " PASSWORD));
}

/* With a password command the test logs in with what the command prints,
 * and the keyring is left alone. */
static void
test_assistant_password_command (Fixture       *f,
                                 gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();
  SuratFakePop3ServeOptions options = { .user = "ana", .password = "from the command",
                                        .capabilities = "USER\nUIDL\nRESP-CODES" };
  g_autoptr(SuratAccount) saved = NULL;
  g_autofree char *kept = NULL;

  /* The guess without a password only greets; then the test logs in. */
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_next_connection (pop3);
  surat_fake_pop3_serve (pop3, &options);
  surat_fake_pop3_start (pop3);

  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  fill_details_and_guess (f, "");

  /* Nothing answered on TLS; the person knows better. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (a->review_label), "error"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (a->add_button)));
  adw_combo_row_set_selected (a->pop3_security_row, SURAT_SECURITY_NONE);
  gtk_spin_button_set_value (a->pop3_port_spin, surat_fake_pop3_get_port (pop3));
  gtk_editable_set_text (GTK_EDITABLE (a->pop3_user_row), "ana");
  gtk_editable_set_text (GTK_EDITABLE (a->smtp_host_row), "");
  gtk_editable_set_text (GTK_EDITABLE (a->password_command_row), "echo 'from the command'");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (a->add_button)));

  click (GTK_WIDGET (a->add_button));
  wait_for (window_hidden, a, "the assistant closes");

  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_password_command (saved), ==, "echo 'from the command'");
  g_assert_cmpstr (surat_account_get_pop3_user (saved), ==, "ana");
  kept = keyring_lookup (ADDRESS, "pop3");
  g_assert_null (kept);
  g_assert_true (surat_fake_pop3_received_contains (pop3, "from the command"));
}

/* Screenshots of the first page, filled in, and of the search. */
static void
test_assistant_pages (Fixture       *f,
                      gconstpointer  data)
{
  SuratAccountAssistant *a = f->assistant;
  g_autoptr(SuratFakePop3) pop3 = surat_fake_pop3_new ();

  surat_fake_pop3_stall (pop3);
  surat_fake_pop3_start (pop3);
  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3, "127.0.0.1",
                                          surat_fake_pop3_get_port (pop3), SURAT_SECURITY_TLS);
  _surat_account_assistant_set_probe_timeout (a, 3);

  gtk_window_present (GTK_WINDOW (a));
  gtk_editable_set_text (GTK_EDITABLE (a->name_row), "Ana Lima");
  gtk_editable_set_text (GTK_EDITABLE (a->address_row), ADDRESS);
  gtk_editable_set_text (GTK_EDITABLE (a->password_row), PASSWORD);
  screenshot (GTK_WIDGET (a), "account-assistant-details");

  click (GTK_WIDGET (a->next_button));
  screenshot (GTK_WIDGET (a), "account-assistant-searching");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "busy");

  /* Back cancels the search. */
  click (GTK_WIDGET (a->back_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a->back_button)));
  wait_for (assistant_idle, a, "the search is cancelled");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "details");
  surat_fake_pop3_stop (pop3);
}

/* --- the certificate dialog on its own ------------------------------------------- */

static SuratCertificate *
make_certificate (const char          *dir,
                  const char          *name,
                  SuratTestCa         *issuer,
                  const char * const  *alt_names,
                  gint64               not_before,
                  gint64               not_after)
{
  SuratTestCertSpec spec = { NULL, alt_names, not_before, not_after };
  SuratTestCert *cert = surat_test_cert_new (dir, name, issuer, &spec);
  GBytes *der = surat_test_cert_get_der (cert);
  g_autoptr(GError) error = NULL;
  SuratCertificate *certificate;

  certificate = surat_certificate_new_from_der (g_bytes_get_data (der, NULL),
                                                g_bytes_get_size (der), &error);
  g_assert_no_error (error);
  surat_test_cert_free (cert);
  return certificate;
}

/* Each problem in plain words, with the details a person compares; the
 * changed certificate is said to be the alarming case it is. */
static void
test_certificate_dialog_words (void)
{
  static const char * const mail_names[] = { "DNS:mail.example.org", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("surat-certs-XXXXXX", &error);
  SuratTestCa *ca;
  struct {
    const char *name;
    gboolean    by_ca;
    gint64      not_before, not_after;
    int         code;
    const char *heading;
    const char *words;
  } cases[] = {
    { "expired", TRUE, -172800, -86400, SURAT_TLS_ERROR_CERTIFICATE_EXPIRED,
      "Trust the Certificate of mail.example.org?", "The certificate has expired" },
    { "future", TRUE, 86400, 172800, SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED,
      "Trust the Certificate of mail.example.org?", "The certificate is not valid yet" },
    { "unknown-ca", TRUE, 0, 0, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
      "Trust the Certificate of mail.example.org?",
      "issued by an authority this computer does not know" },
    { "self-signed", FALSE, 0, 0, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
      "Trust the Certificate of mail.example.org?", "The certificate is self-signed" },
    { "wrong-host", TRUE, 0, 0, SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY,
      "Trust the Certificate of mail.example.org?",
      "The certificate is for other host names, not for mail.example.org" },
    { "changed", TRUE, 0, 0, SURAT_TLS_ERROR_CERTIFICATE_CHANGED,
      "The Certificate of mail.example.org Has Changed",
      "This is what an attacker between you and your provider would look like" },
  };

  g_assert_no_error (error);
  ca = surat_test_ca_new (dir, "Example CA", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SuratCertificate) certificate =
        make_certificate (dir, cases[i].name, cases[i].by_ca ? ca : NULL, mail_names,
                          cases[i].not_before, cases[i].not_after);
      g_autoptr(GError) refused = g_error_new (SURAT_TLS_ERROR, cases[i].code,
                                               "POP3 server mail.example.org: refused");
      g_autofree char *labels = NULL;
      g_autofree char *shot_name = g_strconcat ("certificate-dialog-", cases[i].name, NULL);
      GtkWidget *dialog = surat_certificate_dialog_new (NULL, "mail.example.org", refused,
                                                        certificate);

      gtk_window_present (GTK_WINDOW (dialog));
      screenshot (dialog, shot_name);
      labels = surat_test_ui_dump_labels (dialog);
      g_test_message ("%s:\n%s", cases[i].name, labels);

      g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                       cases[i].heading);
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                cases[i].words));
      /* The details: subject, issuer, host names, the whole fingerprint. */
      g_assert_nonnull (strstr (labels, "mail.example.org"));
      g_assert_nonnull (strstr (labels, surat_certificate_get_fingerprint (certificate)));
      g_assert_nonnull (strstr (labels, cases[i].by_ca ? "CN=Example CA" : "self-signed"));
      g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)),
                       ==, "cancel");
      g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)),
                       ==, "cancel");
      g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                                   "trust"),
                       ==, ADW_RESPONSE_DESTRUCTIVE);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  surat_test_ca_free (ca);
  surat_test_rm_rf (dir);
}

/* --- preferences ------------------------------------------------------------- */

typedef struct {
  SuratApplication       *app;
  SuratAccount           *account;
  SuratPreferencesWindow *prefs;
} PrefsFixture;

static void
prefs_setup (PrefsFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  keyring_forget ("ana");
  f->app = surat_application_new ();
  f->account = surat_account_new ("ana");
  g_object_set (f->account,
                "display-name", "Ana Lima",
                "address", ADDRESS,
                "pop3-host", "pop.example.org",
                "smtp-host", "smtp.example.org",
                NULL);
  surat_application_add_account (f->app, f->account);
  g_assert_true (surat_application_save_accounts (f->app, &error));
  g_assert_no_error (error);

  f->prefs = g_object_ref_sink (SURAT_PREFERENCES_WINDOW (surat_preferences_window_new (f->app,
                                                                                     NULL)));
  gtk_window_present (GTK_WINDOW (f->prefs));
}

static void
prefs_teardown (PrefsFixture  *f,
                gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->prefs));
  g_clear_object (&f->prefs);
  g_clear_object (&f->account);
  g_clear_object (&f->app);
}

static SuratAccountGroup *
only_group (PrefsFixture *f)
{
  g_assert_cmpuint (f->prefs->groups->len, ==, 1);
  return g_ptr_array_index (f->prefs->groups, 0);
}

static void
apply (AdwEntryRow *row,
       const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

/* General: the check interval and notifications are the GSettings keys. */
static void
test_prefs_general (PrefsFixture  *f,
                    gconstpointer  data)
{
  GSettings *settings = surat_application_get_settings (f->app);

  g_assert_cmpint (gtk_spin_button_get_value_as_int (f->prefs->interval_spin), ==,
                   g_settings_get_uint (settings, "check-interval"));
  gtk_spin_button_set_value (f->prefs->interval_spin, 25);
  g_assert_cmpuint (g_settings_get_uint (settings, "check-interval"), ==, 25);

  gtk_switch_set_active (f->prefs->notify_switch, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-new-mail"));
  g_settings_set_boolean (settings, "notify-new-mail", TRUE);
  g_assert_true (gtk_switch_get_active (f->prefs->notify_switch));

  screenshot (GTK_WIDGET (f->prefs), "preferences-general");
}

/* Each edit reaches accounts.ini; a bad one is refused and said. */
static void
test_prefs_edit_account (PrefsFixture  *f,
                         gconstpointer  data)
{
  SuratAccountGroup *group = only_group (f);
  g_autoptr(SuratAccount) saved = NULL;
  g_autofree char *password = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (group->pop3_host_row)), ==,
                   "pop.example.org");

  apply (group->pop3_host_row, "  mail.example.net ");
  adw_combo_row_set_selected (group->pop3_security_row, SURAT_SECURITY_STARTTLS);
  apply (group->smtp_user_row, "ana.smtp");
  gtk_switch_set_active (group->keep_switch, FALSE);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (group->delete_after_row)));
  gtk_switch_set_active (group->keep_switch, TRUE);
  gtk_spin_button_set_value (group->delete_after_spin, 14);
  gtk_spin_button_set_value (group->timeout_spin, 90);
  apply (group->name_row, "Ana L.");

  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_pop3_host (saved), ==, "mail.example.net");
  g_assert_cmpint (surat_account_get_pop3_security (saved), ==, SURAT_SECURITY_STARTTLS);
  /* The port followed the encryption. */
  g_assert_cmpuint (surat_account_get_pop3_port (saved), ==, 110);
  g_assert_cmpstr (surat_account_get_smtp_user (saved), ==, "ana.smtp");
  g_assert_true (surat_account_get_keep_on_server (saved));
  g_assert_cmpuint (surat_account_get_delete_after_days (saved), ==, 14);
  g_assert_cmpuint (surat_account_get_timeout (saved), ==, 90);
  g_assert_cmpstr (surat_account_get_display_name (saved), ==, "Ana L.");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Ana L.");
  g_clear_object (&saved);

  /* Not an address: refused, the old one comes back. */
  apply (group->address_row, "ana-at-example.org");
  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_address (saved), ==, ADDRESS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (group->address_row)), ==, ADDRESS);
  g_clear_object (&saved);

  /* A fingerprint in any common form is kept in the canonical one. */
  apply (group->smtp_pin_row, "sha256:00112233445566778899aabbccddeeff"
                              "00112233445566778899aabbccddeeff");
  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_smtp_pinned_sha256 (saved), ==,
                   "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                   "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  g_clear_object (&saved);

  /* A new password goes to the keyring, for both servers. */
  apply (ADW_ENTRY_ROW (group->password_row), "new secret");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (group->password_row)), ==, "");
  for (guint i = 0; i < 200 && password == NULL; i++)
    {
      surat_test_spin (50);
      g_free (password);
      password = keyring_lookup ("ana", "smtp");
    }
  g_assert_cmpstr (password, ==, "new secret");
  g_clear_pointer (&password, g_free);
  password = keyring_lookup ("ana", "pop3");
  g_assert_cmpstr (password, ==, "new secret");

  /* A password command instead: the keyring row has nothing to do. */
  apply (group->password_command_row, "pass show mail/ana");
  saved = load_only_account ();
  g_assert_cmpstr (surat_account_get_password_command (saved), ==, "pass show mail/ana");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (group->password_row)));
  g_clear_object (&saved);

  {
    g_autofree char *ini = read_accounts_ini ();

    g_assert_null (strstr (ini, "new secret"));
  }

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->prefs),
                                           f->prefs->accounts_page);
  adw_expander_row_set_expanded (group->pop3_expander, TRUE);
  screenshot (GTK_WIDGET (f->prefs), "preferences-accounts");
}

/* Remove asks first, and says the mail on this device stays. */
static void
test_prefs_remove_account (PrefsFixture  *f,
                           gconstpointer  data)
{
  SuratAccountGroup *group = only_group (f);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  click (GTK_WIDGET (group->remove_button));
  dialog = group->remove_dialog;
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "mail already on this device stays"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               "remove"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  screenshot (dialog, "preferences-remove-account");

  /* Cancel keeps it. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  accounts = surat_account_load_all (NULL, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  click (GTK_WIDGET (only_group (f)->remove_button));
  dialog = only_group (f)->remove_dialog;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");

  accounts = surat_account_load_all (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (surat_application_get_accounts (f->app)), ==, 0);
  g_assert_cmpuint (f->prefs->groups->len, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->prefs->no_accounts_row)));
}

/* An account the assistant adds while the preferences are open appears. */
static void
test_prefs_follow_accounts (PrefsFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(SuratAccount) other = surat_account_new ("work");

  g_object_set (other, "address", "ana@work.example", "pop3-host", "pop.work.example", NULL);
  surat_application_add_account (f->app, other);
  g_assert_cmpuint (f->prefs->groups->len, ==, 2);
  g_assert_true (surat_account_group_get_account (g_ptr_array_index (f->prefs->groups, 1)) ==
                 other);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->prefs->no_accounts_row)));

  /* Add Account opens the assistant over the preferences. */
  gtk_widget_activate_action (GTK_WIDGET (f->prefs), "preferences.add-account", NULL);
  {
    GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */
    SuratAccountAssistant *assistant = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (SURAT_IS_ACCOUNT_ASSISTANT (window))
          assistant = SURAT_ACCOUNT_ASSISTANT (window);
      }
    g_assert_nonnull (assistant);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) ==
                   GTK_WINDOW (f->prefs));
    gtk_window_destroy (GTK_WINDOW (assistant));
  }
}

/* --- the application, against Dovecot and aiosmtpd ----------------------------- */

#define N_SEEDED 4

static SuratTestDovecot *dovecot;
static SuratTestSmtpd *smtpd;
static char *smtpd_maildir;

typedef struct {
  char             *user;     /* on both servers, with PASSWORD */
  char             *address;
  SuratApplication *app;
  GtkWindow        *window;
} AppFixture;

static void
app_setup (AppFixture    *f,
           gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;

  if (dovecot == NULL)
    {
      dovecot = surat_test_dovecot_start (SURAT_TEST_DOVECOT_FLAGS_NONE);
      smtpd_maildir = g_dir_make_tmp ("surat-smtpd-XXXXXX", &error);
      g_assert_no_error (error);
      smtpd = surat_test_smtpd_start (smtpd_maildir, SURAT_TEST_SMTPD_DEFAULT_SIZE_LIMIT, 0);
    }

  f->user = g_strdup_printf ("ana%u", ++n);
  f->address = g_strdup_printf ("%s@example.org", f->user);
  keyring_forget (f->address);
  surat_test_dovecot_add_user (dovecot, f->user, PASSWORD, &error);
  g_assert_no_error (error);
  surat_test_smtpd_add_user (smtpd, f->user, PASSWORD, &error);
  g_assert_no_error (error);
  seeded = surat_test_dovecot_seed (dovecot, f->user, N_SEEDED, 3000, &error);
  g_assert_no_error (error);

  /* The first run: no accounts.ini. One app per test binary: a stopped
   * SuratApplication is not freed at once, and the next one could not
   * take its object path on the bus. */
  f->app = surat_test_ui_start_app ();
  f->window = surat_test_ui_get_window (f->app);
}

static void
app_teardown (AppFixture    *f,
              gconstpointer  data)
{
  surat_test_ui_stop_app (f->app);
  g_free (f->address);
  g_free (f->user);
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
assistant_open (gpointer data)
{
  return find_toplevel (SURAT_TYPE_ACCOUNT_ASSISTANT) != NULL;
}

/* The welcome page's button opens the assistant, pointed at the servers. */
static SuratAccountAssistant *
open_assistant (AppFixture *f,
                guint16     smtp_port)
{
  SuratAccountAssistant *a;

  click (surat_test_ui_wait_for (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "Add Account", 10));
  surat_test_ui_wait (assistant_open, NULL, 10, "the assistant to open");
  a = g_object_ref (find_toplevel (SURAT_TYPE_ACCOUNT_ASSISTANT));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (a)) == f->window);

  _surat_account_assistant_set_probe_timeout (a, 10);
  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_POP3,
                                          surat_test_dovecot_get_host (dovecot),
                                          surat_test_dovecot_get_pop3s_port (dovecot),
                                          SURAT_SECURITY_TLS);
  _surat_account_assistant_add_candidate (a, SURAT_ACCOUNT_PROBE_SMTP,
                                          surat_test_smtpd_get_host (smtpd), smtp_port,
                                          SURAT_SECURITY_TLS);
  return a;
}

static void
fill_and_next (SuratAccountAssistant *a,
               const char            *address,
               const char            *password)
{
  gtk_editable_set_text (GTK_EDITABLE (a->name_row), "Ana Lima");
  gtk_editable_set_text (GTK_EDITABLE (a->address_row), address);
  gtk_editable_set_text (GTK_EDITABLE (a->password_row), password);
  click (GTK_WIDGET (a->next_button));
  g_assert_true (a->busy);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a->spinner)));
  wait_for (assistant_idle, a, "the guess is done");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "review");
}

typedef struct {
  SuratAccountAssistant *assistant;
  GtkWidget             *answered; /* the dialog answered last */
} DialogWait;

static gboolean
new_dialog_or_closed (gpointer data)
{
  DialogWait *w = data;

  return !gtk_widget_get_visible (GTK_WIDGET (w->assistant)) ||
         (!w->assistant->busy && gtk_stack_get_visible_child_name (w->assistant->stack) != NULL &&
          g_strcmp0 (gtk_stack_get_visible_child_name (w->assistant->stack), "review") == 0) ||
         (w->assistant->certificate_dialog != NULL &&
          w->assistant->certificate_dialog != w->answered);
}

typedef struct {
  AppFixture *f;
  const char *text;
  gboolean    present;
} OnScreen;

static gboolean
on_screen (gpointer data)
{
  OnScreen *o = data;

  return (surat_test_ui_find (GTK_WIDGET (o->f->window), GTK_TYPE_LABEL, o->text) != NULL) ==
         o->present;
}

static gboolean
first_fetch_done (gpointer data)
{
  AppFixture *f = data;
  GListModel *accounts = surat_application_get_accounts (f->app);
  g_autoptr(SuratAccount) account = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  SuratAccountStatus *status;
  SuratMaildir *maildir;

  if (g_list_model_get_n_items (accounts) == 0)
    return FALSE;
  account = g_list_model_get_item (accounts, 0);
  status = surat_application_get_status (f->app, account);
  if (surat_account_status_get_error (status) != NULL)
    g_error ("The first fetch failed: %s", surat_account_status_get_error (status));
  if (surat_account_status_get_fetching (status))
    return FALSE;
  maildir = surat_store_get_maildir (surat_application_get_store (f->app),
                                     surat_account_get_id (account), SURAT_FOLDER_INBOX, NULL);
  messages = maildir ? surat_test_read_maildir (surat_maildir_get_path (maildir), NULL) : NULL;
  return messages != NULL && messages->len == N_SEEDED;
}

/* A wrong password, with real servers: POP3 refuses the login, SMTP is
 * not there at all; the review page says each in a person's words, and
 * nothing is kept. The person gives up (Cancel). */
static void
try_wrong_password (AppFixture *f)
{
  g_autoptr(SuratAccountAssistant) a = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  DialogWait wait = { NULL, NULL };
  const char *text;
  guint16 closed_port;

  /* A port nobody listens on: bound, never listening. */
  closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (closed, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (closed, &error);
  g_assert_no_error (error);
  closed_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  a = open_assistant (f, closed_port);
  fill_and_next (a, f->address, "not the password");
  gtk_editable_set_text (GTK_EDITABLE (a->pop3_user_row), f->user);
  gtk_editable_set_text (GTK_EDITABLE (a->smtp_host_row), "127.0.0.1");
  gtk_spin_button_set_value (a->smtp_port_spin, closed_port);

  click (GTK_WIDGET (a->add_button));
  wait.assistant = a;
  wait_for (new_dialog_or_closed, &wait, "the certificate dialog");
  g_assert_nonnull (a->certificate_dialog);
  wait.answered = a->certificate_dialog;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (a->certificate_dialog), "trust");
  wait_for (new_dialog_or_closed, &wait, "the test to end");

  text = gtk_label_get_text (a->review_label);
  g_test_message ("review: %s", text);
  g_test_message ("log: %s", gtk_label_get_text (a->log_label));
  screenshot (GTK_WIDGET (a), "assistant-5-wrong-password");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (a->stack), ==, "review");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a)));
  g_assert_nonnull (strstr (text, "did not accept the user name or password"));
  g_assert_nonnull (strstr (text, "SMTP server 127.0.0.1"));
  g_assert_nonnull (strstr (text, "onnect"));
  g_assert_null (read_accounts_ini ());
  kept = keyring_lookup (surat_account_get_id (a->account), "pop3");
  g_assert_null (kept);
  g_assert_cmpuint (g_list_model_get_n_items (surat_application_get_accounts (f->app)), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (a), "window.close", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a)));
}

/* A person's first run, against real servers with self-signed
 * certificates: the welcome page's Add Account, name, address and
 * password; the guess finds both servers and says what is wrong with their
 * certificates; Add Account; each certificate dialog names its fingerprint
 * and Trust pins it; the password goes to the keyring and nowhere else;
 * the account is in the sidebar and its mail comes. Before that, a wrong
 * password, said as such. Then the preferences:
 * the check interval, and removing the account, which keeps its mail. */
static void
test_app_add_account (AppFixture    *f,
                      gconstpointer  data)
{
  g_autoptr(SuratAccountAssistant) a = NULL;
  DialogWait wait = { NULL, NULL };
  OnScreen shown = { f, NULL, TRUE };
  g_autoptr(SuratAccount) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *pop3_password = NULL;
  g_autofree char *smtp_password = NULL;
  g_autofree char *maildir = NULL;
  g_autofree char *id = NULL;
  SuratPreferencesWindow *prefs;
  SuratAccountGroup *group;
  GSettings *settings;
  gboolean pinned_pop3 = FALSE, pinned_smtp = FALSE;

  screenshot (GTK_WIDGET (f->window), "welcome");

  /* First a mistyped password; then the right one. */
  try_wrong_password (f);

  a = open_assistant (f, surat_test_smtpd_get_tls_port (smtpd));
  screenshot (GTK_WIDGET (a), "assistant-1-details-empty");
  fill_and_next (a, f->address, PASSWORD);
  g_test_message ("review: %s", gtk_label_get_text (a->review_label));
  screenshot (GTK_WIDGET (a), "assistant-3-review-certificates");

  /* Found, and what is wrong is said per server, in words. */
  g_assert_cmpuint (gtk_spin_button_get_value_as_int (a->pop3_port_spin), ==,
                    surat_test_dovecot_get_pop3s_port (dovecot));
  g_assert_cmpuint (gtk_spin_button_get_value_as_int (a->smtp_port_spin), ==,
                    surat_test_smtpd_get_tls_port (smtpd));
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "POP3 server"));
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "SMTP server"));
  g_assert_nonnull (strstr (gtk_label_get_text (a->review_label), "self-signed"));

  /* The servers' user names are not the address here; and a policy. */
  gtk_editable_set_text (GTK_EDITABLE (a->pop3_user_row), f->user);
  gtk_editable_set_text (GTK_EDITABLE (a->smtp_user_row), f->user);
  adw_combo_row_set_selected (a->policy_row, SURAT_ASSISTANT_POLICY_DELETE_AFTER_DAYS);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a->days_row)));
  gtk_spin_button_set_value (a->days_spin, 30);

  click (GTK_WIDGET (a->add_button));
  wait.assistant = a;
  for (guint round = 0; round < 3; round++)
    {
      AdwMessageDialog *dialog;
      g_autofree char *labels = NULL;
      const char *fingerprint;

      wait_for (new_dialog_or_closed, &wait, "a certificate dialog, or the assistant to close");
      if (!gtk_widget_get_visible (GTK_WIDGET (a)))
        break;
      if (a->certificate_dialog == NULL || a->certificate_dialog == wait.answered)
        g_error ("The assistant stopped at: %s", gtk_label_get_text (a->review_label));

      dialog = ADW_MESSAGE_DIALOG (a->certificate_dialog);
      fingerprint = surat_certificate_get_fingerprint (
        surat_certificate_dialog_get_certificate (SURAT_CERTIFICATE_DIALOG (dialog)));
      labels = surat_test_ui_dump_labels (GTK_WIDGET (dialog));
      g_test_message ("dialog %u:\n%s", round, labels);
      g_assert_nonnull (strstr (labels, fingerprint));
      /* Dovecot's certificate signs itself; aiosmtpd's is signed by a
       * test CA that the system does not know. */
      if (g_strcmp0 (fingerprint, surat_test_dovecot_get_fingerprint (dovecot)) == 0)
        g_assert_nonnull (strstr (labels, "The certificate is self-signed"));
      else
        g_assert_nonnull (strstr (labels, "issued by an authority this computer does not know"));
      g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
      if (round == 0)
        {
          screenshot (GTK_WIDGET (dialog), "assistant-4-certificate-dialog");
        }
      pinned_pop3 |= g_strcmp0 (fingerprint, surat_test_dovecot_get_fingerprint (dovecot)) == 0;
      pinned_smtp |= g_strcmp0 (fingerprint, surat_test_smtpd_get_fingerprint (smtpd)) == 0;

      wait.answered = GTK_WIDGET (dialog);
      adw_message_dialog_response (dialog, "trust");
    }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a)));
  g_assert_true (pinned_pop3);
  g_assert_true (pinned_smtp);

  /* accounts.ini, as surat-cli reads it: the servers, the pins, the
   * policy, and no password. */
  ini = read_accounts_ini ();
  g_test_message ("accounts.ini:\n%s", ini);
  g_assert_null (strstr (ini, PASSWORD));
  g_assert_null (strstr (ini, "password"));
  saved = load_only_account ();
  id = g_strdup (surat_account_get_id (saved));
  g_assert_cmpstr (surat_account_get_address (saved), ==, f->address);
  g_assert_cmpstr (surat_account_get_display_name (saved), ==, "Ana Lima");
  g_assert_cmpstr (surat_account_get_pop3_host (saved), ==, surat_test_dovecot_get_host (dovecot));
  g_assert_cmpuint (surat_account_get_pop3_port (saved), ==,
                    surat_test_dovecot_get_pop3s_port (dovecot));
  g_assert_cmpint (surat_account_get_pop3_security (saved), ==, SURAT_SECURITY_TLS);
  g_assert_cmpstr (surat_account_get_pop3_user (saved), ==, f->user);
  g_assert_cmpstr (surat_account_get_pop3_pinned_sha256 (saved), ==,
                   surat_test_dovecot_get_fingerprint (dovecot));
  g_assert_cmpuint (surat_account_get_smtp_port (saved), ==,
                    surat_test_smtpd_get_tls_port (smtpd));
  g_assert_cmpstr (surat_account_get_smtp_pinned_sha256 (saved), ==,
                   surat_test_smtpd_get_fingerprint (smtpd));
  g_assert_true (surat_account_get_keep_on_server (saved));
  g_assert_cmpuint (surat_account_get_delete_after_days (saved), ==, 30);

  /* The keyring has it, read back with libsecret itself. */
  pop3_password = keyring_lookup (id, "pop3");
  smtp_password = keyring_lookup (id, "smtp");
  g_assert_cmpstr (pop3_password, ==, PASSWORD);
  g_assert_cmpstr (smtp_password, ==, PASSWORD);

  /* In the sidebar (by its address), and its mail comes without asking. */
  shown.text = f->address;
  surat_test_ui_wait (on_screen, &shown, 10, "the account in the sidebar");
  surat_test_ui_wait (first_fetch_done, f, 60, "the first fetch");
  maildir = g_strdup (surat_maildir_get_path (
    surat_store_get_maildir (surat_application_get_store (f->app), id, SURAT_FOLDER_INBOX,
                             &error)));
  g_assert_no_error (error);
  kept = surat_test_read_maildir (maildir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, N_SEEDED);
  g_clear_pointer (&kept, g_ptr_array_unref);
  screenshot (GTK_WIDGET (f->window), "window-after-adding");

  /* Preferences (Ctrl+comma): the check interval is the GSettings key. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                  "app.preferences");

    g_assert_cmpstr (accels[0], ==, "<Control>comma");
  }
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  prefs = find_toplevel (SURAT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  settings = surat_application_get_settings (f->app);
  gtk_spin_button_set_value (prefs->interval_spin, 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "check-interval"), ==, 45);
  screenshot (GTK_WIDGET (prefs), "preferences-1-general");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), prefs->accounts_page);
  screenshot (GTK_WIDGET (prefs), "preferences-2-accounts");

  /* Remove: asked first, saying the mail here stays; then gone from
   * accounts.ini and the sidebar, and the Maildir is as it was. */
  g_assert_cmpuint (prefs->groups->len, ==, 1);
  group = g_ptr_array_index (prefs->groups, 0);
  click (GTK_WIDGET (group->remove_button));
  g_assert_nonnull (group->remove_dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (group->remove_dialog)),
                            "mail already on this device stays"));
  screenshot (group->remove_dialog, "preferences-3-remove-account");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (group->remove_dialog), "remove");

  {
    g_autoptr(GPtrArray) accounts = surat_account_load_all (NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (accounts->len, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  shown.present = FALSE;
  surat_test_ui_wait (on_screen, &shown, 10, "the account to leave the sidebar");
  kept = surat_test_read_maildir (maildir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, N_SEEDED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before the isolated XDG dirs hide the MIME database (image loading
   * sniffs content types). */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("test-account-ui needs a display: run it under xvfb-run -a "
                  "dbus-run-session (TESTING.md, “The display”)\n");
      return 1;
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("test-account-ui needs a session bus for the keyring: run it under "
                  "dbus-run-session (TESTING.md, “The keyring”)\n");
      return 1;
    }

  adw_init ();
  surat_core_init ();
  /* Its class registers the resources (the templates). */
  g_type_class_unref (g_type_class_ref (SURAT_TYPE_APPLICATION));
  start_keyring ();
  /* The first fetch of a new account notifies of its mail. */
  surat_test_notifications_start ();

  g_test_add ("/account-ui/assistant/trust-certificate-and-add", Fixture, NULL,
              fixture_setup, test_assistant_trust_and_add, fixture_teardown);
  g_test_add ("/account-ui/assistant/certificate-cancel", Fixture, NULL,
              fixture_setup, test_assistant_certificate_cancel, fixture_teardown);
  g_test_add ("/account-ui/assistant/wrong-password", Fixture, NULL,
              fixture_setup, test_assistant_wrong_password, fixture_teardown);
  g_test_add ("/account-ui/assistant/plain-text-only-when-chosen", Fixture, NULL,
              fixture_setup, test_assistant_plain_text_explicit, fixture_teardown);
  g_test_add ("/account-ui/assistant/password-command", Fixture, NULL,
              fixture_setup, test_assistant_password_command, fixture_teardown);
  g_test_add ("/account-ui/assistant/pages", Fixture, NULL,
              fixture_setup, test_assistant_pages, fixture_teardown);
  g_test_add_func ("/account-ui/certificate-dialog/plain-words", test_certificate_dialog_words);
  g_test_add ("/account-ui/preferences/general", PrefsFixture, NULL,
              prefs_setup, test_prefs_general, prefs_teardown);
  g_test_add ("/account-ui/preferences/edit-account", PrefsFixture, NULL,
              prefs_setup, test_prefs_edit_account, prefs_teardown);
  g_test_add ("/account-ui/preferences/remove-account", PrefsFixture, NULL,
              prefs_setup, test_prefs_remove_account, prefs_teardown);
  g_test_add ("/account-ui/preferences/follow-accounts", PrefsFixture, NULL,
              prefs_setup, test_prefs_follow_accounts, prefs_teardown);
  g_test_add ("/account-ui/app/welcome-wrong-password-add-trust-fetch-preferences-remove", AppFixture, NULL,
              app_setup, test_app_add_account, app_teardown);

  status = g_test_run ();
  g_clear_pointer (&dovecot, surat_test_dovecot_free);
  g_clear_pointer (&smtpd, surat_test_smtpd_free);
  if (smtpd_maildir != NULL)
    surat_test_rm_rf (smtpd_maildir);
  g_free (smtpd_maildir);
  stop_keyring ();
  return status;
}
