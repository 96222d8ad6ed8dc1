/* surat-composer-window.c — STUB: link stub, to be replaced */
#include "config.h"

#include "surat-composer-window.h"

struct _SuratComposerWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (SuratComposerWindow, surat_composer_window, ADW_TYPE_WINDOW)

static void surat_composer_window_class_init (SuratComposerWindowClass *klass) { }
static void surat_composer_window_init (SuratComposerWindow *self) { }

SuratComposerWindow *
surat_composer_window_new (SuratApplication *app,
                           SuratDraft       *draft)
{
  g_critical ("STUB: surat_composer_window_new");
  return g_object_new (SURAT_TYPE_COMPOSER_WINDOW, "application", app, NULL);
}

SuratDraft *
surat_composer_window_get_draft (SuratComposerWindow *self)
{
  g_critical ("STUB: surat_composer_window_get_draft");
  return NULL;
}

void
surat_composer_offer_interrupted (SuratApplication *app,
                                  GtkWindow        *parent)
{
}
