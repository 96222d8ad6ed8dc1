/* surat-certificate-private.h — building a SuratCertificate from OpenSSL
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "surat-certificate.h"

G_BEGIN_DECLS

/* Everything is read out of @x509 at once; the caller keeps its reference. */
SuratCertificate *_surat_certificate_new_from_x509 (X509 *x509);

G_END_DECLS
