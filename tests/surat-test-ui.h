/* surat-test-ui.h — driving the real app in a test: wait, find, look, screenshot
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "surat-application.h"
#include "surat-composer-window.h"

G_BEGIN_DECLS

/* Fails the test with a clear message when there is no display
 * (tools/test provides one through tools/with-display). */
void              surat_test_ui_require_display (void);
/* g_test_init() for a UI test program: the build's translations (the
 * locale of the environment, SURAT_LOCALEDIR), the MIME database kept
 * visible (picture loading sniffs types) before the isolated XDG dirs
 * hide it, a display required, GTK, libadwaita and the core set up. */
void              surat_test_ui_init            (int                 *argc,
                                                 char              ***argv);
/* A SuratApplication that does not claim the desktop's bus name (several
 * per test binary), registered and activated: its window is open. */
SuratApplication *surat_test_ui_start_app       (void);
/* Closes every window and drops the app; spins until it is gone. */
void              surat_test_ui_stop_app        (SuratApplication *app);
/* The app's main window. */
GtkWindow        *surat_test_ui_get_window      (SuratApplication *app);

typedef gboolean (*SuratTestUiCondition) (gpointer data);
/* Spins the main context until @condition holds; fails the test after
 * @seconds with @what in the message. */
void              surat_test_ui_wait            (SuratTestUiCondition condition,
                                                 gpointer             data,
                                                 guint                seconds,
                                                 const char          *what);
/* Spins until @instance emits @signal (or @seconds pass: failure). */
void              surat_test_ui_wait_signal     (gpointer             instance,
                                                 const char          *signal,
                                                 guint                seconds);

/* The first mapped (on screen) descendant of @root (depth first) of @type whose label
 * text (GtkLabel, GtkButton) contains @text; NULL when none. */
GtkWidget        *surat_test_ui_find            (GtkWidget           *root,
                                                 GType                type,
                                                 const char          *text);
/* @app's composer window (the last opened), or NULL; _wait_ polls for one
 * and fails after @seconds. */
SuratComposerWindow *surat_test_ui_find_composer (SuratApplication *app);
SuratComposerWindow *surat_test_ui_wait_composer (SuratApplication *app,
                                                  guint             seconds);
/* The message dialog on screen (a dialog has a parent, not an
 * application), or NULL; _wait_ polls for one and fails after @seconds. */
AdwMessageDialog *surat_test_ui_find_dialog     (void);
AdwMessageDialog *surat_test_ui_wait_dialog     (guint                seconds);
/* Fails the test, listing what is on screen, unless a widget under @root
 * shows @text. */
void              surat_test_ui_assert_shows    (GtkWidget           *root,
                                                 const char          *text);
/* surat_test_ui_find(), polled until it finds something (transitions,
 * revealers); fails the test after @seconds, listing what is on screen. */
GtkWidget        *surat_test_ui_wait_for        (GtkWidget           *root,
                                                 GType                type,
                                                 const char          *text,
                                                 guint                seconds);
/* Every mapped GtkLabel text under @root, joined by "\n" (for messages). */
char             *surat_test_ui_dump_labels     (GtkWidget           *root);

/* Renders @widget (a window) to G_TEST_BUILDDIR/screenshots/@name.png and
 * returns the path; waits until it is on screen and drawn. */
char             *surat_test_ui_screenshot      (GtkWidget           *widget,
                                                 const char          *name);

/* A notification server (org.freedesktop.Notifications) on the session
 * bus of the test, which records what it is asked to show: "summary\nbody"
 * per notification. Call before the app sends anything. */
typedef struct _SuratTestNotifications SuratTestNotifications;
SuratTestNotifications *surat_test_notifications_start (void);
/* (element-type utf8) (transfer none) */
GPtrArray              *surat_test_notifications_get   (SuratTestNotifications *self);

G_END_DECLS
