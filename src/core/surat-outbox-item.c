/* surat-outbox-item.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-outbox-item-private.h"

struct _SuratOutboxItem
{
  GObject           parent_instance;

  char             *file;
  char             *subject;
  char             *recipients;
  GStrv             recipient_list;
  SuratOutboxState  state;
  guint64           bytes_done;
  guint64           bytes_total;
  gint64            next_attempt;
  guint             attempts;
  char             *reason;
};

G_DEFINE_FINAL_TYPE (SuratOutboxItem, surat_outbox_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SuratOutboxState, surat_outbox_state,
  G_DEFINE_ENUM_VALUE (SURAT_OUTBOX_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (SURAT_OUTBOX_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (SURAT_OUTBOX_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (SURAT_OUTBOX_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (SURAT_OUTBOX_SENT, "sent"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_SUBJECT,
  PROP_RECIPIENTS,
  PROP_STATE,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_NEXT_ATTEMPT,
  PROP_ATTEMPTS,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
surat_outbox_state_to_string (SuratOutboxState state)
{
  GEnumValue *value = g_enum_get_value (g_type_class_peek (SURAT_TYPE_OUTBOX_STATE), state);

  return value != NULL ? value->value_nick : "queued";
}

static void
surat_outbox_item_finalize (GObject *object)
{
  SuratOutboxItem *self = (SuratOutboxItem *) object;

  g_free (self->file);
  g_free (self->subject);
  g_free (self->recipients);
  g_strfreev (self->recipient_list);
  g_free (self->reason);

  G_OBJECT_CLASS (surat_outbox_item_parent_class)->finalize (object);
}

static void
surat_outbox_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SuratOutboxItem *self = SURAT_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_RECIPIENTS:
      g_value_set_string (value, self->recipients);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_outbox_item_class_init (SuratOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = surat_outbox_item_finalize;
  object_class->get_property = surat_outbox_item_get_property;

  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_RECIPIENTS] = g_param_spec_string ("recipients", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SURAT_TYPE_OUTBOX_STATE,
                                              SURAT_OUTBOX_QUEUED, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL,
                                                     0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL,
                                                      0, G_MAXUINT64, 0, flags);
  properties[PROP_NEXT_ATTEMPT] = g_param_spec_int64 ("next-attempt", NULL, NULL,
                                                      0, G_MAXINT64, 0, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_outbox_item_init (SuratOutboxItem *self)
{
}

SuratOutboxItem *
_surat_outbox_item_new (const char         *file,
                        const char         *subject,
                        const char * const *recipients)
{
  SuratOutboxItem *self = g_object_new (SURAT_TYPE_OUTBOX_ITEM, NULL);

  self->file = g_strdup (file);
  self->subject = g_strdup (subject ? subject : "");
  self->recipient_list = g_strdupv ((char **) recipients);
  self->recipients = g_strjoinv (", ", self->recipient_list);
  return self;
}

void
_surat_outbox_item_set_file (SuratOutboxItem *self,
                             const char      *file)
{
  if (g_strcmp0 (self->file, file) == 0)
    return;

  g_free (self->file);
  self->file = g_strdup (file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

void
_surat_outbox_item_set_state (SuratOutboxItem  *self,
                              SuratOutboxState  state,
                              gint64            next_attempt,
                              guint             attempts,
                              const char       *reason)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->next_attempt != next_attempt)
    {
      self->next_attempt = next_attempt;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
    }
  if (self->attempts != attempts)
    {
      self->attempts = attempts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
    }
  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_surat_outbox_item_set_progress (SuratOutboxItem *self,
                                 guint64          done,
                                 guint64          total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_done != done)
    {
      self->bytes_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }
  if (self->bytes_total != total)
    {
      self->bytes_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
surat_outbox_item_get_file (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), NULL);
  return self->file;
}

const char *
surat_outbox_item_get_subject (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), NULL);
  return self->subject;
}

const char *
surat_outbox_item_get_recipients (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), NULL);
  return self->recipients;
}

const char * const *
surat_outbox_item_get_recipient_list (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), NULL);
  return (const char * const *) self->recipient_list;
}

SuratOutboxState
surat_outbox_item_get_state (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), SURAT_OUTBOX_QUEUED);
  return self->state;
}

guint64
surat_outbox_item_get_bytes_done (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), 0);
  return self->bytes_done;
}

guint64
surat_outbox_item_get_bytes_total (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), 0);
  return self->bytes_total;
}

gint64
surat_outbox_item_get_next_attempt (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), 0);
  return self->next_attempt;
}

guint
surat_outbox_item_get_attempts (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), 0);
  return self->attempts;
}

const char *
surat_outbox_item_get_reason (SuratOutboxItem *self)
{
  g_return_val_if_fail (SURAT_IS_OUTBOX_ITEM (self), NULL);
  return self->reason;
}
