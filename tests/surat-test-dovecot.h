/* surat-test-dovecot.h — a private, real Dovecot 2.3 POP3 server for tests
 * and benchmarks
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * SuratTestDovecot runs `dovecot -F -c CONF` with every bit of its state in
 * one fresh directory under g_get_tmp_dir() ("surat-dovecot-XXXXXX"):
 *
 *   dovecot.conf  passwd.d/<user>  cert.pem  key.pem  dovecot.log  stderr.log
 *   run/ (base_dir)  state/ (state_dir)  home/<user>/Maildir/{tmp,new,cur}
 *
 * It listens on loopback only, on two ports the kernel picked: a plain POP3
 * port that offers STLS, and an implicit-TLS (POP3S) port. Authentication
 * is a passwd-file with plain-text passwords, so USER/PASS, SASL PLAIN,
 * LOGIN and CRAM-MD5 all work (and APOP when asked for). A wrong password
 * gets "-ERR [AUTH] Authentication failed." after about 0.5 s, every time
 * (Dovecot's growing per-address penalty is off). UIDLs look like
 * "000000016b07b38b"; Dovecot cannot be told to drop UIDL.
 *
 * Run as root (as CI does), the mail processes run as nobody/nogroup, which
 * own the Maildirs; Dovecot's own login and internal users are the
 * distribution's (dovenull, dovecot). Run as anyone else, everything runs
 * as that user.
 *
 * A watchdog shell process holds one end of a socket pair whose other end
 * only this process holds: when the test binary dies in any way (an
 * assertion, a signal, exit() without stopping the server), the watchdog
 * stops Dovecot and removes the directory. A normal surat_test_dovecot_free()
 * does both itself and dismisses the watchdog.
 *
 * The dovecot binary is found in PATH or /usr/sbin; the environment
 * variable SURAT_TEST_DOVECOT names another one.
 *
 * Not thread-safe: create, use and free a server from one thread.
 */

#define SURAT_TEST_DOVECOT_ERROR (surat_test_dovecot_error_quark ())

typedef enum {
  SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED, /* no dovecot or openssl binary */
  SURAT_TEST_DOVECOT_ERROR_SETUP,         /* a file, certificate or user could not be made */
  SURAT_TEST_DOVECOT_ERROR_START,         /* Dovecot did not come up; the message quotes its log */
} SuratTestDovecotError;

GQuark surat_test_dovecot_error_quark (void);

typedef enum {
  SURAT_TEST_DOVECOT_FLAGS_NONE = 0,
  /* Listen on 127.0.0.2 instead of 127.0.0.1 and ::1. Dovecot counts a
   * connection as secure when its two ends have the same address; a client
   * connecting to 127.0.0.2 comes from 127.0.0.1, so there Dovecot refuses
   * USER/PASS and SASL before STLS: "-ERR [AUTH] Plaintext authentication
   * disallowed on non-secure (SSL/TLS) connections." The certificate names
   * 127.0.0.2 too, so STLS and the POP3S port work normally. */
  SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT = 1 << 0,
  /* Add "apop" to auth_mechanisms: the greeting then carries an RFC 1939
   * §7 timestamp ("+OK Dovecot (Debian) ready. <…@host>") and APOP
   * logins work. Without this flag the greeting has no timestamp. */
  SURAT_TEST_DOVECOT_APOP = 1 << 1,
} SuratTestDovecotFlags;

/* The user every server starts with (see surat_test_dovecot_add_user()). */
#define SURAT_TEST_DOVECOT_USER     "tester"
#define SURAT_TEST_DOVECOT_PASSWORD "tester-password"

typedef struct _SuratTestDovecot SuratTestDovecot;

/* Writes the configuration, a fresh self-signed certificate (CN=localhost,
 * subjectAltName DNS:localhost, IP:127.0.0.1, IP:::1, IP:127.0.0.2) and the
 * default user, starts Dovecot and waits (at most 10 s) until both ports
 * accept connections. On failure everything started is stopped and
 * removed, and @error says why: SURAT_TEST_DOVECOT_ERROR_NOT_INSTALLED when
 * Dovecot or openssl is missing, _START with the tail of Dovecot's log and
 * stderr when it did not come up. */
SuratTestDovecot *surat_test_dovecot_new            (SuratTestDovecotFlags  flags,
                                                     GError               **error);
/* For tests: surat_test_dovecot_new() that fails the test (an assertion
 * naming the reason) instead of returning NULL. The real-server tests must
 * fail, never skip, when Dovecot is missing. */
SuratTestDovecot *surat_test_dovecot_start          (SuratTestDovecotFlags  flags);
/* Stops Dovecot (SIGTERM to the master, then waits for it: about 1.1 s;
 * SIGKILL after 10 s), dismisses the watchdog and removes the directory.
 * NULL is fine, so a teardown can call it after a failed start. */
void              surat_test_dovecot_free           (SuratTestDovecot      *self);
/* Stops the master and starts it again on the same ports with the same
 * users and Maildirs: "the server went away" for a test. */
gboolean          surat_test_dovecot_restart        (SuratTestDovecot      *self,
                                                     GError               **error);

/* The address a client connects to: "127.0.0.1", or "127.0.0.2" with
 * SURAT_TEST_DOVECOT_REFUSE_PLAINTEXT. */
const char       *surat_test_dovecot_get_host       (SuratTestDovecot      *self);
/* Plain POP3; CAPA offers STLS. */
guint16           surat_test_dovecot_get_pop3_port  (SuratTestDovecot      *self);
/* Implicit TLS (RFC 8314 §3.3 style POP3S). */
guint16           surat_test_dovecot_get_pop3s_port (SuratTestDovecot      *self);
/* The server's certificate, PEM; self-signed, so it is its own CA: give it
 * to a client as its ca-file. */
const char       *surat_test_dovecot_get_ca_file    (SuratTestDovecot      *self);
/* SHA-256 over the certificate's DER, upper-case hex pairs joined by ':'
 * (the form surat_certificate_get_fingerprint() returns). */
const char       *surat_test_dovecot_get_fingerprint (SuratTestDovecot     *self);
/* The server's private directory, and its log file inside it. */
const char       *surat_test_dovecot_get_dir        (SuratTestDovecot      *self);
const char       *surat_test_dovecot_get_log_path   (SuratTestDovecot      *self);
/* The last @n_lines lines of Dovecot's log, for a failure message. */
char             *surat_test_dovecot_get_log_tail   (SuratTestDovecot      *self,
                                                     guint                  n_lines);
/* The master's process id (to signal it from a test), or 0 when stopped. */
GPid              surat_test_dovecot_get_pid        (SuratTestDovecot      *self);

/* Adds @user, a name of letters, digits, '.', '-' and '_', with an empty
 * Maildir owned by the mail uid. Dovecot reads a new user's passwd-file at
 * its first login, no restart needed: one server can serve many tests, each
 * with a user of its own. For an existing user it sets a new @password and
 * keeps the Maildir; that takes up to a second (Dovecot looks at a changed
 * passwd-file at most once a second). @password must not contain ':' or a
 * line break. */
gboolean          surat_test_dovecot_add_user       (SuratTestDovecot      *self,
                                                     const char            *user,
                                                     const char            *password,
                                                     GError               **error);
/* DIR/home/@user/Maildir. (transfer full) */
char             *surat_test_dovecot_get_maildir    (SuratTestDovecot      *self,
                                                     const char            *user);

/* Delivers @message as it is (use LF line ends, as Maildir files have;
 * Dovecot sends them as CRLF) into @user's Maildir: written into tmp/ as the
 * mail uid, then renamed into new/. Returns the file's name. (transfer full) */
char             *surat_test_dovecot_deliver        (SuratTestDovecot      *self,
                                                     const char            *user,
                                                     GBytes                *message,
                                                     GError               **error);
/* Delivers @n_messages generated by surat_test_generate_message() of about
 * @approx_size bytes each, in order. Returns what was written, in that
 * order. (element-type GBytes) (transfer full) */
GPtrArray        *surat_test_dovecot_seed           (SuratTestDovecot      *self,
                                                     const char            *user,
                                                     guint                  n_messages,
                                                     gsize                  approx_size,
                                                     GError               **error);
/* The messages the server holds for @user now: every file of new/ and cur/
 * of its Maildir, sorted by file name without the ":2,…" flags (for the
 * messages this harness delivered, that is delivery order). An empty array
 * once a client deleted everything. (element-type GBytes) (transfer full) */
GPtrArray        *surat_test_dovecot_list_messages  (SuratTestDovecot      *self,
                                                     const char            *user,
                                                     GError               **error);

/* The same for any Maildir (Surat's store, mpop's output). A missing
 * directory is an error. (element-type GBytes) (transfer full) */
GPtrArray        *surat_test_read_maildir           (const char            *maildir,
                                                     GError               **error);

/* One realistic message, LF line ends, of about @approx_size bytes (never
 * much less than 1 KB): varied headers (Received, Date in several zones,
 * Cc, Reply-To, In-Reply-To, List-Id), RFC 2047 encoded subjects and display
 * names, unique Message-IDs, lines starting with "." (a lone ".", "..",
 * ".hidden") so POP3 dot-stuffing (RFC 1939 §3) is exercised, and by
 * @index % 4: text/plain us-ascii, multipart/alternative, multipart/mixed
 * with a base64 attachment, text/plain UTF-8 quoted-printable.
 * Deterministic for the same @rand state and @index, apart from the
 * Message-ID, which is unique within the process. */
GBytes           *surat_test_generate_message       (GRand                 *rand,
                                                     guint                  index,
                                                     gsize                  approx_size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestDovecot, surat_test_dovecot_free)

G_END_DECLS
