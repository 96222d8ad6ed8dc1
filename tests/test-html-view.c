/* test-html-view.c — the message body: remote content blocked, cid: served, text safe
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#ifdef HAVE_WEBKIT
#include <webkit/webkit.h>
#endif

#include "surat-html-view-private.h"
#include "surat-test-ui.h"
#include "surat-test-util.h"

#ifdef HAVE_WEBKIT

/* --- a loopback HTTP server that counts who comes ------------------------------ */

typedef struct {
  GSocketService *service;
  guint16         port;
  gint            connections;   /* atomic */
  GMutex          lock;
  GPtrArray      *paths;         /* what was asked for */
} HttpServer;

static gboolean
http_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             gpointer                user_data)
{
  HttpServer *server = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  static const char reply[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n";
  char buffer[1024];

  g_atomic_int_inc (&server->connections);
  while (strstr (request->str, "\r\n\r\n") == NULL && request->len < 65536)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (request, buffer, n);
    }
  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->paths, g_strndup (request->str, strcspn (request->str, "\r\n")));
  g_mutex_unlock (&server->lock);
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static HttpServer *
http_server_start (void)
{
  HttpServer *server = g_new0 (HttpServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&server->lock);
  server->paths = g_ptr_array_new_with_free_func (g_free);
  server->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "run", G_CALLBACK (http_run_cb), server);
  g_socket_service_start (server->service);
  return server;
}

static void
http_server_stop (HttpServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_ptr_array_unref (server->paths);
  g_mutex_clear (&server->lock);
  g_free (server);
}

static gboolean
server_was_asked_for_all (gpointer data)
{
  HttpServer *server = data;
  static const char *const wanted[] = { "/style.css", "/bg.png", "/pixel.png" };
  gboolean all = TRUE;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < server->paths->len && !found; j++)
        found = strstr (g_ptr_array_index (server->paths, j), wanted[i]) != NULL;
      all = all && found;
    }
  g_mutex_unlock (&server->lock);
  return all;
}

#endif /* HAVE_WEBKIT */

/* --- fixtures ---------------------------------------------------------------- */

typedef struct {
  char          *dir;
  GtkWindow     *window;
  SuratHtmlView *view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static char *webkit_runtime_dir;

  /* WebKit's sandbox puts its D-Bus proxy sockets in
   * $XDG_RUNTIME_DIR/webkitgtk, and remembers that folder for the life of
   * the process; GLib removes each test's isolated XDG dirs after it. So
   * the first test's folder is made again for every test. */
  if (webkit_runtime_dir == NULL)
    webkit_runtime_dir = g_build_filename (g_get_user_runtime_dir (), "webkitgtk", NULL);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_runtime_dir (), 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (webkit_runtime_dir, 0700), ==, 0);
  f->dir = surat_test_make_tmpdir ("html-view");
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 700, 500);
  f->view = SURAT_HTML_VIEW (surat_html_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->view), (gpointer *) &f->view);
  gtk_window_destroy (f->window);
  surat_test_spin (100);
  g_assert_null (f->view);
  surat_test_rm_rf (f->dir);
  g_free (f->dir);
}

static SuratMessage *
message_from (Fixture    *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "message.eml", NULL);
  g_autoptr(GString) crlf = g_string_new (NULL);
  SuratMessage *message;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *p);
    }
  g_file_set_contents (path, crlf->str, crlf->len, &error);
  g_assert_no_error (error);
  message = surat_message_new_from_file (path, &error);
  g_assert_no_error (error);
  return message;
}

#ifdef HAVE_WEBKIT

static gboolean
loaded (gpointer data)
{
  Fixture *f = data;
  GtkWidget *web_view = _surat_html_view_get_web_view (f->view);

  return web_view != NULL && !webkit_web_view_is_loading (WEBKIT_WEB_VIEW (web_view)) &&
         webkit_web_view_get_estimated_load_progress (WEBKIT_WEB_VIEW (web_view)) >= 1.0;
}

/* The page has loaded and the main loop has gone idle a few times: what
 * the page was going to ask for, it has asked for. */
static void
wait_loaded (Fixture *f)
{
  surat_test_ui_wait (loaded, f, 20, "the page to load");
  surat_test_spin (300);
}

static char *
remote_html (guint16 port)
{
  return g_strdup_printf ("From: a@example.org\nTo: b@example.org\nSubject: News\n"
                          "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                          "<!DOCTYPE html><html><head>"
                          "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%u/style.css\">"
                          "<link rel=\"preconnect\" href=\"http://127.0.0.1:%u/\">"
                          "<style>body { background: url(http://127.0.0.1:%u/bg.png); }</style>"
                          "</head><body><h1>Weekly news</h1>"
                          "<img src=\"http://127.0.0.1:%u/pixel.png\" width=1 height=1>"
                          "<p>Read <a href=\"https://example.org/\">more</a>.</p>"
                          "</body></html>\n",
                          port, port, port, port);
}

static void
test_remote_blocked (Fixture       *f,
                     gconstpointer  data)
{
  HttpServer *server = http_server_start ();
  g_autofree char *text = remote_html (server->port);
  g_autoptr(SuratMessage) message = message_from (f, text);

  surat_html_view_set_message (f->view, message);
  wait_loaded (f);

  /* Blocked: nobody was contacted, and the view says it held back. */
  g_assert_cmpint (g_atomic_int_get (&server->connections), ==, 0);
  g_assert_true (surat_html_view_get_remote_blocked (f->view));

  /* Allowed for this message: the server is asked for the picture,
   * the style sheet and the background. */
  surat_html_view_allow_remote (f->view);
  g_assert_false (surat_html_view_get_remote_blocked (f->view));
  wait_loaded (f);
  surat_test_ui_wait (server_was_asked_for_all, server, 20,
                      "the server to be asked for the style sheet, background and picture");
  g_assert_cmpint (g_atomic_int_get (&server->connections), >, 0);

  /* The next message starts blocked again. */
  g_atomic_int_set (&server->connections, 0);
  {
    g_autoptr(SuratMessage) again = message_from (f, text);

    surat_html_view_set_message (f->view, again);
    wait_loaded (f);
    g_assert_cmpint (g_atomic_int_get (&server->connections), ==, 0);
    g_assert_true (surat_html_view_get_remote_blocked (f->view));
  }

  http_server_stop (server);
}

/* The network guard holds without the policy: the proxy of a blocked view
 * is a sink, so even what the policy would let through goes nowhere — and
 * the attempt still shows the "remote content" offer. */
static void
test_guard_without_csp (Fixture       *f,
                        gconstpointer  data)
{
  HttpServer *server = http_server_start ();
  g_autofree char *text = g_strdup_printf ("From: a@example.org\nSubject: x\nMIME-Version: 1.0\n"
                                           "Content-Type: text/html\n\n"
                                           "<p>hi</p><p style=\"x\"><IMG\nSRC=http://127.0.0.1:%u/a.png></p>\n",
                                           server->port);
  g_autoptr(SuratMessage) message = message_from (f, text);
  guint hits = _surat_html_view_get_sink_hits ();

  _surat_html_view_set_csp_enabled (FALSE);
  surat_html_view_set_message (f->view, message);
  wait_loaded (f);
  _surat_html_view_set_csp_enabled (TRUE);

  /* WebKit did try, and the sink took it. */
  g_assert_cmpuint (_surat_html_view_get_sink_hits (), >, hits);
  g_assert_cmpint (g_atomic_int_get (&server->connections), ==, 0);
  g_assert_true (surat_html_view_get_remote_blocked (f->view));
  http_server_stop (server);
}

static gboolean
cid_asked (gpointer data)
{
  Fixture *f = data;

  return _surat_html_view_get_cid_requests (f->view, "logo@example.org") > 0;
}

static void
test_cid_image (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 120, 40);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(SuratMessage) message = NULL;
  gsize png_len;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", &error, NULL);
  g_assert_no_error (error);
  base64 = g_base64_encode ((const guchar *) png, png_len);
  text = g_strdup_printf ("From: Siti <siti@example.org>\nTo: b@example.org\nSubject: Logo\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/related; boundary=\"b1\"\n\n"
                          "--b1\nContent-Type: text/html; charset=utf-8\n\n"
                          "<html><body style=\"font-family: sans-serif\">"
                          "<h2 style=\"color:#26a269\">Quarterly report</h2>"
                          "<p>Our logo: <img src=\"cid:logo@example.org\" alt=\"logo\"></p>"
                          "<p>Remote: <img src=\"http://127.0.0.1:9/x.png\" alt=\"[blocked]\"></p>"
                          "<p><a href=\"mailto:siti@example.org\">Write to Siti</a></p>"
                          "</body></html>\n"
                          "--b1\nContent-Type: image/png\nContent-ID: <logo@example.org>\n"
                          "Content-Transfer-Encoding: base64\n\n%s\n--b1--\n",
                          base64);
  message = message_from (f, text);

  surat_html_view_set_message (f->view, message);
  wait_loaded (f);
  surat_test_ui_wait (cid_asked, f, 20, "the page to ask for cid:logo@example.org");
  g_assert_cmpuint (_surat_html_view_get_cid_requests (f->view, "logo@example.org"), ==, 1);
  g_assert_cmpuint (_surat_html_view_get_cid_requests (f->view, "other"), ==, 0);

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "html-view");
  g_clear_pointer (&shot, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  surat_test_spin (300);
  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "html-view-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

#else /* !HAVE_WEBKIT */

/* Built without WebKit: an HTML-only message shows the text made from it,
 * with its links, and nothing of the markup. */
static void
test_html_as_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SuratMessage) message =
    message_from (f, "From: a@example.org\nSubject: H\nMIME-Version: 1.0\n"
                     "Content-Type: text/html; charset=utf-8\n\n"
                     "<p>Hello <b>world</b>, see https://example.org/x</p>"
                     "<img src=\"http://127.0.0.1:9/t.png\">\n");
  g_autofree char *shown = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  surat_html_view_set_message (f->view, message);
  buffer = gtk_text_view_get_buffer (_surat_html_view_get_text_view (f->view));
  g_assert_null (_surat_html_view_get_web_view (f->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (shown, "Hello world"));
  g_assert_null (strchr (shown, '<'));
}

#endif /* HAVE_WEBKIT */

static GtkTextTag *
link_tag_at (GtkTextBuffer *buffer,
             int            offset)
{
  GtkTextIter iter;
  g_autoptr(GSList) tags = NULL;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    if (_surat_html_view_get_tag_uri (l->data) != NULL)
      return l->data;
  return NULL;
}

static void
assert_link (GtkTextBuffer *buffer,
             const char    *text,
             const char    *word,
             const char    *uri)
{
  const char *at = strstr (text, word);
  int start, end;
  GtkTextTag *tag;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  end = start + g_utf8_strlen (word, -1);
  tag = link_tag_at (buffer, start);
  g_assert_nonnull (tag);
  g_assert_cmpstr (_surat_html_view_get_tag_uri (tag), ==, uri);
  g_assert_true (link_tag_at (buffer, end - 1) == tag);
  /* The link ends with the address, not with the sentence. */
  g_assert_true (link_tag_at (buffer, end) != tag);
  if (start > 0)
    g_assert_true (link_tag_at (buffer, start - 1) != tag);
}

static void
test_text_links (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SuratMessage) message =
    message_from (f, "From: a@example.org\nSubject: Plain\nContent-Type: text/plain; charset=utf-8\n\n"
                     "Hello, see https://example.org. <b>x</b> & &amp;\n"
                     "Mail siti@example.org (or www.example.net/a?b=1).\n");
  g_autofree char *shown = NULL;
  g_autofree char *shot = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  surat_html_view_set_message (f->view, message);
  g_assert_null (_surat_html_view_get_web_view (f->view));
  g_assert_false (surat_html_view_get_remote_blocked (f->view));

  buffer = gtk_text_view_get_buffer (_surat_html_view_get_text_view (f->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* Plain text is never read as markup. */
  g_assert_nonnull (strstr (shown, "<b>x</b> & &amp;"));
  assert_link (buffer, shown, "https://example.org", "https://example.org");
  assert_link (buffer, shown, "siti@example.org", "mailto:siti@example.org");
  assert_link (buffer, shown, "www.example.net/a?b=1", "http://www.example.net/a?b=1");
  g_assert_null (link_tag_at (buffer, g_utf8_pointer_to_offset (shown, strstr (shown, "<b>"))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_surat_html_view_get_text_view (f->view))));
  g_assert_false (gtk_text_view_get_editable (_surat_html_view_get_text_view (f->view)));

  shot = surat_test_ui_screenshot (GTK_WIDGET (f->window), "text-view");
}

static void
mailto_cb (SuratHtmlView *view,
           const char    *uri,
           char         **out)
{
  g_free (*out);
  *out = g_strdup (uri);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* A click on an e-mail address in the text asks for a new message to it. */
static void
test_text_mailto_click (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SuratMessage) message =
    message_from (f, "From: a@example.org\nSubject: Plain\n\nWrite to siti@example.org today.\n");
  g_autofree char *asked = NULL;
  GtkTextView *text_view = _surat_html_view_get_text_view (f->view);
  GtkTextBuffer *buffer;
  GtkGesture *click = NULL;
  GListModel *controllers;
  GtkTextIter iter;
  GdkRectangle rect;
  int x, y;

  g_signal_connect (f->view, "mailto", G_CALLBACK (mailto_cb), &asked);
  surat_html_view_set_message (f->view, message);
  buffer = gtk_text_view_get_buffer (text_view);
  surat_test_ui_wait (is_mapped, text_view, 5, "the text to be on screen");
  surat_test_spin (100);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (text_view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          g_signal_has_handler_pending (controller, g_signal_lookup ("released", GTK_TYPE_GESTURE_CLICK),
                                        0, FALSE))
        click = GTK_GESTURE (controller);
    }
  g_object_unref (controllers);
  g_assert_nonnull (click);

  /* A click on "Write" is not a link. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 1);
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + 1, rect.y + rect.height / 2, &x, &y);
  g_signal_emit_by_name (click, "released", 1, (double) x, (double) y);
  g_assert_null (asked);

  /* In the middle of the address. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, strlen ("Write to siti@"));
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + 1, rect.y + rect.height / 2, &x, &y);
  g_signal_emit_by_name (click, "released", 1, (double) x, (double) y);
  g_assert_cmpstr (asked, ==, "mailto:siti@example.org");
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          g_signal_has_handler_pending (controller,
                                        g_signal_lookup ("key-pressed", GTK_TYPE_EVENT_CONTROLLER_KEY),
                                        0, FALSE))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          return handled;
        }
    }
  g_error ("No key handler on the text view");
  return FALSE;
}

/* The keyboard reaches links: F7 shows the caret, Enter in an address
 * opens it, Enter elsewhere does nothing. */
static void
test_text_link_keyboard (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SuratMessage) message =
    message_from (f, "From: a@example.org\nSubject: Plain\n\nWrite to siti@example.org today.\n");
  g_autofree char *asked = NULL;
  GtkTextView *text_view = _surat_html_view_get_text_view (f->view);
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_signal_connect (f->view, "mailto", G_CALLBACK (mailto_cb), &asked);
  surat_html_view_set_message (f->view, message);
  buffer = gtk_text_view_get_buffer (text_view);

  g_assert_false (gtk_text_view_get_cursor_visible (text_view));
  g_assert_true (press_key (GTK_WIDGET (text_view), GDK_KEY_F7));
  g_assert_true (gtk_text_view_get_cursor_visible (text_view));

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_false (press_key (GTK_WIDGET (text_view), GDK_KEY_Return));
  g_assert_null (asked);

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, strlen ("Write to siti@"));
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (press_key (GTK_WIDGET (text_view), GDK_KEY_Return));
  g_assert_cmpstr (asked, ==, "mailto:siti@example.org");
}

int
main (int    argc,
      char **argv)
{
  surat_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#ifdef HAVE_WEBKIT
  /* Short paths: WebKit's sandbox binds a socket under the per-test
   * XDG_RUNTIME_DIR, and a socket path has at most 107 bytes. */
  ADD ("/html/remote/blocked", test_remote_blocked);
  ADD ("/html/remote/no-csp-guard", test_guard_without_csp);
  ADD ("/html/cid/served", test_cid_image);
#else
  ADD ("/html/text/html-without-webkit", test_html_as_text);
#endif
  ADD ("/html/text/links", test_text_links);
  ADD ("/html/text/mailto-click", test_text_mailto_click);
  ADD ("/html/text/link-keyboard", test_text_link_keyboard);
#undef ADD

  return g_test_run ();
}
