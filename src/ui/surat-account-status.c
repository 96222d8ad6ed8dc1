/* surat-account-status.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-account-status.h"

struct _SuratAccountStatus
{
  GObject           parent_instance;

  SuratAccount     *account;
  gboolean          fetching;
  guint             messages_done;
  guint             messages_total;
  guint64           bytes_done;
  guint64           bytes_total;
  char             *error;
  GError           *gerror;     /* the failure itself, for its code */
  SuratCertificate *certificate;
  char             *warning;
};

G_DEFINE_FINAL_TYPE (SuratAccountStatus, surat_account_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_FETCHING,
  PROP_MESSAGES_DONE,
  PROP_MESSAGES_TOTAL,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_ERROR,
  PROP_CERTIFICATE,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
surat_account_status_finalize (GObject *object)
{
  SuratAccountStatus *self = (SuratAccountStatus *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->certificate);
  g_free (self->error);
  g_clear_error (&self->gerror);
  g_free (self->warning);

  G_OBJECT_CLASS (surat_account_status_parent_class)->finalize (object);
}

static void
surat_account_status_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SuratAccountStatus *self = SURAT_ACCOUNT_STATUS (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_FETCHING:
      g_value_set_boolean (value, self->fetching);
      break;
    case PROP_MESSAGES_DONE:
      g_value_set_uint (value, self->messages_done);
      break;
    case PROP_MESSAGES_TOTAL:
      g_value_set_uint (value, self->messages_total);
      break;
    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_account_status_class_init (SuratAccountStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = surat_account_status_finalize;
  object_class->get_property = surat_account_status_get_property;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, SURAT_TYPE_ACCOUNT, flags);
  properties[PROP_FETCHING] = g_param_spec_boolean ("fetching", NULL, NULL, FALSE, flags);
  properties[PROP_MESSAGES_DONE] = g_param_spec_uint ("messages-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MESSAGES_TOTAL] = g_param_spec_uint ("messages-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_CERTIFICATE] = g_param_spec_object ("certificate", NULL, NULL,
                                                      SURAT_TYPE_CERTIFICATE, flags);
  properties[PROP_WARNING] = g_param_spec_string ("warning", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_account_status_init (SuratAccountStatus *self)
{
}

SuratAccountStatus *
surat_account_status_new (SuratAccount *account)
{
  SuratAccountStatus *self = g_object_new (SURAT_TYPE_ACCOUNT_STATUS, NULL);

  self->account = g_object_ref (account);
  return self;
}

SuratAccount *
surat_account_status_get_account (SuratAccountStatus *self)
{
  return self->account;
}

gboolean
surat_account_status_get_fetching (SuratAccountStatus *self)
{
  return self->fetching;
}

guint
surat_account_status_get_messages_done (SuratAccountStatus *self)
{
  return self->messages_done;
}

guint
surat_account_status_get_messages_total (SuratAccountStatus *self)
{
  return self->messages_total;
}

guint64
surat_account_status_get_bytes_done (SuratAccountStatus *self)
{
  return self->bytes_done;
}

guint64
surat_account_status_get_bytes_total (SuratAccountStatus *self)
{
  return self->bytes_total;
}

const char *
surat_account_status_get_error (SuratAccountStatus *self)
{
  return self->error;
}

/* (nullable) (transfer none): the last failure as it came, so a dialog
 * can tell an expired certificate from a changed one. */
const GError *
surat_account_status_get_gerror (SuratAccountStatus *self)
{
  return self->gerror;
}

SuratCertificate *
surat_account_status_get_certificate (SuratAccountStatus *self)
{
  return self->certificate;
}

const char *
surat_account_status_get_warning (SuratAccountStatus *self)
{
  return self->warning;
}

void
surat_account_status_set_fetching (SuratAccountStatus *self,
                                   gboolean            fetching)
{
  if (self->fetching == !!fetching)
    return;

  self->fetching = !!fetching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHING]);
}

void
surat_account_status_set_progress (SuratAccountStatus *self,
                                   guint               done,
                                   guint               total,
                                   guint64             bytes_done,
                                   guint64             bytes_total)
{
  g_object_freeze_notify (G_OBJECT (self));
#define SET(field, prop, value) \
  if (self->field != (value)) { self->field = (value); \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }
  SET (messages_done, PROP_MESSAGES_DONE, done);
  SET (messages_total, PROP_MESSAGES_TOTAL, total);
  SET (bytes_done, PROP_BYTES_DONE, bytes_done);
  SET (bytes_total, PROP_BYTES_TOTAL, bytes_total);
#undef SET
  g_object_thaw_notify (G_OBJECT (self));
}

void
surat_account_status_set_error (SuratAccountStatus *self,
                                const GError       *error)
{
  g_autofree char *text = error ? surat_core_describe_error (error) : NULL;
  SuratCertificate *certificate = NULL;

  if (error != NULL && error->domain == SURAT_TLS_ERROR)
    certificate = surat_tls_error_get_certificate (error);

  g_clear_error (&self->gerror);
  if (error != NULL)
    self->gerror = g_error_copy (error);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->error, text) != 0)
    {
      g_free (self->error);
      self->error = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (g_set_object (&self->certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
surat_account_status_set_warning (SuratAccountStatus *self,
                                  const char         *warning)
{
  if (g_strcmp0 (self->warning, warning) == 0)
    return;

  g_free (self->warning);
  self->warning = g_strdup (warning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}
