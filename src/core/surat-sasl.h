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
/* RFC 1939 §7: lower-case hex MD5 of timestamp + password. */
SuratSecret *surat_apop_digest           (const char  *timestamp,
                                          const char  *password);

G_END_DECLS
