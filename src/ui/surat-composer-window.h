/* surat-composer-window.h — writing a message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

/*
 * A window per message being written (SuratDraft): From (the account),
 * To, Cc, Bcc with completion from the address book, Subject, the text,
 * the attachments. Saved into Drafts a few seconds after each change and
 * on close; Send (Ctrl+Return) checks the addresses (a bad one is
 * selected in its field and named) and hands the draft to
 * surat_application_send_draft().
 */

#define SURAT_TYPE_COMPOSER_WINDOW (surat_composer_window_get_type ())

G_DECLARE_FINAL_TYPE (SuratComposerWindow, surat_composer_window, SURAT, COMPOSER_WINDOW,
                      AdwWindow)

SuratComposerWindow *surat_composer_window_new       (SuratApplication    *app,
                                                      SuratDraft          *draft);
SuratDraft          *surat_composer_window_get_draft (SuratComposerWindow *self);

/* At start: drafts that were open when the app died are offered back (a
 * dialog over @parent naming them; Open reopens each in a composer). */
void                 surat_composer_offer_interrupted (SuratApplication   *app,
                                                       GtkWindow          *parent);

G_END_DECLS
