/* surat-account-probe.h — finding and testing an account's servers
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-account.h"

G_BEGIN_DECLS

#define SURAT_ACCOUNT_PROBE_ERROR (surat_account_probe_error_quark ())

/**
 * SuratAccountProbeError:
 * @SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND: no candidate server answered at
 *   all (no such host, refused, timed out); the log says what each did
 * @SURAT_ACCOUNT_PROBE_ERROR_INCOMPLETE: the account lacks what a test
 *   needs (no server at all)
 */
typedef enum {
  SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND,
  SURAT_ACCOUNT_PROBE_ERROR_INCOMPLETE,
} SuratAccountProbeError;

GQuark surat_account_probe_error_quark (void);

/**
 * SuratAccountProbeServer:
 * @SURAT_ACCOUNT_PROBE_POP3: the server mail is fetched from
 * @SURAT_ACCOUNT_PROBE_SMTP: the server mail is sent through
 */
typedef enum {
  SURAT_ACCOUNT_PROBE_POP3,
  SURAT_ACCOUNT_PROBE_SMTP,
} SuratAccountProbeServer;

#define SURAT_TYPE_ACCOUNT_PROBE (surat_account_probe_get_type ())

G_DECLARE_FINAL_TYPE (SuratAccountProbe, surat_account_probe, SURAT, ACCOUNT_PROBE, GObject)

/*
 * Guesses (from the address's domain: pop.D, pop3.D, mail.D, D; smtp.D,
 * mail.D, D) and tries, in order, POP3 on 995 with TLS then 110 with STLS,
 * SMTP on 465 with TLS then 587 with STARTTLS — never a plain-text
 * fallback. A candidate counts when it greets and (with a password) the
 * login works. The result is written into the account (hosts, ports,
 * security). What failed for each candidate is kept, in words, so the
 * person can be told exactly why; a certificate error keeps its
 * certificate (surat_tls_error_get_certificate) for a trust dialog.
 *
 * POP3 and SMTP are probed side by side; the candidates of each one after
 * the other. A host that does not resolve is not tried on its other port.
 * A wrong password ends the search for that server at once: the server is
 * found, and trying the same password on every other candidate would only
 * count more failed logins against the person (and trip fail2ban-like
 * lockouts). When no candidate works, the account gets the one that came
 * closest (a certificate to trust beats a server that refused STLS, which
 * beats one that never answered), so the person can correct it, and guess
 * fails with that candidate's error — or with
 * SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND when none answered at all. Guessing
 * never uses the account's pinned certificates (they belong to the
 * account's current servers, not to other candidates) and waits at most 15
 * seconds per candidate, unless set_timeout() says otherwise.
 *
 * For a test connection of settings a person typed: test_async() tries
 * exactly the account's servers (its ca-file, pinned certificates, APOP
 * setting and timeout), logging in to each one with the password (POP3
 * and SMTP side by side; a server the account does not have is skipped).
 */
SuratAccountProbe *surat_account_probe_new            (SuratAccount        *account,
                                                       const char          *password);
SuratAccount      *surat_account_probe_get_account    (SuratAccountProbe   *self);
void               surat_account_probe_guess_async    (SuratAccountProbe   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* FALSE with POP3's failure, else SMTP's (prefixed with the server as
 * test_finish's are); the account holds the closest candidates all the
 * same. */
gboolean           surat_account_probe_guess_finish   (SuratAccountProbe   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void               surat_account_probe_test_async     (SuratAccountProbe   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Fails with the first failure (POP3's, else SMTP's), typed as the
 * clients report it, its message prefixed with the server
 * ("POP3 server pop.example.org, port 995: …"). */
gboolean           surat_account_probe_test_finish    (SuratAccountProbe   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Every attempt so far, "pop.example.org:995 (TLS): <what happened>".
 * (element-type utf8) (transfer none) */
GPtrArray         *surat_account_probe_get_log        (SuratAccountProbe   *self);

/* (nullable) (transfer none): how the last guess or test ended for
 * @server: NULL when it worked (or was not tried). With both failing this
 * is how a UI learns which server a certificate belongs to. */
const GError      *surat_account_probe_get_error      (SuratAccountProbe        *self,
                                                       SuratAccountProbeServer   server);

/* Replaces the guesses for @server with candidates of one's own, tried in
 * the order added (tests use loopback servers on ports of their own). */
void               surat_account_probe_add_candidate  (SuratAccountProbe        *self,
                                                       SuratAccountProbeServer   server,
                                                       const char               *host,
                                                       guint16                   port,
                                                       SuratSecurity             security);
/* Seconds for each connect and wait; 0 (the default): 15 when guessing,
 * the account's timeout when testing. */
void               surat_account_probe_set_timeout    (SuratAccountProbe        *self,
                                                       guint                     seconds);

/*
 * Signals:
 *
 * "attempt" (SuratAccountProbe *probe, const char *line): after each
 *   attempt, with the line just added to the log (for a progress display).
 */

G_END_DECLS
