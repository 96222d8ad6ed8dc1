/* surat-sasl.h — SASL and APOP encodings, as small pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "surat-secret.h"

G_BEGIN_DECLS

#define SURAT_SASL_ERROR (surat_sasl_error_quark ())

typedef enum {
  SURAT_SASL_ERROR_BAD_CHALLENGE,
  SURAT_SASL_ERROR_BAD_INPUT,   /* NUL-free UTF-8 required, RFC 4616 §2 */
} SuratSaslError;

GQuark       surat_sasl_error_quark      (void);

/* Where a client is in a SASL exchange (RFC 4422 §3): what the server's
 * next challenge is answered with. The same for POP3's AUTH (RFC 5034)
 * and SMTP's (RFC 4954). */
typedef enum {
  SURAT_SASL_STEP_NONE,            /* nothing more to say: a challenge now is one too many */
  SURAT_SASL_STEP_CRAM_MD5,        /* the challenge, answered per RFC 2195 */
  SURAT_SASL_STEP_PLAIN,           /* an empty challenge, answered per RFC 4616 */
  SURAT_SASL_STEP_LOGIN_USER,      /* LOGIN's "Username:" */
  SURAT_SASL_STEP_LOGIN_PASSWORD,  /* LOGIN's "Password:" */
} SuratSaslStep;

/* Base64 of "authzid NUL user NUL password" (RFC 4616). @authzid may be NULL. */
SuratSecret *surat_sasl_plain            (const char  *authzid,
                                          const char  *user,
                                          const char  *password,
                                          GError     **error);
/* Base64 of @text, for the two LOGIN steps. */
SuratSecret *surat_sasl_login_step       (const char  *text);
/* RFC 2195: base64("user " + hex(HMAC-MD5(password, challenge))). The
 * challenge arrives base64-encoded, as the server sent it. */
SuratSecret *surat_sasl_cram_md5         (const char  *user,
                                          const char  *password,
                                          const char  *challenge_base64,
                                          GError     **error);
/* The answer at @step (not SURAT_SASL_STEP_NONE) to the server's
 * @challenge, base64 as sent (only CRAM-MD5 reads it); *@next is the step
 * after it. NULL with SURAT_SASL_ERROR_BAD_INPUT or _BAD_CHALLENGE when
 * there is no answer; the client then cancels the exchange with "*". */
SuratSecret *surat_sasl_answer           (SuratSaslStep  step,
                                          const char    *user,
                                          const char    *password,
                                          const char    *challenge,
                                          SuratSaslStep *next,
                                          GError       **error);
/* "@command @response" and CRLF, or "@response" and CRLF when @command is
 * NULL: an AUTH command with its initial response, or the line that
 * answers a challenge (RFC 4954 §4, RFC 5034 §4). Built in one exact
 * buffer, so that no copy of the secret is left behind. */
SuratSecret *surat_sasl_line             (const char    *command,
                                          const char    *response);
/* RFC 1939 §7: lower-case hex MD5 of timestamp + password. */
SuratSecret *surat_apop_digest           (const char  *timestamp,
                                          const char  *password);

G_END_DECLS
