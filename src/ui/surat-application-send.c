/* surat-application-send.c — the app's writing side: composing, the Undo
 * toast, the Outboxes and their flushes, the address book
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "surat-application-private.h"
#include "surat-composer-window.h"
#include "surat-window.h"

/* How long Undo is offered before the message goes. */
#define UNDO_SECONDS 5

typedef struct {
  SuratApplication *app;        /* unowned: the state lives in it */
  char             *account_id;
  gboolean          running;
  gboolean          again;      /* asked for while running or while an Undo was offered */
  gboolean          again_all;
  guint             n_pending;  /* messages whose Undo is still offered */
  guint             retry_id;
} FlushState;

typedef struct _SuratUndoBatch SuratUndoBatch;

struct _SuratApplicationSend
{
  SuratUndoBatch              *undo;      /* the messages whose Undo is offered */
  GHashTable                  *outboxes;  /* account id → SuratOutbox */
  GHashTable                  *flushes;   /* account id → FlushState */
  SuratAddressBook            *address_book;
  GCancellable                *book_cancellable;
  gboolean                     book_loading;
  gboolean                     book_again;
  SuratApplicationComposeHook  hook;
  gpointer                     hook_data;
};

static void
flush_state_free (FlushState *state)
{
  g_clear_handle_id (&state->retry_id, g_source_remove);
  g_free (state->account_id);
  g_free (state);
}

SuratApplicationSend *
_surat_application_send_new (void)
{
  SuratApplicationSend *send = g_new0 (SuratApplicationSend, 1);

  send->outboxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  send->flushes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) flush_state_free);
  send->book_cancellable = g_cancellable_new ();
  return send;
}

void
_surat_application_send_free (SuratApplicationSend *send)
{
  if (send == NULL)
    return;

  g_hash_table_unref (send->outboxes);
  g_hash_table_unref (send->flushes);
  /* A load still reading must not report into a gone app. */
  g_cancellable_cancel (send->book_cancellable);
  g_clear_object (&send->book_cancellable);
  g_clear_object (&send->address_book);
  g_free (send);
}

void
surat_application_set_compose_hook (SuratApplication            *self,
                                    SuratApplicationComposeHook  hook,
                                    gpointer                     user_data)
{
  SuratApplicationSend *send = _surat_application_get_send (self);

  send->hook = hook;
  send->hook_data = user_data;
}

/* --- helpers ---------------------------------------------------------------- */

SuratAccount *
surat_application_find_account (SuratApplication *self,
                                const char       *account_id)
{
  GListModel *accounts = surat_application_get_accounts (self);

  for (guint i = 0; account_id != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (surat_account_get_id (account), account_id) == 0)
        return account; /* the list keeps it */
    }

  return NULL;
}

GStrv
surat_application_dup_own_addresses (SuratApplication *self)
{
  GListModel *accounts = surat_application_get_accounts (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

      if (surat_account_get_address (account) != NULL)
        g_strv_builder_add (builder, surat_account_get_address (account));
    }

  return g_strv_builder_end (builder);
}

static SuratWindow *
main_window (SuratApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SURAT_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
report (SuratApplication *self,
        const char       *text)
{
  SuratWindow *window = main_window (self);

  if (window != NULL)
    surat_window_add_toast (window, text);
  else
    g_message ("%s", text);
}

static FlushState *
get_flush_state (SuratApplication *self,
                 const char       *account_id)
{
  SuratApplicationSend *send = _surat_application_get_send (self);
  FlushState *state = g_hash_table_lookup (send->flushes, account_id);

  if (state == NULL)
    {
      state = g_new0 (FlushState, 1);
      state->app = self;
      state->account_id = g_strdup (account_id);
      g_hash_table_insert (send->flushes, g_strdup (account_id), state);
    }

  return state;
}

/* --- composing ---------------------------------------------------------------- */

void
surat_application_compose (SuratApplication *self,
                           SuratDraft       *draft)
{
  SuratApplicationSend *send;
  g_autoptr(SuratDraft) owned = NULL;

  g_return_if_fail (SURAT_IS_APPLICATION (self));
  g_return_if_fail (draft == NULL || SURAT_IS_DRAFT (draft));

  send = _surat_application_get_send (self);
  if (draft == NULL)
    {
      GListModel *accounts = surat_application_get_accounts (self);
      g_autoptr(SuratAccount) first = g_list_model_get_item (accounts, 0);

      owned = surat_draft_new (first);
      draft = owned;
    }

  if (send->hook != NULL)
    {
      send->hook (self, draft, send->hook_data);
      return;
    }

  gtk_window_present (GTK_WINDOW (surat_composer_window_new (self, draft)));
}

/* --- the Outboxes ---------------------------------------------------------------- */

SuratOutbox *
surat_application_get_outbox (SuratApplication *self,
                              SuratAccount     *account)
{
  SuratApplicationSend *send;
  SuratOutbox *outbox;

  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (surat_application_get_store (self) != NULL, NULL);

  send = _surat_application_get_send (self);
  outbox = g_hash_table_lookup (send->outboxes, surat_account_get_id (account));
  /* The preferences may have replaced the account with an edited copy:
   * the Outbox must send with the new settings. */
  if (outbox != NULL && g_object_get_data (G_OBJECT (outbox), "surat-account") == account)
    return outbox;

  outbox = surat_outbox_new (surat_application_get_store (self), account);
  g_object_set_data (G_OBJECT (outbox), "surat-account", account);
  g_hash_table_insert (send->outboxes, g_strdup (surat_account_get_id (account)), outbox);
  return outbox;
}

static void flush_now (SuratApplication *self, FlushState *state, gboolean all);

static gboolean
retry_cb (gpointer user_data)
{
  FlushState *state = user_data;

  state->retry_id = 0;
  flush_now (state->app, state, FALSE);
  return G_SOURCE_REMOVE;
}

/* A message that waits for a retry (4yz, no connection) is tried again
 * when it is due, as long as the app runs. */
static void
schedule_retry (SuratApplication *self,
                FlushState       *state,
                SuratOutbox      *outbox)
{
  gint64 next = surat_outbox_get_next_attempt (outbox);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_clear_handle_id (&state->retry_id, g_source_remove);
  if (next > 0)
    state->retry_id = g_timeout_add_seconds ((guint) CLAMP (next - now, 1, 24 * 3600),
                                             retry_cb, state);
}

typedef struct {
  SuratApplication *app;
  char             *account_id;
} FlushData;

static void
show_outbox_cb (AdwToast   *toast,
                const char *account_id)
{
  SuratApplication *self = g_object_get_data (G_OBJECT (toast), "surat-app");
  SuratWindow *window = main_window (self);
  SuratAccount *account = surat_application_find_account (self, account_id);

  if (window != NULL && account != NULL)
    surat_sidebar_select (surat_window_get_sidebar (window), account, SURAT_FOLDER_OUTBOX);
}

/* The whole story is in the Outbox view (each message with the server's
 * words); the toast only says that something stayed, and leads there. */
static void
report_not_sent (SuratApplication *self,
                 const char       *account_id,
                 SuratOutbox      *outbox,
                 const GError     *error)
{
  GPtrArray *flushed = surat_outbox_get_last_flush (outbox);
  SuratWindow *window = main_window (self);
  SuratOutboxItem *first = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  guint n_failed = 0;
  guint n_waiting = 0;
  AdwToast *toast;

  for (guint i = 0; i < flushed->len; i++)
    {
      SuratOutboxItem *item = g_ptr_array_index (flushed, i);
      SuratOutboxState state = surat_outbox_item_get_state (item);

      if (state == SURAT_OUTBOX_FAILED)
        n_failed++;
      else if (state == SURAT_OUTBOX_WAITING)
        n_waiting++;
      else
        continue;
      if (first == NULL)
        first = item;
    }

  if (window == NULL || first == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not sent: %s"), error->message);

      report (self, text);
      return;
    }

  escaped = g_markup_escape_text (surat_outbox_item_get_subject (first) &&
                                  *surat_outbox_item_get_subject (first)
                                  ? surat_outbox_item_get_subject (first) : _("(no subject)"), -1);
  if (n_failed + n_waiting == 1 && n_failed == 1)
    title = g_strdup_printf (_("“%s” was not sent"), escaped);
  else if (n_failed + n_waiting == 1)
    title = g_strdup_printf (_("“%s” will be sent later"), escaped);
  else if (n_failed > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message was not sent",
                                          "%u messages were not sent", n_failed + n_waiting),
                             n_failed + n_waiting);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message will be sent later",
                                          "%u messages will be sent later", n_waiting),
                             n_waiting);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  g_object_set_data (G_OBJECT (toast), "surat-app", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (show_outbox_cb),
                         g_strdup (account_id), (GClosureNotify) g_free, 0);
  surat_window_show_toast (window, toast);
  g_object_unref (toast);
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FlushData *data = user_data;
  SuratApplication *self = data->app;
  SuratOutbox *outbox = SURAT_OUTBOX (object);
  g_autoptr(GError) error = NULL;
  FlushState *state = get_flush_state (self, data->account_id);

  if (!surat_outbox_flush_finish (outbox, result, &error))
    report_not_sent (self, data->account_id, outbox, error);

  state->running = FALSE;
  /* Sent and Outbox counts, the Outbox view, and the address book (a
   * new recipient completes next time). */
  surat_application_mail_changed (self, data->account_id);
  _surat_application_reload_address_book (self);

  if (state->again && state->n_pending == 0)
    flush_now (self, state, state->again_all);
  else
    schedule_retry (self, state, outbox);

  g_application_release (G_APPLICATION (self));
  g_object_unref (data->app);
  g_free (data->account_id);
  g_free (data);
}

static void
flush_now (SuratApplication *self,
           FlushState       *state,
           gboolean          all)
{
  SuratAccount *account = surat_application_find_account (self, state->account_id);
  SuratOutbox *outbox;
  FlushData *data;

  if (account == NULL || surat_application_get_store (self) == NULL)
    return;
  /* A message whose Undo is still offered is QUEUED like any other: a
   * flush now would send it too early. It waits for the toast. */
  if (state->running || state->n_pending > 0)
    {
      state->again = TRUE;
      state->again_all |= all;
      return;
    }

  outbox = surat_application_get_outbox (self, account);
  g_clear_handle_id (&state->retry_id, g_source_remove);
  state->running = TRUE;
  state->again = FALSE;
  state->again_all = FALSE;

  data = g_new0 (FlushData, 1);
  data->app = g_object_ref (self);
  data->account_id = g_strdup (state->account_id);
  /* Closing the last window does not stop a message on its way. */
  g_application_hold (G_APPLICATION (self));
  surat_outbox_flush_async (outbox, all, NULL, flush_done_cb, data);
}

void
surat_application_flush_outbox (SuratApplication *self,
                                SuratAccount     *account,
                                gboolean          all)
{
  g_return_if_fail (SURAT_IS_APPLICATION (self));
  g_return_if_fail (SURAT_IS_ACCOUNT (account));

  flush_now (self, get_flush_state (self, surat_account_get_id (account)), all);
}

/* --- sending with Undo ---------------------------------------------------------- */

/*
 * Messages sent within a few seconds of each other share one toast and
 * one clock: "Sending “Subject”…", or "Sending 2 messages…", with Undo
 * for all of them, restarted by every send. One toast rather than a queue
 * of them: Undo is always offered for exactly what is on screen, and no
 * toast has to be pulled out of the overlay's queue.
 */

typedef struct {
  char            *account_id;
  SuratOutboxItem *item;
  SuratDraft      *draft;
} PendingSend;

struct _SuratUndoBatch
{
  SuratApplication *app;
  GPtrArray        *pending;    /* PendingSend */
  AdwToast         *toast;
  guint             timeout_id;
};

static void
pending_send_free (PendingSend *pending)
{
  g_free (pending->account_id);
  g_object_unref (pending->item);
  g_object_unref (pending->draft);
  g_free (pending);
}

/* @from_toast: the toast is going away by itself (its Undo or its close
 * button); only our clock has to take it off the screen. */
static void
batch_end (SuratUndoBatch *batch,
           gboolean        undo,
           gboolean        from_toast)
{
  SuratApplication *self = batch->app;
  SuratApplicationSend *send = _surat_application_get_send (self);
  g_autoptr(GPtrArray) pending = g_steal_pointer (&batch->pending);

  g_clear_handle_id (&batch->timeout_id, g_source_remove);
  if (batch->toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (batch->toast, batch);
      if (!from_toast)
        adw_toast_dismiss (batch->toast);
      g_clear_object (&batch->toast);
    }
  if (send != NULL && send->undo == batch)
    send->undo = NULL;

  for (guint i = 0; i < pending->len; i++)
    get_flush_state (self, ((PendingSend *) g_ptr_array_index (pending, i))->account_id)->n_pending--;

  for (guint i = 0; i < pending->len; i++)
    {
      PendingSend *each = g_ptr_array_index (pending, i);
      SuratAccount *account = surat_application_find_account (self, each->account_id);
      FlushState *state = get_flush_state (self, each->account_id);

      if (undo && account != NULL)
        {
          g_autoptr(GError) error = NULL;
          SuratOutbox *outbox = surat_application_get_outbox (self, account);

          if (!surat_outbox_remove (outbox, each->item, &error))
            report (self, error->message);
          else
            surat_application_compose (self, each->draft);
          surat_application_mail_changed (self, each->account_id);
          if (state->again)
            flush_now (self, state, state->again_all);
        }
      else
        {
          /* Several messages of one account: the first flush takes them
           * all, the others find it running and ask again after. */
          flush_now (self, state, FALSE);
        }

      g_application_release (G_APPLICATION (self));
    }

  g_object_unref (batch->app);
  g_free (batch);
}

static gboolean
batch_timeout_cb (gpointer user_data)
{
  SuratUndoBatch *batch = user_data;

  batch->timeout_id = 0;
  batch_end (batch, FALSE, FALSE);
  return G_SOURCE_REMOVE;
}

static void
toast_undo_cb (AdwToast       *toast,
               SuratUndoBatch *batch)
{
  batch_end (batch, TRUE, TRUE);
}

/* Closed early (its close button, Escape): the person is done with Undo,
 * so the messages go now. */
static void
toast_dismissed_cb (AdwToast       *toast,
                    SuratUndoBatch *batch)
{
  batch_end (batch, FALSE, TRUE);
}

static void
batch_add (SuratApplication *self,
           PendingSend      *pending)
{
  SuratApplicationSend *send = _surat_application_get_send (self);
  SuratUndoBatch *batch = send->undo;
  SuratWindow *window = main_window (self);
  g_autofree char *title = NULL;

  if (batch == NULL)
    {
      batch = g_new0 (SuratUndoBatch, 1);
      batch->app = g_object_ref (self);
      batch->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_send_free);
      send->undo = batch;
    }

  g_ptr_array_add (batch->pending, pending);
  get_flush_state (self, pending->account_id)->n_pending++;
  /* Closing the last window does not lose the message's turn. */
  g_application_hold (G_APPLICATION (self));

  if (batch->pending->len == 1)
    {
      const char *subject = surat_draft_get_subject (pending->draft);
      /* A toast's title is markup. */
      g_autofree char *escaped =
        g_markup_escape_text (subject != NULL && *subject != '\0' ? subject : _("(no subject)"), -1);

      title = g_strdup_printf (_("Sending “%s”…"), escaped);
    }
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %u message…",
                                            "Sending %u messages…", batch->pending->len),
                               batch->pending->len);
    }

  if (batch->toast != NULL)
    adw_toast_set_title (batch->toast, title);
  else if (window != NULL)
    {
      batch->toast = adw_toast_new (title);
      adw_toast_set_button_label (batch->toast, _("_Undo"));
      /* Our clock decides, restarted by each send. */
      adw_toast_set_timeout (batch->toast, 0);
      g_signal_connect (batch->toast, "button-clicked", G_CALLBACK (toast_undo_cb), batch);
      g_signal_connect (batch->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), batch);
      surat_window_show_toast (window, batch->toast);
    }

  g_clear_handle_id (&batch->timeout_id, g_source_remove);
  batch->timeout_id = g_timeout_add_seconds (UNDO_SECONDS, batch_timeout_cb, batch);
}

gboolean
surat_application_send_draft (SuratApplication  *self,
                              SuratDraft        *draft,
                              GError           **error)
{
  SuratStore *store;
  SuratAccount *account;
  g_autoptr(SuratMessageBuilder) builder = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;
  g_autoptr(GError) discard_error = NULL;
  PendingSend *pending;

  g_return_val_if_fail (SURAT_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (SURAT_IS_DRAFT (draft), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  store = surat_application_get_store (self);
  account = surat_application_find_account (self, surat_draft_get_account_id (draft));
  if (store == NULL || account == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no account “%s” to send from"),
                   surat_draft_get_account_id (draft) ? surat_draft_get_account_id (draft) : "");
      return FALSE;
    }

  builder = surat_draft_to_builder (draft, account, FALSE, error);
  if (builder == NULL)
    return FALSE;

  /* On disk in the Outbox before anything else happens: from here on the
   * message survives a crash (DESIGN.md "Send"). */
  item = surat_outbox_queue (surat_application_get_outbox (self, account), builder, error);
  if (item == NULL)
    return FALSE;

  /* The Outbox has it now; a Drafts copy left behind would only be a
   * duplicate to wonder about, never a loss. */
  if (!surat_draft_discard (draft, store, &discard_error))
    g_warning ("The sent draft stays in Drafts: %s", discard_error->message);
  surat_application_mail_changed (self, surat_account_get_id (account));

  pending = g_new0 (PendingSend, 1);
  pending->account_id = g_strdup (surat_account_get_id (account));
  pending->item = g_steal_pointer (&item);
  pending->draft = g_object_ref (draft);
  batch_add (self, pending);

  return TRUE;
}

/* --- the address book ------------------------------------------------------------ */

SuratAddressBook *
surat_application_get_address_book (SuratApplication *self)
{
  SuratApplicationSend *send;

  g_return_val_if_fail (SURAT_IS_APPLICATION (self), NULL);

  send = _surat_application_get_send (self);
  if (send->address_book == NULL && surat_application_get_store (self) != NULL)
    send->address_book = surat_address_book_new (surat_application_get_store (self));

  return send->address_book;
}

static void
book_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(SuratApplication) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  SuratApplicationSend *send;

  g_weak_ref_clear (weak);
  g_free (weak);

  if (!surat_address_book_load_finish (SURAT_ADDRESS_BOOK (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self != NULL)
    /* Completion offers fewer addresses; writing still works. */
    g_message ("Cannot read the addresses for completion: %s", error->message);

  if (self == NULL)
    return;
  send = _surat_application_get_send (self);
  if (send == NULL)
    return;
  send->book_loading = FALSE;
  if (send->book_again)
    _surat_application_reload_address_book (self);
}

void
_surat_application_reload_address_book (SuratApplication *self)
{
  SuratApplicationSend *send = _surat_application_get_send (self);
  SuratAddressBook *book = surat_application_get_address_book (self);
  GWeakRef *weak;

  if (book == NULL)
    return;
  if (send->book_loading)
    {
      send->book_again = TRUE;
      return;
    }

  send->book_loading = TRUE;
  send->book_again = FALSE;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  surat_address_book_load_async (book, send->book_cancellable, book_loaded_cb, weak);
}

void
_surat_application_send_start (SuratApplication *self)
{
  GListModel *accounts = surat_application_get_accounts (self);

  if (surat_application_get_store (self) == NULL)
    return;

  _surat_application_reload_address_book (self);
  /* What an earlier run (or `surat-cli send --queue-only`) left queued
   * goes now; an empty Outbox costs no connection. */
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SuratAccount) account = g_list_model_get_item (accounts, i);

      if (surat_account_get_smtp_host (account) != NULL)
        surat_application_flush_outbox (self, account, FALSE);
    }
}
