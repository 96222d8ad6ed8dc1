/* surat-cli-read.c — fetch, list, show, save-attachments, reindex
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "surat-cli.h"

/* ---------------------------------------------------------------- fetch */


typedef struct {
  const char *account_id;
  gboolean    terminal;
  gboolean    progress_shown;
} FetchView;

static void
fetch_progress_cb (SuratFetcher *fetcher,
                   guint         done,
                   guint         total,
                   guint64       bytes_done,
                   guint64       bytes_total,
                   FetchView    *view)
{
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;

  if (!view->terminal || total == 0)
    return;

  done_text = surat_cli_format_size (bytes_done);
  total_text = surat_cli_format_size (bytes_total);
  g_printerr ("\r\033[K%s: %u/%u messages, %s of %s", view->account_id, done, total,
              done_text, total_text);
  view->progress_shown = TRUE;
}

static void
fetch_warning_cb (SuratFetcher *fetcher,
                  const char   *message,
                  FetchView    *view)
{
  if (view->progress_shown)
    g_printerr ("\r\033[K");
  view->progress_shown = FALSE;
  surat_cli_print_error (_("%s: warning: %s"), view->account_id, message);
}

static gboolean
fetch_account (SuratStore   *store,
               SuratAccount *account)
{
  g_autoptr(SuratFetcher) fetcher = surat_fetcher_new (store, account);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FetchView view = { surat_account_get_id (account), isatty (STDERR_FILENO), FALSE };
  gboolean ok;

  g_signal_connect (fetcher, "progress", G_CALLBACK (fetch_progress_cb), &view);
  g_signal_connect (fetcher, "warning", G_CALLBACK (fetch_warning_cb), &view);

  surat_fetcher_run_async (fetcher, NULL, surat_cli_result_cb, &result);
  surat_cli_wait (&result);

  ok = surat_fetcher_run_finish (fetcher, result, &error);

  if (view.progress_shown)
    g_printerr ("\r\033[K");

  if (!ok)
    {
      g_autofree char *description = surat_core_describe_error (error);

      if (surat_fetcher_get_n_downloaded (fetcher) > 0)
        g_print (_("%s: %u new messages saved before the error\n"), view.account_id,
                 surat_fetcher_get_n_downloaded (fetcher));
      surat_cli_print_error (_("fetching %s from %s port %u: %s"), view.account_id,
                   surat_account_get_pop3_host (account), surat_account_get_pop3_port (account),
                   description);
      return FALSE;
    }

  {
    g_autofree char *size = surat_cli_format_size (surat_fetcher_get_bytes_downloaded (fetcher));

    g_print (_("%s: %u new (%s), %u deleted from the server, %u left on the server\n"),
             view.account_id, surat_fetcher_get_n_downloaded (fetcher), size,
             surat_fetcher_get_n_deleted (fetcher),
             surat_fetcher_get_n_on_server (fetcher) - surat_fetcher_get_n_deleted (fetcher));
  }
  return TRUE;
}

int
surat_cli_fetch (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = surat_cli_context (NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  gboolean all_ok = TRUE;

  g_option_context_set_description (context,
    _("Downloads the new messages of the given accounts (all accounts with a POP3 server when\n"
      "none is given) into the local store. Each message arrives exactly once, and is deleted\n"
      "from the server only as the account's keep-on-server / delete-after-days say, and only\n"
      "once it is safely on disk."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;

  if ((accounts = surat_cli_load_accounts ()) == NULL)
    return 1;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      SuratAccount *account = surat_account_find (accounts, argv[i], &error);

      if (account == NULL)
        {
          surat_cli_print_error ("%s", error->message);
          return 1;
        }
      g_ptr_array_add (chosen, account);
    }

  if (argc <= 1)
    {
      for (guint i = 0; i < accounts->len; i++)
        {
          SuratAccount *account = g_ptr_array_index (accounts, i);

          if (surat_account_get_pop3_host (account) != NULL)
            g_ptr_array_add (chosen, account);
        }
    }

  if (chosen->len == 0)
    {
      g_autofree char *path = surat_account_get_default_path ();

      surat_cli_print_error (_("no account with a POP3 server in %s"), path);
      return 1;
    }

  if ((store = surat_cli_open_store ()) == NULL)
    return 1;

  for (guint i = 0; i < chosen->len; i++)
    all_ok &= fetch_account (store, g_ptr_array_index (chosen, i));

  return all_ok ? 0 : 1;
}

/* ----------------------------------------------------------------- list */

static void
summary_to_json (JsonBuilder         *builder,
                 SuratMessageSummary *summary)
{
  g_autofree char *date = surat_cli_format_date (surat_message_summary_get_date (summary), TRUE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, surat_message_summary_get_id (summary));
  surat_cli_json_string (builder, "account", surat_message_summary_get_account_id (summary));
  surat_cli_json_string (builder, "folder", surat_folder_to_string (surat_message_summary_get_folder (summary)));
  surat_cli_json_string (builder, "file", surat_message_summary_get_file (summary));
  surat_cli_json_string (builder, "message_id", surat_message_summary_get_message_id (summary));
  surat_cli_json_string (builder, "date", date);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_int_value (builder, surat_message_summary_get_date (summary));
  surat_cli_json_string (builder, "from", surat_message_summary_get_from (summary));
  surat_cli_json_string (builder, "to", surat_message_summary_get_to (summary));
  surat_cli_json_string (builder, "cc", surat_message_summary_get_cc (summary));
  surat_cli_json_string (builder, "subject", surat_message_summary_get_subject (summary));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) surat_message_summary_get_size (summary));
  json_builder_set_member_name (builder, "seen");
  json_builder_add_boolean_value (builder, surat_message_summary_get_seen (summary));
  json_builder_set_member_name (builder, "flagged");
  json_builder_add_boolean_value (builder, surat_message_summary_get_flagged (summary));
  json_builder_set_member_name (builder, "has_attachments");
  json_builder_add_boolean_value (builder, surat_message_summary_get_has_attachments (summary));
  surat_cli_json_string (builder, "preview", surat_message_summary_get_preview (summary));
  json_builder_end_object (builder);
}

int
surat_cli_list (int    argc,
          char **argv)
{
  g_autofree char *account_id = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_id, N_("Only this account"), N_("ID") },
    { "folder", 'f', 0, G_OPTION_ARG_STRING, &folder_name,
      N_("Only this folder: Inbox, Sent, Outbox, Drafts or Trash"), N_("FOLDER") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search,
      N_("Only messages whose senders, recipients, subject or text have these words"), N_("WORDS") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N messages, newest first"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see README.md)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = surat_cli_context (entries);
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  SuratFolder folder = SURAT_FOLDER_INBOX;

  g_option_context_set_description (context,
    _("Lists the messages of the local store, newest first: all accounts and folders unless\n"
      "told otherwise."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return surat_cli_usage_error (context, _("unexpected argument"));
  if (folder_name != NULL && !surat_folder_from_string (folder_name, &folder))
    return surat_cli_usage_error (context, _("the folder must be Inbox, Sent, Outbox, Drafts or Trash"));
  if (limit < 0)
    return surat_cli_usage_error (context, _("the limit cannot be negative"));

  if (account_id != NULL)
    {
      g_autoptr(GPtrArray) accounts = surat_cli_load_accounts ();

      if (accounts == NULL)
        return 1;
      if (surat_account_find (accounts, account_id, &error) == NULL)
        {
          surat_cli_print_error ("%s", error->message);
          return 1;
        }
    }

  if ((store = surat_cli_open_store ()) == NULL)
    return 1;

  messages = surat_index_list_messages (surat_store_get_index (store), account_id,
                                        folder_name != NULL ? (int) folder : -1,
                                        search, (guint) limit, &error);
  if (messages == NULL)
    {
      surat_cli_print_error (_("cannot list messages: %s"), error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < messages->len; i++)
        summary_to_json (builder, g_ptr_array_index (messages, i));
      json_builder_end_array (builder);
      surat_cli_print_json (builder);
      return 0;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      SuratMessageSummary *summary = g_ptr_array_index (messages, i);
      g_autofree char *date = surat_cli_format_date (surat_message_summary_get_date (summary), FALSE);
      g_autofree char *from = surat_cli_column (surat_message_summary_get_from (summary), 28);

      g_print ("%6" G_GINT64_FORMAT "  %c%c %s  %-6s  %s  %s\n",
               surat_message_summary_get_id (summary),
               surat_message_summary_get_seen (summary) ? ' ' : 'N',
               surat_message_summary_get_has_attachments (summary) ? '@' : ' ',
               date,
               surat_folder_to_string (surat_message_summary_get_folder (summary)),
               from,
               surat_message_summary_get_subject (summary) ? surat_message_summary_get_subject (summary) : "");
    }

  return 0;
}

/* ------------------------------------------------------ show and attachments */

static SuratMessage *
open_message (SuratStore           *store,
              const char           *id_text,
              SuratMessageSummary **summary_out)
{
  g_autoptr(SuratMessageSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SuratMessage *message;
  gint64 id;
  char *end = NULL;

  id = g_ascii_strtoll (id_text, &end, 10);
  if (end == id_text || *end != '\0' || id <= 0)
    {
      surat_cli_print_error (_("“%s” is not a message id (see “surat-cli list”)"), id_text);
      return NULL;
    }

  summary = surat_index_get_message (surat_store_get_index (store), id, &error);
  if (summary == NULL)
    {
      surat_cli_print_error (_("message %s: %s"), id_text, error->message);
      return NULL;
    }

  path = surat_store_get_message_path (store, summary, &error);
  if (path == NULL)
    {
      surat_cli_print_error (_("message %s: %s"), id_text, error->message);
      return NULL;
    }

  message = surat_message_new_from_file (path, &error);
  if (message == NULL)
    {
      surat_cli_print_error (_("message %s: %s"), id_text, error->message);
      return NULL;
    }

  if (summary_out != NULL)
    *summary_out = g_steal_pointer (&summary);
  return message;
}

static void
attachment_to_json (JsonBuilder     *builder,
                    SuratAttachment *attachment)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, surat_attachment_get_index (attachment));
  surat_cli_json_string (builder, "filename", surat_attachment_get_filename (attachment));
  surat_cli_json_string (builder, "mime_type", surat_attachment_get_mime_type (attachment));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) surat_attachment_get_size (attachment));
  surat_cli_json_string (builder, "content_id", surat_attachment_get_content_id (attachment));
  json_builder_set_member_name (builder, "inline");
  json_builder_add_boolean_value (builder, surat_attachment_is_inline (attachment));
  json_builder_set_member_name (builder, "is_message");
  json_builder_add_boolean_value (builder, surat_attachment_is_message (attachment));
  json_builder_end_object (builder);
}

static void
message_to_json (JsonBuilder  *builder,
                 SuratMessage *message)
{
  GPtrArray *attachments = surat_message_get_attachments (message);
  GPtrArray *attached = surat_message_get_attached_messages (message);
  GPtrArray *problems = surat_message_get_problems (message);
  GDateTime *date = surat_message_get_date (message);
  g_autofree char *date_text = date ? g_date_time_format_iso8601 (date) : NULL;

  surat_cli_json_string (builder, "subject", surat_message_get_subject (message));
  surat_cli_json_string (builder, "from", surat_message_get_from (message));
  surat_cli_json_string (builder, "to", surat_message_get_to (message));
  surat_cli_json_string (builder, "cc", surat_message_get_cc (message));
  surat_cli_json_string (builder, "reply_to", surat_message_get_reply_to (message));
  surat_cli_json_string (builder, "date", date_text);
  surat_cli_json_string (builder, "message_id", surat_message_get_message_id (message));
  surat_cli_json_string (builder, "in_reply_to", surat_message_get_in_reply_to (message));
  surat_cli_json_string (builder, "text", surat_message_get_text (message));
  surat_cli_json_string (builder, "html", surat_message_get_html (message));

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; attachments && i < attachments->len; i++)
    attachment_to_json (builder, g_ptr_array_index (attachments, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "attached_messages");
  json_builder_begin_array (builder);
  for (guint i = 0; attached && i < attached->len; i++)
    {
      json_builder_begin_object (builder);
      message_to_json (builder, g_ptr_array_index (attached, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems && i < problems->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
  json_builder_end_array (builder);
}

static void
print_header (const char *name,
              const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("%-9s %s\n", name, value);
}

static void
print_message (SuratMessage *message,
               const char   *indent)
{
  GPtrArray *attachments = surat_message_get_attachments (message);
  GPtrArray *attached = surat_message_get_attached_messages (message);
  GDateTime *date = surat_message_get_date (message);
  g_autofree char *date_text = date ? g_date_time_format (date, "%a, %d %b %Y %H:%M:%S %z") : NULL;
  g_auto(GStrv) lines = NULL;

  print_header (_("From:"), surat_message_get_from (message));
  print_header (_("To:"), surat_message_get_to (message));
  print_header (_("Cc:"), surat_message_get_cc (message));
  print_header (_("Date:"), date_text);
  print_header (_("Subject:"), surat_message_get_subject (message));
  g_print ("\n");

  lines = g_strsplit (surat_message_get_text (message), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s%s\n", indent, lines[i]);

  if (attachments != NULL && attachments->len > 0)
    {
      g_print ("\n%s%s\n", indent, _("Attachments:"));
      for (guint i = 0; i < attachments->len; i++)
        {
          SuratAttachment *attachment = g_ptr_array_index (attachments, i);
          g_autofree char *size = surat_cli_format_size (surat_attachment_get_size (attachment));

          g_print ("%s  %u. %s (%s, %s)\n", indent, surat_attachment_get_index (attachment),
                   surat_attachment_get_filename (attachment),
                   surat_attachment_get_mime_type (attachment), size);
        }
    }

  for (guint i = 0; attached != NULL && i < attached->len; i++)
    {
      g_autofree char *deeper = g_strconcat (indent, "> ", NULL);

      g_print ("\n%s%s\n", indent, _("-------- Attached message --------"));
      print_message (g_ptr_array_index (attached, i), deeper);
    }
}

int
surat_cli_show (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see README.md)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = surat_cli_context (entries);
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(SuratMessage) message = NULL;
  g_autoptr(SuratMessageSummary) summary = NULL;

  g_option_context_set_description (context,
    _("Shows a message: its headers, its text and its attachments (name, type, size)."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return surat_cli_usage_error (context, _("give one message id"));

  if ((store = surat_cli_open_store ()) == NULL)
    return 1;
  if ((message = open_message (store, argv[1], &summary)) == NULL)
    return 1;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, surat_message_summary_get_id (summary));
      surat_cli_json_string (builder, "account", surat_message_summary_get_account_id (summary));
      surat_cli_json_string (builder, "folder",
                       surat_folder_to_string (surat_message_summary_get_folder (summary)));
      surat_cli_json_string (builder, "path", surat_message_get_path (message));
      message_to_json (builder, message);
      json_builder_end_object (builder);
      surat_cli_print_json (builder);
      return 0;
    }

  print_message (message, "");
  return 0;
}

int
surat_cli_save_attachments (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = surat_cli_context (NULL);
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(SuratMessage) message = NULL;
  GPtrArray *attachments;
  int status = 0;

  g_option_context_set_description (context,
    _("Saves every attachment of a message into DIR under its own (made safe) name, never\n"
      "overwriting a file: a taken name gets “ (2)” before its extension. Prints each path."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 3)
    return surat_cli_usage_error (context, _("give a message id and a directory"));

  if (!g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    {
      surat_cli_print_error (_("%s is not a directory"), argv[2]);
      return 1;
    }

  if ((store = surat_cli_open_store ()) == NULL)
    return 1;
  if ((message = open_message (store, argv[1], NULL)) == NULL)
    return 1;

  attachments = surat_message_get_attachments (message);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      SuratAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *path = surat_message_save_attachment (message, attachment, argv[2], &error);

      if (path == NULL)
        {
          surat_cli_print_error (_("saving “%s”: %s"), surat_attachment_get_filename (attachment),
                       error->message);
          status = 1;
          continue;
        }
      g_print ("%s\n", path);
    }

  return status;
}

int
surat_cli_reindex (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = surat_cli_context (NULL);
  g_autoptr(SuratStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint count;

  g_option_context_set_description (context,
    _("Rebuilds the index (the message list, search, and the record of which server messages\n"
      "this device holds) from the Maildir folders alone."));
  if (!surat_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 1)
    return surat_cli_usage_error (context, _("unexpected argument"));

  if ((store = surat_cli_open_store ()) == NULL)
    return 1;

  count = surat_store_reindex (store, &error);
  if (count < 0)
    {
      surat_cli_print_error (_("reindexing failed: %s"), error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Indexed %d message\n", "Indexed %d messages\n", count),
           count);
  return 0;
}

