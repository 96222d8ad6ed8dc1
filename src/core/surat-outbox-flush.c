/* surat-outbox-flush.c — sending what is due, over one SMTP session
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-fd-output-stream.h"
#include "surat-outbox-private.h"
#include "surat-password.h"
#include "surat-smtp-client.h"
#include "surat-tls-stream.h"

typedef struct {
  SuratOutbox     *self;
  GTask           *task;
  int              lock_fd;
  GKeyFile        *state;
  GPtrArray       *due;           /* SuratOutboxItem */
  guint            next;
  SuratSmtpClient *client;
  SuratSecret     *password;
  gulong           progress_id;
  SuratOutboxItem *current;
  /* A 7-bit copy for a server without 8BITMIME, thrown away after. */
  char            *spool_name;
  int              spool_fd;
  guint            n_failed;
  GError          *first_error;
} Flush;

static void send_next (Flush *flush);
static void flush_end (Flush *flush);

static void
flush_free (Flush *flush)
{
  if (flush->lock_fd >= 0)
    surat_store_unlock_account (flush->lock_fd);
  g_clear_pointer (&flush->state, g_key_file_unref);
  g_clear_pointer (&flush->due, g_ptr_array_unref);
  g_clear_object (&flush->client);
  g_clear_pointer (&flush->password, surat_secret_free);
  g_clear_error (&flush->first_error);
  g_free (flush->spool_name);
  g_free (flush);
}

/* RFC 5321 §4.5.4.1 asks for retries at least 30 minutes apart for a
 * relay; a submission client retries sooner, doubling from a minute. */
static gint64
backoff_seconds (guint attempts)
{
  return MIN ((gint64) 60 << MIN (attempts - 1, 6u), 3600);
}

static void
set_item (Flush            *flush,
          SuratOutboxItem  *item,
          SuratOutboxState  state,
          const char       *reason)
{
  guint attempts = surat_outbox_item_get_attempts (item);
  gint64 next_attempt = 0;
  g_autoptr(GError) error = NULL;

  if (state == SURAT_OUTBOX_WAITING || state == SURAT_OUTBOX_FAILED)
    attempts++;
  if (state == SURAT_OUTBOX_WAITING)
    next_attempt = g_get_real_time () / G_USEC_PER_SEC + backoff_seconds (attempts);
  if (state == SURAT_OUTBOX_SENT || state == SURAT_OUTBOX_QUEUED)
    attempts = 0;

  _surat_outbox_item_set_state (item, state, next_attempt, attempts, reason);
  _surat_outbox_record_state (flush->state, item);

  /* The state file only spares a person repeated failures: not being able
   * to write it loses no message. */
  if (!_surat_outbox_save_state (flush->self, flush->state, &error))
    g_warning ("%s", error->message);

  _surat_outbox_emit_item_changed (flush->self, item);
}

static void
note_failure (Flush        *flush,
              const GError *error)
{
  flush->n_failed++;
  if (flush->first_error == NULL)
    flush->first_error = g_error_copy (error);
}

/* What a failure means for the message: try again by itself later, or
 * wait for the person. */
static SuratOutboxState
state_for_error (const GError *error)
{
  if (error->domain == SURAT_SMTP_ERROR)
    {
      switch (error->code)
        {
        case SURAT_SMTP_ERROR_TRANSIENT:
        case SURAT_SMTP_ERROR_PROTOCOL:
          return SURAT_OUTBOX_WAITING;
        default:
          /* 5yz, refused recipients, too big, no SMTPUTF8, a login the
           * server refuses: the same again fails the same way. */
          return SURAT_OUTBOX_FAILED;
        }
    }

  /* A certificate the system does not trust, STARTTLS stripped: only the
   * person can decide. */
  if (error->domain == SURAT_TLS_ERROR && error->code != SURAT_TLS_ERROR_HANDSHAKE)
    return SURAT_OUTBOX_FAILED;
  if (error->domain == SURAT_ACCOUNT_ERROR)
    return SURAT_OUTBOX_FAILED;

  /* No connection, a timeout, an unknown host (the network may be down). */
  return SURAT_OUTBOX_WAITING;
}

/* The session could not start: every due message shares the reason. */
static void
fail_all (Flush  *flush,
          GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      note_failure (flush, error);
      g_error_free (error);
      flush_end (flush);
      return;
    }

  for (guint i = flush->next; i < flush->due->len; i++)
    set_item (flush, g_ptr_array_index (flush->due, i), state_for_error (error), error->message);

  note_failure (flush, error);
  g_error_free (error);
  flush_end (flush);
}

static void
quit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Flush *flush = user_data;

  /* Everything that was sent is in Sent already; a failed QUIT changes
   * nothing (RFC 5321 §4.1.1.10). */
  surat_smtp_client_quit_finish (SURAT_SMTP_CLIENT (object), result, NULL);
  flush_end (flush);
}

static void
drop_spool (Flush *flush)
{
  SuratMaildir *outbox;

  if (flush->spool_name == NULL)
    return;

  outbox = surat_store_get_maildir (flush->self->store,
                                    surat_account_get_id (flush->self->account),
                                    SURAT_FOLDER_OUTBOX, NULL);
  if (outbox != NULL)
    surat_maildir_abort_tmp (outbox, flush->spool_fd, flush->spool_name);
  g_clear_pointer (&flush->spool_name, g_free);
  flush->spool_fd = -1;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Flush *flush = user_data;
  SuratOutboxItem *item = g_steal_pointer (&flush->current);
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_signal_handler (&flush->progress_id, flush->client);
  drop_spool (flush);

  if (surat_smtp_client_send_finish (SURAT_SMTP_CLIENT (object), result, &report, &error))
    {
      g_autoptr(GError) move_error = NULL;

      /* Accepted: the rename into Sent is what keeps it from ever being
       * sent again. Should it fail, the state file says "sent" so the
       * next flush only retries the move. */
      if (_surat_outbox_move (flush->self, item, SURAT_FOLDER_SENT, &move_error))
        {
          set_item (flush, item, SURAT_OUTBOX_SENT, NULL);
        }
      else
        {
          g_autofree char *key = surat_maildir_name_get_unique (surat_outbox_item_get_file (item));

          g_key_file_set_string (flush->state, key, "state", "sent");
          _surat_outbox_save_state (flush->self, flush->state, NULL);
          _surat_outbox_item_set_state (item, SURAT_OUTBOX_SENT, 0, 0, NULL);
          _surat_outbox_emit_item_changed (flush->self, item);
          note_failure (flush, move_error);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           (report == NULL || report->outcome == SURAT_SMTP_OUTCOME_NOT_SENT))
    {
      set_item (flush, item, SURAT_OUTBOX_QUEUED, NULL);
      note_failure (flush, error);
    }
  else
    {
      SuratOutboxState state = state_for_error (error);

      if (report != NULL && report->outcome == SURAT_SMTP_OUTCOME_UNKNOWN)
        state = SURAT_OUTBOX_WAITING;
      set_item (flush, item, state, error->message);
      note_failure (flush, error);
    }

  g_object_unref (item);

  /* A lost session ends the flush; what was not tried keeps its state. */
  if (!surat_smtp_client_is_ready (flush->client))
    {
      flush_end (flush);
      return;
    }

  send_next (flush);
}

static void
progress_cb (SuratSmtpClient *client,
             guint64          done,
             guint64          total,
             Flush           *flush)
{
  if (flush->current == NULL)
    return;

  _surat_outbox_item_set_progress (flush->current, done, total);
  _surat_outbox_emit_item_changed (flush->self, flush->current);
}

/* A server without 8BITMIME gets a 7-bit copy (RFC 6152 §3); a line over
 * 998 octets or bare binary goes to none as it is (RFC 5322 §2.1.1). */
static char *
prepare_file (Flush       *flush,
              const char  *path,
              GError     **error)
{
  SuratMessageFileFlags flags = SURAT_MESSAGE_FILE_7BIT;
  g_autoptr(GOutputStream) stream = NULL;
  SuratMaildir *outbox;

  if (!surat_message_file_scan (path, &flags, NULL, error))
    return NULL;

  if (!(flags & (SURAT_MESSAGE_FILE_LONG_LINES | SURAT_MESSAGE_FILE_BINARY)) &&
      (!(flags & SURAT_MESSAGE_FILE_8BIT_BODY) ||
       surat_smtp_client_has_extension (flush->client, SURAT_SMTP_EXTENSION_8BITMIME)))
    return g_strdup (path);

  outbox = surat_store_get_maildir (flush->self->store,
                                    surat_account_get_id (flush->self->account),
                                    SURAT_FOLDER_OUTBOX, error);
  if (outbox == NULL)
    return NULL;

  flush->spool_fd = surat_maildir_create_tmp (outbox, NULL, &flush->spool_name, error);
  if (flush->spool_fd < 0)
    return NULL;

  stream = surat_fd_output_stream_new (flush->spool_fd);
  if (!surat_message_file_downgrade_to_7bit (path, stream, NULL, error))
    {
      drop_spool (flush);
      return NULL;
    }

  return g_build_filename (surat_maildir_get_path (outbox), "tmp", flush->spool_name, NULL);
}

static void
send_next (Flush *flush)
{
  SuratOutboxItem *item;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *send_path = NULL;
  g_autoptr(GFile) file = NULL;

  if (flush->next >= flush->due->len)
    {
      surat_smtp_client_quit_async (flush->client, NULL, quit_cb, flush);
      return;
    }

  item = g_ptr_array_index (flush->due, flush->next++);

  path = _surat_outbox_item_path (flush->self, item, &error);
  if (path != NULL)
    send_path = prepare_file (flush, path, &error);
  if (send_path == NULL)
    {
      set_item (flush, item, SURAT_OUTBOX_FAILED, error->message);
      note_failure (flush, error);
      send_next (flush);
      return;
    }

  flush->current = g_object_ref (item);
  _surat_outbox_item_set_progress (item, 0, 0);
  set_item (flush, item, SURAT_OUTBOX_SENDING, NULL);

  flush->progress_id = g_signal_connect (flush->client, "progress",
                                         G_CALLBACK (progress_cb), flush);
  file = g_file_new_for_path (send_path);
  surat_smtp_client_send_async (flush->client,
                                surat_account_get_address (flush->self->account),
                                surat_outbox_item_get_recipient_list (item),
                                file, SURAT_SMTP_SEND_STRIP_BCC,
                                g_task_get_cancellable (flush->task), send_cb, flush);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Flush *flush = user_data;
  GError *error = NULL;

  g_clear_pointer (&flush->password, surat_secret_free);

  if (!surat_smtp_client_login_finish (SURAT_SMTP_CLIENT (object), result, &error))
    {
      fail_all (flush, error);
      return;
    }

  send_next (flush);
}

static void
login (Flush *flush)
{
  surat_smtp_client_login_async (flush->client, surat_account_get_smtp_user (flush->self->account),
                                 flush->password, g_task_get_cancellable (flush->task),
                                 login_cb, flush);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flush *flush = user_data;
  GError *error = NULL;

  flush->password = surat_password_lookup_finish (result, &error);
  if (flush->password == NULL)
    {
      fail_all (flush, error);
      return;
    }

  login (flush);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flush *flush = user_data;
  GError *error = NULL;

  if (!surat_smtp_client_connect_finish (SURAT_SMTP_CLIENT (object), result, &error))
    {
      fail_all (flush, error);
      return;
    }

  /* The server's SIZE (RFC 1870 §4; 0: none announced), kept so the
   * composer can warn before a message the server would refuse. */
  g_key_file_set_uint64 (flush->state, "server", "size-limit",
                         surat_smtp_client_has_extension (flush->client, SURAT_SMTP_EXTENSION_SIZE)
                           ? surat_smtp_client_get_extensions (flush->client)->size_limit : 0);
  _surat_outbox_save_state (flush->self, flush->state, NULL);

  /* A server that offers no AUTH (a local relay) takes mail without a
   * login; one that wants it answers MAIL with 530, which says so. */
  if (!surat_smtp_client_has_extension (flush->client, SURAT_SMTP_EXTENSION_AUTH))
    {
      send_next (flush);
      return;
    }

  if (flush->password != NULL)
    login (flush);
  else
    surat_password_lookup_async (flush->self->account, SURAT_PASSWORD_SMTP,
                                 g_task_get_cancellable (flush->task), password_cb, flush);
}

static void
flush_end (Flush *flush)
{
  g_autoptr(GTask) task = g_steal_pointer (&flush->task);
  SuratOutbox *self = flush->self;

  self->flushing = FALSE;

  if (flush->first_error != NULL && flush->n_failed == 1)
    {
      g_task_return_error (task, g_steal_pointer (&flush->first_error));
    }
  else if (flush->first_error != NULL)
    {
      g_task_return_new_error (task, flush->first_error->domain, flush->first_error->code,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%u message was not sent: %s",
                                            "%u messages were not sent; the first: %s",
                                            flush->n_failed),
                               flush->n_failed, flush->first_error->message);
    }
  else
    {
      g_task_return_boolean (task, TRUE);
    }

  flush_free (flush);
}

static gboolean
is_due (SuratOutboxItem *item,
        GKeyFile        *state,
        gboolean         all,
        gint64           now)
{
  g_autofree char *key = surat_maildir_name_get_unique (surat_outbox_item_get_file (item));
  g_autofree char *saved = g_key_file_get_string (state, key, "state", NULL);

  /* Accepted by the server already; only its move into Sent failed. */
  if (g_strcmp0 (saved, "sent") == 0)
    return FALSE;

  switch (surat_outbox_item_get_state (item))
    {
    case SURAT_OUTBOX_QUEUED:
      return TRUE;
    case SURAT_OUTBOX_WAITING:
      return all || surat_outbox_item_get_next_attempt (item) <= now;
    case SURAT_OUTBOX_FAILED:
      return all && surat_outbox_item_get_recipient_list (item)[0] != NULL;
    case SURAT_OUTBOX_SENDING:
    case SURAT_OUTBOX_SENT:
    default:
      return FALSE;
    }
}

/* Moves the messages a crashed flush left accepted but unmoved. */
static void
finish_earlier_moves (Flush     *flush,
                      GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      SuratOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *key = surat_maildir_name_get_unique (surat_outbox_item_get_file (item));
      g_autofree char *saved = g_key_file_get_string (flush->state, key, "state", NULL);

      if (g_strcmp0 (saved, "sent") == 0 &&
          _surat_outbox_move (flush->self, item, SURAT_FOLDER_SENT, NULL))
        {
          g_key_file_remove_group (flush->state, key, NULL);
          _surat_outbox_save_state (flush->self, flush->state, NULL);
        }
    }
}

void
surat_outbox_flush_async (SuratOutbox         *self,
                          gboolean             all,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(SuratConnection) connection = NULL;
  GError *error = NULL;
  SuratAccount *account;
  Flush *flush;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (SURAT_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_outbox_flush_async);
  account = self->account;

  if (self->flushing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The outbox of account “%s” is being sent already"),
                               surat_account_get_id (account));
      return;
    }

  if (surat_account_get_smtp_host (account) == NULL)
    {
      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                               _("Account “%s” has no SMTP server (smtp-host)"),
                               surat_account_get_id (account));
      return;
    }

  flush = g_new0 (Flush, 1);
  flush->self = self;
  flush->task = g_steal_pointer (&task);
  flush->spool_fd = -1;
  flush->lock_fd = surat_store_lock (self->store, surat_account_get_id (account),
                                     SURAT_STORE_LOCK_SEND, &error);
  if (flush->lock_fd < 0)
    {
      g_task_return_error (flush->task, error);
      g_object_unref (flush->task);
      flush->task = NULL;
      flush_free (flush);
      return;
    }

  self->flushing = TRUE;
  flush->state = _surat_outbox_load_state (self);
  items = _surat_outbox_scan (self, flush->state, &error);
  if (items == NULL)
    {
      note_failure (flush, error);
      g_error_free (error);
      flush->due = g_ptr_array_new ();
      flush_end (flush);
      return;
    }

  finish_earlier_moves (flush, items);

  flush->due = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_size (self->last_flush, 0);
  for (guint i = 0; i < items->len; i++)
    {
      SuratOutboxItem *item = g_ptr_array_index (items, i);

      if (is_due (item, flush->state, all, now))
        {
          g_ptr_array_add (flush->due, g_object_ref (item));
          g_ptr_array_add (self->last_flush, g_object_ref (item));
        }
    }

  if (flush->due->len == 0)
    {
      flush_end (flush);
      return;
    }

  connection = surat_connection_new (surat_account_get_smtp_host (account),
                                     surat_account_get_smtp_port (account),
                                     surat_account_get_smtp_security (account));
  surat_connection_set_timeout (connection, surat_account_get_timeout (account));
  surat_connection_set_ca_file (connection, surat_account_get_ca_file (account));
  surat_connection_set_pinned_fingerprint (connection,
                                           surat_account_get_smtp_pinned_sha256 (account));
  flush->client = surat_smtp_client_new (connection);
  flush->password = self->password ? surat_secret_dup (self->password) : NULL;

  surat_smtp_client_connect_async (flush->client, g_task_get_cancellable (flush->task),
                                   connect_cb, flush);
}

gboolean
surat_outbox_flush_finish (SuratOutbox   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
