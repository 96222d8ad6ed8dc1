/* surat-pop3-client-transaction.c — POP3's TRANSACTION and UPDATE states
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-pop3-client-private.h"

/* --- simple commands ---------------------------------------------------- */

static void
quit_done (GTask            *task,
           SuratPop3Command *command)
{
  SuratPop3Client *self = task_client (task);
  Op *op = task_op (task);
  g_autoptr(GError) closed = NULL;

  /* RFC 1939 §6: after QUIT the server closes; so do we, as soon as
   * nothing is pending. Anything issued after QUIT fails. */
  closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, _("The POP3 session has ended"));
  _surat_pop3_abandon_session (self, closed);

  if (!command->reply.ok)
    _surat_pop3_op_return_error (task, _surat_pop3_op_reply_error (op, &command->reply));
  else
    _surat_pop3_op_return_boolean (task);
}

static void
simple_done (SuratPop3Command *command,
             const GError     *error,
             gpointer          user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  g_autoptr(GError) parse_error = NULL;
  guint64 *result;
  guint count = 0;
  guint64 size = 0;

  op->n_outstanding--;

  if (error != NULL)
    {
      _surat_pop3_op_return_error (task, g_error_copy (error));
      return;
    }

  if (op->kind == OP_QUIT)
    {
      quit_done (task, command);
      return;
    }

  if (!command->reply.ok)
    {
      _surat_pop3_op_return_error (task, _surat_pop3_op_reply_error (op, &command->reply));
      return;
    }

  switch (op->kind)
    {
    case OP_STAT:
      if (!surat_pop3_parse_stat (command->reply.text, &count, &size, &parse_error))
        {
          _surat_pop3_op_return_error (task, g_steal_pointer (&parse_error));
          return;
        }
      result = g_new (guint64, 2);
      result[0] = count;
      result[1] = size;
      _surat_pop3_op_return_pointer (task, result, g_free);
      break;

    case OP_RETRIEVE:
    case OP_TOP:
      if (command->sink_error != NULL)
        _surat_pop3_op_return_error (task, g_steal_pointer (&command->sink_error));
      else
        _surat_pop3_op_return_int (task, (gssize) command->written);
      break;

    case OP_DELETE:
    case OP_RESET:
    case OP_NOOP:
      _surat_pop3_op_return_boolean (task);
      break;

    case OP_CONNECT:
    case OP_LOGIN:
    case OP_SCAN:
    case OP_QUIT:
    default:
      g_assert_not_reached ();
    }
}

void
_surat_pop3_start_simple (GTask *task)
{
  Op *op = task_op (task);
  SuratPop3Command *command = NULL;
  g_autofree char *argument = NULL;

  switch (op->kind)
    {
    case OP_STAT:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "STAT", NULL, FALSE);
      break;
    case OP_RETRIEVE:
      argument = g_strdup_printf ("%u", op->number);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_BODY, "RETR", argument, FALSE);
      break;
    case OP_TOP:
      argument = g_strdup_printf ("%u %u", op->number, op->lines);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_BODY, "TOP", argument, FALSE);
      break;
    case OP_DELETE:
      argument = g_strdup_printf ("%u", op->number);
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "DELE", argument, FALSE);
      break;
    case OP_RESET:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "RSET", NULL, FALSE);
      break;
    case OP_NOOP:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "NOOP", NULL, FALSE);
      break;
    case OP_QUIT:
      command = surat_pop3_command_new (SURAT_POP3_REPLY_STATUS, "QUIT", NULL, FALSE);
      break;
    case OP_CONNECT:
    case OP_LOGIN:
    case OP_SCAN:
    default:
      g_assert_not_reached ();
    }

  if (op->sink != NULL)
    command->sink = g_object_ref (op->sink);

  _surat_pop3_op_send (task, command, simple_done);
}

/* --- scan: UIDL and LIST ------------------------------------------------ */

static void
message_array_add (GPtrArray *messages,
                   guint      number,
                   guint64    size)
{
  SuratPop3Message *message = g_new0 (SuratPop3Message, 1);

  message->number = number;
  message->size = size;
  g_ptr_array_add (messages, message);
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const SuratPop3Message *ma = *(SuratPop3Message * const *) a;
  const SuratPop3Message *mb = *(SuratPop3Message * const *) b;

  return (ma->number > mb->number) - (ma->number < mb->number);
}

/* LIST gives the messages and their sizes, UIDL (if any) their uids. */
static GPtrArray *
build_scan (Op      *op,
            GError **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GHashTable) by_number = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) uids = g_hash_table_new (g_str_hash, g_str_equal);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) surat_pop3_message_free);

  for (guint i = 0; i < op->list_lines->len; i++)
    {
      const char *line = g_ptr_array_index (op->list_lines, i);
      guint number;
      guint64 size;

      if (!surat_pop3_parse_list_line (line, &number, &size, error))
        return NULL;

      if (g_hash_table_contains (by_number, GUINT_TO_POINTER (number)))
        {
          g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                       _("The server listed message %u twice"), number);
          return NULL;
        }

      message_array_add (messages, number, size);
      g_hash_table_insert (by_number, GUINT_TO_POINTER (number),
                           g_ptr_array_index (messages, messages->len - 1));
    }

  if (op->have_uidl)
    {
      for (guint i = 0; i < op->uidl_lines->len; i++)
        {
          const char *line = g_ptr_array_index (op->uidl_lines, i);
          SuratPop3Message *message;
          g_autofree char *uid = NULL;
          guint number;

          if (!surat_pop3_parse_uidl_line (line, &number, &uid, error))
            return NULL;

          message = g_hash_table_lookup (by_number, GUINT_TO_POINTER (number));
          if (message == NULL)
            continue;

          /* RFC 1939 §7: unique-ids are unique within the maildrop. Two
           * messages sharing one would make one of them look downloaded
           * when it is not: refuse rather than lose mail. */
          if (message->uid != NULL || g_hash_table_contains (uids, uid))
            {
              g_set_error (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_PROTOCOL,
                           _("The server gave the unique-id “%s” to two messages"), uid);
              return NULL;
            }

          message->uid = g_steal_pointer (&uid);
          g_hash_table_add (uids, message->uid);
        }
    }

  g_ptr_array_sort (messages, compare_messages);
  return g_steal_pointer (&messages);
}

static void
scan_done (SuratPop3Command *command,
           const GError     *error,
           gpointer          user_data)
{
  GTask *task = user_data;
  Op *op = task_op (task);
  SuratPop3Client *self = task_client (task);
  gboolean is_uidl = g_str_has_prefix (command->line, "UIDL");
  GPtrArray *messages;

  op->n_outstanding--;

  if (error != NULL && op->error == NULL)
    op->error = g_error_copy (error);
  else if (op->error == NULL && is_uidl)
    {
      /* Without CAPA we asked UIDL on spec, and -ERR means the server has
       * none (RFC 1939 §7 makes it optional): the uids stay NULL and the
       * caller decides. A server that announced UIDL and then refuses it
       * has a problem of its own; passing it off as "no UIDL" could make
       * the caller download everything again. */
      if (!command->reply.ok && self->capa_known)
        op->error = _surat_pop3_op_reply_error (op, &command->reply);
      op->have_uidl = command->reply.ok;
      op->uidl_lines = g_steal_pointer (&command->lines);
    }
  else if (op->error == NULL)
    {
      if (!command->reply.ok)
        op->error = _surat_pop3_op_reply_error (op, &command->reply);
      else
        op->list_lines = g_steal_pointer (&command->lines);
    }

  if (op->n_outstanding > 0)
    return;

  if (op->error != NULL)
    {
      _surat_pop3_op_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  messages = build_scan (op, &op->error);
  if (messages == NULL)
    _surat_pop3_op_return_error (task, g_steal_pointer (&op->error));
  else
    _surat_pop3_op_return_pointer (task, messages, (GDestroyNotify) g_ptr_array_unref);
}

void
_surat_pop3_start_scan (GTask *task)
{
  SuratPop3Client *self = task_client (task);

  /* Ask for UIDL when CAPA announced it, or when there was no CAPA to
   * ask; both commands go out together when pipelining. */
  if (!self->capa_known || (self->capa.flags & SURAT_POP3_CAPA_UIDL) != 0)
    _surat_pop3_op_send_line (task, SURAT_POP3_REPLY_LINES, "UIDL", NULL, FALSE, scan_done);
  _surat_pop3_op_send_line (task, SURAT_POP3_REPLY_LINES, "LIST", NULL, FALSE, scan_done);
}
