/* surat-cli-common.c — what the commands of surat-cli share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "surat-cli.h"

const SuratCliCommand *surat_cli_current_command;

void
surat_cli_print_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the server put into its words. */
  g_strdelimit (text, "\r\n", ' ');
  g_printerr ("surat-cli: %s\n", text);
}

int
surat_cli_usage_error (GOptionContext *context,
             const char     *message)
{
  surat_cli_print_error ("%s %s: %s (see “surat-cli %s --help”)", surat_cli_current_command->name,
               surat_cli_current_command->args, message, surat_cli_current_command->name);
  return 2;
}

GOptionContext *
surat_cli_context (const GOptionEntry *entries)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", surat_cli_current_command->name,
                                                surat_cli_current_command->args);
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, _(surat_cli_current_command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
surat_cli_parse (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      surat_cli_usage_error (context, error->message);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
surat_cli_load_accounts (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = surat_account_load_all (NULL, &error);

  if (accounts == NULL)
    surat_cli_print_error ("%s", error->message);

  return accounts;
}

SuratStore *
surat_cli_open_store (void)
{
  g_autoptr(GError) error = NULL;
  SuratStore *store = surat_store_open (NULL, &error);

  if (store == NULL)
    surat_cli_print_error (_("cannot open the mail store: %s"), error->message);

  return store;
}

char *
surat_cli_format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

char *
surat_cli_format_date (gint64 unix_time,
             gboolean iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  if (iso)
    return g_date_time_format_iso8601 (utc);

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

void
surat_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
surat_cli_json_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
account_can (SuratAccount *account,
             const char   *need)
{
  if (g_str_equal (need, "smtp-host"))
    return surat_account_get_smtp_host (account) != NULL;
  if (g_str_equal (need, "pop3-host"))
    return surat_account_get_pop3_host (account) != NULL;
  return TRUE;
}

SuratAccount *
surat_cli_pick_account (GPtrArray  *accounts,
                        const char *id,
                        const char *need)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SuratAccount *account = NULL;

  if (id != NULL)
    {
      account = surat_account_find (accounts, id, &error);
      if (account == NULL)
        {
          surat_cli_print_error ("%s", error->message);
          return NULL;
        }
      if (!account_can (account, need))
        {
          surat_cli_print_error (_("account “%s” has no %s"), id, need);
          return NULL;
        }
      return account;
    }

  /* Without --account: the one account that can do it. */
  for (guint i = 0; i < accounts->len; i++)
    {
      SuratAccount *candidate = g_ptr_array_index (accounts, i);

      if (!account_can (candidate, need))
        continue;
      if (account != NULL)
        {
          path = surat_account_get_default_path ();
          surat_cli_print_error (_("several accounts in %s could: say which with --account"), path);
          return NULL;
        }
      account = candidate;
    }

  if (account == NULL)
    {
      path = surat_account_get_default_path ();
      surat_cli_print_error (_("no account in %s has a %s"), path, need);
    }

  return account;
}

void
surat_cli_result_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
surat_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}


/* Columns a character takes in a terminal: two for East Asian wide ones
 * (漢字, かな, 한글), none for combining marks. */
static guint
char_columns (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
      type == G_UNICODE_FORMAT || c == 0x200B)
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/**
 * surat_cli_column:
 * @text: (nullable): UTF-8 text
 * @width: terminal columns
 *
 * @text fitted to exactly @width columns: padded with spaces, or cut at a
 * character boundary and ended with "…". printf's "%-28.28s" counts bytes,
 * which cut "Παπαδόπουλος" in the middle of a letter.
 *
 * Returns: (transfer full): the column text
 */
char *
surat_cli_column (const char *text,
                  guint       width)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  guint total = 0, used = 0;
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    total += char_columns (g_utf8_get_char (p));

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = char_columns (c);

      /* Control characters (a tab, a newline in a broken header) would
       * break the table. */
      if (g_unichar_iscntrl (c))
        c = ' ', w = 1;
      /* Keep one column for the ellipsis when the text does not fit. */
      if (total > width && used + w > width - 1)
        break;
      if (used + w > width)
        break;
      g_string_append_unichar (out, c);
      used += w;
    }

  if (total > width)
    {
      g_string_append (out, "…");
      used++;
    }
  while (used < width)
    {
      g_string_append_c (out, ' ');
      used++;
    }

  return g_string_free (out, FALSE);
}
