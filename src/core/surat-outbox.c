/* surat-outbox.c — queueing, listing and the state file
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>

#include <glib/gi18n-lib.h>

#include "surat-gmime-autocleanups.h"
#include "surat-outbox-private.h"

G_DEFINE_FINAL_TYPE (SuratOutbox, surat_outbox, G_TYPE_OBJECT)

enum {
  SIGNAL_ITEM_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
surat_outbox_dispose (GObject *object)
{
  SuratOutbox *self = (SuratOutbox *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_pointer (&self->last_flush, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_outbox_parent_class)->dispose (object);
}

static void
surat_outbox_finalize (GObject *object)
{
  SuratOutbox *self = (SuratOutbox *) object;

  g_clear_pointer (&self->password, surat_secret_free);

  G_OBJECT_CLASS (surat_outbox_parent_class)->finalize (object);
}

static void
surat_outbox_class_init (SuratOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = surat_outbox_dispose;
  object_class->finalize = surat_outbox_finalize;

  /**
   * SuratOutbox::item-changed:
   * @item: a message whose state or progress changed during a flush
   */
  signals[SIGNAL_ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SURAT_TYPE_OUTBOX_ITEM);
}

static void
surat_outbox_init (SuratOutbox *self)
{
  self->last_flush = g_ptr_array_new_with_free_func (g_object_unref);
}

SuratOutbox *
surat_outbox_new (SuratStore   *store,
                  SuratAccount *account)
{
  SuratOutbox *self;

  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  self = g_object_new (SURAT_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->account = g_object_ref (account);
  return self;
}

void
surat_outbox_set_password (SuratOutbox *self,
                           const char  *password)
{
  g_return_if_fail (SURAT_IS_OUTBOX (self));

  g_clear_pointer (&self->password, surat_secret_free);
  self->password = surat_secret_dup (password);
}

/* --- the state file ------------------------------------------------------- */

static char *
state_path (SuratOutbox *self)
{
  return g_build_filename (surat_store_get_data_dir (self->store),
                           surat_account_get_id (self->account), "outbox-state.ini", NULL);
}

GKeyFile *
_surat_outbox_load_state (SuratOutbox *self)
{
  g_autofree char *path = state_path (self);
  GKeyFile *state = g_key_file_new ();

  /* Missing or unreadable: every message is simply QUEUED again, which
   * loses no message (at worst a failed one is tried once more). */
  g_key_file_load_from_file (state, path, G_KEY_FILE_NONE, NULL);
  return state;
}

guint64
surat_outbox_get_size_limit (SuratOutbox *self)
{
  g_autoptr(GKeyFile) state = NULL;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), 0);

  state = _surat_outbox_load_state (self);
  return g_key_file_get_uint64 (state, "server", "size-limit", NULL);
}

gboolean
_surat_outbox_save_state (SuratOutbox  *self,
                          GKeyFile     *state,
                          GError      **error)
{
  g_autofree char *path = state_path (self);
  g_autofree char *data = NULL;
  gsize len = 0;

  data = g_key_file_to_data (state, &len, NULL);
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static char *
item_key (SuratOutboxItem *item)
{
  return surat_maildir_name_get_unique (surat_outbox_item_get_file (item));
}

void
_surat_outbox_record_state (GKeyFile        *state,
                            SuratOutboxItem *item)
{
  g_autofree char *key = item_key (item);
  SuratOutboxState s = surat_outbox_item_get_state (item);

  if (s != SURAT_OUTBOX_WAITING && s != SURAT_OUTBOX_FAILED)
    {
      g_key_file_remove_group (state, key, NULL);
      return;
    }

  g_key_file_set_string (state, key, "state", surat_outbox_state_to_string (s));
  g_key_file_set_uint64 (state, key, "attempts", surat_outbox_item_get_attempts (item));
  g_key_file_set_int64 (state, key, "next-attempt", surat_outbox_item_get_next_attempt (item));
  if (surat_outbox_item_get_reason (item) != NULL)
    g_key_file_set_string (state, key, "reason", surat_outbox_item_get_reason (item));
}

static void
apply_state (GKeyFile        *state,
             SuratOutboxItem *item)
{
  g_autofree char *key = item_key (item);
  g_autofree char *name = g_key_file_get_string (state, key, "state", NULL);
  g_autofree char *reason = g_key_file_get_string (state, key, "reason", NULL);
  SuratOutboxState s;

  if (g_strcmp0 (name, "waiting") == 0)
    s = SURAT_OUTBOX_WAITING;
  else if (g_strcmp0 (name, "failed") == 0)
    s = SURAT_OUTBOX_FAILED;
  else
    return;

  _surat_outbox_item_set_state (item, s,
                                s == SURAT_OUTBOX_WAITING
                                  ? g_key_file_get_int64 (state, key, "next-attempt", NULL) : 0,
                                (guint) g_key_file_get_uint64 (state, key, "attempts", NULL),
                                reason);
}

/* --- reading a queued file ------------------------------------------------ */

static void
add_addresses (GPtrArray           *recipients,
               GHashTable          *seen,
               InternetAddressList *list)
{
  for (int i = 0; list != NULL && i < internet_address_list_length (list); i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_GROUP (address))
        {
          add_addresses (recipients, seen,
                         internet_address_group_get_members (INTERNET_ADDRESS_GROUP (address)));
        }
      else
        {
          const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));
          g_autofree char *folded = addr != NULL ? g_utf8_casefold (addr, -1) : NULL;

          /* RFC 5321 §2.4: the local part may be case-sensitive, but one
           * mailbox twice in To and Cc means one delivery. */
          if (addr != NULL && *addr != '\0' && g_hash_table_add (seen, g_steal_pointer (&folded)))
            g_ptr_array_add (recipients, g_strdup (addr));
        }
    }
}

/* The subject and the envelope recipients (To, Cc, Bcc) of a message file. */
static SuratOutboxItem *
read_item (const char  *path,
           const char  *file,
           GError     **error)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const GMimeAddressType types[] = {
    GMIME_ADDRESS_TYPE_TO, GMIME_ADDRESS_TYPE_CC, GMIME_ADDRESS_TYPE_BCC
  };
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;

  stream = g_mime_stream_fs_open (path, O_RDONLY, 0, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Could not read the message “%s”: %s"), display, local_error->message);
      return NULL;
    }

  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_persist_stream (parser, TRUE);
  message = g_mime_parser_construct_message (parser, NULL);
  if (message == NULL)
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
                   _("“%s” is not an e-mail message"), display);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    add_addresses (recipients, seen, g_mime_message_get_addresses (message, types[i]));

  if (recipients->len == 0)
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
                   _("The message “%s” has no recipient (no To, Cc or Bcc)"), display);
      return NULL;
    }

  g_ptr_array_add (recipients, NULL);
  return _surat_outbox_item_new (file, g_mime_message_get_subject (message),
                                 (const char * const *) recipients->pdata);
}

static gint
compare_items (gconstpointer a,
               gconstpointer b)
{
  SuratOutboxItem *item_a = *(SuratOutboxItem **) a;
  SuratOutboxItem *item_b = *(SuratOutboxItem **) b;
  g_autofree char *unique_a = item_key (item_a);
  g_autofree char *unique_b = item_key (item_b);
  gint64 time_a = surat_maildir_name_get_time (unique_a);
  gint64 time_b = surat_maildir_name_get_time (unique_b);

  /* Queue order: the delivery time leads the Maildir name. */
  if (time_a != time_b)
    return time_a < time_b ? -1 : 1;
  return g_strcmp0 (unique_a, unique_b);
}

GPtrArray *
_surat_outbox_scan (SuratOutbox  *self,
                    GKeyFile     *state,
                    GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = NULL;
  SuratMaildir *outbox;

  outbox = surat_store_get_maildir (self->store, surat_account_get_id (self->account),
                                    SURAT_FOLDER_OUTBOX, error);
  if (outbox == NULL)
    return NULL;

  files = surat_maildir_list (outbox, error);
  if (files == NULL)
    return NULL;

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (surat_maildir_get_path (outbox),
                                                g_ptr_array_index (files, i), NULL);
      g_autoptr(GError) local_error = NULL;
      SuratOutboxItem *item = read_item (path, g_ptr_array_index (files, i), &local_error);

      /* A file that cannot be sent is still listed, failed, so the
       * person sees it and can delete it; nothing is dropped silently. */
      if (item == NULL)
        {
          const char *none[] = { NULL };

          item = _surat_outbox_item_new (g_ptr_array_index (files, i), "", none);
          _surat_outbox_item_set_state (item, SURAT_OUTBOX_FAILED, 0, 0, local_error->message);
        }
      else
        {
          apply_state (state, item);
        }
      g_ptr_array_add (items, item);
    }

  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

char *
_surat_outbox_item_path (SuratOutbox      *self,
                         SuratOutboxItem  *item,
                         GError          **error)
{
  SuratMaildir *outbox = surat_store_get_maildir (self->store, surat_account_get_id (self->account),
                                                  SURAT_FOLDER_OUTBOX, error);

  if (outbox == NULL)
    return NULL;

  return surat_maildir_resolve (outbox, surat_outbox_item_get_file (item), error);
}

/* --- queueing --------------------------------------------------------------- */

static SuratOutboxItem *
finish_queue (SuratOutbox   *self,
              SuratMaildir  *outbox,
              const char    *file,
              GError       **error)
{
  g_autofree char *path = g_build_filename (surat_maildir_get_path (outbox), file, NULL);

  /* The file is safe already; the index only makes it visible. A failure
   * here leaves it to the next reconcile, never loses it. */
  if (surat_store_index_file (self->store, surat_account_get_id (self->account),
                              SURAT_FOLDER_OUTBOX, file, error) < 0)
    return NULL;

  return read_item (path, file, error);
}

SuratOutboxItem *
surat_outbox_queue (SuratOutbox          *self,
                    SuratMessageBuilder  *builder,
                    GError              **error)
{
  g_autoptr(SuratEnvelope) envelope = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *file = NULL;
  SuratMaildir *outbox;
  int fd;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (builder), NULL);

  /* Refuse what can never be sent before it is written anywhere. */
  envelope = surat_message_builder_get_envelope (builder, error);
  if (envelope == NULL)
    return NULL;

  outbox = surat_store_get_maildir (self->store, surat_account_get_id (self->account),
                                    SURAT_FOLDER_OUTBOX, error);
  if (outbox == NULL)
    return NULL;

  /* Stored 8-bit and with its Bcc: the flush turns it 7-bit for a server
   * without 8BITMIME, and the SMTP client leaves Bcc out on the wire. */
  surat_message_builder_set_8bitmime (builder, TRUE);
  surat_message_builder_set_keep_bcc (builder, TRUE);

  fd = surat_maildir_create_tmp (outbox, NULL, &tmp_name, error);
  if (fd < 0)
    return NULL;

  if (!surat_message_builder_write_to_fd (builder, fd, NULL, error))
    {
      surat_maildir_abort_tmp (outbox, fd, tmp_name);
      return NULL;
    }

  file = surat_maildir_commit_tmp (outbox, fd, tmp_name, error);
  if (file == NULL || !surat_maildir_sync (outbox, error))
    return NULL;

  return finish_queue (self, outbox, file, error);
}

SuratOutboxItem *
surat_outbox_queue_file (SuratOutbox  *self,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(SuratOutboxItem) check = NULL;
  g_autofree char *file = NULL;
  SuratMaildir *outbox;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  check = read_item (path, "", error);
  if (check == NULL)
    return NULL;

  outbox = surat_store_get_maildir (self->store, surat_account_get_id (self->account),
                                    SURAT_FOLDER_OUTBOX, error);
  if (outbox == NULL)
    return NULL;

  file = surat_maildir_deliver_file (outbox, path, error);
  if (file == NULL)
    return NULL;

  return finish_queue (self, outbox, file, error);
}

/* --- listing and moving ----------------------------------------------------- */

GPtrArray *
surat_outbox_list (SuratOutbox  *self,
                   GError      **error)
{
  g_autoptr(GKeyFile) state = NULL;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), NULL);

  state = _surat_outbox_load_state (self);
  return _surat_outbox_scan (self, state, error);
}

gint64
surat_outbox_get_next_attempt (SuratOutbox *self)
{
  g_autoptr(GPtrArray) items = NULL;
  gint64 next = 0;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), 0);

  items = surat_outbox_list (self, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      SuratOutboxItem *item = g_ptr_array_index (items, i);

      if (surat_outbox_item_get_state (item) == SURAT_OUTBOX_QUEUED)
        return g_get_real_time () / G_USEC_PER_SEC;
      if (surat_outbox_item_get_state (item) == SURAT_OUTBOX_WAITING &&
          (next == 0 || surat_outbox_item_get_next_attempt (item) < next))
        next = surat_outbox_item_get_next_attempt (item);
    }

  return next;
}

gboolean
_surat_outbox_move (SuratOutbox      *self,
                    SuratOutboxItem  *item,
                    SuratFolder       folder,
                    GError          **error)
{
  const char *account_id = surat_account_get_id (self->account);
  SuratIndex *index = surat_store_get_index (self->store);
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(SuratMessageSummary) summary = NULL;
  g_autofree char *unique = item_key (item);
  gint64 *id;

  /* A queued file the index lost (a crash before its row was written)
   * is indexed first: the move must carry file and row together. */
  rows = surat_index_get_files (index, account_id, SURAT_FOLDER_OUTBOX, error);
  if (rows == NULL)
    return FALSE;
  id = g_hash_table_lookup (rows, unique);
  if (id == NULL)
    {
      gint64 new_id = surat_store_index_file (self->store, account_id, SURAT_FOLDER_OUTBOX,
                                              surat_outbox_item_get_file (item), error);
      if (new_id < 0)
        return FALSE;
      summary = surat_index_get_message (index, new_id, error);
    }
  else
    {
      summary = surat_index_get_message (index, *id, error);
    }

  if (summary == NULL || !surat_store_move_message (self->store, summary, folder, error))
    return FALSE;

  _surat_outbox_item_set_file (item, surat_message_summary_get_file (summary));

  /* What one sent oneself is read. Failing to flag it loses nothing. */
  if (folder == SURAT_FOLDER_SENT)
    surat_store_set_flags (self->store, summary, TRUE,
                           surat_message_summary_get_flagged (summary), NULL);

  return TRUE;
}

gboolean
surat_outbox_remove (SuratOutbox      *self,
                     SuratOutboxItem  *item,
                     GError          **error)
{
  g_autoptr(GKeyFile) state = NULL;
  int lock;
  gboolean ok;

  g_return_val_if_fail (SURAT_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (item), FALSE);

  /* Never while a flush may be sending it. */
  lock = surat_store_lock (self->store, surat_account_get_id (self->account),
                           SURAT_STORE_LOCK_SEND, error);
  if (lock < 0)
    return FALSE;

  ok = _surat_outbox_move (self, item, SURAT_FOLDER_TRASH, error);
  if (ok)
    {
      state = _surat_outbox_load_state (self);
      _surat_outbox_item_set_state (item, SURAT_OUTBOX_QUEUED, 0, 0, NULL);
      _surat_outbox_record_state (state, item);
      ok = _surat_outbox_save_state (self, state, error);
    }

  surat_store_unlock_account (lock);
  return ok;
}

GPtrArray *
surat_outbox_get_last_flush (SuratOutbox *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX (self), NULL);
  return self->last_flush;
}

void
_surat_outbox_emit_item_changed (SuratOutbox     *self,
                                 SuratOutboxItem *item)
{
  g_signal_emit (self, signals[SIGNAL_ITEM_CHANGED], 0, item);
}
