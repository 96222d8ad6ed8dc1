/* surat-smtp-client.h — an asynchronous SMTP submission client
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-connection.h"
#include "surat-smtp-reply.h"

G_BEGIN_DECLS

/*
 * SuratSmtpClient speaks SMTP (RFC 5321) to a submission server over one
 * SuratConnection, for SuratOutbox and `surat-cli send`:
 *
 *   client = surat_smtp_client_new (surat_connection_new (host, port, security));
 *   surat_smtp_client_connect_async ()   greeting, EHLO, STARTTLS, EHLO again
 *   surat_smtp_client_login_async ()     AUTH, when the account has a user
 *   surat_smtp_client_send_async ()      one message; again for the next one
 *   surat_smtp_client_quit_async ()
 *
 * Calls may be made before earlier ones finished: they queue and run one
 * after the other, in order. Each finishes with a result of its own.
 *
 * Sessions and errors. A 4yz or 5yz reply fails only the call it answers;
 * the session goes on (a refused message leaves it ready for the next
 * one). A failure of the connection (I/O error, timeout, a reply that is
 * not SMTP, 421, a cancelled wait, anything going wrong in the middle of
 * the message) ends the session: the connection is closed and every later
 * call fails with that error; make a new client (and connection) to try
 * again. connect_async failing always ends the session. Errors are
 * SURAT_SMTP_ERROR_* (surat-smtp-reply.h), SURAT_TLS_ERROR_* (certificates,
 * STARTTLS_UNAVAILABLE, STARTTLS_INJECTION) or G_IO_ERROR_* passed through
 * (a lost connection, TIMED_OUT, CANCELLED); their messages are sentences
 * for people, with the server's reply quoted where there is one.
 *
 * Timeouts. Every wait has one: RFC 5321 §4.5.3.2's for the waits it names
 * (SuratSmtpWait), the connection's own (surat_connection_set_timeout(), as
 * it is when connect_async starts) for every other; and never less than
 * the connection's own. The client sets the connection's timeout before
 * each wait accordingly.
 *
 * Results and the "progress" signal come in the thread-default main
 * context of the caller (GTask); a GCancellable may be cancelled from any
 * thread.
 */

/**
 * SuratSmtpWait:
 * @SURAT_SMTP_WAIT_GREETING: for the 220 greeting; 5 minutes
 * @SURAT_SMTP_WAIT_MAIL: for the reply to MAIL; 5 minutes
 * @SURAT_SMTP_WAIT_RCPT: for the reply to each RCPT; 5 minutes
 * @SURAT_SMTP_WAIT_DATA: for DATA's 354; 2 minutes
 * @SURAT_SMTP_WAIT_DATA_BLOCK: for each write of the message; 3 minutes
 * @SURAT_SMTP_WAIT_DATA_END: for the reply to the final "."; 10 minutes.
 *   Giving up on this one early is what makes duplicates: the server may
 *   still be checking a message it will accept
 *
 * The waits RFC 5321 §4.5.3.2 gives a minimum for, and their defaults.
 */
typedef enum {
  SURAT_SMTP_WAIT_GREETING,
  SURAT_SMTP_WAIT_MAIL,
  SURAT_SMTP_WAIT_RCPT,
  SURAT_SMTP_WAIT_DATA,
  SURAT_SMTP_WAIT_DATA_BLOCK,
  SURAT_SMTP_WAIT_DATA_END,
} SuratSmtpWait;

#define SURAT_SMTP_N_WAITS (SURAT_SMTP_WAIT_DATA_END + 1)

/**
 * SuratSmtpOutcome:
 * @SURAT_SMTP_OUTCOME_NOT_SENT: the server did not take the message: it
 *   refused it (4yz/5yz at any step), or the attempt failed before the final
 *   "." went out. Nobody got it; sending it again cannot make a duplicate
 * @SURAT_SMTP_OUTCOME_ACCEPTED: the server answered 2yz to the final ".": it
 *   has taken responsibility for the message (RFC 5321 §4.1.1.4). Never send
 *   it again
 * @SURAT_SMTP_OUTCOME_UNKNOWN: the final "." was sent (or was being sent) and
 *   no reply came: the connection died, the wait timed out, or it was
 *   cancelled. The server may have accepted it; sending it again may make a
 *   duplicate (RFC 5321 §6.1 accepts that risk; the caller decides)
 *
 * What became of a message, whatever the error says.
 */
typedef enum {
  SURAT_SMTP_OUTCOME_NOT_SENT,
  SURAT_SMTP_OUTCOME_ACCEPTED,
  SURAT_SMTP_OUTCOME_UNKNOWN,
} SuratSmtpOutcome;

/**
 * SuratSmtpRecipientResult:
 * @address: the recipient, as given to send_async
 * @accepted: its RCPT got a 2yz reply
 * @code: the reply code to its RCPT; 0 when it got none (the send stopped
 *   before: a refused MAIL, our own refusal, a failure)
 * @enhanced_code: (nullable): the RFC 3463 code of that reply, "5.1.1"
 * @text: (nullable): the text of that reply, as the server wrote it
 */
typedef struct {
  char     *address;
  gboolean  accepted;
  guint     code;
  char     *enhanced_code;
  char     *text;
} SuratSmtpRecipientResult;

/**
 * SuratSmtpSendReport:
 * @outcome: what became of the message
 * @recipients: (element-type SuratSmtpRecipientResult): one per recipient,
 *   in the order given
 * @reply: (nullable): the reply that decided: to the final "." (its text
 *   often names the server's queue id), or the MAIL or DATA reply that
 *   refused the message
 * @size: the message size as announced with SIZE= (RFC 1870 §3: CRLF line
 *   ends, without stuffing), 0 when the message was never read
 * @eight_bit: the message has 8-bit bytes (it went with BODY=8BITMIME)
 * @smtputf8: the envelope went with SMTPUTF8 (RFC 6531)
 */
typedef struct {
  SuratSmtpOutcome  outcome;
  GPtrArray        *recipients;
  SuratSmtpReply   *reply;
  guint64           size;
  gboolean          eight_bit;
  gboolean          smtputf8;
} SuratSmtpSendReport;

#define SURAT_TYPE_SMTP_SEND_REPORT (surat_smtp_send_report_get_type ())
GType                surat_smtp_send_report_get_type (void) G_GNUC_CONST;
SuratSmtpSendReport *surat_smtp_send_report_copy     (const SuratSmtpSendReport *report);
void                 surat_smtp_send_report_free     (SuratSmtpSendReport       *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratSmtpSendReport, surat_smtp_send_report_free)

/**
 * SuratSmtpSendFlags:
 * @SURAT_SMTP_SEND_NONE: send the file as it is (with CRLF and stuffing)
 * @SURAT_SMTP_SEND_STRIP_BCC: leave the header's Bcc fields out of what is
 *   sent (RFC 5322 §3.6.3), so that the stored message can keep them
 */
typedef enum {
  SURAT_SMTP_SEND_NONE      = 0,
  SURAT_SMTP_SEND_STRIP_BCC = 1 << 0,
} SuratSmtpSendFlags;

#define SURAT_TYPE_SMTP_CLIENT (surat_smtp_client_get_type ())

G_DECLARE_FINAL_TYPE (SuratSmtpClient, surat_smtp_client, SURAT, SMTP_CLIENT, GObject)

/* The client owns @connection from now on; it may be connected already
 * (then connect_async starts with the greeting). */
SuratSmtpClient           *surat_smtp_client_new              (SuratConnection     *connection);
SuratConnection           *surat_smtp_client_get_connection   (SuratSmtpClient     *self);

/* What to say after EHLO/HELO. NULL (the default): this machine's name when
 * it is fully qualified, else an address literal of our end of the
 * connection ("[192.0.2.1]", "[IPv6:::1]"; RFC 5321 §4.1.3, §4.1.4).
 * Before connect_async. */
void                       surat_smtp_client_set_helo_name    (SuratSmtpClient     *self,
                                                               const char          *name);
/* Seconds for one kind of wait (see SuratSmtpWait); the connection's own
 * timeout still applies as a floor. Lowering SURAT_SMTP_WAIT_DATA_END
 * below the RFC's 10 minutes risks duplicates: tests only. */
void                       surat_smtp_client_set_timeout      (SuratSmtpClient     *self,
                                                               SuratSmtpWait        wait,
                                                               guint                seconds);
guint                      surat_smtp_client_get_timeout      (SuratSmtpClient     *self,
                                                               SuratSmtpWait        wait);

/* Connects (TLS first with SURAT_SECURITY_TLS, RFC 8314), reads the
 * greeting (220; anything else fails with the server's words: 554 is
 * PERMANENT, 421 TRANSIENT), says EHLO (HELO when EHLO is refused with 500
 * or 502: then there are no extensions), and with SURAT_SECURITY_STARTTLS:
 * STARTTLS (RFC 3207), the handshake, and EHLO again, the extensions
 * announced before TLS forgotten. No STARTTLS offered is
 * SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE, never a fallback to plain text;
 * bytes after the go-ahead are SURAT_TLS_ERROR_STARTTLS_INJECTION. */
void                       surat_smtp_client_connect_async    (SuratSmtpClient     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_connect_finish   (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* (nullable): the greeting's text after "220 ". */
const char                *surat_smtp_client_get_greeting     (SuratSmtpClient     *self);
/* What the last EHLO announced (after STARTTLS: the list sent over TLS);
 * empty after HELO. E.g. whether the server takes 8-bit messages:
 * has_extension (self, SURAT_SMTP_EXTENSION_8BITMIME), and its size
 * limit: get_extensions (self)->size_limit. */
const SuratSmtpExtensions *surat_smtp_client_get_extensions   (SuratSmtpClient     *self);
gboolean                   surat_smtp_client_has_extension    (SuratSmtpClient     *self,
                                                               SuratSmtpExtension   extension);
/* Whether the session is up: connected, greeted, not failed, not quit. */
gboolean                   surat_smtp_client_is_ready         (SuratSmtpClient     *self);

/* AUTH (RFC 4954) with the strongest of CRAM-MD5, PLAIN, LOGIN the server
 * offers. Fails before anything is sent with AUTH_NEEDS_ENCRYPTION when
 * the connection is not encrypted and its security is not
 * SURAT_SECURITY_NONE, and with NO_MECHANISM when the server offers no
 * AUTH (an account without a user name skips login instead) or none of
 * those. Replies: 535 AUTH_FAILED (wrong user name or password), 534 and
 * 504 NO_MECHANISM, 530 and 538 AUTH_NEEDS_ENCRYPTION, 454 and any other
 * 4yz TRANSIENT. A failed login leaves the session usable. The password is
 * copied only into buffers that are wiped, and never logged. */
void                       surat_smtp_client_login_async      (SuratSmtpClient     *self,
                                                               const char          *user,
                                                               const char          *password,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_login_finish     (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* "CRAM-MD5", "PLAIN" or "LOGIN" after a login, else NULL. */
const char                *surat_smtp_client_get_login_method (SuratSmtpClient     *self);

/*
 * Sends one message: @message is a file as a Maildir stores it (LF or CRLF
 * line ends); it streams from disk, never whole in memory, through
 * SuratDotEncoder (CRLF, dot-stuffing). @from may be "" (the null
 * reverse-path); @recipients (at least one) are bare addresses, To, Cc and
 * Bcc alike. In order:
 *
 * 1. The file is read once to learn its size and whether it has 8-bit
 *    bytes, and checked against the server's extensions, before anything
 *    is sent: over the server's SIZE limit is SIZE_EXCEEDED naming both
 *    sizes; 8-bit without 8BITMIME is 8BITMIME_UNSUPPORTED (convert to
 *    7 bit and try again); an address whose local part is not ASCII
 *    without SMTPUTF8 is SMTPUTF8_UNSUPPORTED (a non-ASCII domain alone
 *    goes as A-labels); a bad address is INVALID_ADDRESS.
 * 2. MAIL FROM:<from> with SIZE= (when offered), BODY=8BITMIME (when
 *    8-bit) and SMTPUTF8 (when needed), and RCPT TO for every recipient;
 *    with PIPELINING (RFC 2920) all in one go, and DATA with them when
 *    there is a single recipient. With several, DATA waits for every RCPT
 *    reply: once DATA is accepted the only way out is to send the message,
 *    so a refused recipient among accepted ones must be known before it.
 * 3. If MAIL or any RCPT is refused, or DATA, nothing is sent: RSET, and
 *    the error names every refused address with the server's words:
 *    RECIPIENTS_REFUSED (TRANSIENT when every refusal was 4yz, as with
 *    greylisting), or the MAIL/DATA refusal (552 to MAIL is SIZE_EXCEEDED,
 *    530 AUTH_REQUIRED, else TRANSIENT or PERMANENT by class).
 * 4. The message, with the "progress" signal after each block; a server
 *    that closes the connection or speaks before the end stops it (no "."
 *    is sent).
 * 5. The reply to the final ".": 2yz is success; 4yz TRANSIENT, 5yz
 *    PERMANENT (552 or x.3.4 SIZE_EXCEEDED).
 *
 * @report (optional) receives the report (transfer full) on success AND on
 * failure: its outcome says whether a retry could make a duplicate, its
 * recipients every RCPT's result.
 */
void                       surat_smtp_client_send_async       (SuratSmtpClient     *self,
                                                               const char          *from,
                                                               const char * const  *recipients,
                                                               GFile               *message,
                                                               SuratSmtpSendFlags   flags,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_send_finish      (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               SuratSmtpSendReport **report,
                                                               GError             **error);

/* RSET and NOOP (RFC 5321 §4.1.1.5, §4.1.1.9): 2yz or the server's words. */
void                       surat_smtp_client_reset_async      (SuratSmtpClient     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_reset_finish     (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                       surat_smtp_client_noop_async       (SuratSmtpClient     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_noop_finish      (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* QUIT, then close; the connection is closed whatever the server says.
 * On a session that has failed already it only closes, and succeeds.
 * Calls made afterwards fail with G_IO_ERROR_CLOSED. */
void                       surat_smtp_client_quit_async       (SuratSmtpClient     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   surat_smtp_client_quit_finish      (SuratSmtpClient     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/*
 * Signals:
 *
 * "progress" (SuratSmtpClient *client, guint64 done, guint64 total): while
 *   a message is sent, after each block written: @done bytes of the file
 *   of @total; the last emission has @done == @total, before the final ".".
 */

G_END_DECLS
