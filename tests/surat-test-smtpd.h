/* surat-test-smtpd.h — a private, real SMTP submission server (aiosmtpd) for
 * tests and benchmarks
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * SuratTestSmtpd runs tests/smtpd/surat-test-smtpd.py under /usr/bin/python3
 * (aiosmtpd 1.4, Debian package python3-aiosmtpd, imports only there) with
 * all its state in one fresh directory under g_get_tmp_dir()
 * ("surat-smtpd-XXXXXX"):
 *
 *   config.json  users.json  routes.json  envelopes.jsonl  server.log
 *   ca.pem ca.key localhost.pem localhost-chain.pem localhost.key
 *                           (made with tests/surat-test-certs.h)
 *   Maildir/{tmp,new,cur}   (the default Maildir when none is given)
 *
 * It listens on 127.0.0.1 only, on two ports the kernel picked:
 *   - the STARTTLS port (submission, RFC 6409 + RFC 3207): before STARTTLS
 *     only EHLO, HELO, NOOP, QUIT and STARTTLS are taken, anything else gets
 *     "530 Must issue a STARTTLS command first"; EHLO offers AUTH only after
 *     TLS;
 *   - the TLS port (implicit TLS, RFC 8314 §3.3).
 * On both, AUTH (RFC 4954) is required before MAIL ("530 5.7.0
 * Authentication required"); mechanisms PLAIN, LOGIN and CRAM-MD5 (RFC
 * 2195); a wrong password gets "535 5.7.8 Authentication credentials
 * invalid". EHLO after TLS says: SIZE <limit>, 8BITMIME, SMTPUTF8 (unless
 * SURAT_TEST_SMTPD_NO_SMTPUTF8), AUTH CRAM-MD5 LOGIN PLAIN, HELP; no
 * PIPELINING, ENHANCEDSTATUSCODES, DSN or CHUNKING (aiosmtpd 1.4 has none,
 * though its replies carry enhanced codes). Over the size limit: "552 Error:
 * message size exceeds fixed maximum message size" at MAIL FROM … SIZE=,
 * "552 Error: Too much mail data" after DATA. Lines over 1001 octets: "500
 * Line too long". The null reverse-path MAIL FROM:<> is refused (aiosmtpd).
 *
 * Each accepted message (250 after DATA) is first delivered, with LF line
 * ends as a Maildir file has them, into the Maildir of each recipient: the
 * one surat_test_smtpd_route() gave its address, else the default one;
 * once per Maildir. Files are written into tmp/, fsynced, given the owner
 * of the Maildir directory (when the server runs as root: a Dovecot
 * user's Maildir belongs to nobody) and renamed into new/. Then its
 * envelope is recorded (surat_test_smtpd_get_envelopes()); only then does
 * the client get its 250.
 *
 * The server process holds the read end of a pipe whose write end only
 * this process holds: when the test process dies in any way, the server
 * sees the end of the pipe, stops and removes its directory.
 * surat_test_smtpd_free() closes the pipe the same way and waits for it.
 *
 * The interpreter is /usr/bin/python3 unless the environment variable
 * SURAT_TEST_PYTHON names another; the script is found through
 * G_TEST_SRCDIR (tests/) or the source directory the tests were built from.
 * A missing interpreter or aiosmtpd is SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED:
 * the real-server tests must fail, never skip, then.
 *
 * Not thread-safe: create, use and free a server from one thread.
 */

#define SURAT_TEST_SMTPD_ERROR (surat_test_smtpd_error_quark ())

typedef enum {
  SURAT_TEST_SMTPD_ERROR_NOT_INSTALLED, /* no python3, or no aiosmtpd for it */
  SURAT_TEST_SMTPD_ERROR_SETUP,         /* a file, Maildir or user could not be made */
  SURAT_TEST_SMTPD_ERROR_START,         /* the server did not come up; the message quotes its log */
} SuratTestSmtpdError;

GQuark surat_test_smtpd_error_quark (void);

typedef enum {
  SURAT_TEST_SMTPD_FLAGS_NONE  = 0,
  /* EHLO does not offer SMTPUTF8, and MAIL FROM … SMTPUTF8 gets "501
   * Error: SMTPUTF8 disabled" (RFC 6531 §3.4 says a client must not send
   * it then). */
  SURAT_TEST_SMTPD_NO_SMTPUTF8 = 1 << 0,
  /* AUTH offers PLAIN only (no LOGIN, no CRAM-MD5), so a client that picks
   * the strongest mechanism must use PLAIN. */
  SURAT_TEST_SMTPD_ONLY_PLAIN  = 1 << 1,
  /* AUTH offers LOGIN only. */
  SURAT_TEST_SMTPD_ONLY_LOGIN  = 1 << 2,
} SuratTestSmtpdFlags;

/* The user every server starts with (see surat_test_smtpd_add_user()). */
#define SURAT_TEST_SMTPD_USER     "sender"
#define SURAT_TEST_SMTPD_PASSWORD "sender-password"

/* aiosmtpd's own limit, 2^25 octets, is too small for a 25 MB attachment
 * in base64: with 0 the server takes 64 MiB. */
#define SURAT_TEST_SMTPD_DEFAULT_SIZE_LIMIT (64 * 1024 * 1024)

typedef struct _SuratTestSmtpd SuratTestSmtpd;

/* One accepted message, as the server saw it. */
typedef struct {
  char    *listener;       /* "starttls" or "tls" */
  char    *auth_user;      /* who logged in (AUTH) */
  char    *mail_from;      /* the reverse-path, without <>, UTF-8 */
  GStrv    mail_options;   /* MAIL FROM parameters as sent, upper-cased: "SIZE=1234",
                            * "BODY=8BITMIME", "SMTPUTF8" */
  GStrv    rcpt_tos;       /* every accepted RCPT TO, in order */
  GStrv    rcpt_options;
  gboolean smtputf8;       /* MAIL FROM had SMTPUTF8 */
  char    *body;           /* the BODY= value ("7BIT", "8BITMIME"), or NULL */
  gint64   size;           /* the SIZE= value, or -1 */
  gsize    data_size;      /* octets of the message as received: dot-unstuffed,
                            * CRLF line ends, without the final "." line */
  char    *data_sha256;    /* SHA-256 of those octets, lower-case hex */
  GStrv    delivered;      /* absolute paths of the files in <Maildir>/new/ */
} SuratTestSmtpdEnvelope;

void              surat_test_smtpd_envelope_free       (SuratTestSmtpdEnvelope *envelope);

/* Makes the certificate (a fresh CA and a server certificate for
 * localhost: DNS:localhost, IP:127.0.0.1, IP:::1), the files and the
 * default user, starts the server and waits (at most 10 s) until both
 * ports listen.
 * @maildir: where messages go when no route says otherwise: an existing
 *   Maildir (e.g. surat_test_dovecot_get_maildir()), or NULL for
 *   Maildir/ in the server's directory;
 * @data_size_limit: octets of DATA (as sent, dot-stuffed, CRLF) the server
 *   takes; 0 for SURAT_TEST_SMTPD_DEFAULT_SIZE_LIMIT.
 * On failure everything started is stopped and removed, and @error says
 * why: _NOT_INSTALLED when python3 or aiosmtpd is missing, _START with the
 * tail of the server's log when it did not come up. */
SuratTestSmtpd   *surat_test_smtpd_new                 (const char             *maildir,
                                                        gsize                   data_size_limit,
                                                        SuratTestSmtpdFlags     flags,
                                                        GError                **error);
/* For tests: surat_test_smtpd_new() that fails the test (an assertion
 * naming the reason) instead of returning NULL. */
SuratTestSmtpd   *surat_test_smtpd_start               (const char             *maildir,
                                                        gsize                   data_size_limit,
                                                        SuratTestSmtpdFlags     flags);
/* Stops the server (closes its pipe; SIGKILL after 5 s) and removes its
 * directory; Maildirs given to it are left alone. NULL is fine. */
void              surat_test_smtpd_free                (SuratTestSmtpd         *self);

/* "127.0.0.1". */
const char       *surat_test_smtpd_get_host            (SuratTestSmtpd         *self);
guint16           surat_test_smtpd_get_starttls_port   (SuratTestSmtpd         *self);
guint16           surat_test_smtpd_get_tls_port        (SuratTestSmtpd         *self);
/* The CA certificate (PEM) that signed the server's: a client's ca-file. */
const char       *surat_test_smtpd_get_ca_file         (SuratTestSmtpd         *self);
/* SHA-256 over the server certificate's DER, "AB:CD:…" (the form
 * surat_certificate_get_fingerprint() returns). */
const char       *surat_test_smtpd_get_fingerprint     (SuratTestSmtpd         *self);
const char       *surat_test_smtpd_get_dir             (SuratTestSmtpd         *self);
/* The default Maildir: the one given, or DIR/Maildir. */
const char       *surat_test_smtpd_get_maildir         (SuratTestSmtpd         *self);
const char       *surat_test_smtpd_get_log_path        (SuratTestSmtpd         *self);
/* The last @n_lines lines of the server's log (aiosmtpd logs every
 * connection and command), for a failure message. */
char             *surat_test_smtpd_get_log_tail        (SuratTestSmtpd         *self,
                                                        guint                   n_lines);
/* The server's process id (to signal it from a test), or 0 when stopped. */
GPid              surat_test_smtpd_get_pid             (SuratTestSmtpd         *self);

/* Adds @user, or gives it a new @password; read at every AUTH, so it
 * counts from the next one. */
gboolean          surat_test_smtpd_add_user            (SuratTestSmtpd         *self,
                                                        const char             *user,
                                                        const char             *password,
                                                        GError                **error);
/* Mail for @address (compared without regard to case) goes into
 * @maildir, an existing Maildir; with @maildir NULL its RCPT TO is refused
 * with "550 5.1.1 <address>: Recipient address rejected (test route)".
 * Counts from the next RCPT. */
gboolean          surat_test_smtpd_route               (SuratTestSmtpd         *self,
                                                        const char             *address,
                                                        const char             *maildir,
                                                        GError                **error);

/* Every message accepted so far, in order. A client that got its 250 finds
 * its message here. (element-type SuratTestSmtpdEnvelope) (transfer full) */
GPtrArray        *surat_test_smtpd_get_envelopes       (SuratTestSmtpd         *self,
                                                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestSmtpd, surat_test_smtpd_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestSmtpdEnvelope, surat_test_smtpd_envelope_free)

G_END_DECLS
