/* surat-account-probe.h — finding and testing an account's servers
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"

G_BEGIN_DECLS

#define SURAT_TYPE_ACCOUNT_PROBE (surat_account_probe_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccountProbe, surat_account_probe, SURAT, ACCOUNT_PROBE, GObject)

/*
 * Guesses (from the address's domain: pop.D, pop3.D, mail.D; smtp.D,
 * mail.D) and tries, in order, POP3 on 995 with TLS then 110 with STLS,
 * SMTP on 465 with TLS then 587 with STARTTLS — never a plain-text
 * fallback. A candidate counts when it greets and (with a password) the
 * login works. The result is written into the account (hosts, ports,
 * security). What failed for each candidate is kept, in words, so the
 * person can be told exactly why; a certificate error keeps its
 * certificate (surat_tls_error_get_certificate) for a trust dialog.
 *
 * For a test connection of settings a person typed: test_async() tries
 * exactly the account's servers.
 */
SuratAccountProbe *surat_account_probe_new            (SuratAccount        *account,
                                                       const char          *password);
void               surat_account_probe_guess_async    (SuratAccountProbe   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           surat_account_probe_guess_finish   (SuratAccountProbe   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void               surat_account_probe_test_async     (SuratAccountProbe   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Fails with the first failure (POP3's, else SMTP's), typed as the
 * clients report it. */
gboolean           surat_account_probe_test_finish    (SuratAccountProbe   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Every attempt so far, "pop.example.org:995 (TLS): <what happened>".
 * (element-type utf8) */
GPtrArray         *surat_account_probe_get_log        (SuratAccountProbe   *self);

G_END_DECLS
