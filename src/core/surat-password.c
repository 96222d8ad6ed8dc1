/* surat-password.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "surat-password.h"

/* One keyring item per account and service, so POP3 and SMTP may differ.
 * An SMTP lookup falls back to the POP3 item: most providers use one
 * password for both. */
static const SecretSchema *
surat_password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.surat.Surat.Password", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

static const char *
service_name (SuratPasswordService service)
{
  return service == SURAT_PASSWORD_SMTP ? "smtp" : "pop3";
}

typedef struct {
  SuratAccount         *account;
  SuratPasswordService  service;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_clear_object (&data->account);
  g_free (data);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  const char *bytes;
  gsize len = 0;
  gsize line_len;

  if (!g_subprocess_communicate_finish (process, result, &out, &err, &error))
    {
      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND,
                               _("The password command of account “%s” failed: %s"),
                               surat_account_get_id (data->account), error->message);
      return;
    }

  bytes = out ? g_bytes_get_data (out, &len) : NULL;

  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *reason = NULL;
      gsize err_len = 0;
      const char *err_text = err ? g_bytes_get_data (err, &err_len) : NULL;

      if (err_text != NULL && err_len > 0)
        {
          reason = g_strndup (err_text, strcspn (err_text, "\n") < err_len ?
                                        strcspn (err_text, "\n") : err_len);
        }
      else
        {
          reason = g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (process));
        }

      surat_secret_wipe ((void *) bytes, len);
      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND,
                               _("The password command of account “%s” failed: %s"),
                               surat_account_get_id (data->account), reason);
      return;
    }

  /* Like mpop's passwordeval: the first line of the output, without its
   * newline, is the password. */
  for (line_len = 0; line_len < len; line_len++)
    {
      if (bytes[line_len] == '\n' || bytes[line_len] == '\r' || bytes[line_len] == '\0')
        break;
    }

  if (line_len == 0)
    {
      surat_secret_wipe ((void *) bytes, len);
      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND,
                               _("The password command of account “%s” printed nothing"),
                               surat_account_get_id (data->account));
      return;
    }

  {
    SuratSecret *password = g_strndup (bytes, line_len);

    /* Our reference is the only one: wiping through it is safe. */
    surat_secret_wipe ((void *) bytes, len);
    g_task_return_pointer (task, password, (GDestroyNotify) surat_secret_free);
  }
}

static void
run_password_command (GTask *task)
{
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error,
                              "/bin/sh", "-c",
                              surat_account_get_password_command (data->account),
                              NULL);
  if (process == NULL)
    {
      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND,
                               _("The password command of account “%s” could not start: %s"),
                               surat_account_get_id (data->account), error->message);
      g_object_unref (task);
      return;
    }

  g_subprocess_communicate_async (process, NULL, g_task_get_cancellable (task),
                                  communicate_cb, task);
}

static void lookup_keyring (GTask *task, SuratPasswordService service);

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_NO_PASSWORD,
                               _("No password for account “%s”: it has no password-command and "
                                 "the keyring cannot be read (%s)"),
                               surat_account_get_id (data->account), error->message);
      return;
    }

  if (password == NULL)
    {
      if (data->service == SURAT_PASSWORD_SMTP)
        {
          data->service = SURAT_PASSWORD_POP3;
          lookup_keyring (g_steal_pointer (&task), SURAT_PASSWORD_POP3);
          return;
        }

      g_task_return_new_error (task, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_NO_PASSWORD,
                               _("No password for account “%s”: it has no password-command and "
                                 "the keyring holds none"),
                               surat_account_get_id (data->account));
      return;
    }

  {
    SuratSecret *copy = surat_secret_dup (password);

    secret_password_free (password);
    g_task_return_pointer (task, copy, (GDestroyNotify) surat_secret_free);
  }
}

static void
lookup_keyring (GTask                *task,
                SuratPasswordService  service)
{
  LookupData *data = g_task_get_task_data (task);

  secret_password_lookup (surat_password_schema (), g_task_get_cancellable (task),
                          keyring_lookup_cb, task,
                          "account", surat_account_get_id (data->account),
                          "service", service_name (service),
                          NULL);
}

void
surat_password_lookup_async (SuratAccount         *account,
                             SuratPasswordService  service,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (SURAT_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_password_lookup_async);

  data = g_new0 (LookupData, 1);
  data->account = g_object_ref (account);
  data->service = service;
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);

  if (surat_account_get_password_command (account) != NULL)
    run_password_command (g_steal_pointer (&task));
  else
    lookup_keyring (g_steal_pointer (&task), service);
}

SuratSecret *
surat_password_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == surat_password_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
surat_password_store_async (SuratAccount         *account,
                            SuratPasswordService  service,
                            const char           *password,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (SURAT_IS_ACCOUNT (account));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_password_store_async);

  /* TRANSLATORS: the name of a password in the desktop's keyring,
   * e.g. "Surat: ana@example.org (POP3)" */
  label = g_strdup_printf (_("Surat: %s (%s)"),
                           surat_account_get_address (account) ? surat_account_get_address (account)
                                                               : surat_account_get_id (account),
                           service == SURAT_PASSWORD_SMTP ? "SMTP" : "POP3");

  secret_password_store (surat_password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "account", surat_account_get_id (account),
                         "service", service_name (service),
                         NULL);
}

gboolean
surat_password_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
surat_password_clear_async (SuratAccount        *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SURAT_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_password_clear_async);

  /* Without "service": every item of the account goes. */
  secret_password_clear (surat_password_schema (), cancellable, clear_cb,
                         g_steal_pointer (&task),
                         "account", surat_account_get_id (account),
                         NULL);
}

gboolean
surat_password_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
