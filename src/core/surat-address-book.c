/* surat-address-book.c — every address the mail has seen, for completion
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmime/gmime.h>

#include "surat-address-book.h"
#include "surat-gmime-autocleanups.h"
#include "surat-index-addresses.h"

/* What the person sent to counts this much more than what they got. */
#define SENT_WEIGHT 3

typedef struct {
  char *key;            /* lower-cased address */
  char *address;        /* as first seen */
  char *name;           /* the most frequent display name, or NULL */
  guint count;
  char *display;        /* "Name <address>" or the address */
  GStrv words;          /* folded words of name and address, with ASCII alternates */
  /* While reading: display name → gsize weight. */
  GHashTable *names;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_free (entry->address);
  g_free (entry->name);
  g_free (entry->display);
  g_strfreev (entry->words);
  g_clear_pointer (&entry->names, g_hash_table_unref);
  g_free (entry);
}

/* One mailbox of a header, parsed once per distinct header text. */
typedef struct {
  char *key;            /* lower-cased address */
  char *address;
  char *name;           /* NULL when none */
} Mailbox;

static void
mailbox_free (Mailbox *mailbox)
{
  g_free (mailbox->key);
  g_free (mailbox->address);
  g_free (mailbox->name);
  g_free (mailbox);
}

typedef struct {
  /* Header text → GPtrArray of Mailbox: the same From or To comes back
   * in thousands of messages, and parsing is what costs. */
  GHashTable *parsed;
  /* Lower-cased address → Entry. */
  GHashTable *entries;
} Reader;

struct _SuratAddressBook
{
  GObject parent_instance;

  SuratStore *store;
  GPtrArray *entries;   /* Entry, most used first */
};

G_DEFINE_FINAL_TYPE (SuratAddressBook, surat_address_book, G_TYPE_OBJECT)

static void
surat_address_book_finalize (GObject *object)
{
  SuratAddressBook *self = SURAT_ADDRESS_BOOK (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_address_book_parent_class)->finalize (object);
}

static void
surat_address_book_class_init (SuratAddressBookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = surat_address_book_finalize;
}

static void
surat_address_book_init (SuratAddressBook *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

SuratAddressBook *
surat_address_book_new (SuratStore *store)
{
  SuratAddressBook *self;

  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);

  self = g_object_new (SURAT_TYPE_ADDRESS_BOOK, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* --- reading (worker thread) ------------------------------------------------ */

static void
collect_mailboxes (InternetAddressList *list,
                   GPtrArray           *out)
{
  for (int i = 0; list != NULL && i < internet_address_list_length (list); i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);
      const char *addr;
      const char *name;
      Mailbox *mailbox;

      if (INTERNET_ADDRESS_IS_GROUP (address))
        {
          collect_mailboxes (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (address)),
                             out);
          continue;
        }

      addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));
      /* Only what could be typed back into a To field. */
      if (addr == NULL || strchr (addr, '@') == NULL || !g_utf8_validate (addr, -1, NULL))
        continue;
      name = internet_address_get_name (address);

      mailbox = g_new0 (Mailbox, 1);
      mailbox->address = g_strdup (addr);
      mailbox->key = g_utf8_strdown (addr, -1);
      if (name != NULL && *name != '\0' && g_utf8_validate (name, -1, NULL) &&
          g_ascii_strcasecmp (name, addr) != 0)
        mailbox->name = g_strdup (name);
      g_ptr_array_add (out, mailbox);
    }
}

static GPtrArray *
parse_header (Reader     *reader,
              const char *text)
{
  GPtrArray *mailboxes = g_hash_table_lookup (reader->parsed, text);
  g_autoptr(InternetAddressList) list = NULL;

  if (mailboxes != NULL)
    return mailboxes;

  mailboxes = g_ptr_array_new_with_free_func ((GDestroyNotify) mailbox_free);
  list = internet_address_list_parse (NULL, text);
  collect_mailboxes (list, mailboxes);
  g_hash_table_insert (reader->parsed, g_strdup (text), mailboxes);
  return mailboxes;
}

static void
count_header (Reader     *reader,
              const char *text,
              guint       weight)
{
  GPtrArray *mailboxes;

  if (*text == '\0')
    return;

  mailboxes = parse_header (reader, text);
  for (guint i = 0; i < mailboxes->len; i++)
    {
      Mailbox *mailbox = g_ptr_array_index (mailboxes, i);
      Entry *entry = g_hash_table_lookup (reader->entries, mailbox->key);

      if (entry == NULL)
        {
          entry = g_new0 (Entry, 1);
          entry->key = g_strdup (mailbox->key);
          entry->address = g_strdup (mailbox->address);
          g_hash_table_insert (reader->entries, entry->key, entry);
        }
      entry->count += weight;

      if (mailbox->name != NULL)
        {
          gsize seen;

          if (entry->names == NULL)
            entry->names = g_hash_table_new (g_str_hash, g_str_equal);
          seen = GPOINTER_TO_SIZE (g_hash_table_lookup (entry->names, mailbox->name)) + weight;
          /* Keys belong to the parse cache, which outlives the counting. */
          g_hash_table_insert (entry->names, mailbox->name, GSIZE_TO_POINTER (seen));
        }
    }
}

static void
count_row (SuratFolder  folder,
           const char  *from,
           const char  *to,
           const char  *cc,
           gpointer     user_data)
{
  Reader *reader = user_data;
  guint weight = folder == SURAT_FOLDER_SENT ? SENT_WEIGHT : 1;

  count_header (reader, from, 1);
  count_header (reader, to, weight);
  count_header (reader, cc, weight);
}

/* The name seen most often (ties: the first in byte order, so the
 * result does not depend on hash order). */
static void
pick_name (Entry *entry)
{
  GHashTableIter iter;
  gpointer key, value;
  gsize best = 0;
  const char *name = NULL;

  if (entry->names == NULL)
    return;

  g_hash_table_iter_init (&iter, entry->names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize seen = GPOINTER_TO_SIZE (value);

      if (seen > best || (seen == best && g_strcmp0 (key, name) < 0))
        {
          best = seen;
          name = key;
        }
    }
  entry->name = g_strdup (name);
  g_clear_pointer (&entry->names, g_hash_table_unref);
}

static void
add_words (GPtrArray  *words,
           const char *text)
{
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) alternates = NULL;

  if (text == NULL)
    return;

  /* Folded words, and ASCII forms of the accented ones ("José" → "josé",
   * "jose"): typing without accents finds them. */
  tokens = g_str_tokenize_and_fold (text, NULL, &alternates);
  for (guint i = 0; tokens[i] != NULL; i++)
    g_ptr_array_add (words, g_steal_pointer (&tokens[i]));
  for (guint i = 0; alternates[i] != NULL; i++)
    g_ptr_array_add (words, g_steal_pointer (&alternates[i]));
}

static void
finish_entry (Entry *entry)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  pick_name (entry);

  if (entry->name != NULL)
    {
      g_autoptr(InternetAddress) mailbox = internet_address_mailbox_new (entry->name,
                                                                        entry->address);

      entry->display = internet_address_to_string (mailbox, NULL, FALSE);
    }
  else
    entry->display = g_strdup (entry->address);

  add_words (words, entry->name);
  add_words (words, entry->address);
  g_ptr_array_add (words, NULL);
  entry->words = (GStrv) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(Entry * const *) a;
  const Entry *eb = *(Entry * const *) b;

  if (ea->count != eb->count)
    return ea->count > eb->count ? -1 : 1;
  return g_strcmp0 (ea->address, eb->address);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *index_path = task_data;
  g_autoptr(SuratIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) parsed = NULL;
  g_autoptr(GHashTable) entries = NULL;
  GPtrArray *result;
  GHashTableIter iter;
  gpointer value;
  Reader reader;

  /* A connection of its own: the store's belongs to the main thread. */
  index = surat_index_open (index_path, &error);
  if (index == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  parsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_ptr_array_unref);
  entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  reader.parsed = parsed;
  reader.entries = entries;

  if (!surat_index_foreach_addresses (index, count_row, &reader, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_ptr_array_new_full (g_hash_table_size (entries), (GDestroyNotify) entry_free);
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      finish_entry (value);
      g_ptr_array_add (result, value);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (result, compare_entries);

  if (g_task_return_error_if_cancelled (task))
    {
      g_ptr_array_unref (result);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
surat_address_book_load_async (SuratAddressBook    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SURAT_IS_ADDRESS_BOOK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_address_book_load_async);
  /* The same file the store opened (surat-store.c). */
  g_task_set_task_data (task,
                        g_build_filename (surat_store_get_data_dir (self->store), "index.db",
                                          NULL),
                        g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
surat_address_book_load_finish (SuratAddressBook  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  GPtrArray *entries;

  g_return_val_if_fail (SURAT_IS_ADDRESS_BOOK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == surat_address_book_load_async,
                        FALSE);

  entries = g_task_propagate_pointer (G_TASK (result), error);
  if (entries == NULL)
    return FALSE;

  g_ptr_array_unref (self->entries);
  self->entries = entries;
  return TRUE;
}

/* --- completion ---------------------------------------------------------------- */

static gboolean
entry_matches (Entry      *entry,
               char      **query,
               char      **query_ascii)
{
  for (guint q = 0; query[q] != NULL; q++)
    {
      gboolean found = FALSE;

      for (guint w = 0; entry->words[w] != NULL && !found; w++)
        found = g_str_has_prefix (entry->words[w], query[q]) ||
                g_str_has_prefix (entry->words[w], query_ascii[q]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
surat_address_book_complete (SuratAddressBook *self,
                             const char       *prefix,
                             guint             limit)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) query = NULL;
  g_auto(GStrv) query_ascii = NULL;
  guint n;

  g_return_val_if_fail (SURAT_IS_ADDRESS_BOOK (self), matches);

  if (prefix == NULL || limit == 0)
    return matches;

  query = g_str_tokenize_and_fold (prefix, NULL, NULL);
  n = g_strv_length (query);
  if (n == 0)
    return matches;

  /* The query's words without accents as well: "jose" and "josé" both
   * find "José". */
  query_ascii = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ascii = g_str_to_ascii (query[i], "C");

      query_ascii[i] = g_ascii_strdown (ascii, -1);
    }

  for (guint i = 0; i < self->entries->len && matches->len < limit; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry_matches (entry, query, query_ascii))
        g_ptr_array_add (matches, g_strdup (entry->display));
    }
  return matches;
}

guint
surat_address_book_get_size (SuratAddressBook *self)
{
  g_return_val_if_fail (SURAT_IS_ADDRESS_BOOK (self), 0);
  return self->entries->len;
}
