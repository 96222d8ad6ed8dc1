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
  char *folded;         /* name and address, lower case, without accents */
  /* While reading: the first name seen and its weight, and once another
   * one shows up, every name (const char * → gsize weight). */
  const char *first_name;
  gsize first_weight;
  GHashTable *names;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_free (entry->address);
  g_free (entry->name);
  g_free (entry->display);
  g_free (entry->folded);
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

      /* Names belong to the parse cache, which outlives the counting. */
      if (mailbox->name == NULL)
        continue;
      if (entry->first_name == NULL)
        entry->first_name = mailbox->name;
      if (entry->names == NULL && strcmp (entry->first_name, mailbox->name) == 0)
        entry->first_weight += weight;
      else
        {
          gsize seen;

          if (entry->names == NULL)
            {
              entry->names = g_hash_table_new (g_str_hash, g_str_equal);
              g_hash_table_insert (entry->names, (char *) entry->first_name,
                                   GSIZE_TO_POINTER (entry->first_weight));
            }
          seen = GPOINTER_TO_SIZE (g_hash_table_lookup (entry->names, mailbox->name)) + weight;
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
    {
      entry->name = g_strdup (entry->first_name);
      return;
    }

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

/* Lower case without accents ("Núñez" → "nunez"): what completion
 * compares, so that typing with or without accents finds either. */
static char *
fold (const char *text)
{
  g_autofree char *lower = g_utf8_casefold (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "Name <address>", the bare address without a name; GMime quotes a name
 * with specials (RFC 5322 §3.2.4) so that it can be typed back as it is
 * ("Doe, J" <j@example.org>). GMime is slow at it, and few names need it. */
static char *
format_mailbox (const char *name,
                const char *address)
{
  g_autoptr(InternetAddress) mailbox = NULL;

  if (name == NULL)
    return g_strdup (address);
  if (strpbrk (name, "()<>[]:;@\\,.\"") == NULL)
    return g_strdup_printf ("%s <%s>", name, address);

  mailbox = internet_address_mailbox_new (name, address);
  return internet_address_to_string (mailbox, NULL, FALSE);
}

static void
finish_entry (Entry *entry)
{
  g_autofree char *both = NULL;

  pick_name (entry);
  entry->display = format_mailbox (entry->name, entry->address);
  both = g_strconcat (entry->name != NULL ? entry->name : "", " ", entry->address, NULL);
  entry->folded = fold (both);
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

/* Whether @word starts a word of @text: at its start, or after a
 * character that is neither a letter nor a digit. */
static gboolean
has_word_prefix (const char *text,
                 const char *word)
{
  for (const char *hit = strstr (text, word); hit != NULL; hit = strstr (hit + 1, word))
    {
      if (hit == text ||
          !g_unichar_isalnum (g_utf8_get_char (g_utf8_find_prev_char (text, hit))))
        return TRUE;
    }
  return FALSE;
}

static gboolean
entry_matches (Entry  *entry,
               GStrv   words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (!has_word_prefix (entry->folded, words[i]))
      return FALSE;
  return TRUE;
}

/* The folded words of what was typed ("Ana@Ex" → "ana", "ex"). */
static GStrv
query_words (const char *prefix)
{
  g_autofree char *folded = fold (prefix);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  const char *start = NULL;

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gboolean in_word = *p != '\0' && g_unichar_isalnum (g_utf8_get_char (p));

      if (in_word && start == NULL)
        start = p;
      else if (!in_word && start != NULL)
        {
          g_autofree char *word = g_strndup (start, (gsize) (p - start));

          g_strv_builder_add (words, word);
          start = NULL;
        }
      if (*p == '\0')
        break;
    }
  return g_strv_builder_end (words);
}

GPtrArray *
surat_address_book_complete (SuratAddressBook *self,
                             const char       *prefix,
                             guint             limit)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (SURAT_IS_ADDRESS_BOOK (self), matches);

  if (prefix == NULL || limit == 0 || !g_utf8_validate (prefix, -1, NULL))
    return matches;

  words = query_words (prefix);
  if (words[0] == NULL)
    return matches;

  for (guint i = 0; i < self->entries->len && matches->len < limit; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry_matches (entry, words))
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
