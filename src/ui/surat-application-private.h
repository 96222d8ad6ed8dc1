/* surat-application-private.h — what surat-application.c and surat-application-send.c share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-application.h"

G_BEGIN_DECLS

/* The sending side's state, kept in the application instance. */
typedef struct _SuratApplicationSend SuratApplicationSend;

typedef void (*SuratApplicationComposeHook) (SuratApplication *app,
                                             SuratDraft       *draft,
                                             gpointer          user_data);

SuratApplicationSend *_surat_application_send_new     (void);
void                  _surat_application_send_free    (SuratApplicationSend *send);
/* (transfer none) */
SuratApplicationSend *_surat_application_get_send     (SuratApplication     *self);

/* At start (the first window is on screen): sends what an earlier run
 * left queued, reads the address book. */
void                  _surat_application_send_start   (SuratApplication     *self);
/* New mail or a sent message: the address book reads the index again. */
void                  _surat_application_reload_address_book (SuratApplication *self);

/* Sends @account's due messages now (with @all, failed and waiting ones
 * too: the Outbox view's Retry Now). */
void                  surat_application_flush_outbox  (SuratApplication     *self,
                                                       SuratAccount         *account,
                                                       gboolean              all);
/* The account with @account_id, or NULL. (transfer none) */
SuratAccount         *surat_application_find_account  (SuratApplication     *self,
                                                       const char           *account_id);
/* Every account's address (own addresses for Reply All). (transfer full) */
GStrv                 surat_application_dup_own_addresses (SuratApplication *self);

/* For tests: instead of opening a composer window, surat_application_compose()
 * hands the draft to @hook (NULL: windows again). */
void                  surat_application_set_compose_hook (SuratApplication            *self,
                                                          SuratApplicationComposeHook  hook,
                                                          gpointer                     user_data);

G_END_DECLS
