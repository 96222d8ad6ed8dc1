/* surat-fetcher-download.c — RETRs into tmp/, durable batches, indexing
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "surat-fd-output-stream.h"
#include "surat-fetcher-private.h"

static void fetch_step_proceed (FetchRun *run);
static void fail_run (FetchRun *run, GError *error);


void
_surat_fetch_delivered_clear (Delivered *delivered)
{
  g_free (delivered->file);
}

static void
retrieval_free (Retrieval *retrieval)
{
  g_clear_object (&retrieval->sink);
  g_free (retrieval->tmp_name);
  g_free (retrieval);
}



static void
index_job_free (IndexJob *job)
{
  g_array_unref (job->batch);
  g_clear_error (&job->error);
  g_free (job);
}

/* In the download thread: the batch's rows are committed. Only now may
 * its messages be deleted from the server. */
static gboolean
batch_indexed (gpointer user_data)
{
  IndexJob *job = user_data;
  FetchRun *run = job->run;

  run->batches_pending--;

  if (job->error != NULL)
    {
      fail_run (run, g_steal_pointer (&job->error));
    }
  else
    {
      gboolean delete_now = !surat_account_get_keep_on_server (run->account);

      for (guint i = 0; delete_now && i < job->batch->len; i++)
        g_array_append_val (run->deletable, g_array_index (job->batch, Delivered, i).number);
      run->n_downloaded += job->batch->len;
    }

  fetch_step_proceed (run);
  return G_SOURCE_REMOVE;
}

/* In the indexer thread: the rows and UIDs of one batch, in one
 * transaction. */
void
_surat_fetch_index_job (gpointer data,
               gpointer user_data)
{
  IndexJob *job = data;
  FetchRun *run = job->run;
  SuratIndex *index = surat_store_get_index (run->store);

  if (surat_index_begin (index, &job->error))
    {
      for (guint i = 0; i < job->batch->len && job->error == NULL; i++)
        surat_store_index_file (run->store, surat_account_get_id (run->account),
                                SURAT_FOLDER_INBOX,
                                g_array_index (job->batch, Delivered, i).file, &job->error);

      if (job->error == NULL)
        surat_index_commit (index, &job->error);
      if (job->error != NULL)
        surat_index_rollback (index);
    }

  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, batch_indexed, job,
                              (GDestroyNotify) index_job_free);
}

/* Makes the batch's renames durable (a directory fsync) and hands it to
 * the indexer. */
static gboolean
flush_batch (FetchRun  *run,
             GError   **error)
{
  IndexJob *job;

  if (run->batch->len == 0)
    return TRUE;

  if (!surat_maildir_sync (run->inbox, error))
    return FALSE;

  job = g_new0 (IndexJob, 1);
  job->run = run;
  job->batch = g_steal_pointer (&run->batch);
  run->batch = g_array_new (FALSE, FALSE, sizeof (Delivered));
  g_array_set_clear_func (run->batch, (GDestroyNotify) _surat_fetch_delivered_clear);

  run->batches_pending++;
  g_thread_pool_push (run->indexer, job, NULL);
  return TRUE;
}

static gboolean
is_per_message_failure (const GError *error)
{
  /* A -ERR to one RETR (the server cannot read that message) must not
   * keep every other message from arriving; anything else (the connection,
   * the disk) ends the run. */
  return error->domain == SURAT_POP3_ERROR && error->code != SURAT_POP3_ERROR_PROTOCOL;
}

static void
fail_run (FetchRun *run,
          GError   *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);

  /* Stops the RETRs still queued; their tmp files are thrown away. */
  g_cancellable_cancel (run->cancellable);
}

/* The identity of a message from a server without UIDL: its bytes. */
static char *
content_uid (int      fd,
             GError **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[64 * 1024];
  off_t offset = 0;
  ssize_t n;

  while ((n = pread (fd, buffer, sizeof buffer, offset)) != 0)
    {
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                       _("Could not read back a downloaded message: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
      offset += n;
    }

  return g_strconcat (CONTENT_UID_PREFIX, g_checksum_get_string (checksum), NULL);
}

/* Files a retrieved message under its identity, or drops it when this
 * device already holds that content. Returns FALSE on a fatal error. */
static gboolean
commit_retrieval (FetchRun   *run,
                  Retrieval  *retrieval,
                  GError    **error)
{
  g_autofree char *uid = NULL;
  g_autofree char *file = NULL;
  Delivered delivered = { 0 };

  if (retrieval->message->uid == NULL)
    {
      uid = content_uid (retrieval->fd, error);
      if (uid == NULL)
        {
          surat_maildir_abort_tmp (run->inbox, retrieval->fd, retrieval->tmp_name);
          return FALSE;
        }

      if (g_hash_table_contains (run->known_uids, uid))
        {
          surat_maildir_abort_tmp (run->inbox, retrieval->fd, retrieval->tmp_name);
          if (!surat_account_get_keep_on_server (run->account))
            g_array_append_val (run->deletable, retrieval->message->number);
          return TRUE;
        }

      g_hash_table_insert (run->known_uids, g_strdup (uid), g_new0 (gint64, 1));
    }

  file = surat_maildir_commit_tmp_with_uid (run->inbox, retrieval->fd, retrieval->tmp_name,
                                            uid, error);
  if (file == NULL)
    return FALSE;

  /* Parsing is the indexer thread's: on a real disk this thread, with
   * its fsyncs, is the one that sets the pace (measured: 1.7 s against
   * 2.1 s for 2000 messages with parsing here). */
  delivered.file = g_steal_pointer (&file);
  delivered.number = retrieval->message->number;
  g_array_append_val (run->batch, delivered);
  return TRUE;
}

static void
retrieve_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Retrieval *retrieval = user_data;
  FetchRun *run = retrieval->run;
  g_autoptr(GError) error = NULL;
  gssize written;

  run->in_flight--;
  written = surat_pop3_client_retrieve_finish (SURAT_POP3_CLIENT (object), result, &error);

  if (written < 0)
    {
      surat_maildir_abort_tmp (run->inbox, retrieval->fd, retrieval->tmp_name);

      if (run->error == NULL && is_per_message_failure (error))
        {
          run->n_failed++;
          if (run->first_failure == NULL)
            run->first_failure = g_strdup (error->message);
          _surat_fetch_emit_warning (run, error->message);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || run->error == NULL)
        {
          fail_run (run, g_steal_pointer (&error));
        }
    }
  else if (run->error != NULL)
    {
      surat_maildir_abort_tmp (run->inbox, retrieval->fd, retrieval->tmp_name);
    }
  else if (!commit_retrieval (run, retrieval, &error))
    {
      fail_run (run, g_steal_pointer (&error));
    }
  else
    {
      run->done++;
      run->bytes_done += retrieval->message->size;
      _surat_fetch_emit_progress (run);

      if (run->batch->len >= BATCH_SIZE && !flush_batch (run, &error))
        fail_run (run, g_steal_pointer (&error));
    }

  retrieval_free (retrieval);
  _surat_fetch_retrieve (run);
}

void
_surat_fetch_retrieve (FetchRun *run)
{
  g_autoptr(GError) error = NULL;

  if (run->in_flight > RETR_WINDOW / 2)
    return;

  while (run->error == NULL && run->in_flight < RETR_WINDOW && run->next < run->wanted->len)
    {
      SuratPop3Message *message = g_ptr_array_index (run->wanted, run->next);
      Retrieval *retrieval;

      retrieval = g_new0 (Retrieval, 1);
      retrieval->run = run;
      retrieval->message = message;
      retrieval->fd = surat_maildir_create_tmp (run->inbox, message->uid,
                                                &retrieval->tmp_name, &error);
      if (retrieval->fd < 0)
        {
          retrieval_free (retrieval);
          fail_run (run, g_steal_pointer (&error));
          break;
        }
      retrieval->sink = surat_fd_output_stream_new (retrieval->fd);

      run->next++;
      run->in_flight++;
      surat_pop3_client_retrieve_async (run->client, message->number, retrieval->sink,
                                        run->cancellable, retrieve_cb, retrieval);
    }

  if (run->in_flight > 0 || run->downloads_done)
    return;

  /* Every RETR has come back: make what arrived durable even when the run
   * failed, so the next run does not fetch it again. */
  run->downloads_done = TRUE;
  if (!flush_batch (run, &error))
    fail_run (run, g_steal_pointer (&error));

  fetch_step_proceed (run);
}

/* After the downloads, once the indexer has committed every batch:
 * delete what may be deleted, or end a failed run. */
static void
fetch_step_proceed (FetchRun *run)
{
  if (!run->downloads_done || run->batches_pending > 0)
    return;

  if (run->error != NULL)
    {
      _surat_fetch_finish (run, NULL);
      return;
    }

  _surat_fetch_delete (run);
}

