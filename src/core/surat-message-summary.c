/* surat-message-summary.c — one row of the index: what a message list shows
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-message-summary.h"

struct _SuratMessageSummary
{
  GObject parent_instance;

  gint64 id;
  char *account_id;
  SuratFolder folder;
  char *file;
  char *message_id;
  gint64 date;
  char *from;
  char *to;
  char *cc;
  char *subject;
  guint64 size;
  gboolean seen;
  gboolean flagged;
  gboolean has_attachments;
  char *preview;
};

G_DEFINE_FINAL_TYPE (SuratMessageSummary, surat_message_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_FOLDER,
  PROP_FILE,
  PROP_MESSAGE_ID,
  PROP_DATE,
  PROP_FROM,
  PROP_TO,
  PROP_CC,
  PROP_SUBJECT,
  PROP_SIZE,
  PROP_SEEN,
  PROP_FLAGGED,
  PROP_HAS_ATTACHMENTS,
  PROP_PREVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
surat_message_summary_finalize (GObject *object)
{
  SuratMessageSummary *self = (SuratMessageSummary *) object;

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->cc, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (surat_message_summary_parent_class)->finalize (object);
}

static void
surat_message_summary_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SuratMessageSummary *self = SURAT_MESSAGE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_FOLDER:
      g_value_set_int (value, self->folder);
      break;

    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;

    case PROP_MESSAGE_ID:
      g_value_set_string (value, self->message_id);
      break;

    case PROP_DATE:
      g_value_set_int64 (value, self->date);
      break;

    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;

    case PROP_TO:
      g_value_set_string (value, self->to);
      break;

    case PROP_CC:
      g_value_set_string (value, self->cc);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_SEEN:
      g_value_set_boolean (value, self->seen);
      break;

    case PROP_FLAGGED:
      g_value_set_boolean (value, self->flagged);
      break;

    case PROP_HAS_ATTACHMENTS:
      g_value_set_boolean (value, self->has_attachments);
      break;

    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_message_summary_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SuratMessageSummary *self = SURAT_MESSAGE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      surat_message_summary_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      surat_message_summary_set_account_id (self, g_value_get_string (value));
      break;

    case PROP_FOLDER:
      surat_message_summary_set_folder (self, (SuratFolder) g_value_get_int (value));
      break;

    case PROP_FILE:
      surat_message_summary_set_file (self, g_value_get_string (value));
      break;

    case PROP_MESSAGE_ID:
      surat_message_summary_set_message_id (self, g_value_get_string (value));
      break;

    case PROP_DATE:
      surat_message_summary_set_date (self, g_value_get_int64 (value));
      break;

    case PROP_FROM:
      surat_message_summary_set_from (self, g_value_get_string (value));
      break;

    case PROP_TO:
      surat_message_summary_set_to (self, g_value_get_string (value));
      break;

    case PROP_CC:
      surat_message_summary_set_cc (self, g_value_get_string (value));
      break;

    case PROP_SUBJECT:
      surat_message_summary_set_subject (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      surat_message_summary_set_size (self, g_value_get_uint64 (value));
      break;

    case PROP_SEEN:
      surat_message_summary_set_seen (self, g_value_get_boolean (value));
      break;

    case PROP_FLAGGED:
      surat_message_summary_set_flagged (self, g_value_get_boolean (value));
      break;

    case PROP_HAS_ATTACHMENTS:
      surat_message_summary_set_has_attachments (self, g_value_get_boolean (value));
      break;

    case PROP_PREVIEW:
      surat_message_summary_set_preview (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_message_summary_class_init (SuratMessageSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_message_summary_finalize;
  object_class->get_property = surat_message_summary_get_property;
  object_class->set_property = surat_message_summary_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_int ("folder", NULL, NULL,
                      SURAT_FOLDER_INBOX, SURAT_N_FOLDERS - 1, SURAT_FOLDER_INBOX,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE_ID] =
    g_param_spec_string ("message-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_int64 ("date", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_string ("to", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CC] =
    g_param_spec_string ("cc", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEEN] =
    g_param_spec_boolean ("seen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ATTACHMENTS] =
    g_param_spec_boolean ("has-attachments", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_message_summary_init (SuratMessageSummary *self)
{
}

/**
 * surat_message_summary_new:
 *
 * Returns: (transfer full): an empty summary
 */
SuratMessageSummary *
surat_message_summary_new (void)
{
  return g_object_new (SURAT_TYPE_MESSAGE_SUMMARY, NULL);
}

gint64
surat_message_summary_get_id (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), 0);

  return self->id;
}

void
surat_message_summary_set_id (SuratMessageSummary *self,
                              gint64               id)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
surat_message_summary_get_account_id (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->account_id;
}

void
surat_message_summary_set_account_id (SuratMessageSummary *self,
                                      const char          *account_id)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->account_id, account_id) == 0)
    return;

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

SuratFolder
surat_message_summary_get_folder (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), SURAT_FOLDER_INBOX);

  return self->folder;
}

void
surat_message_summary_set_folder (SuratMessageSummary *self,
                                  SuratFolder          folder)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (self->folder == folder)
    return;

  self->folder = folder;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

const char *
surat_message_summary_get_file (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->file;
}

void
surat_message_summary_set_file (SuratMessageSummary *self,
                                const char          *file)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->file, file) == 0)
    return;

  g_free (self->file);
  self->file = g_strdup (file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

const char *
surat_message_summary_get_message_id (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->message_id;
}

void
surat_message_summary_set_message_id (SuratMessageSummary *self,
                                      const char          *message_id)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->message_id, message_id) == 0)
    return;

  g_free (self->message_id);
  self->message_id = g_strdup (message_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_ID]);
}

gint64
surat_message_summary_get_date (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), 0);

  return self->date;
}

void
surat_message_summary_set_date (SuratMessageSummary *self,
                                gint64               date)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (self->date == date)
    return;

  self->date = date;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
surat_message_summary_get_from (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->from;
}

void
surat_message_summary_set_from (SuratMessageSummary *self,
                                const char          *from)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->from, from) == 0)
    return;

  g_free (self->from);
  self->from = g_strdup (from);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM]);
}

const char *
surat_message_summary_get_to (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->to;
}

void
surat_message_summary_set_to (SuratMessageSummary *self,
                              const char          *to)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->to, to) == 0)
    return;

  g_free (self->to);
  self->to = g_strdup (to);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO]);
}

const char *
surat_message_summary_get_cc (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->cc;
}

void
surat_message_summary_set_cc (SuratMessageSummary *self,
                              const char          *cc)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->cc, cc) == 0)
    return;

  g_free (self->cc);
  self->cc = g_strdup (cc);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CC]);
}

const char *
surat_message_summary_get_subject (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->subject;
}

void
surat_message_summary_set_subject (SuratMessageSummary *self,
                                   const char          *subject)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->subject, subject) == 0)
    return;

  g_free (self->subject);
  self->subject = g_strdup (subject);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

guint64
surat_message_summary_get_size (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), 0);

  return self->size;
}

void
surat_message_summary_set_size (SuratMessageSummary *self,
                                guint64              size)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (self->size == size)
    return;

  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

gboolean
surat_message_summary_get_seen (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), FALSE);

  return self->seen;
}

void
surat_message_summary_set_seen (SuratMessageSummary *self,
                                gboolean             seen)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  seen = !!seen;

  if (self->seen == seen)
    return;

  self->seen = seen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEN]);
}

gboolean
surat_message_summary_get_flagged (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), FALSE);

  return self->flagged;
}

void
surat_message_summary_set_flagged (SuratMessageSummary *self,
                                   gboolean             flagged)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  flagged = !!flagged;

  if (self->flagged == flagged)
    return;

  self->flagged = flagged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGGED]);
}

gboolean
surat_message_summary_get_has_attachments (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), FALSE);

  return self->has_attachments;
}

void
surat_message_summary_set_has_attachments (SuratMessageSummary *self,
                                           gboolean             has_attachments)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  has_attachments = !!has_attachments;

  if (self->has_attachments == has_attachments)
    return;

  self->has_attachments = has_attachments;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ATTACHMENTS]);
}

const char *
surat_message_summary_get_preview (SuratMessageSummary *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_SUMMARY (self), NULL);

  return self->preview;
}

void
surat_message_summary_set_preview (SuratMessageSummary *self,
                                   const char          *preview)
{
  g_return_if_fail (SURAT_IS_MESSAGE_SUMMARY (self));

  if (g_strcmp0 (self->preview, preview) == 0)
    return;

  g_free (self->preview);
  self->preview = g_strdup (preview);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
}
