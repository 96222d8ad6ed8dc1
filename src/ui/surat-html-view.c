/* surat-html-view.c — a message's body: HTML in WebKitGTK, safely, or text
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#ifdef HAVE_WEBKIT
#include <webkit/webkit.h>
#endif

#include "surat-html-view-private.h"
#include "surat-window.h"

/*
 * Remote content is kept out in layers (DESIGN.md "Security rules"):
 *
 * 1. A Content-Security-Policy <meta> goes in front of the message's HTML:
 *    default-src 'none', pictures and styles only from "cid:" (the
 *    message's own parts) and "data:"; no scripts, frames, objects, fonts
 *    or forms from anywhere. A policy the message brings itself can only
 *    narrow ours (CSP3 §8.1: every policy is enforced). It also turns DNS
 *    prefetching off (x-dns-prefetch-control), which CSP does not cover.
 * 2. Every blocked view has its own ephemeral network session whose proxy
 *    is a "sink" on the loopback that we own: it takes each connection and
 *    closes it at once. Whatever slips past the policy (a preconnect, a
 *    WebKit bug) reaches nobody outside this process.
 * 3. JavaScript is off, and no navigation happens in the view: a click on
 *    a link opens the desktop's browser; everything else is refused.
 *
 * "Show remote content" builds a new web view whose session goes out
 * directly and whose policy also allows http: and https: pictures, styles
 * and fonts, for that message only: showing another message starts from a
 * blocked view again (a session is never switched back and forth, so no
 * request can race the change of proxy).
 */

struct _SuratHtmlView
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkTextView   *text_view;
  GtkWidget     *web_view;         /* (nullable) */
  gboolean       web_allows_remote;

  SuratMessage  *message;
  gboolean       remote_blocked;
  gboolean       remote_allowed;
  GHashTable    *cid_requests;     /* char* → count */
};

G_DEFINE_FINAL_TYPE (SuratHtmlView, surat_html_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_REMOTE_BLOCKED,
  N_PROPS
};

enum {
  SIGNAL_MAILTO,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static gboolean csp_enabled = TRUE;

/* The page the HTML is loaded as: relative URLs lead nowhere. */
#define BASE_URI "about:blank"

static void
set_remote_blocked (SuratHtmlView *self,
                    gboolean       blocked)
{
  if (self->remote_blocked == blocked)
    return;
  self->remote_blocked = blocked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_BLOCKED]);
}

/* No browser, or it failed: the person clicked and must hear why. */
static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SuratHtmlView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    surat_window_report_error (GTK_WIDGET (self), error);
}

/* Links: http(s) to the browser, mailto: to whoever listens. Other
 * schemes (file:, data:, javascript:, cid:) are never opened from mail. */
static void
open_link (SuratHtmlView *self,
           const char    *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  GtkRoot *root;

  if (scheme == NULL)
    return;
  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    {
      g_signal_emit (self, signals[SIGNAL_MAILTO], 0, uri);
      return;
    }
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     NULL, show_uri_cb, g_object_ref (self));
}

/* --- the text body ------------------------------------------------------------ */

const char *
_surat_html_view_get_tag_uri (GtkTextTag *tag)
{
  return g_object_get_data (G_OBJECT (tag), "surat-uri");
}

static const char *
uri_at_iter (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (_surat_html_view_get_tag_uri (l->data) != NULL)
      return _surat_html_view_get_tag_uri (l->data);
  return NULL;
}

static const char *
uri_at (SuratHtmlView *self,
        double         x,
        double         y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;
  return uri_at_iter (&iter);
}

/* The keyboard reaches links too: F7 shows a caret to move with the arrow
 * keys (caret browsing, as elsewhere in GNOME), Enter opens the link the
 * caret is in. */
static gboolean
text_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     SuratHtmlView         *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;
  const char *uri;

  if (keyval == GDK_KEY_F7)
    {
      gtk_text_view_set_cursor_visible (self->text_view,
                                        !gtk_text_view_get_cursor_visible (self->text_view));
      return TRUE;
    }
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  uri = uri_at_iter (&iter);
  if (uri == NULL)
    return FALSE;
  open_link (self, uri);
  return TRUE;
}

static void
text_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SuratHtmlView   *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *uri;

  /* The end of a drag that selected text is not a click on a link. */
  if (n_press != 1 || gtk_text_buffer_get_has_selection (buffer))
    return;
  uri = uri_at (self, x, y);
  if (uri != NULL)
    open_link (self, uri);
}

static void
text_motion_cb (GtkEventControllerMotion *motion,
                double                    x,
                double                    y,
                SuratHtmlView            *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view),
                                   uri_at (self, x, y) ? "pointer" : "text");
}

/* Web addresses and e-mail addresses in running text. Punctuation that
 * ends a sentence is not part of the address, nor is a closing
 * parenthesis without its opening one ("(see https://x.org/a)"). */
static void
add_links (GtkTextBuffer *buffer,
           const char    *text)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                       g_regex_new ("(?:\\b(?:https?|ftp)://|\\bwww\\.)[^\\s<>\"]+"
                                    "|(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
                                    G_REGEX_OPTIMIZE, 0, NULL));

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);
      g_autofree char *uri = NULL;
      GtkTextIter start, end;
      GtkTextTag *tag;
      int from, to;
      gsize len;

      g_match_info_fetch_pos (match, 0, &from, &to);
      len = strlen (word);
      while (len > 0 && strchr (".,;:!?'\"*", word[len - 1]) != NULL)
        len--;
      if (len > 0 && word[len - 1] == ')' && strchr (word, '(') == NULL)
        len--;
      word[len] = '\0';
      to = from + len;

      if (strstr (word, "://") != NULL || g_str_has_prefix (word, "mailto:"))
        uri = g_strdup (word);
      else if (g_str_has_prefix (word, "www."))
        uri = g_strconcat ("http://", word, NULL);
      else
        uri = g_strconcat ("mailto:", word, NULL);

      tag = gtk_text_buffer_create_tag (buffer, NULL, NULL);
      g_object_set_data_full (G_OBJECT (tag), "surat-uri", g_steal_pointer (&uri), g_free);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (text, text + from));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, g_utf8_pointer_to_offset (text, text + to));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      gtk_text_buffer_apply_tag_by_name (buffer, "link", &start, &end);

      g_match_info_next (match, NULL);
    }
}

static void
show_text (SuratHtmlView *self,
           const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_buffer_new (NULL);
  /* Adwaita's blue 3: readable on the light and the dark style. */
  GdkRGBA blue = { 0.21, 0.52, 0.89, 1.0 };

  gtk_text_buffer_create_tag (buffer, "link",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              "foreground-rgba", &blue,
                              NULL);
  /* Plain text stays plain: set as text, never as markup. */
  gtk_text_buffer_set_text (buffer, text, -1);
  add_links (buffer, text);
  gtk_text_view_set_buffer (self->text_view, buffer);
  g_object_unref (buffer);
  gtk_stack_set_visible_child_name (self->stack, "text");
}

/* --- the HTML body ------------------------------------------------------------ */

#ifdef HAVE_WEBKIT

static WebKitWebContext *web_context;
static GSocketService *sink;
static char *sink_uri;
static GList *views;
static guint sink_hits;

/* The proxy of a blocked view: takes each connection and drops it. A
 * connection here means something tried to go out past the policy; the
 * views still blocking learn that the message wants remote content. */
static gboolean
sink_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  gpointer           user_data)
{
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  sink_hits++;
  for (GList *l = views; l != NULL; l = l->next)
    {
      SuratHtmlView *self = l->data;

      if (self->web_view != NULL && !self->web_allows_remote)
        set_remote_blocked (self, TRUE);
    }
  return TRUE;
}

static const char *
get_sink_uri (void)
{
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;

  if (sink_uri != NULL)
    return sink_uri;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  any = g_inet_socket_address_new (loopback, 0);
  sink = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (sink), any, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
    {
      /* Port 9 (discard) on the loopback: nothing listens there on a
       * desktop, so a request fails instead of going out. */
      g_warning ("Cannot listen on the loopback: %s", error->message);
      sink_uri = g_strdup ("http://127.0.0.1:9");
      return sink_uri;
    }
  g_signal_connect (sink, "incoming", G_CALLBACK (sink_incoming_cb), NULL);
  g_socket_service_start (sink);
  sink_uri = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return sink_uri;
}

/* RFC 2392: "cid:" URLs name a part of the same message by Content-ID,
 * URL-encoded. */
static void
cid_scheme_cb (WebKitURISchemeRequest *request,
               gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  SuratHtmlView *self = g_object_get_data (G_OBJECT (web_view), "surat-html-view");
  SuratMessage *message = g_object_get_data (G_OBJECT (web_view), "surat-message");
  const char *uri = webkit_uri_scheme_request_get_uri (request);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_id = NULL;
  g_autofree char *mime_type = NULL;

  content_id = g_uri_unescape_string (uri + strlen ("cid:"), NULL);
  if (self == NULL || message == NULL || content_id == NULL)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such part");
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  g_hash_table_insert (self->cid_requests, g_strdup (content_id),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->cid_requests,
                                                                               content_id)) + 1));
  bytes = surat_message_get_part_by_cid (message, content_id, &mime_type, &error);
  if (bytes == NULL)
    {
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  stream = g_memory_input_stream_new_from_bytes (bytes);
  webkit_uri_scheme_request_finish (request, stream, g_bytes_get_size (bytes), mime_type);
}

static WebKitWebContext *
get_web_context (void)
{
  if (web_context == NULL)
    {
      web_context = webkit_web_context_new ();
      webkit_web_context_set_cache_model (web_context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
      webkit_web_context_register_uri_scheme (web_context, "cid", cid_scheme_cb, NULL, NULL);
    }
  return web_context;
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  SuratHtmlView            *self)
{
  WebKitNavigationAction *action;
  const char *uri;

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
      uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

      /* Our own load, and jumps within it ("#section"). */
      if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
          (g_strcmp0 (uri, BASE_URI) == 0 || g_str_has_prefix (uri, BASE_URI "#")))
        {
          webkit_policy_decision_use (decision);
          return TRUE;
        }

      webkit_policy_decision_ignore (decision);
      if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
          webkit_navigation_action_is_user_gesture (action))
        open_link (self, uri);
      return TRUE;

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
    default:
      return FALSE;
    }
}

/* Only what reads the page: no Reload, Back, Open in New Window, Inspect. */
static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit,
                 SuratHtmlView       *self)
{
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  for (GList *l = items; l != NULL; l = l->next)
    {
      switch (webkit_context_menu_item_get_stock_action (l->data))
        {
        case WEBKIT_CONTEXT_MENU_ACTION_COPY:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD:
        case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
          break;

        default:
          webkit_context_menu_remove (menu, l->data);
          break;
        }
    }
  g_list_free (items);
  return webkit_context_menu_get_n_items (menu) == 0;
}

static GtkWidget *
new_web_view (SuratHtmlView *self,
              gboolean       allow_remote)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  g_autoptr(WebKitSettings) settings = webkit_settings_new ();
  GdkRGBA white = { 1, 1, 1, 1 };
  GtkWidget *web_view;

  if (allow_remote)
    webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_DEFAULT, NULL);
  else
    {
      /* No exceptions: not even the loopback goes direct. */
      const char *const ignore[] = { NULL };
      WebKitNetworkProxySettings *proxy = webkit_network_proxy_settings_new (get_sink_uri (),
                                                                             ignore);

      webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
      webkit_network_proxy_settings_free (proxy);
    }

  webkit_settings_set_enable_javascript (settings, FALSE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_media (settings, FALSE);
  webkit_settings_set_enable_media_stream (settings, FALSE);
  webkit_settings_set_enable_mediasource (settings, FALSE);
  webkit_settings_set_enable_encrypted_media (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_webrtc (settings, FALSE);
  webkit_settings_set_enable_fullscreen (settings, FALSE);
  webkit_settings_set_media_playback_requires_user_gesture (settings, TRUE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);
  webkit_settings_set_allow_file_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_universal_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_modal_dialogs (settings, FALSE);

  web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                           "web-context", get_web_context (),
                           "network-session", session,
                           "settings", settings,
                           "hexpand", TRUE,
                           "vexpand", TRUE,
                           NULL);
  /* Mail HTML is written for a white page, whatever the desktop's style. */
  webkit_web_view_set_background_color (WEBKIT_WEB_VIEW (web_view), &white);
  g_object_set_data (G_OBJECT (web_view), "surat-html-view", self);
  g_signal_connect (web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  g_signal_connect (web_view, "context-menu", G_CALLBACK (context_menu_cb), self);
  return web_view;
}

static void
drop_web_view (SuratHtmlView *self)
{
  if (self->web_view == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->web_view, self);
  g_object_set_data (G_OBJECT (self->web_view), "surat-html-view", NULL);
  webkit_web_view_stop_loading (WEBKIT_WEB_VIEW (self->web_view));
  gtk_stack_remove (self->stack, self->web_view);
  self->web_view = NULL;
}

/* Does the HTML ask for something remote? Only decides whether the "Show
 * remote content" offer appears; the blocking never depends on it. */
static gboolean
wants_remote (const char *html)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                       g_regex_new ("\\b(?:src|srcset|background|poster|data|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//"
                                    "|url\\(\\s*[\"']?\\s*(?:https?:)?//"
                                    "|@import\\s+[\"']?\\s*(?:https?:)?//",
                                    G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));

  /* href= is a link in <a>, which is not loaded; only <link href=…>
   * (style sheets) counts. */
  {
    g_autoptr(GMatchInfo) match = NULL;

    g_regex_match (regex, html, 0, &match);
    while (g_match_info_matches (match))
      {
        int from, to;
        const char *tag;

        g_match_info_fetch_pos (match, 0, &from, &to);
        if (g_ascii_strncasecmp (html + from, "href", 4) != 0)
          return TRUE;
        /* The element this attribute belongs to. */
        for (tag = html + from; tag > html && *tag != '<'; tag--)
          ;
        if (g_ascii_strncasecmp (tag, "<link", 5) == 0)
          return TRUE;
        g_match_info_next (match, NULL);
      }
  }
  return FALSE;
}

static char *
prepare_html (const char *html,
              gboolean    allow_remote)
{
  const char *remote = allow_remote ? " http: https:" : "";
  g_autoptr(GString) page = g_string_new (NULL);
  const char *body = html;

  /* A <!DOCTYPE> stays first, or the page falls into quirks mode. */
  while (g_ascii_isspace (*body))
    body++;
  if (g_ascii_strncasecmp (body, "<!doctype", 9) == 0 && strchr (body, '>') != NULL)
    {
      const char *end = strchr (body, '>') + 1;

      g_string_append_len (page, body, end - body);
      body = end;
    }

  if (csp_enabled)
    g_string_append_printf (page,
                            "<meta http-equiv=\"Content-Security-Policy\" content=\""
                            "default-src 'none'; "
                            "img-src cid: data:%s; "
                            "style-src 'unsafe-inline' cid: data:%s; "
                            "font-src cid: data:%s; "
                            "base-uri 'none'; form-action 'none'\">",
                            remote, remote, remote);
  g_string_append (page,
                   "<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">"
                   "<meta name=\"color-scheme\" content=\"light\">"
                   "<style>html { background: #fff; color: #000; }</style>");
  g_string_append (page, body);
  return g_string_free (g_steal_pointer (&page), FALSE);
}

static void
show_html (SuratHtmlView *self,
           const char    *html)
{
  g_autofree char *page = NULL;

  if (self->web_view != NULL && self->web_allows_remote != self->remote_allowed)
    drop_web_view (self);
  if (self->web_view == NULL)
    {
      self->web_view = new_web_view (self, self->remote_allowed);
      self->web_allows_remote = self->remote_allowed;
      gtk_stack_add_named (self->stack, self->web_view, "html");
    }

  g_object_set_data_full (G_OBJECT (self->web_view), "surat-message",
                          g_object_ref (self->message), g_object_unref);
  g_hash_table_remove_all (self->cid_requests);
  page = prepare_html (html, self->remote_allowed);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (self->web_view), page, BASE_URI);
  gtk_stack_set_visible_child_name (self->stack, "html");
  set_remote_blocked (self, !self->remote_allowed && wants_remote (html));
}

#endif /* HAVE_WEBKIT */

static void
show_message (SuratHtmlView *self)
{
#ifdef HAVE_WEBKIT
  const char *html = surat_message_get_html (self->message);

  if (html != NULL)
    {
      show_html (self, html);
      return;
    }
#endif
  set_remote_blocked (self, FALSE);
  show_text (self, surat_message_get_text (self->message));
}

/* --- the widget --------------------------------------------------------------- */

static void
surat_html_view_dispose (GObject *object)
{
  SuratHtmlView *self = (SuratHtmlView *) object;

#ifdef HAVE_WEBKIT
  views = g_list_remove (views, self);
  if (self->stack != NULL)
    drop_web_view (self);
#endif
  g_clear_object (&self->message);
  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }

  G_OBJECT_CLASS (surat_html_view_parent_class)->dispose (object);
}

static void
surat_html_view_finalize (GObject *object)
{
  SuratHtmlView *self = (SuratHtmlView *) object;

  g_clear_pointer (&self->cid_requests, g_hash_table_unref);

  G_OBJECT_CLASS (surat_html_view_parent_class)->finalize (object);
}

static void
surat_html_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SuratHtmlView *self = SURAT_HTML_VIEW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case PROP_REMOTE_BLOCKED:
      g_value_set_boolean (value, self->remote_blocked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_html_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SuratHtmlView *self = SURAT_HTML_VIEW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      surat_html_view_set_message (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_html_view_class_init (SuratHtmlViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_html_view_dispose;
  object_class->finalize = surat_html_view_finalize;
  object_class->get_property = surat_html_view_get_property;
  object_class->set_property = surat_html_view_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, SURAT_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_BLOCKED] =
    g_param_spec_boolean ("remote-blocked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SuratHtmlView::mailto:
   * @uri: the "mailto:" URI (RFC 6068) the person clicked
   */
  signals[SIGNAL_MAILTO] =
    g_signal_new ("mailto", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "htmlview");
}

static void
surat_html_view_init (SuratHtmlView *self)
{
  GtkWidget *scroller;
  GtkEventController *motion;
  GtkEventController *key;
  GtkGesture *click;

  self->cid_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text_view, 18);
  gtk_text_view_set_right_margin (self->text_view, 18);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_bottom_margin (self->text_view, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message text"), -1);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (text_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (text_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), motion);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (text_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), key);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->text_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_stack_add_named (self->stack, scroller, "text");

#ifdef HAVE_WEBKIT
  views = g_list_prepend (views, self);
#endif
}

GtkWidget *
surat_html_view_new (void)
{
  return g_object_new (SURAT_TYPE_HTML_VIEW, NULL);
}

void
surat_html_view_set_message (SuratHtmlView *self,
                             SuratMessage  *message)
{
  g_return_if_fail (SURAT_IS_HTML_VIEW (self));
  g_return_if_fail (message == NULL || SURAT_IS_MESSAGE (message));

  /* Allowing remote content is for one message only. */
  self->remote_allowed = FALSE;
  if (!g_set_object (&self->message, message) && message == NULL)
    return;

  if (message == NULL)
    {
#ifdef HAVE_WEBKIT
      drop_web_view (self);
#endif
      set_remote_blocked (self, FALSE);
      show_text (self, "");
    }
  else
    show_message (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

SuratMessage *
surat_html_view_get_message (SuratHtmlView *self)
{
  g_return_val_if_fail (SURAT_IS_HTML_VIEW (self), NULL);
  return self->message;
}

gboolean
surat_html_view_get_remote_blocked (SuratHtmlView *self)
{
  g_return_val_if_fail (SURAT_IS_HTML_VIEW (self), FALSE);
  return self->remote_blocked;
}

void
surat_html_view_allow_remote (SuratHtmlView *self)
{
  g_return_if_fail (SURAT_IS_HTML_VIEW (self));

  if (self->message == NULL || self->remote_allowed)
    return;
  self->remote_allowed = TRUE;
  show_message (self);
}

GtkTextView *
_surat_html_view_get_text_view (SuratHtmlView *self)
{
  return self->text_view;
}

GtkWidget *
_surat_html_view_get_web_view (SuratHtmlView *self)
{
  return self->web_view;
}

guint
_surat_html_view_get_cid_requests (SuratHtmlView *self,
                                   const char    *content_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->cid_requests, content_id));
}

void
_surat_html_view_set_csp_enabled (gboolean enabled)
{
  csp_enabled = enabled;
}

guint
_surat_html_view_get_sink_hits (void)
{
#ifdef HAVE_WEBKIT
  return sink_hits;
#else
  return 0;
#endif
}
