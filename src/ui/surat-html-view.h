/* surat-html-view.h — a message's body: HTML in WebKitGTK, safely, or text
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "surat-core.h"

G_BEGIN_DECLS

/*
 * Shows a SuratMessage's body (DESIGN.md "Security rules"):
 * - HTML in a WebKitWebView with JavaScript off, no plugins, no remote
 *   load of any kind (images, CSS, fonts, frames, prefetch, preconnect,
 *   DNS prefetch) until surat_html_view_allow_remote() for this message;
 *   "cid:" URLs served from the message's own parts; links never navigate
 *   the view: activating one opens it in the desktop's browser (or, for
 *   mailto:, emits ::mailto).
 * - The text body in a read-only GtkTextView with clickable links when the
 *   message has no HTML, or when built without WebKit (-Dhtml=disabled).
 *
 * Properties: "remote-blocked" (bool, read-only): the shown HTML wanted
 * something remote and it was refused — the view above offers "Show
 * remote content". "message" (SuratMessage, read-write): as the setter.
 *
 * Signals: "mailto" (const char *uri): the person clicked a mailto: link
 * (RFC 6068), in the HTML or in the text; nothing else happens with it.
 */

#define SURAT_TYPE_HTML_VIEW (surat_html_view_get_type ())

G_DECLARE_FINAL_TYPE (SuratHtmlView, surat_html_view, SURAT, HTML_VIEW, GtkWidget)

GtkWidget *surat_html_view_new                (void);
/* (nullable) @message: shows it; NULL clears the view. */
void       surat_html_view_set_message        (SuratHtmlView *self,
                                               SuratMessage  *message);
SuratMessage *surat_html_view_get_message     (SuratHtmlView *self);
gboolean   surat_html_view_get_remote_blocked (SuratHtmlView *self);
/* Reloads the current message with remote content allowed, for it only. */
void       surat_html_view_allow_remote       (SuratHtmlView *self);

G_END_DECLS
