/* surat-core.h — everything the app and the CLI use
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-account.h"
#include "surat-attachment.h"
#include "surat-certificate.h"
#include "surat-connection.h"
#include "surat-fetcher.h"
#include "surat-index.h"
#include "surat-maildir.h"
#include "surat-message.h"
#include "surat-message-list.h"
#include "surat-message-summary.h"
#include "surat-password.h"
#include "surat-pop3-client.h"
#include "surat-secret.h"
#include "surat-store.h"
#include "surat-tls-stream.h"
#include "surat-types.h"
#include "surat-message-builder.h"
#include "surat-outbox.h"
#include "surat-smtp-client.h"
#include "surat-draft.h"
#include "surat-address-book.h"

G_BEGIN_DECLS

/* Once per process, before any other core call (GMime's tables). */
void surat_core_init (void);
/* A one-line, person-readable description of @error for the CLI and the
 * app: what failed and why, with the server's words and, for certificate
 * errors, the fingerprint. */
char *surat_core_describe_error (const GError *error);

G_END_DECLS
