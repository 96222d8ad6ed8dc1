/* surat-cli-send.c — send and outbox
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "surat-cli.h"

static char *
read_body (const char  *path,
           GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (path == NULL)
    return g_strdup ("");

  if (g_str_equal (path, "-"))
    {
      in = g_unix_input_stream_new (0, FALSE);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      in = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (in == NULL)
        return NULL;
    }

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0 ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Each --to/--cc/--bcc may hold one address or a list, as a person types
 * into a To field. */
static gboolean
add_addresses (SuratMessageBuilder  *builder,
               SuratMessageField     field,
               char                **values,
               GError              **error)
{
  g_autofree char *joined = NULL;

  if (values == NULL || values[0] == NULL)
    return TRUE;

  joined = g_strjoinv (", ", values);
  return surat_message_builder_set_addresses (builder, field, joined, -1, error);
}

static void
print_recipients (SuratOutboxItem *item)
{
  g_print (_("Sent “%s” to %s\n"), surat_outbox_item_get_subject (item),
           surat_outbox_item_get_recipients (item));
}

static gboolean
flush_outbox (SuratOutbox  *outbox,
              gboolean      all,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_outbox_flush_async (outbox, all, NULL, surat_cli_result_cb, &result);
  surat_cli_wait (&result);
  return surat_outbox_flush_finish (outbox, result, error);
}

int
surat_cli_send (int    argc,
                char **argv)
{
  g_autofree char *account_id = NULL;
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) cc = NULL;
  g_auto(GStrv) bcc = NULL;
  g_auto(GStrv) attach = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *html_file = NULL;
  g_autofree char *raw = NULL;
  gboolean queue_only = FALSE;
  const GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_id, N_("Send from this account"), N_("ID") },
    { "to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &to, N_("A recipient (or a list); repeat for more"), N_("ADDR") },
    { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cc, N_("A copy recipient"), N_("ADDR") },
    { "bcc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &bcc, N_("A blind copy recipient: no header names them"), N_("ADDR") },
    { "subject", 's', 0, G_OPTION_ARG_STRING, &subject, N_("The subject"), N_("TEXT") },
    { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &body_file, N_("The text, UTF-8, from a file or - for standard input"), N_("FILE") },
    { "html-file", 0, 0, G_OPTION_ARG_FILENAME, &html_file, N_("An HTML version of the text"), N_("FILE") },
    { "attach", 'A', 0, G_OPTION_ARG_FILENAME_ARRAY, &attach, N_("Attach a file of any kind; repeat for more"), N_("FILE") },
    { "raw", 0, 0, G_OPTION_ARG_FILENAME, &raw, N_("Send this message file as it is (its From/To/Cc/Bcc make the envelope)"), N_("FILE") },
    { "queue-only", 0, 0, G_OPTION_ARG_NONE, &queue_only, N_("Only put it in the Outbox; “surat-cli outbox --flush” sends it"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = surat_cli_context (entries);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(SuratOutbox) outbox = NULL;
  g_autoptr(SuratOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  SuratAccount *account;

  g_option_context_set_description (context,
    _("Writes the message into the account's Outbox first — it is safe on disk before the first\n"
      "byte goes out — then sends it, with anything else due in the Outbox. When the server is\n"
      "unreachable or says “try later”, the message stays queued and “surat-cli outbox --flush”\n"
      "tries again; when it refuses, the server's words are shown and it stays in the Outbox."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return surat_cli_usage_error (context, _("unexpected argument"));
  if (raw != NULL && (to || cc || bcc || subject || body_file || html_file || attach))
    return surat_cli_usage_error (context, _("--raw takes the whole message from its file: no other message option"));
  if (raw == NULL && to == NULL && cc == NULL && bcc == NULL)
    return surat_cli_usage_error (context, _("give at least one recipient (--to, --cc or --bcc), or --raw FILE"));

  if ((accounts = surat_cli_load_accounts ()) == NULL)
    return 1;
  if ((account = surat_cli_pick_account (accounts, account_id, "smtp-host")) == NULL)
    return 1;
  if ((store = surat_cli_open_store ()) == NULL)
    return 1;
  outbox = surat_outbox_new (store, account);

  if (raw != NULL)
    {
      item = surat_outbox_queue_file (outbox, raw, &error);
    }
  else
    {
      g_autoptr(SuratMessageBuilder) builder = surat_message_builder_new ();
      g_autofree char *body = read_body (body_file, &error);
      g_autofree char *html = NULL;

      if (body != NULL && html_file != NULL)
        html = read_body (html_file, &error);

      if (error == NULL &&
          surat_message_builder_set_from (builder, surat_account_get_display_name (account),
                                          surat_account_get_address (account), &error) &&
          add_addresses (builder, SURAT_MESSAGE_FIELD_TO, to, &error) &&
          add_addresses (builder, SURAT_MESSAGE_FIELD_CC, cc, &error) &&
          add_addresses (builder, SURAT_MESSAGE_FIELD_BCC, bcc, &error) &&
          surat_message_builder_set_subject (builder, subject ? subject : "", -1, &error) &&
          surat_message_builder_set_text (builder, body, -1, &error) &&
          (html == NULL || surat_message_builder_set_html (builder, html, -1, &error)))
        {
          for (guint i = 0; attach != NULL && attach[i] != NULL && error == NULL; i++)
            surat_message_builder_add_attachment (builder, attach[i], NULL, NULL, &error);
        }

      if (error == NULL)
        item = surat_outbox_queue (outbox, builder, &error);
    }

  if (item == NULL)
    {
      surat_cli_print_error (_("the message was not queued: %s"), error->message);
      return 1;
    }

  if (queue_only)
    {
      g_print (_("Queued “%s” for %s\n"), surat_outbox_item_get_subject (item),
               surat_outbox_item_get_recipients (item));
      return 0;
    }

  flush_outbox (outbox, FALSE, &error);

  /* What this command is about is its own message; others that were due
   * went along (and are reported by “surat-cli outbox”). */
  for (guint i = 0; i < surat_outbox_get_last_flush (outbox)->len; i++)
    {
      SuratOutboxItem *flushed = g_ptr_array_index (surat_outbox_get_last_flush (outbox), i);

      if (g_strcmp0 (surat_maildir_name_get_unique (surat_outbox_item_get_file (flushed)),
                     surat_maildir_name_get_unique (surat_outbox_item_get_file (item))) != 0)
        continue;

      if (surat_outbox_item_get_state (flushed) == SURAT_OUTBOX_SENT)
        {
          print_recipients (flushed);
          return 0;
        }

      surat_cli_print_error (_("sending through %s: %s (the message stays in the Outbox%s)"),
                             surat_account_get_smtp_host (account),
                             surat_outbox_item_get_reason (flushed)
                               ? surat_outbox_item_get_reason (flushed)
                               : (error ? error->message : _("not sent")),
                             surat_outbox_item_get_state (flushed) == SURAT_OUTBOX_WAITING
                               ? _("; it is tried again later") : "");
      return 1;
    }

  surat_cli_print_error (_("sending through %s: %s (the message stays in the Outbox)"),
                         surat_account_get_smtp_host (account),
                         error ? error->message : _("it was not due"));
  return 1;
}

static void
item_to_json (JsonBuilder     *builder,
              const char      *account_id,
              SuratOutboxItem *item)
{
  g_autofree char *next = NULL;

  json_builder_begin_object (builder);
  surat_cli_json_string (builder, "account", account_id);
  surat_cli_json_string (builder, "file", surat_outbox_item_get_file (item));
  surat_cli_json_string (builder, "subject", surat_outbox_item_get_subject (item));
  json_builder_set_member_name (builder, "recipients");
  json_builder_begin_array (builder);
  for (const char * const *r = surat_outbox_item_get_recipient_list (item); *r; r++)
    json_builder_add_string_value (builder, *r);
  json_builder_end_array (builder);
  surat_cli_json_string (builder, "state", surat_outbox_state_to_string (surat_outbox_item_get_state (item)));
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, surat_outbox_item_get_attempts (item));
  if (surat_outbox_item_get_next_attempt (item) > 0)
    next = surat_cli_format_date (surat_outbox_item_get_next_attempt (item), TRUE);
  surat_cli_json_string (builder, "next_attempt", next);
  surat_cli_json_string (builder, "reason", surat_outbox_item_get_reason (item));
  json_builder_end_object (builder);
}

static void
print_item (const char      *account_id,
            SuratOutboxItem *item)
{
  SuratOutboxState state = surat_outbox_item_get_state (item);
  g_autofree char *when = NULL;

  g_print ("%-8s %-8s %s — %s\n", account_id, surat_outbox_state_to_string (state),
           surat_outbox_item_get_subject (item), surat_outbox_item_get_recipients (item));
  if (state == SURAT_OUTBOX_WAITING)
    {
      when = surat_cli_format_date (surat_outbox_item_get_next_attempt (item), FALSE);
      g_print (_("         next try %s (attempt %u)\n"), when,
               surat_outbox_item_get_attempts (item) + 1);
    }
  if (surat_outbox_item_get_reason (item) != NULL &&
      (state == SURAT_OUTBOX_WAITING || state == SURAT_OUTBOX_FAILED))
    g_print ("         %s\n", surat_outbox_item_get_reason (item));
}

int
surat_cli_outbox (int    argc,
                  char **argv)
{
  g_autofree char *account_id = NULL;
  gboolean flush = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_id, N_("Only this account"), N_("ID") },
    { "flush", 0, 0, G_OPTION_ARG_NONE, &flush, N_("Send every message now, failed ones too"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see README.md)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = surat_cli_context (entries);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = 0;

  g_option_context_set_description (context,
    _("Lists the messages waiting in each account's Outbox: queued, waiting for another try (and\n"
      "when), or failed with the server's words. --flush sends them now."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return surat_cli_usage_error (context, _("unexpected argument"));

  if ((accounts = surat_cli_load_accounts ()) == NULL)
    return 1;
  if (account_id != NULL && surat_cli_pick_account (accounts, account_id, "") == NULL)
    return 1;
  if ((store = surat_cli_open_store ()) == NULL)
    return 1;

  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      SuratAccount *account = g_ptr_array_index (accounts, i);
      const char *id = surat_account_get_id (account);
      g_autoptr(SuratOutbox) outbox = NULL;
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;

      if ((account_id != NULL && !g_str_equal (account_id, id)) ||
          (account_id == NULL && surat_account_get_smtp_host (account) == NULL))
        continue;

      outbox = surat_outbox_new (store, account);
      if (flush && !flush_outbox (outbox, TRUE, &error))
        {
          surat_cli_print_error (_("sending the outbox of %s through %s: %s"), id,
                                 surat_account_get_smtp_host (account), error->message);
          status = 1;
        }
      if (flush)
        {
          for (guint k = 0; !json && k < surat_outbox_get_last_flush (outbox)->len; k++)
            {
              SuratOutboxItem *item = g_ptr_array_index (surat_outbox_get_last_flush (outbox), k);

              if (surat_outbox_item_get_state (item) == SURAT_OUTBOX_SENT)
                print_recipients (item);
            }
        }

      g_clear_error (&error);
      items = surat_outbox_list (outbox, &error);
      if (items == NULL)
        {
          surat_cli_print_error (_("reading the outbox of %s: %s"), id, error->message);
          status = 1;
          continue;
        }

      for (guint k = 0; k < items->len; k++)
        {
          if (json)
            item_to_json (builder, id, g_ptr_array_index (items, k));
          else
            print_item (id, g_ptr_array_index (items, k));
        }
    }
  json_builder_end_array (builder);

  if (json)
    surat_cli_print_json (builder);

  return status;
}
