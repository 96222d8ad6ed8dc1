/* surat-html-view-private.h — what the tests look into
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-html-view.h"

G_BEGIN_DECLS

/* The text view showing a text body (always exists). */
GtkTextView *_surat_html_view_get_text_view   (SuratHtmlView *self);
/* The WebKitWebView showing the HTML body, or NULL (text shown, or built
 * without WebKit). It is replaced when remote content is allowed. */
GtkWidget   *_surat_html_view_get_web_view    (SuratHtmlView *self);
/* How many times the page asked for "cid:@content_id". */
guint        _surat_html_view_get_cid_requests (SuratHtmlView *self,
                                                const char    *content_id);
/* Tests only: FALSE leaves out the Content-Security-Policy, to prove the
 * network guard holds on its own. */
void         _surat_html_view_set_csp_enabled (gboolean       enabled);
/* How many connections the blocked views' proxy sink has taken. */
guint        _surat_html_view_get_sink_hits   (void);
/* The URI a link tag of the text view points to, or NULL. */
const char  *_surat_html_view_get_tag_uri     (GtkTextTag    *tag);

G_END_DECLS
