/* surat-fetcher.c — download an account's new mail, exactly once
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include <glib/gi18n-lib.h>

#include "surat-fetcher-private.h"
#include "surat-password.h"
#include "surat-pop3-client.h"
#include "surat-tls-stream.h"

/*
 * The rules that make a download exactly-once (DESIGN.md "Fetch"):
 *
 *  1. A message is known by its POP3 unique-id (RFC 1939 §7). The UID is in
 *     the Maildir file name, so the files alone say what this device holds.
 *  2. Each message streams into tmp/, is fsynced and renamed into new/.
 *     Then, per batch, the directory is fsynced and the index rows (with
 *     the UIDs) are committed in one transaction.
 *  3. DELE is sent only for UIDs whose file and row are durable, and only
 *     QUIT makes the server delete (RFC 1939 §6). A run that dies before
 *     QUIT deletes nothing.
 *  4. A run starts by indexing files the index lacks (a run that died
 *     between rename and commit), so nothing is fetched twice.
 *  5. A server without UIDL gives no identity, so the content does: its
 *     SHA-256 becomes the message's UID. Every message must then be
 *     downloaded again at each check to be recognised, but none is ever
 *     stored twice.
 *
 * The run happens on a worker thread with its own main context: fsync,
 * SQLite and GMime never stall the caller's main loop. Signals are
 * re-emitted on the caller's context. Indexing (GMime parsing and FTS)
 * costs more CPU than the download itself, so a second thread does it,
 * batch by batch, while the next messages arrive: the store, and with it
 * its SQLite connection, belongs to the download thread until the
 * downloads start and to the indexer thread from then on.
 */

struct _SuratFetcher
{
  GObject       parent_instance;

  SuratStore   *store;
  SuratAccount *account;
  SuratSecret  *password;

  guint         n_downloaded;
  guint         n_deleted;
  guint         n_on_server;
  guint64       bytes_downloaded;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (SuratFetcher, surat_fetcher, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  SIGNAL_WARNING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fetch_run_free (FetchRun *run)
{
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->caller_cancellable, run->cancelled_id);
  if (run->lock_fd >= 0)
    surat_store_unlock_account (run->lock_fd);

  g_clear_pointer (&run->caller_context, g_main_context_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->caller_cancellable);
  g_clear_object (&run->client);
  g_clear_object (&run->inbox);
  g_clear_object (&run->store);
  g_clear_object (&run->account);
  g_clear_pointer (&run->data_dir, g_free);
  g_clear_pointer (&run->password, surat_secret_free);
  g_clear_pointer (&run->known_uids, g_hash_table_unref);
  g_clear_pointer (&run->wanted, g_ptr_array_unref);
  g_clear_pointer (&run->server, g_ptr_array_unref);
  g_clear_pointer (&run->deletable, g_array_unref);
  g_clear_pointer (&run->batch, g_array_unref);
  g_clear_pointer (&run->first_failure, g_free);
  g_clear_error (&run->error);
  g_free (run);
}

/* Signals travel from the worker thread to the caller's context. */
typedef struct {
  SuratFetcher *self;
  guint         signal_id;
  guint         done;
  guint         total;
  guint64       bytes_done;
  guint64       bytes_total;
  char         *text;
} SignalData;

static gboolean
emit_in_caller (gpointer user_data)
{
  SignalData *data = user_data;

  if (data->signal_id == signals[SIGNAL_PROGRESS])
    g_signal_emit (data->self, data->signal_id, 0,
                   data->done, data->total, data->bytes_done, data->bytes_total);
  else
    g_signal_emit (data->self, data->signal_id, 0, data->text);

  return G_SOURCE_REMOVE;
}

static void
signal_data_free (gpointer user_data)
{
  SignalData *data = user_data;

  g_object_unref (data->self);
  g_free (data->text);
  g_free (data);
}

void
_surat_fetch_emit_progress (FetchRun *run)
{
  SignalData *data = g_new0 (SignalData, 1);

  data->self = g_object_ref (run->self);
  data->signal_id = signals[SIGNAL_PROGRESS];
  data->done = run->done;
  data->total = run->wanted ? run->wanted->len : 0;
  data->bytes_done = run->bytes_done;
  data->bytes_total = run->bytes_total;
  g_main_context_invoke_full (run->caller_context, G_PRIORITY_DEFAULT,
                              emit_in_caller, data, signal_data_free);
}

void
_surat_fetch_emit_warning (FetchRun   *run,
              const char *text)
{
  SignalData *data = g_new0 (SignalData, 1);

  g_debug ("%s: %s", surat_account_get_id (run->account), text);

  data->self = g_object_ref (run->self);
  data->signal_id = signals[SIGNAL_WARNING];
  data->text = g_strdup (text);
  g_main_context_invoke_full (run->caller_context, G_PRIORITY_DEFAULT,
                              emit_in_caller, data, signal_data_free);
}

static void
quit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FetchRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!surat_pop3_client_quit_finish (SURAT_POP3_CLIENT (object), result, &error))
    {
      /* Without the server's +OK to QUIT the deletions may not have
       * happened; they are retried next time. The mail itself is safe. */
      if (run->pending_deletes == 0 && run->deletable->len == 0)
        error = (g_clear_error (&error), NULL);
      _surat_fetch_finish (run, g_steal_pointer (&error));
      return;
    }

  run->n_deleted = run->deletable->len;
  _surat_fetch_finish (run, NULL);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FetchRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->pending_deletes--;
  if (!surat_pop3_client_delete_finish (SURAT_POP3_CLIENT (object), result, &error) &&
      run->error == NULL)
    run->error = g_steal_pointer (&error);

  if (run->pending_deletes > 0)
    return;

  if (run->error != NULL)
    {
      /* Closing without QUIT undoes every DELE (RFC 1939 §6): a half-done
       * set of deletions never commits. */
      _surat_fetch_finish (run, NULL);
      return;
    }

  surat_pop3_client_quit_async (run->client, run->cancellable, quit_cb, run);
}

void
_surat_fetch_delete (FetchRun *run)
{
  if (run->deletable->len == 0)
    {
      surat_pop3_client_quit_async (run->client, run->cancellable, quit_cb, run);
      return;
    }

  run->pending_deletes = run->deletable->len;
  for (guint i = 0; i < run->deletable->len; i++)
    surat_pop3_client_delete_async (run->client, g_array_index (run->deletable, guint, i),
                                    run->cancellable, delete_cb, run);
}

/* Which server messages to fetch and which earlier ones to delete now. */
static void
plan (FetchRun *run)
{
  gboolean keep = surat_account_get_keep_on_server (run->account);
  guint days = surat_account_get_delete_after_days (run->account);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GHashTable) seen_this_run = g_hash_table_new (g_str_hash, g_str_equal);

  run->has_uidl = run->server->len == 0 ||
                  ((SuratPop3Message *) g_ptr_array_index (run->server, 0))->uid != NULL;

  if (!run->has_uidl && keep)
    _surat_fetch_emit_warning (run, _("The server does not tell messages apart (it has no UIDL), so "
                         "Surat cannot know which ones it already has. Every message on the "
                         "server is downloaded again at each check. Turn off “keep on "
                         "server” for this account, or ask the provider for UIDL support."));

  for (guint i = 0; i < run->server->len; i++)
    {
      SuratPop3Message *message = g_ptr_array_index (run->server, i);
      gint64 *downloaded_at;

      if (message->uid == NULL)
        {
          g_ptr_array_add (run->wanted, message);
          run->bytes_total += message->size;
          continue;
        }

      /* Two messages with one UID would violate RFC 1939 §7; fetching the
       * second would store a duplicate. */
      if (!g_hash_table_add (seen_this_run, message->uid))
        continue;

      downloaded_at = g_hash_table_lookup (run->known_uids, message->uid);
      if (downloaded_at == NULL)
        {
          g_ptr_array_add (run->wanted, message);
          run->bytes_total += message->size;
        }
      else if (!keep || (days > 0 && now - *downloaded_at >= (gint64) days * 24 * 3600))
        {
          g_array_append_val (run->deletable, message->number);
        }
    }
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FetchRun *run = user_data;
  GError *error = NULL;

  run->server = surat_pop3_client_scan_finish (SURAT_POP3_CLIENT (object), result, &error);
  if (run->server == NULL)
    {
      _surat_fetch_finish (run, error);
      return;
    }

  plan (run);
  _surat_fetch_emit_progress (run);
  _surat_fetch_retrieve (run);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchRun *run = user_data;
  GError *error = NULL;
  const SuratPop3Capa *capa;

  g_clear_pointer (&run->password, surat_secret_free);

  if (!surat_pop3_client_login_finish (SURAT_POP3_CLIENT (object), result, &error))
    {
      _surat_fetch_finish (run, error);
      return;
    }

  capa = surat_pop3_client_get_capa (run->client);
  if ((capa->flags & SURAT_POP3_CAPA_EXPIRE) && capa->expire_days == 0 &&
      surat_account_get_keep_on_server (run->account))
    _surat_fetch_emit_warning (run, _("The server deletes every message once it has been downloaded "
                         "(EXPIRE 0), whatever this account’s “keep on server” says."));

  surat_pop3_client_scan_async (run->client, run->cancellable, scan_cb, run);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchRun *run = user_data;
  GError *error = NULL;

  if (!surat_pop3_client_connect_finish (SURAT_POP3_CLIENT (object), result, &error))
    {
      _surat_fetch_finish (run, error);
      return;
    }

  surat_pop3_client_login_async (run->client, surat_account_get_pop3_user (run->account),
                                 run->password, run->cancellable, login_cb, run);
}

static void
fetch_step_connect (FetchRun *run)
{
  g_autoptr(SuratConnection) connection = NULL;
  SuratAccount *account = run->account;

  connection = surat_connection_new (surat_account_get_pop3_host (account),
                                     surat_account_get_pop3_port (account),
                                     surat_account_get_pop3_security (account));
  surat_connection_set_timeout (connection, surat_account_get_timeout (account));
  surat_connection_set_ca_file (connection, surat_account_get_ca_file (account));
  surat_connection_set_pinned_fingerprint (connection,
                                           surat_account_get_pop3_pinned_sha256 (account));

  run->client = surat_pop3_client_new (connection);
  surat_pop3_client_set_allow_apop (run->client, surat_account_get_pop3_apop (account));
  surat_pop3_client_connect_async (run->client, run->cancellable, connect_cb, run);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FetchRun *run = user_data;
  GError *error = NULL;

  run->password = surat_password_lookup_finish (result, &error);
  if (run->password == NULL)
    {
      _surat_fetch_finish (run, error);
      return;
    }

  fetch_step_connect (run);
}

/* The local part: nothing here talks to the network. */
static gboolean
prepare (FetchRun  *run,
         GError   **error)
{
  const char *id = surat_account_get_id (run->account);
  SuratMaildir *inbox;

  if (surat_account_get_pop3_host (run->account) == NULL)
    {
      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("Account “%s” has no POP3 server (pop3-host)"), id);
      return FALSE;
    }

  /* Our own SQLite connection: the caller's store belongs to its thread. */
  run->store = surat_store_open (run->data_dir, error);
  if (run->store == NULL)
    return FALSE;

  run->lock_fd = surat_store_lock_account (run->store, id, error);
  if (run->lock_fd < 0)
    return FALSE;

  inbox = surat_store_get_maildir (run->store, id, SURAT_FOLDER_INBOX, error);
  if (inbox == NULL)
    return FALSE;
  run->inbox = g_object_ref (inbox);

  surat_maildir_clean_tmp (run->inbox);

  if (surat_store_reconcile (run->store, id, SURAT_FOLDER_INBOX, error) < 0)
    return FALSE;

  run->known_uids = surat_index_get_pop3_uids (surat_store_get_index (run->store), id, error);
  return run->known_uids != NULL;
}

void
_surat_fetch_finish (FetchRun *run,
              GError   *error)
{
  if (error != NULL)
    {
      if (run->error == NULL)
        run->error = error;
      else
        g_error_free (error);
    }

  /* Dropping the client closes the connection; without QUIT the server
   * forgets our DELEs. */
  g_clear_object (&run->client);
  run->finished = TRUE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchRun *run = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  GError *error = NULL;

  g_main_context_push_thread_default (context);
  run->context = context;
  run->indexer = g_thread_pool_new (_surat_fetch_index_job, NULL, 1, FALSE, NULL);

  if (!prepare (run, &error))
    _surat_fetch_finish (run, error);
  else if (run->password != NULL)
    fetch_step_connect (run);
  else
    surat_password_lookup_async (run->account, SURAT_PASSWORD_POP3, run->cancellable,
                                 password_cb, run);

  while (!run->finished)
    g_main_context_iteration (context, TRUE);

  /* Let the closed connection's last callbacks run. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);

  /* No batch is pending (fetch_step_proceed waits for them), so this only
   * joins the idle indexer thread. */
  g_thread_pool_free (g_steal_pointer (&run->indexer), FALSE, TRUE);
  g_main_context_pop_thread_default (context);
  run->context = NULL;

  /* Everything of this thread goes before the caller hears back: the next
   * run, started from the callback, must find the account unlocked. */
  if (run->lock_fd >= 0)
    surat_store_unlock_account (run->lock_fd);
  run->lock_fd = -1;
  g_clear_object (&run->inbox);
  g_clear_object (&run->store);

  if (run->error == NULL && run->n_failed > 0)
    {
      run->error = g_error_new (SURAT_POP3_ERROR, SURAT_POP3_ERROR_FAILED,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u message could not be downloaded: %s",
                                             "%u messages could not be downloaded: %s",
                                             run->n_failed),
                                run->n_failed, run->first_failure);
    }

  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
surat_fetcher_dispose (GObject *object)
{
  SuratFetcher *self = (SuratFetcher *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (surat_fetcher_parent_class)->dispose (object);
}

static void
surat_fetcher_finalize (GObject *object)
{
  SuratFetcher *self = (SuratFetcher *) object;

  g_clear_pointer (&self->password, surat_secret_free);

  G_OBJECT_CLASS (surat_fetcher_parent_class)->finalize (object);
}

static void
surat_fetcher_class_init (SuratFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = surat_fetcher_dispose;
  object_class->finalize = surat_fetcher_finalize;

  /**
   * SuratFetcher::progress:
   * @messages_done: messages made safe so far
   * @messages_total: messages to download in this run
   * @bytes_done: their size on the server, so far
   * @bytes_total: the total size to download
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * SuratFetcher::warning:
   * @message: something the person should know, in words
   */
  signals[SIGNAL_WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
surat_fetcher_init (SuratFetcher *self)
{
}

SuratFetcher *
surat_fetcher_new (SuratStore   *store,
                   SuratAccount *account)
{
  SuratFetcher *self;

  g_return_val_if_fail (SURAT_IS_STORE (store), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  self = g_object_new (SURAT_TYPE_FETCHER, NULL);
  self->store = g_object_ref (store);
  self->account = g_object_ref (account);
  return self;
}

void
surat_fetcher_set_password (SuratFetcher *self,
                            const char   *password)
{
  g_return_if_fail (SURAT_IS_FETCHER (self));

  g_clear_pointer (&self->password, surat_secret_free);
  self->password = surat_secret_dup (password);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SuratFetcher *self = g_task_get_source_object (outer);
  FetchRun *run = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->running = FALSE;
  self->n_downloaded = run->n_downloaded;
  self->n_deleted = run->n_deleted;
  self->n_on_server = run->server ? run->server->len : 0;
  self->bytes_downloaded = run->bytes_done;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

void
surat_fetcher_run_async (SuratFetcher        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  FetchRun *run;

  g_return_if_fail (SURAT_IS_FETCHER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, surat_fetcher_run_async);

  if (self->running)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Mail for account “%s” is already being fetched"),
                               surat_account_get_id (self->account));
      return;
    }
  self->running = TRUE;
  self->n_downloaded = self->n_deleted = self->n_on_server = 0;
  self->bytes_downloaded = 0;

  run = g_new0 (FetchRun, 1);
  run->self = self;
  run->data_dir = g_strdup (surat_store_get_data_dir (self->store));
  run->caller_context = g_main_context_ref_thread_default ();
  run->account = g_object_ref (self->account);
  run->password = self->password ? surat_secret_dup (self->password) : NULL;
  run->lock_fd = -1;
  run->cancellable = g_cancellable_new ();
  run->wanted = g_ptr_array_new ();
  run->deletable = g_array_new (FALSE, FALSE, sizeof (guint));
  run->batch = g_array_new (FALSE, FALSE, sizeof (Delivered));
  g_array_set_clear_func (run->batch, (GDestroyNotify) _surat_fetch_delivered_clear);
  if (cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                 g_object_ref (run->cancellable), g_object_unref);
    }

  /* The inner task's thread does the work; the outer one completes in the
   * caller's context with the counts copied back. The inner task refers to
   * nothing of the caller's, so whichever thread drops it last finalizes
   * nothing the caller owns. */
  inner = g_task_new (NULL, NULL, run_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, surat_fetcher_run_async);
  g_task_set_task_data (inner, run, (GDestroyNotify) fetch_run_free);
  g_task_run_in_thread (inner, fetch_thread);
}

gboolean
surat_fetcher_run_finish (SuratFetcher  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SURAT_IS_FETCHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
surat_fetcher_get_n_downloaded (SuratFetcher *self)
{
  g_return_val_if_fail (SURAT_IS_FETCHER (self), 0);
  return self->n_downloaded;
}

guint
surat_fetcher_get_n_deleted (SuratFetcher *self)
{
  g_return_val_if_fail (SURAT_IS_FETCHER (self), 0);
  return self->n_deleted;
}

guint
surat_fetcher_get_n_on_server (SuratFetcher *self)
{
  g_return_val_if_fail (SURAT_IS_FETCHER (self), 0);
  return self->n_on_server;
}

guint64
surat_fetcher_get_bytes_downloaded (SuratFetcher *self)
{
  g_return_val_if_fail (SURAT_IS_FETCHER (self), 0);
  return self->bytes_downloaded;
}
