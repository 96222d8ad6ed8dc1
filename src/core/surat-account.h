/* surat-account.h — one mail account, as accounts.ini describes it
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-types.h"

G_BEGIN_DECLS

#define SURAT_ACCOUNT_ERROR (surat_account_error_quark ())

typedef enum {
  SURAT_ACCOUNT_ERROR_INVALID,          /* a bad value in accounts.ini, named with its key */
  SURAT_ACCOUNT_ERROR_NOT_FOUND,        /* no account with that id */
  SURAT_ACCOUNT_ERROR_NO_PASSWORD,      /* neither password-command nor the keyring has one */
  SURAT_ACCOUNT_ERROR_PASSWORD_COMMAND, /* password-command failed */
} SuratAccountError;

GQuark surat_account_error_quark (void);

#define SURAT_TYPE_ACCOUNT (surat_account_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccount, surat_account, SURAT, ACCOUNT, GObject)

/*
 * accounts.ini: one group "[account <id>]" per account (DESIGN.md). Keys are
 * the property names:
 *
 *   display-name, address,
 *   pop3-host, pop3-port, pop3-security (tls|starttls|none), pop3-user,
 *   pop3-apop (bool), pop3-pinned-sha256,
 *   smtp-host, smtp-port, smtp-security, smtp-user, smtp-pinned-sha256,
 *   password-command, ca-file, keep-on-server (bool), delete-after-days,
 *   timeout (seconds)
 *
 * Policies: keep-on-server=false deletes each message from the server once
 * it is safe on disk; keep-on-server=true with delete-after-days=N>0 deletes
 * it N days after it was downloaded; with 0 it stays for ever.
 */

SuratAccount *surat_account_new                 (const char    *id);
/* $XDG_CONFIG_HOME/surat/accounts.ini */
char         *surat_account_get_default_path    (void);
/* Every account of @path (NULL = default), in file order; an empty array
 * when the file does not exist. (element-type SuratAccount) */
GPtrArray    *surat_account_load_all            (const char    *path,
                                                 GError       **error);
/* Atomic replace, mode 0600, keeping groups and keys it does not know. */
gboolean      surat_account_save_all            (GPtrArray     *accounts,
                                                 const char    *path,
                                                 GError       **error);
/* The one with @id in @accounts, or NULL with SURAT_ACCOUNT_ERROR_NOT_FOUND. */
SuratAccount *surat_account_find                (GPtrArray     *accounts,
                                                 const char    *id,
                                                 GError       **error);
/* TRUE when the settings are complete and consistent; else the error says
 * which key is wrong. */
gboolean      surat_account_validate            (SuratAccount  *self,
                                                 GError       **error);

const char   *surat_account_get_id              (SuratAccount  *self);
const char   *surat_account_get_display_name    (SuratAccount  *self);
const char   *surat_account_get_address         (SuratAccount  *self);
const char   *surat_account_get_pop3_host       (SuratAccount  *self);
guint16       surat_account_get_pop3_port       (SuratAccount  *self);
SuratSecurity surat_account_get_pop3_security   (SuratAccount  *self);
const char   *surat_account_get_pop3_user       (SuratAccount  *self);
gboolean      surat_account_get_pop3_apop       (SuratAccount  *self);
const char   *surat_account_get_pop3_pinned_sha256 (SuratAccount *self);
const char   *surat_account_get_smtp_host       (SuratAccount  *self);
guint16       surat_account_get_smtp_port       (SuratAccount  *self);
SuratSecurity surat_account_get_smtp_security   (SuratAccount  *self);
const char   *surat_account_get_smtp_user       (SuratAccount  *self);
const char   *surat_account_get_smtp_pinned_sha256 (SuratAccount *self);
const char   *surat_account_get_password_command (SuratAccount *self);
const char   *surat_account_get_ca_file         (SuratAccount  *self);
gboolean      surat_account_get_keep_on_server  (SuratAccount  *self);
guint         surat_account_get_delete_after_days (SuratAccount *self);
guint         surat_account_get_timeout         (SuratAccount  *self);

G_END_DECLS
