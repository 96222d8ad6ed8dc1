/* surat-store.c — this device's mail: a Maildir per account and folder, and the index
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-index-private.h"
#include "surat-message.h"
#include "surat-store.h"

struct _SuratStore
{
  GObject parent_instance;

  char *data_dir;
  SuratIndex *index;

  GMutex lock;
  /* "<account>/<Folder>" → SuratMaildir, created on first use. */
  GHashTable *maildirs;
};

G_DEFINE_FINAL_TYPE (SuratStore, surat_store, G_TYPE_OBJECT)

static void
surat_store_finalize (GObject *object)
{
  SuratStore *self = (SuratStore *) object;

  g_clear_pointer (&self->maildirs, g_hash_table_unref);
  g_clear_object (&self->index);
  g_clear_pointer (&self->data_dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (surat_store_parent_class)->finalize (object);
}

static void
surat_store_class_init (SuratStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_store_finalize;
}

static void
surat_store_init (SuratStore *self)
{
  g_mutex_init (&self->lock);
  self->maildirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* An account id names a directory: one plain component, not hidden. */
static gboolean
check_account_id (const char  *account_id,
                  GError     **error)
{
  if (account_id != NULL && *account_id != '\0' && *account_id != '.' &&
      strchr (account_id, '/') == NULL && strlen (account_id) <= 200 &&
      g_utf8_validate (account_id, -1, NULL))
    return TRUE;

  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
               _("“%s” cannot be used as an account name for the mail folders"),
               account_id && g_utf8_validate (account_id, -1, NULL) ? account_id : "?");
  return FALSE;
}

/**
 * surat_store_open:
 * @data_dir: (nullable): where the mail lives; %NULL for
 *   $XDG_DATA_HOME/surat
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the store, or %NULL
 */
SuratStore *
surat_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(SuratStore) self = NULL;
  g_autofree char *index_path = NULL;

  self = g_object_new (SURAT_TYPE_STORE, NULL);
  self->data_dir = data_dir ? g_strdup (data_dir)
                            : g_build_filename (g_get_user_data_dir (), "surat", NULL);

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not create the folder “%s”: %s"),
                   self->data_dir, g_strerror (saved_errno));
      return NULL;
    }

  index_path = g_build_filename (self->data_dir, "index.db", NULL);
  self->index = surat_index_open (index_path, error);
  if (self->index == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
surat_store_get_data_dir (SuratStore *self)
{
  g_return_val_if_fail (SURAT_IS_STORE (self), NULL);

  return self->data_dir;
}

/**
 * surat_store_get_index:
 *
 * Returns: (transfer none): the index
 */
SuratIndex *
surat_store_get_index (SuratStore *self)
{
  g_return_val_if_fail (SURAT_IS_STORE (self), NULL);

  return self->index;
}

SuratMaildir *
surat_store_get_maildir (SuratStore   *self,
                         const char   *account_id,
                         SuratFolder   folder,
                         GError      **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SuratMaildir) maildir = NULL;
  g_autofree char *path = NULL;
  SuratMaildir *found;

  g_return_val_if_fail (SURAT_IS_STORE (self), NULL);
  g_return_val_if_fail (folder < SURAT_N_FOLDERS, NULL);

  if (!check_account_id (account_id, error))
    return NULL;

  key = g_strconcat (account_id, "/", surat_folder_to_string (folder), NULL);
  locker = g_mutex_locker_new (&self->lock);

  found = g_hash_table_lookup (self->maildirs, key);
  if (found != NULL)
    return found;

  path = g_build_filename (self->data_dir, key, NULL);
  maildir = surat_maildir_new (path);
  if (!surat_maildir_ensure (maildir, error))
    return NULL;

  found = maildir;
  g_hash_table_insert (self->maildirs, g_steal_pointer (&key), g_steal_pointer (&maildir));

  return found;
}

/* "new/…" or "cur/…" of an absolute path inside @maildir. */
static char *
relative_to (SuratMaildir *maildir,
             const char   *path)
{
  const char *base = surat_maildir_get_path (maildir);
  gsize len = strlen (base);

  g_assert (strncmp (path, base, len) == 0 && path[len] == '/');
  return g_strdup (path + len + 1);
}

/* The row, its search text and its UID, together: the fetcher never sees
 * one without the other. */
static gint64
index_summary (SuratStore          *self,
               const char          *account_id,
               SuratFolder          folder,
               const char          *file,
               SuratMessageSummary *summary,
               const char          *body,
               GError             **error)
{
  g_autofree char *uid = NULL;
  gint64 id;

  surat_message_summary_set_account_id (summary, account_id);
  surat_message_summary_set_folder (summary, folder);
  surat_message_summary_set_file (summary, file);

  if (!surat_index_begin (self->index, error))
    return -1;

  id = surat_index_add_message (self->index, summary, body, error);
  if (id < 0)
    goto fail;

  uid = surat_maildir_name_get_uid (file);
  if (uid != NULL)
    {
      gint64 downloaded_at = surat_maildir_name_get_time (file);

      if (downloaded_at == 0)
        downloaded_at = g_get_real_time () / G_USEC_PER_SEC;

      if (!surat_index_add_pop3_uid (self->index, account_id, uid, downloaded_at, id, error))
        goto fail;
    }

  if (!surat_index_commit (self->index, error))
    goto fail;

  return id;

fail:
  surat_index_rollback (self->index);
  return -1;
}

static gint64
index_resolved (SuratStore    *self,
                const char    *account_id,
                SuratFolder    folder,
                const char    *path,
                const char    *file,
                GError       **error)
{
  g_autoptr(SuratMessage) message = NULL;
  g_autoptr(SuratMessageSummary) summary = NULL;
  g_autofree char *body = NULL;

  message = surat_message_new_from_file (path, error);
  if (message == NULL)
    return -1;

  summary = surat_message_build_summary (message, &body);
  return index_summary (self, account_id, folder, file, summary, body, error);
}

gint64
surat_store_index_file (SuratStore   *self,
                        const char   *account_id,
                        SuratFolder   folder,
                        const char   *file,
                        GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree char *relative = NULL;
  SuratMaildir *maildir;

  g_return_val_if_fail (SURAT_IS_STORE (self), -1);
  g_return_val_if_fail (file != NULL, -1);

  maildir = surat_store_get_maildir (self, account_id, folder, error);
  if (maildir == NULL)
    return -1;

  path = surat_maildir_resolve (maildir, file, error);
  if (path == NULL)
    return -1;

  relative = relative_to (maildir, path);
  return index_resolved (self, account_id, folder, path, relative, error);
}

static gboolean
flags_from_name (const char *file,
                 gboolean   *seen,
                 gboolean   *flagged)
{
  g_autofree char *flags = surat_maildir_name_get_flags (file);

  *seen = strchr (flags, 'S') != NULL;
  *flagged = strchr (flags, 'F') != NULL;

  return TRUE;
}

/* Brings one folder's rows in line with its files; inside the caller's
 * transaction. */
static gint
reconcile_folder (SuratStore    *self,
                  const char    *account_id,
                  SuratFolder    folder,
                  GError       **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GHashTable) rows = NULL;
  SuratMaildir *maildir;
  GHashTableIter iter;
  gpointer value;
  gint added = 0;

  maildir = surat_store_get_maildir (self, account_id, folder, error);
  if (maildir == NULL)
    return -1;

  files = surat_maildir_list (maildir, error);
  if (files == NULL)
    return -1;

  rows = _surat_index_get_file_rows (self->index, account_id, folder, error);
  if (rows == NULL)
    return -1;

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = files->pdata[i];
      g_autofree char *unique = surat_maildir_name_get_unique (file);
      SuratIndexFileRow *row = g_hash_table_lookup (rows, unique);

      if (row == NULL)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *path = g_build_filename (surat_maildir_get_path (maildir), file, NULL);

          if (index_resolved (self, account_id, folder, path, file, &local_error) < 0)
            {
              /* Gone since we listed the folder: nothing to index. */
              if (g_error_matches (local_error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND))
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return -1;
            }
          added++;
          continue;
        }

      /* Another Maildir client read or flagged it: follow its name. */
      if (!g_str_equal (row->file, file))
        {
          gboolean seen, flagged;

          flags_from_name (file, &seen, &flagged);
          if (!_surat_index_update_file_flags (self->index, row->id, file, seen, flagged, error))
            return -1;
        }

      g_hash_table_remove (rows, unique);
    }

  /* What is left has no file any more. */
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SuratIndexFileRow *row = value;

      if (!surat_index_remove_message (self->index, row->id, error))
        return -1;
    }

  return added;
}

/**
 * surat_store_reconcile:
 *
 * Also follows files another Maildir client renamed (flags) and removes
 * what a crashed delivery left in tmp/ (surat_maildir_clean_tmp()).
 */
gint
surat_store_reconcile (SuratStore   *self,
                       const char   *account_id,
                       SuratFolder   folder,
                       GError      **error)
{
  SuratMaildir *maildir;
  gint added;

  g_return_val_if_fail (SURAT_IS_STORE (self), -1);

  maildir = surat_store_get_maildir (self, account_id, folder, error);
  if (maildir == NULL)
    return -1;

  surat_maildir_clean_tmp (maildir);

  if (!surat_index_begin (self->index, error))
    return -1;

  added = reconcile_folder (self, account_id, folder, error);
  if (added < 0 || !surat_index_commit (self->index, error))
    {
      surat_index_rollback (self->index);
      return -1;
    }

  return added;
}

/* Account directories under the data dir. */
static GPtrArray *
list_accounts (SuratStore  *self,
               GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (self->data_dir, 0, error);
  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->data_dir, name, NULL);

      if (check_account_id (name, NULL) && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (accounts, g_strdup (name));
    }

  return g_steal_pointer (&accounts);
}

/**
 * surat_store_reindex:
 *
 * One transaction: if it fails, the old index stays as it was. The POP3
 * UIDs of messages deleted here (which have no file any more) are kept,
 * so they are not downloaded again.
 */
gint
surat_store_reindex (SuratStore  *self,
                     GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  gint total = 0;

  g_return_val_if_fail (SURAT_IS_STORE (self), -1);

  accounts = list_accounts (self, error);
  if (accounts == NULL)
    return -1;

  if (!surat_index_begin (self->index, error))
    return -1;

  if (!_surat_index_clear_messages (self->index, error))
    goto fail;

  for (guint a = 0; a < accounts->len; a++)
    {
      for (SuratFolder folder = 0; folder < SURAT_N_FOLDERS; folder++)
        {
          g_autofree char *path = g_build_filename (self->data_dir, accounts->pdata[a],
                                                    surat_folder_to_string (folder), NULL);
          gint added;

          if (!g_file_test (path, G_FILE_TEST_IS_DIR))
            continue;

          added = reconcile_folder (self, accounts->pdata[a], folder, error);
          if (added < 0)
            goto fail;
          total += added;
        }
    }

  if (!surat_index_commit (self->index, error))
    goto fail;

  return total;

fail:
  surat_index_rollback (self->index);
  return -1;
}

char *
surat_store_get_message_path (SuratStore           *self,
                              SuratMessageSummary  *summary,
                              GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *relative = NULL;
  SuratMaildir *maildir;

  g_return_val_if_fail (SURAT_IS_STORE (self), NULL);
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (summary), NULL);

  maildir = surat_store_get_maildir (self, surat_message_summary_get_account_id (summary),
                                     surat_message_summary_get_folder (summary), error);
  if (maildir == NULL)
    return NULL;

  path = surat_maildir_resolve (maildir, surat_message_summary_get_file (summary), error);
  if (path == NULL)
    return NULL;

  /* Renamed by another client: remember where it is now. Only a cache,
   * so failing to write it down is no reason to fail. */
  relative = relative_to (maildir, path);
  if (!g_str_equal (relative, surat_message_summary_get_file (summary)))
    {
      gboolean seen, flagged;

      flags_from_name (relative, &seen, &flagged);
      if (_surat_index_update_file_flags (self->index, surat_message_summary_get_id (summary),
                                          relative, seen, flagged, NULL))
        {
          surat_message_summary_set_file (summary, relative);
          surat_message_summary_set_seen (summary, seen);
          surat_message_summary_set_flagged (summary, flagged);
        }
    }

  return g_steal_pointer (&path);
}

/* File first, then the index: a crash between the two leaves the file
 * where the person wanted it and a stale row, which reconcile repairs. */
gboolean
surat_store_move_message (SuratStore           *self,
                          SuratMessageSummary  *summary,
                          SuratFolder           folder,
                          GError              **error)
{
  const char *account_id;
  SuratMaildir *from, *to;
  g_autofree char *file = NULL;

  g_return_val_if_fail (SURAT_IS_STORE (self), FALSE);
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (summary), FALSE);
  g_return_val_if_fail (folder < SURAT_N_FOLDERS, FALSE);

  if (surat_message_summary_get_folder (summary) == folder)
    return TRUE;

  account_id = surat_message_summary_get_account_id (summary);
  from = surat_store_get_maildir (self, account_id, surat_message_summary_get_folder (summary),
                                  error);
  if (from == NULL)
    return FALSE;
  to = surat_store_get_maildir (self, account_id, folder, error);
  if (to == NULL)
    return FALSE;

  file = surat_maildir_move_to (from, surat_message_summary_get_file (summary), to, error);
  if (file == NULL)
    return FALSE;

  if (!surat_index_update_location (self->index, surat_message_summary_get_id (summary),
                                    folder, file, error))
    return FALSE;

  surat_message_summary_set_folder (summary, folder);
  surat_message_summary_set_file (summary, file);

  return TRUE;
}

gboolean
surat_store_set_flags (SuratStore           *self,
                       SuratMessageSummary  *summary,
                       gboolean              seen,
                       gboolean              flagged,
                       GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *old_flags = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GString) flags = g_string_new (NULL);
  SuratMaildir *maildir;

  g_return_val_if_fail (SURAT_IS_STORE (self), FALSE);
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (summary), FALSE);

  maildir = surat_store_get_maildir (self, surat_message_summary_get_account_id (summary),
                                     surat_message_summary_get_folder (summary), error);
  if (maildir == NULL)
    return FALSE;

  path = surat_maildir_resolve (maildir, surat_message_summary_get_file (summary), error);
  if (path == NULL)
    return FALSE;
  relative = relative_to (maildir, path);

  /* Keep what others set (R replied, T trashed, D draft, keywords). */
  old_flags = surat_maildir_name_get_flags (relative);
  for (const char *p = old_flags; *p != '\0'; p++)
    if (*p != 'S' && *p != 'F')
      g_string_append_c (flags, *p);
  if (seen)
    g_string_append_c (flags, 'S');
  if (flagged)
    g_string_append_c (flags, 'F');

  file = surat_maildir_set_flags (maildir, relative, flags->str, error);
  if (file == NULL)
    return FALSE;

  if (!_surat_index_update_file_flags (self->index, surat_message_summary_get_id (summary),
                                       file, seen, flagged, error))
    return FALSE;

  surat_message_summary_set_file (summary, file);
  surat_message_summary_set_seen (summary, seen);
  surat_message_summary_set_flagged (summary, flagged);

  return TRUE;
}

/**
 * surat_store_lock_account:
 *
 * flock() on "<data-dir>/<account>/.lock": the kernel drops the lock when
 * the process dies, so a crash never leaves the account locked.
 */
int
surat_store_lock_account (SuratStore   *self,
                          const char   *account_id,
                          GError      **error)
{
  return surat_store_lock (self, account_id, SURAT_STORE_LOCK_FETCH, error);
}

int
surat_store_lock (SuratStore      *self,
                  const char      *account_id,
                  SuratStoreLock   kind,
                  GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (SURAT_IS_STORE (self), -1);

  if (!check_account_id (account_id, error))
    return -1;

  dir = g_build_filename (self->data_dir, account_id, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return -1;
    }

  /* Fetching and sending use different servers: one of each may run at
   * the same time, never two of a kind. */
  path = g_build_filename (dir, kind == SURAT_STORE_LOCK_SEND ? ".send-lock" : ".lock", NULL);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not open “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;

      close (fd);
      if (saved_errno == EWOULDBLOCK && kind == SURAT_STORE_LOCK_SEND)
        g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_LOCKED,
                     _("Another Surat process is already sending the outbox of account “%s”"),
                     account_id);
      else if (saved_errno == EWOULDBLOCK)
        g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_LOCKED,
                     _("Another Surat process is already working on the account “%s”"),
                     account_id);
      else
        g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                     _("Could not lock “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  return fd;
}

void
surat_store_unlock_account (int lock_fd)
{
  if (lock_fd < 0)
    return;

  flock (lock_fd, LOCK_UN);
  close (lock_fd);
}
