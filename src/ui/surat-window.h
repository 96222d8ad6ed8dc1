/* surat-window.h — the main window: folders, messages, a message
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"

G_BEGIN_DECLS

#define SURAT_TYPE_WINDOW (surat_window_get_type ())

G_DECLARE_FINAL_TYPE (SuratWindow, surat_window, SURAT, WINDOW, AdwApplicationWindow)

SuratWindow *surat_window_new (SuratApplication *app);

G_END_DECLS
