/* surat-test-sandbox.h — the sandbox: a real POP3 and SMTP server on
 * loopback, a realistic seeded inbox, and a profile that points Surat at them
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-test-dovecot.h"
#include "surat-test-smtpd.h"

G_BEGIN_DECLS

/*
 * What `tools/run` starts and what the UI tests show: the mailbox of Sari
 * Wulandari at a small coffee exporter (tests/sandbox/README.md), about 30
 * messages from the past five weeks, served by a private Dovecot (POP3
 * with implicit TLS, and STLS on the plain port) and a private aiosmtpd
 * (STARTTLS + AUTH, and implicit TLS) that delivers mail for the sandbox
 * address into that same mailbox. Mail to any other address lands in a
 * Maildir of its own ("sent"), so nothing ever leaves the machine.
 *
 * Typical use in a test that runs the app in-process (under
 * G_TEST_OPTION_ISOLATE_DIRS, so the XDG directories are the test's own):
 *
 *   g_autoptr(SuratTestSandbox) sandbox = surat_test_sandbox_start (NULL);
 *   surat_test_sandbox_write_account (sandbox, g_get_user_config_dir (), &error);
 *   … the app fetches account SURAT_TEST_SANDBOX_ACCOUNT: the seeded messages
 */

#define SURAT_TEST_SANDBOX_ERROR (surat_test_sandbox_error_quark ())

typedef enum {
  SURAT_TEST_SANDBOX_ERROR_CORPUS,   /* a template of tests/sandbox cannot be made into a message */
  SURAT_TEST_SANDBOX_ERROR_SETUP,    /* a directory or file could not be made */
} SuratTestSandboxError;

GQuark surat_test_sandbox_error_quark (void);

/* The account id in accounts.ini, the POP3/SMTP login and its password,
 * the address and its owner. */
#define SURAT_TEST_SANDBOX_ACCOUNT  "sandbox"
#define SURAT_TEST_SANDBOX_USER     "sari"
#define SURAT_TEST_SANDBOX_PASSWORD "kopi-susu"
#define SURAT_TEST_SANDBOX_ADDRESS  "sari@kopinusantara.test"
#define SURAT_TEST_SANDBOX_NAME     "Sari Wulandari"

/* --- the corpus (tests/sandbox/messages, tests/sandbox/assets) ---------- */

/* The source directory of the corpus: tests/sandbox. */
const char *surat_test_sandbox_get_corpus_dir (void);

/* Every template made into a finished message: valid MIME, 7-bit, LF line
 * ends, dated relative to @now (tests/sandbox/README.md), oldest first.
 * Fails with SURAT_TEST_SANDBOX_ERROR_CORPUS naming the template and what
 * is wrong with it. (element-type GBytes) (transfer full) */
GPtrArray  *surat_test_sandbox_corpus         (GDateTime   *now,
                                               GError     **error);

/* --- the servers and the mailbox ---------------------------------------- */

typedef struct _SuratTestSandbox SuratTestSandbox;

/* Starts Dovecot and aiosmtpd (their own directories under
 * g_get_tmp_dir(), removed when they stop; see surat-test-dovecot.h and
 * surat-test-smtpd.h) with the sandbox user on both.
 *
 * @mailbox_dir: where the mailbox lives from one start to the next:
 *   @mailbox_dir/Maildir is the user's POP3 Maildir (Dovecot's UIDs and
 *   UIDVALIDITY live in it too, so a client that fetched it once finds
 *   nothing new the next time), @mailbox_dir/sent the Maildir for
 *   every other address. Created and seeded with the corpus when it has
 *   not been seeded yet (a seeding that was cut short starts over).
 *   Running as root, the directory and everything on the way to it must
 *   be reachable by the user nobody, as Dovecot's mail processes run as
 *   that user (surat-test-dovecot.h).
 *   NULL: a fresh mailbox inside Dovecot's directory, seeded, and gone
 *   when the sandbox stops (what a test wants).
 *
 * On failure everything started is stopped and @error says why (the
 * harnesses' errors pass through: SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED
 * and so on). */
SuratTestSandbox *surat_test_sandbox_new            (const char        *mailbox_dir,
                                                     GError           **error);
/* For tests: surat_test_sandbox_new() that fails the test instead of
 * returning NULL. */
SuratTestSandbox *surat_test_sandbox_start          (const char        *mailbox_dir);
/* Stops both servers; the mailbox directory stays. NULL is fine. */
void              surat_test_sandbox_free           (SuratTestSandbox  *self);

/* Whether this start seeded the mailbox (FALSE when it reused one). */
gboolean          surat_test_sandbox_get_seeded     (SuratTestSandbox  *self);
/* How many messages the corpus put into the mailbox when it was seeded
 * (read back from the mailbox directory when reused). */
guint             surat_test_sandbox_get_n_seeded   (SuratTestSandbox  *self);
/* The sandbox user's Maildir, as Dovecot serves it. (transfer full) */
char             *surat_test_sandbox_get_maildir    (SuratTestSandbox  *self);
/* The Maildir that mail to any other address goes into. */
const char       *surat_test_sandbox_get_sent_dir   (SuratTestSandbox  *self);

SuratTestDovecot *surat_test_sandbox_get_dovecot    (SuratTestSandbox  *self);
SuratTestSmtpd   *surat_test_sandbox_get_smtpd      (SuratTestSandbox  *self);

/* --- the profile --------------------------------------------------------- */

/* Writes the sandbox account into @config_dir/surat/accounts.ini (the
 * file Surat reads with XDG_CONFIG_HOME=@config_dir), replacing an
 * earlier [account sandbox] and keeping any other account: POP3 with
 * implicit TLS and SMTP with STARTTLS on this start's ports, the password
 * from a password-command that reads @config_dir/surat/sandbox-password
 * (mode 0600; no keyring), and a ca-file
 * (@config_dir/surat/sandbox-ca.pem, written too) that trusts both
 * servers' certificates, which are new at every start. */
gboolean          surat_test_sandbox_write_account  (SuratTestSandbox  *self,
                                                     const char        *config_dir,
                                                     GError           **error);

/* @envp with Surat's profile moved into @profile_dir: XDG_CONFIG_HOME,
 * XDG_DATA_HOME, XDG_CACHE_HOME and XDG_STATE_HOME are its config, data,
 * cache and state subdirectories (made here), GSettings keeps its values
 * in a file there (GSETTINGS_BACKEND=keyfile) and finds Surat's schema in
 * @schema_dir when given (GSETTINGS_SCHEMA_DIR). (transfer full) */
char            **surat_test_sandbox_environ        (const char        *profile_dir,
                                                     const char        *schema_dir,
                                                     char             **envp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestSandbox, surat_test_sandbox_free)

G_END_DECLS
