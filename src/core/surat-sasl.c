/* surat-sasl.c — SASL and APOP encodings, as small pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-sasl.h"

G_DEFINE_QUARK (surat-sasl-error, surat_sasl_error)

/* Base64 of @len bytes, in a buffer that is wiped when freed. */
static SuratSecret *
encode_secret (const guint8 *data,
               gsize         len)
{
  return (SuratSecret *) g_base64_encode (data, len);
}

/* RFC 4648 §4 alphabet with padding only at the end; g_base64_decode()
 * accepts anything, so check first: a challenge is the server's input. */
static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          pad++;
          continue;
        }
      if (pad > 0)
        return FALSE;
      if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return FALSE;
    }

  return pad <= 2;
}

SuratSecret *
surat_sasl_plain (const char  *authzid,
                  const char  *user,
                  const char  *password,
                  GError     **error)
{
  gsize authzid_len, user_len, password_len, len;
  guint8 *message;
  SuratSecret *encoded;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (authzid == NULL)
    authzid = "";

  /* RFC 4616 §2: every field is UTF-8 without NUL; C strings already
   * cannot hold a NUL, so only the encoding is left to check. */
  if (!g_utf8_validate (authzid, -1, NULL) ||
      !g_utf8_validate (user, -1, NULL) ||
      !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_INPUT,
                           _("The user name or password is not valid UTF-8"));
      return NULL;
    }

  if (*user == '\0')
    {
      g_set_error_literal (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_INPUT,
                           _("The user name is empty"));
      return NULL;
    }

  authzid_len = strlen (authzid);
  user_len = strlen (user);
  password_len = strlen (password);
  len = authzid_len + 1 + user_len + 1 + password_len;

  /* message = [authzid] UTF8NUL authcid UTF8NUL passwd */
  message = g_malloc (len);
  memcpy (message, authzid, authzid_len);
  message[authzid_len] = '\0';
  memcpy (message + authzid_len + 1, user, user_len);
  message[authzid_len + 1 + user_len] = '\0';
  memcpy (message + authzid_len + 1 + user_len + 1, password, password_len);

  encoded = encode_secret (message, len);

  surat_secret_wipe (message, len);
  g_free (message);

  return encoded;
}

SuratSecret *
surat_sasl_login_step (const char *text)
{
  if (text == NULL)
    text = "";

  return encode_secret ((const guint8 *) text, strlen (text));
}

SuratSecret *
surat_sasl_cram_md5 (const char  *user,
                     const char  *password,
                     const char  *challenge_base64,
                     GError     **error)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 *challenge;
  gsize challenge_len = 0;
  char *response;
  gsize response_len;
  SuratSecret *encoded;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (challenge_base64 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_base64 (challenge_base64))
    {
      g_set_error_literal (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_CHALLENGE,
                           _("The server’s CRAM-MD5 challenge is not valid base64"));
      return NULL;
    }

  challenge = g_base64_decode (challenge_base64, &challenge_len);
  if (challenge_len == 0)
    {
      g_free (challenge);
      g_set_error_literal (error, SURAT_SASL_ERROR, SURAT_SASL_ERROR_BAD_CHALLENGE,
                           _("The server’s CRAM-MD5 challenge is empty"));
      return NULL;
    }

  /* RFC 2195 §2: digest = HMAC-MD5 (key = password, text = challenge),
   * sent as the user name, a space and the digest in lower-case hex. */
  hmac = g_hmac_new (G_CHECKSUM_MD5, (const guchar *) password, strlen (password));
  g_hmac_update (hmac, challenge, challenge_len);
  g_free (challenge);

  response = g_strdup_printf ("%s %s", user, g_hmac_get_string (hmac));
  response_len = strlen (response);
  encoded = encode_secret ((const guint8 *) response, response_len);

  surat_secret_wipe (response, response_len);
  g_free (response);

  return encoded;
}

SuratSecret *
surat_sasl_answer (SuratSaslStep   step,
                   const char     *user,
                   const char     *password,
                   const char     *challenge,
                   SuratSaslStep  *next,
                   GError        **error)
{
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (challenge != NULL, NULL);
  g_return_val_if_fail (next != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *next = SURAT_SASL_STEP_NONE;

  switch (step)
    {
    case SURAT_SASL_STEP_CRAM_MD5:
      return surat_sasl_cram_md5 (user, password, challenge, error);

    case SURAT_SASL_STEP_PLAIN:
      return surat_sasl_plain (NULL, user, password, error);

    case SURAT_SASL_STEP_LOGIN_USER:
      /* The LOGIN mechanism (draft-murchison-sasl-login): the server
       * prompts "Username:" and then "Password:", each answered in
       * base64; we answer in that order whatever the prompts say. */
      *next = SURAT_SASL_STEP_LOGIN_PASSWORD;
      return surat_sasl_login_step (user);

    case SURAT_SASL_STEP_LOGIN_PASSWORD:
      return surat_sasl_login_step (password);

    case SURAT_SASL_STEP_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

SuratSecret *
surat_sasl_line (const char *command,
                 const char *response)
{
  gsize command_len = command != NULL ? strlen (command) + 1 : 0;
  gsize response_len;
  SuratSecret *line;

  g_return_val_if_fail (response != NULL, NULL);

  response_len = strlen (response);
  line = g_malloc (command_len + response_len + 3);
  if (command != NULL)
    {
      memcpy (line, command, command_len - 1);
      line[command_len - 1] = ' ';
    }
  memcpy (line + command_len, response, response_len);
  memcpy (line + command_len + response_len, "\r\n", 3);

  return line;
}

SuratSecret *
surat_apop_digest (const char *timestamp,
                   const char *password)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (timestamp != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  /* RFC 1939 §7: MD5 over the timestamp (angle brackets included)
   * followed by the shared secret. Feeding the two parts one after the
   * other avoids a concatenated copy of the password. */
  checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (checksum, (const guchar *) timestamp, strlen (timestamp));
  g_checksum_update (checksum, (const guchar *) password, strlen (password));

  return surat_secret_dup (g_checksum_get_string (checksum));
}
