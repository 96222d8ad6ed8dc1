/* surat-composer-recovery.c — drafts left open by a crash, offered back
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-composer-window.h"

typedef struct {
  SuratApplication *app;
  GtkWindow        *parent;
  GPtrArray        *paths;
  guint             next;
  SuratDraft       *draft;
} Recovery;

static void
recovery_free (Recovery *recovery)
{
  g_clear_object (&recovery->app);
  g_clear_weak_pointer (&recovery->parent);
  g_clear_pointer (&recovery->paths, g_ptr_array_unref);
  g_clear_object (&recovery->draft);
  g_free (recovery);
}

static void offer_next (Recovery *recovery);

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Recovery         *recovery)
{
  SuratStore *store = surat_application_get_store (recovery->app);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "recover") == 0)
    {
      SuratComposerWindow *composer = surat_composer_window_new (recovery->app, recovery->draft);

      gtk_window_present (GTK_WINDOW (composer));
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      if (!surat_draft_discard (recovery->draft, store, &error))
        g_warning ("Could not discard the interrupted draft: %s", error->message);
    }
  /* Anything else (the dialog closed): the draft stays in Drafts. */
  g_clear_object (&recovery->draft);
  offer_next (recovery);
}

static void
offer_next (Recovery *recovery)
{
  SuratStore *store = surat_application_get_store (recovery->app);
  g_autofree char *subject_text = NULL;
  const char *subject;
  GtkWidget *dialog;

  while (recovery->draft == NULL && recovery->next < recovery->paths->len)
    {
      const char *path = g_ptr_array_index (recovery->paths, recovery->next++);
      g_autoptr(GError) error = NULL;

      recovery->draft = surat_draft_load (store, path, &error);
      if (recovery->draft == NULL)
        g_warning ("Could not read the interrupted draft %s: %s", path, error->message);
    }
  if (recovery->draft == NULL)
    {
      recovery_free (recovery);
      return;
    }

  subject = surat_draft_get_subject (recovery->draft);
  if (subject != NULL && *subject != '\0')
    subject_text = g_strdup_printf (_("Surat closed while you were writing “%s”. It was "
                                      "saved in Drafts."), subject);
  else
    subject_text = g_strdup (_("Surat closed while you were writing a message without a "
                               "subject. It was saved in Drafts."));
  dialog = adw_message_dialog_new (recovery->parent,
                                   _("Recover the message you were writing?"),
                                   subject_text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), recovery);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
surat_composer_offer_interrupted (SuratApplication *app,
                                  GtkWindow        *parent)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  Recovery *recovery;

  g_return_if_fail (SURAT_IS_APPLICATION (app));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  paths = surat_draft_list_interrupted (surat_application_get_store (app), &error);
  if (paths == NULL)
    {
      g_warning ("Could not read the list of open drafts: %s", error->message);
      return;
    }
  if (paths->len == 0)
    return;

  recovery = g_new0 (Recovery, 1);
  recovery->app = g_object_ref (app);
  g_set_weak_pointer (&recovery->parent, parent);
  recovery->paths = g_steal_pointer (&paths);
  offer_next (recovery);
}
