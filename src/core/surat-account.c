/* surat-account.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-account.h"
#include "surat-certificate.h"

#define GROUP_PREFIX "account "

struct _SuratAccount
{
  GObject        parent_instance;

  char          *id;
  char          *display_name;
  char          *address;

  char          *pop3_host;
  guint          pop3_port;
  SuratSecurity  pop3_security;
  char          *pop3_user;
  gboolean       pop3_apop;
  char          *pop3_pinned_sha256;

  char          *smtp_host;
  guint          smtp_port;
  SuratSecurity  smtp_security;
  char          *smtp_user;
  char          *smtp_pinned_sha256;

  char          *password_command;
  char          *ca_file;
  gboolean       keep_on_server;
  guint          delete_after_days;
  guint          timeout;
};

G_DEFINE_FINAL_TYPE (SuratAccount, surat_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (surat-account-error-quark, surat_account_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_ADDRESS,
  PROP_POP3_HOST,
  PROP_POP3_PORT,
  PROP_POP3_SECURITY,
  PROP_POP3_USER,
  PROP_POP3_APOP,
  PROP_POP3_PINNED_SHA256,
  PROP_SMTP_HOST,
  PROP_SMTP_PORT,
  PROP_SMTP_SECURITY,
  PROP_SMTP_USER,
  PROP_SMTP_PINNED_SHA256,
  PROP_PASSWORD_COMMAND,
  PROP_CA_FILE,
  PROP_KEEP_ON_SERVER,
  PROP_DELETE_AFTER_DAYS,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The key file and the properties share their names, so loading and saving
 * walk the property list instead of repeating every key three times. */
static const guint persisted_props[] = {
  PROP_DISPLAY_NAME, PROP_ADDRESS,
  PROP_POP3_HOST, PROP_POP3_PORT, PROP_POP3_SECURITY, PROP_POP3_USER, PROP_POP3_APOP,
  PROP_POP3_PINNED_SHA256,
  PROP_SMTP_HOST, PROP_SMTP_PORT, PROP_SMTP_SECURITY, PROP_SMTP_USER, PROP_SMTP_PINNED_SHA256,
  PROP_PASSWORD_COMMAND, PROP_CA_FILE, PROP_KEEP_ON_SERVER, PROP_DELETE_AFTER_DAYS, PROP_TIMEOUT,
};

static void
surat_account_finalize (GObject *object)
{
  SuratAccount *self = (SuratAccount *) object;

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->address);
  g_free (self->pop3_host);
  g_free (self->pop3_user);
  g_free (self->pop3_pinned_sha256);
  g_free (self->smtp_host);
  g_free (self->smtp_user);
  g_free (self->smtp_pinned_sha256);
  g_free (self->password_command);
  g_free (self->ca_file);

  G_OBJECT_CLASS (surat_account_parent_class)->finalize (object);
}

static char **
string_field (SuratAccount *self,
              guint         prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_DISPLAY_NAME: return &self->display_name;
    case PROP_ADDRESS: return &self->address;
    case PROP_POP3_HOST: return &self->pop3_host;
    case PROP_POP3_USER: return &self->pop3_user;
    case PROP_POP3_PINNED_SHA256: return &self->pop3_pinned_sha256;
    case PROP_SMTP_HOST: return &self->smtp_host;
    case PROP_SMTP_USER: return &self->smtp_user;
    case PROP_SMTP_PINNED_SHA256: return &self->smtp_pinned_sha256;
    case PROP_PASSWORD_COMMAND: return &self->password_command;
    case PROP_CA_FILE: return &self->ca_file;
    default: return NULL;
    }
}

static void
surat_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SuratAccount *self = SURAT_ACCOUNT (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_string (value, *field);
      return;
    }

  switch (prop_id)
    {
    case PROP_POP3_PORT:
      g_value_set_uint (value, surat_account_get_pop3_port (self));
      break;
    case PROP_POP3_SECURITY:
      g_value_set_string (value, surat_security_to_string (self->pop3_security));
      break;
    case PROP_POP3_APOP:
      g_value_set_boolean (value, self->pop3_apop);
      break;
    case PROP_SMTP_PORT:
      g_value_set_uint (value, surat_account_get_smtp_port (self));
      break;
    case PROP_SMTP_SECURITY:
      g_value_set_string (value, surat_security_to_string (self->smtp_security));
      break;
    case PROP_KEEP_ON_SERVER:
      g_value_set_boolean (value, self->keep_on_server);
      break;
    case PROP_DELETE_AFTER_DAYS:
      g_value_set_uint (value, self->delete_after_days);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_security (SuratAccount  *self,
              SuratSecurity *field,
              const char    *text,
              guint          prop_id)
{
  SuratSecurity security;

  /* Invalid text is caught with a proper error when loading; here we only
   * refuse to change anything. */
  if (text == NULL || !surat_security_from_string (text, &security))
    {
      g_warning ("Invalid security “%s”", text ? text : "(null)");
      return;
    }

  if (*field != security)
    {
      *field = security;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
set_uint (SuratAccount *self,
          guint        *field,
          guint         value,
          guint         prop_id)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
surat_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SuratAccount *self = SURAT_ACCOUNT (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      const char *text = g_value_get_string (value);

      /* Empty means unset, so "pop3-user=" in the file falls back to the
       * address like a missing key does. */
      if (text != NULL && *text == '\0')
        text = NULL;
      if (g_strcmp0 (*field, text) != 0)
        {
          g_free (*field);
          *field = g_strdup (text);
          g_object_notify_by_pspec (object, pspec);
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_POP3_PORT:
      set_uint (self, &self->pop3_port, g_value_get_uint (value), prop_id);
      break;
    case PROP_POP3_SECURITY:
      set_security (self, &self->pop3_security, g_value_get_string (value), prop_id);
      break;
    case PROP_POP3_APOP:
      set_uint (self, (guint *) &self->pop3_apop, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SMTP_PORT:
      set_uint (self, &self->smtp_port, g_value_get_uint (value), prop_id);
      break;
    case PROP_SMTP_SECURITY:
      set_security (self, &self->smtp_security, g_value_get_string (value), prop_id);
      break;
    case PROP_KEEP_ON_SERVER:
      set_uint (self, (guint *) &self->keep_on_server, g_value_get_boolean (value), prop_id);
      break;
    case PROP_DELETE_AFTER_DAYS:
      set_uint (self, &self->delete_after_days, g_value_get_uint (value), prop_id);
      break;
    case PROP_TIMEOUT:
      set_uint (self, &self->timeout, g_value_get_uint (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_param (const char *name,
              GParamFlags extra)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS | extra);
}

static GParamSpec *
uint_param (const char *name,
            guint       max,
            guint       def)
{
  return g_param_spec_uint (name, NULL, NULL, 0, max, def,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
bool_param (const char *name,
            gboolean    def)
{
  return g_param_spec_boolean (name, NULL, NULL, def,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static void
surat_account_class_init (SuratAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_account_finalize;
  object_class->get_property = surat_account_get_property;
  object_class->set_property = surat_account_set_property;

  properties[PROP_ID] = string_param ("id", G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_DISPLAY_NAME] = string_param ("display-name", 0);
  properties[PROP_ADDRESS] = string_param ("address", 0);
  properties[PROP_POP3_HOST] = string_param ("pop3-host", 0);
  /* 0 = the default port of the security mode. */
  properties[PROP_POP3_PORT] = uint_param ("pop3-port", G_MAXUINT16, 0);
  properties[PROP_POP3_SECURITY] = string_param ("pop3-security", 0);
  properties[PROP_POP3_USER] = string_param ("pop3-user", 0);
  properties[PROP_POP3_APOP] = bool_param ("pop3-apop", FALSE);
  properties[PROP_POP3_PINNED_SHA256] = string_param ("pop3-pinned-sha256", 0);
  properties[PROP_SMTP_HOST] = string_param ("smtp-host", 0);
  properties[PROP_SMTP_PORT] = uint_param ("smtp-port", G_MAXUINT16, 0);
  properties[PROP_SMTP_SECURITY] = string_param ("smtp-security", 0);
  properties[PROP_SMTP_USER] = string_param ("smtp-user", 0);
  properties[PROP_SMTP_PINNED_SHA256] = string_param ("smtp-pinned-sha256", 0);
  properties[PROP_PASSWORD_COMMAND] = string_param ("password-command", 0);
  properties[PROP_CA_FILE] = string_param ("ca-file", 0);
  properties[PROP_KEEP_ON_SERVER] = bool_param ("keep-on-server", TRUE);
  properties[PROP_DELETE_AFTER_DAYS] = uint_param ("delete-after-days", 36500, 0);
  properties[PROP_TIMEOUT] = uint_param ("timeout", 3600, 60);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_account_init (SuratAccount *self)
{
  self->pop3_security = SURAT_SECURITY_TLS;
  self->smtp_security = SURAT_SECURITY_TLS;
  self->keep_on_server = TRUE;
  self->timeout = 60;
}

/* An id names a directory of the store, so it must be a plain, portable
 * file name. */
static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || *id == '.' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '@')
        return FALSE;
    }

  return TRUE;
}

SuratAccount *
surat_account_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (SURAT_TYPE_ACCOUNT, "id", id, NULL);
}

char *
surat_account_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "surat", "accounts.ini", NULL);
}

static gboolean
load_key (SuratAccount  *self,
          GKeyFile      *keyfile,
          const char    *group,
          GParamSpec    *pspec,
          const char    *path,
          GError       **error)
{
  const char *key = g_param_spec_get_name (pspec);
  g_autoptr(GError) local_error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  if (!g_key_file_has_key (keyfile, group, key, NULL))
    return TRUE;

  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));

  if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_autofree char *text = g_key_file_get_string (keyfile, group, key, &local_error);
      SuratSecurity security;

      if (text != NULL && g_str_has_suffix (key, "-security") &&
          !surat_security_from_string (text, &security))
        {
          g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                       _("%s: [%s] %s must be “tls”, “starttls” or “none”, not “%s”"),
                       path, group, key, text);
          return FALSE;
        }
      if (text != NULL && g_str_has_suffix (key, "-pinned-sha256"))
        {
          g_autofree char *normal = surat_certificate_normalize_fingerprint (text);

          if (normal == NULL)
            {
              g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                           _("%s: [%s] %s is not a SHA-256 fingerprint: “%s”"),
                           path, group, key, text);
              return FALSE;
            }
          g_free (text);
          text = g_steal_pointer (&normal);
        }
      g_value_take_string (&value, g_steal_pointer (&text));
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      g_value_set_boolean (&value, g_key_file_get_boolean (keyfile, group, key, &local_error));
    }
  else
    {
      GParamSpecUInt *uspec = G_PARAM_SPEC_UINT (pspec);
      guint64 number = g_key_file_get_uint64 (keyfile, group, key, &local_error);

      if (local_error == NULL && (number < uspec->minimum || number > uspec->maximum))
        {
          g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                       _("%s: [%s] %s must be between %u and %u"),
                       path, group, key, uspec->minimum, uspec->maximum);
          return FALSE;
        }
      g_value_set_uint (&value, (guint) number);
    }

  if (local_error != NULL)
    {
      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("%s: [%s] %s: %s"), path, group, key, local_error->message);
      return FALSE;
    }

  g_object_set_property (G_OBJECT (self), key, &value);
  return TRUE;
}

GPtrArray *
surat_account_load_all (const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_path = NULL;
  g_auto(GStrv) groups = NULL;

  if (path == NULL)
    path = default_path = surat_account_get_default_path ();

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&accounts);

      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("Cannot read %s: %s"), path, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *id = groups[i] + strlen (GROUP_PREFIX);
      g_autoptr(SuratAccount) account = NULL;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;

      if (!id_is_valid (id))
        {
          g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                       _("%s: [%s]: an account id may use only letters, digits, “-”, “_”, “.” and “@”"),
                       path, groups[i]);
          return NULL;
        }

      account = surat_account_new (id);
      for (guint p = 0; p < G_N_ELEMENTS (persisted_props); p++)
        {
          if (!load_key (account, keyfile, groups[i], properties[persisted_props[p]], path, error))
            return NULL;
        }

      g_ptr_array_add (accounts, g_steal_pointer (&account));
    }

  return g_steal_pointer (&accounts);
}

static void
save_key (SuratAccount *self,
          GKeyFile     *keyfile,
          const char   *group,
          GParamSpec   *pspec)
{
  const char *key = g_param_spec_get_name (pspec);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (G_OBJECT (self), key, &value);

  if (G_VALUE_HOLDS_STRING (&value))
    {
      if (g_value_get_string (&value) != NULL)
        g_key_file_set_string (keyfile, group, key, g_value_get_string (&value));
      else
        g_key_file_remove_key (keyfile, group, key, NULL);
    }
  else if (G_VALUE_HOLDS_BOOLEAN (&value))
    g_key_file_set_boolean (keyfile, group, key, g_value_get_boolean (&value));
  else
    g_key_file_set_uint64 (keyfile, group, key, g_value_get_uint (&value));
}

gboolean
surat_account_save_all (GPtrArray   *accounts,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) groups = NULL;
  gsize len = 0;

  g_return_val_if_fail (accounts != NULL, FALSE);

  if (path == NULL)
    path = default_path = surat_account_get_default_path ();

  /* Keep comments, unknown keys and other groups a person wrote. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, NULL);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], GROUP_PREFIX) &&
          surat_account_find (accounts, groups[i] + strlen (GROUP_PREFIX), NULL) == NULL)
        g_key_file_remove_group (keyfile, groups[i], NULL);
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      SuratAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *group = g_strconcat (GROUP_PREFIX, account->id, NULL);

      for (guint p = 0; p < G_N_ELEMENTS (persisted_props); p++)
        save_key (account, keyfile, group, properties[persisted_props[p]]);
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (keyfile, &len, NULL);
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

SuratAccount *
surat_account_find (GPtrArray   *accounts,
                    const char  *id,
                    GError     **error)
{
  g_return_val_if_fail (accounts != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      SuratAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (account->id, id) == 0)
        return account;
    }

  g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_NOT_FOUND,
               _("There is no account “%s”"), id);
  return NULL;
}

gboolean
surat_account_validate (SuratAccount  *self,
                        GError       **error)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), FALSE);

  if (!id_is_valid (self->id))
    {
      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("“%s” cannot be an account id: use letters, digits, “-”, “_”, “.” and “@”"),
                   self->id ? self->id : "");
      return FALSE;
    }

  if (self->address == NULL || strchr (self->address, '@') == NULL)
    {
      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("Account “%s” needs an e-mail address (key “address”)"), self->id);
      return FALSE;
    }

  if (self->pop3_host == NULL && self->smtp_host == NULL)
    {
      g_set_error (error, SURAT_ACCOUNT_ERROR, SURAT_ACCOUNT_ERROR_INVALID,
                   _("Account “%s” has neither a POP3 server (pop3-host) nor an SMTP server (smtp-host)"),
                   self->id);
      return FALSE;
    }

  return TRUE;
}

const char *
surat_account_get_id (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
surat_account_get_display_name (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->display_name;
}

const char *
surat_account_get_address (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->address;
}

const char *
surat_account_get_pop3_host (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->pop3_host;
}

guint16
surat_account_get_pop3_port (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), 0);
  return self->pop3_port ? self->pop3_port
                         : surat_security_default_port (self->pop3_security, FALSE);
}

SuratSecurity
surat_account_get_pop3_security (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), SURAT_SECURITY_TLS);
  return self->pop3_security;
}

const char *
surat_account_get_pop3_user (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->pop3_user ? self->pop3_user : self->address;
}

gboolean
surat_account_get_pop3_apop (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), FALSE);
  return self->pop3_apop;
}

const char *
surat_account_get_pop3_pinned_sha256 (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->pop3_pinned_sha256;
}

const char *
surat_account_get_smtp_host (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->smtp_host;
}

guint16
surat_account_get_smtp_port (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), 0);
  return self->smtp_port ? self->smtp_port
                         : surat_security_default_port (self->smtp_security, TRUE);
}

SuratSecurity
surat_account_get_smtp_security (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), SURAT_SECURITY_TLS);
  return self->smtp_security;
}

const char *
surat_account_get_smtp_user (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->smtp_user ? self->smtp_user : surat_account_get_pop3_user (self);
}

const char *
surat_account_get_smtp_pinned_sha256 (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->smtp_pinned_sha256;
}

const char *
surat_account_get_password_command (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->password_command;
}

const char *
surat_account_get_ca_file (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), NULL);
  return self->ca_file;
}

gboolean
surat_account_get_keep_on_server (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), TRUE);
  return self->keep_on_server;
}

guint
surat_account_get_delete_after_days (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), 0);
  return self->delete_after_days;
}

guint
surat_account_get_timeout (SuratAccount *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT (self), 60);
  return self->timeout;
}
