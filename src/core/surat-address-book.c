/* surat-address-book.c — STUB: link stub, to be replaced by the implementation */
#include "config.h"

#include "surat-address-book.h"

struct _SuratAddressBook
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SuratAddressBook, surat_address_book, G_TYPE_OBJECT)

static void surat_address_book_class_init (SuratAddressBookClass *klass) { }
static void surat_address_book_init (SuratAddressBook *self) { }

SuratAddressBook *
surat_address_book_new (SuratStore *store)
{
  g_critical ("STUB: surat_address_book_new");
  return 0;
}

void
surat_address_book_load_async (SuratAddressBook *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_critical ("STUB: surat_address_book_load_async");
}

gboolean
surat_address_book_load_finish (SuratAddressBook *self, GAsyncResult *result, GError **error)
{
  g_critical ("STUB: surat_address_book_load_finish");
  return 0;
}

GPtrArray        *
surat_address_book_complete (SuratAddressBook *self, const char *prefix, guint limit)
{
  g_critical ("STUB: surat_address_book_complete");
  return 0;
}

guint
surat_address_book_get_size (SuratAddressBook *self)
{
  g_critical ("STUB: surat_address_book_get_size");
  return 0;
}
