/* surat-message-builder-envelope.c — SuratEnvelope: MAIL FROM and RCPT TO
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-message-builder-private.h"

struct _SuratEnvelope
{
  gatomicrefcount     ref_count;
  char               *sender;
  GStrv               recipients;
  SuratEnvelopeFlags  flags;
};

G_DEFINE_BOXED_TYPE (SuratEnvelope, surat_envelope, surat_envelope_ref, surat_envelope_unref)

#define GROUP          "Envelope"
#define KEY_SENDER     "Sender"
#define KEY_RECIPIENTS "Recipients"
#define KEY_SMTPUTF8   "SMTPUTF8"
#define KEY_8BITMIME   "8BITMIME"

SuratEnvelope *
_surat_envelope_new_take (char               *sender,
                          GPtrArray          *recipients,
                          SuratEnvelopeFlags  flags)
{
  SuratEnvelope *self = g_new0 (SuratEnvelope, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->sender = sender;
  g_ptr_array_add (recipients, NULL);
  self->recipients = (GStrv) g_ptr_array_free (recipients, FALSE);
  self->flags = flags;

  return self;
}

/**
 * surat_envelope_new:
 * @sender: the reverse-path, "" for the null one
 * @recipients: (array zero-terminated=1): at least one forward-path
 * @flags: what MAIL FROM must say
 *
 * Returns: (transfer full): a new envelope
 */
SuratEnvelope *
surat_envelope_new (const char         *sender,
                    const char * const *recipients,
                    SuratEnvelopeFlags  flags)
{
  GPtrArray *copy;

  g_return_val_if_fail (sender != NULL, NULL);
  g_return_val_if_fail (recipients != NULL && recipients[0] != NULL, NULL);

  copy = g_ptr_array_new ();
  for (guint i = 0; recipients[i] != NULL; i++)
    g_ptr_array_add (copy, g_strdup (recipients[i]));

  return _surat_envelope_new_take (g_strdup (sender), copy, flags);
}

SuratEnvelope *
surat_envelope_ref (SuratEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  g_atomic_ref_count_inc (&envelope->ref_count);
  return envelope;
}

void
surat_envelope_unref (SuratEnvelope *envelope)
{
  g_return_if_fail (envelope != NULL);

  if (!g_atomic_ref_count_dec (&envelope->ref_count))
    return;

  g_free (envelope->sender);
  g_strfreev (envelope->recipients);
  g_free (envelope);
}

const char *
surat_envelope_get_sender (SuratEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  return envelope->sender;
}

const char * const *
surat_envelope_get_recipients (SuratEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  return (const char * const *) envelope->recipients;
}

SuratEnvelopeFlags
surat_envelope_get_flags (SuratEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, SURAT_ENVELOPE_FLAGS_NONE);

  return envelope->flags;
}

/**
 * surat_envelope_to_data:
 * @envelope: an envelope
 * @length: (out) (optional): its length
 *
 * Returns: (transfer full): the envelope as a GKeyFile text, which escapes
 *   whatever an address may hold (a quoted local part may have ';').
 */
char *
surat_envelope_to_data (SuratEnvelope *envelope,
                        gsize         *length)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_return_val_if_fail (envelope != NULL, NULL);

  g_key_file_set_string (key_file, GROUP, KEY_SENDER, envelope->sender);
  g_key_file_set_string_list (key_file, GROUP, KEY_RECIPIENTS,
                              (const char * const *) envelope->recipients,
                              g_strv_length (envelope->recipients));
  g_key_file_set_boolean (key_file, GROUP, KEY_SMTPUTF8,
                          (envelope->flags & SURAT_ENVELOPE_SMTPUTF8) != 0);
  g_key_file_set_boolean (key_file, GROUP, KEY_8BITMIME,
                          (envelope->flags & SURAT_ENVELOPE_8BITMIME) != 0);

  return g_key_file_to_data (key_file, length, NULL);
}

/**
 * surat_envelope_new_from_data:
 * @data: what surat_envelope_to_data() returned
 * @length: its length, or -1 when NUL-terminated
 * @error: a #GError
 *
 * Returns: (transfer full): the envelope, or %NULL with a
 *   %G_KEY_FILE_ERROR.
 */
SuratEnvelope *
surat_envelope_new_from_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *sender = NULL;
  g_auto(GStrv) recipients = NULL;
  SuratEnvelopeFlags flags = SURAT_ENVELOPE_FLAGS_NONE;
  GPtrArray *list;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, error))
    return NULL;

  sender = g_key_file_get_string (key_file, GROUP, KEY_SENDER, error);
  if (sender == NULL)
    return NULL;
  recipients = g_key_file_get_string_list (key_file, GROUP, KEY_RECIPIENTS, NULL, error);
  if (recipients == NULL)
    return NULL;
  if (recipients[0] == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "An envelope needs at least one recipient");
      return NULL;
    }

  /* Absent flags are false: an older writer did not know them. */
  if (g_key_file_get_boolean (key_file, GROUP, KEY_SMTPUTF8, NULL))
    flags |= SURAT_ENVELOPE_SMTPUTF8;
  if (g_key_file_get_boolean (key_file, GROUP, KEY_8BITMIME, NULL))
    flags |= SURAT_ENVELOPE_8BITMIME;

  list = g_ptr_array_new ();
  for (guint i = 0; recipients[i] != NULL; i++)
    g_ptr_array_add (list, g_steal_pointer (&recipients[i]));

  return _surat_envelope_new_take (g_steal_pointer (&sender), list, flags);
}
