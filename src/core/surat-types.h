/* surat-types.h — small enums shared across the core
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SuratSecurity:
 * @SURAT_SECURITY_TLS: TLS from the first byte (RFC 8314: POP3S 995, SMTPS 465)
 * @SURAT_SECURITY_STARTTLS: plain connect, then STLS / STARTTLS, required
 * @SURAT_SECURITY_NONE: no encryption at all; only when the account says so
 *
 * How a connection is protected. There is no "opportunistic" mode: a server
 * that stops offering STARTTLS is an error, never a silent downgrade.
 */
typedef enum {
  SURAT_SECURITY_TLS,
  SURAT_SECURITY_STARTTLS,
  SURAT_SECURITY_NONE,
} SuratSecurity;

/**
 * SuratFolder:
 *
 * The fixed folders every account has, each a Maildir on disk.
 */
typedef enum {
  SURAT_FOLDER_INBOX,
  SURAT_FOLDER_SENT,
  SURAT_FOLDER_OUTBOX,
  SURAT_FOLDER_DRAFTS,
  SURAT_FOLDER_TRASH,
} SuratFolder;

#define SURAT_N_FOLDERS (SURAT_FOLDER_TRASH + 1)

const char *surat_security_to_string   (SuratSecurity  security);
gboolean    surat_security_from_string (const char    *text,
                                        SuratSecurity *security);

/* "Inbox", "Sent", "Outbox", "Drafts", "Trash": also the directory names. */
const char *surat_folder_to_string     (SuratFolder    folder);

/* The standard port for POP3 (@smtp FALSE) or SMTP submission with
 * @security: 995 / 110, 465 / 587, and 25 for an unencrypted relay. */
guint       surat_security_default_port (SuratSecurity  security,
                                         gboolean       smtp);
/* Case-insensitive. */
gboolean    surat_folder_from_string   (const char    *text,
                                        SuratFolder   *folder);

G_END_DECLS
