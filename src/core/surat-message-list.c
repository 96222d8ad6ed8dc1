/* surat-message-list.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-message-list.h"

/* Rows a list view shows at once are a few dozen; keeping a few thousand
 * summaries covers fast scrolling back and forth for little memory. */
#define CACHE_SIZE 4096

/* See surat_message_list_reload(). */
#define SPLIT_REPLACEMENT 256

struct _SuratMessageList
{
  GObject     parent_instance;

  SuratIndex *index;
  char       *account_id;
  int         folder;
  char       *search;

  GArray     *ids;     /* gint64, in list order */
  GHashTable *cache;   /* gint64* id → SuratMessageSummary */
};

static void surat_message_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SuratMessageList, surat_message_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      surat_message_list_list_model_init))

static GType
surat_message_list_get_item_type (GListModel *model)
{
  return SURAT_TYPE_MESSAGE_SUMMARY;
}

static guint
surat_message_list_get_n_items (GListModel *model)
{
  return SURAT_MESSAGE_LIST (model)->ids->len;
}

/* Drops cached summaries nobody else holds, when the cache is full. */
static void
trim_cache (SuratMessageList *self)
{
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->cache) < CACHE_SIZE)
    return;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (G_OBJECT (value)->ref_count == 1)
        g_hash_table_iter_remove (&iter);
    }
}

static gpointer
surat_message_list_get_item (GListModel *model,
                             guint       position)
{
  SuratMessageList *self = SURAT_MESSAGE_LIST (model);
  g_autoptr(GError) error = NULL;
  SuratMessageSummary *summary;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  summary = g_hash_table_lookup (self->cache, &id);
  if (summary != NULL)
    return g_object_ref (summary);

  summary = surat_index_get_message (self->index, id, &error);
  if (summary == NULL)
    {
      /* Gone since the ids were read (moved by another process): an empty
       * row until the next reload rather than a hole in the model. */
      summary = surat_message_summary_new ();
      surat_message_summary_set_id (summary, id);
    }

  trim_cache (self);
  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (summary));
  return summary;
}

static void
surat_message_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = surat_message_list_get_item_type;
  iface->get_n_items = surat_message_list_get_n_items;
  iface->get_item = surat_message_list_get_item;
}

static void
surat_message_list_finalize (GObject *object)
{
  SuratMessageList *self = (SuratMessageList *) object;

  g_clear_object (&self->index);
  g_free (self->account_id);
  g_free (self->search);
  g_array_unref (self->ids);
  g_hash_table_unref (self->cache);

  G_OBJECT_CLASS (surat_message_list_parent_class)->finalize (object);
}

static void
surat_message_list_class_init (SuratMessageListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = surat_message_list_finalize;
}

static void
surat_message_list_init (SuratMessageList *self)
{
  self->folder = -1;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

SuratMessageList *
surat_message_list_new (SuratIndex *index)
{
  SuratMessageList *self;

  g_return_val_if_fail (SURAT_IS_INDEX (index), NULL);

  self = g_object_new (SURAT_TYPE_MESSAGE_LIST, NULL);
  self->index = g_object_ref (index);
  return self;
}

/* Brings cached summaries in line with the index (read/unread, flags,
 * location changed by this or another process). */
static void
refresh_cache (SuratMessageList *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SuratMessageSummary *cached = value;
      g_autoptr(SuratMessageSummary) fresh = surat_index_get_message (self->index,
                                                                       *(gint64 *) key, NULL);

      if (fresh == NULL)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }

      /* The setters notify only on change: bound rows redraw only then. */
      surat_message_summary_set_seen (cached, surat_message_summary_get_seen (fresh));
      surat_message_summary_set_flagged (cached, surat_message_summary_get_flagged (fresh));
      surat_message_summary_set_folder (cached, surat_message_summary_get_folder (fresh));
      surat_message_summary_set_file (cached, surat_message_summary_get_file (fresh));
    }
}

gboolean
surat_message_list_reload (SuratMessageList  *self,
                           GError           **error)
{
  g_autoptr(GArray) ids = NULL;
  guint old_len, new_len, head = 0, tail = 0;
  guint removed, added;

  g_return_val_if_fail (SURAT_IS_MESSAGE_LIST (self), FALSE);

  ids = surat_index_list_ids (self->index, self->account_id, self->folder, self->search, error);
  if (ids == NULL)
    return FALSE;

  refresh_cache (self);

  old_len = self->ids->len;
  new_len = ids->len;

  /* One exact range: what both arrays share at the head and the tail
   * stays, so a view keeps its rows, scroll position and selection. */
  while (head < old_len && head < new_len &&
         g_array_index (self->ids, gint64, head) == g_array_index (ids, gint64, head))
    head++;
  while (tail < old_len - head && tail < new_len - head &&
         g_array_index (self->ids, gint64, old_len - 1 - tail) ==
         g_array_index (ids, gint64, new_len - 1 - tail))
    tail++;

  removed = old_len - head - tail;
  added = new_len - head - tail;

  /* GTK 4.8's list view answers a replacement (rows removed and added in
   * one signal) by fetching every added item, looking for its old rows:
   * 75 000 summaries read for a search that shows twenty, half a second
   * with 100 000 messages. Past a few screens' worth, say it as removed
   * then added (the tail too: rows kept after the removal send the view
   * looking again); the view rebuilds only the rows it shows. */
  if (removed > 0 && added > 0 && removed + added > SPLIT_REPLACEMENT)
    {
      g_array_set_size (self->ids, head);
      g_list_model_items_changed (G_LIST_MODEL (self), head, old_len - head, 0);
      removed = 0;
      added = new_len - head;
    }

  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, removed, added);
  return TRUE;
}

void
surat_message_list_set_query (SuratMessageList *self,
                              const char       *account_id,
                              int               folder,
                              const char       *search)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SURAT_IS_MESSAGE_LIST (self));

  /* Copies first: a caller may pass back what get_account_id() returned. */
  {
    char *new_account = g_strdup (account_id);
    char *new_search = search != NULL && *search != '\0' ? g_strdup (search) : NULL;

    g_free (self->account_id);
    self->account_id = new_account;
    g_free (self->search);
    self->search = new_search;
  }
  self->folder = folder;

  if (!surat_message_list_reload (self, &error))
    g_warning ("Cannot list messages: %s", error->message);
}

const char *
surat_message_list_get_account_id (SuratMessageList *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_LIST (self), NULL);
  return self->account_id;
}

int
surat_message_list_get_folder (SuratMessageList *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_LIST (self), -1);
  return self->folder;
}

const char *
surat_message_list_get_search (SuratMessageList *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_LIST (self), NULL);
  return self->search;
}

gint
surat_message_list_find (SuratMessageList *self,
                         gint64            id)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_LIST (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_array_index (self->ids, gint64, i) == id)
        return (gint) i;
    }

  return -1;
}
