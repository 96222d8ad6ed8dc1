/* surat-smtp-reply.h — what an SMTP server says, and the envelope we send,
 * as pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SURAT_SMTP_ERROR (surat_smtp_error_quark ())

/**
 * SuratSmtpError:
 * @SURAT_SMTP_ERROR_PROTOCOL: the server said something SMTP does not allow
 *   (a malformed or endless reply, an unexpected reply code); the session
 *   is over
 * @SURAT_SMTP_ERROR_TRANSIENT: a 4yz reply: try again later (RFC 5321 §4.2.1);
 *   also every recipient refused with 4yz (greylisting)
 * @SURAT_SMTP_ERROR_PERMANENT: a 5yz reply: the same request will fail again;
 *   keep the message and show the server's words
 * @SURAT_SMTP_ERROR_AUTH_FAILED: wrong user name or password (535, RFC 4954 §6)
 * @SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION: the server wants TLS before logging
 *   in (530, 538), or we refused to send a password unencrypted
 * @SURAT_SMTP_ERROR_NO_MECHANISM: no login method both sides allow: no AUTH
 *   at all, none of CRAM-MD5/PLAIN/LOGIN, or the server found ours too weak
 *   (534) or unknown (504)
 * @SURAT_SMTP_ERROR_SIZE_EXCEEDED: the message is larger than the server takes:
 *   refused by us before MAIL (its SIZE said so, RFC 1870) or by the server
 *   with 552 to MAIL or 552/5.3.4 to the message
 * @SURAT_SMTP_ERROR_RECIPIENTS_REFUSED: at least one recipient was refused
 *   with 5yz; nothing was sent
 * @SURAT_SMTP_ERROR_SMTPUTF8_UNSUPPORTED: an address needs SMTPUTF8 (RFC 6531)
 *   and the server does not offer it
 * @SURAT_SMTP_ERROR_8BITMIME_UNSUPPORTED: the message has 8-bit bytes and the
 *   server does not offer 8BITMIME (RFC 6152): convert it to 7 bit first
 * @SURAT_SMTP_ERROR_INVALID_ADDRESS: an address SMTP cannot carry (a line
 *   break, "<", ">", control characters, not UTF-8, empty)
 * @SURAT_SMTP_ERROR_AUTH_REQUIRED: the server takes mail only after a login
 *   (530 to MAIL or RCPT, RFC 4954 §6): the account needs a user name
 *
 * Messages are sentences for people; those that come from a reply end with
 * it as the server sent it, enhanced status code included: "The server
 * refused the message: 552 5.3.4 Message too big".
 */
typedef enum {
  SURAT_SMTP_ERROR_PROTOCOL,
  SURAT_SMTP_ERROR_TRANSIENT,
  SURAT_SMTP_ERROR_PERMANENT,
  SURAT_SMTP_ERROR_AUTH_FAILED,
  SURAT_SMTP_ERROR_AUTH_NEEDS_ENCRYPTION,
  SURAT_SMTP_ERROR_NO_MECHANISM,
  SURAT_SMTP_ERROR_SIZE_EXCEEDED,
  SURAT_SMTP_ERROR_RECIPIENTS_REFUSED,
  SURAT_SMTP_ERROR_SMTPUTF8_UNSUPPORTED,
  SURAT_SMTP_ERROR_8BITMIME_UNSUPPORTED,
  SURAT_SMTP_ERROR_INVALID_ADDRESS,
  SURAT_SMTP_ERROR_AUTH_REQUIRED,
} SuratSmtpError;

GQuark surat_smtp_error_quark (void);

/* --- replies (RFC 5321 §4.2) -------------------------------------------- */

/* Bounds on one reply, whatever a hostile server sends: lines, and bytes
 * over all lines (each line also has the connection's length limit). */
#define SURAT_SMTP_REPLY_MAX_LINES  200
#define SURAT_SMTP_REPLY_MAX_LENGTH (64 * 1024)

/**
 * SuratSmtpReply:
 * @code: the reply code, 200 to 599
 * @enhanced_code: (nullable): the RFC 3463 status code of the first line,
 *   "5.3.4", when it carries one whose class matches @code
 * @text: every line's text, enhanced codes taken off, joined with " ";
 *   may be ""
 * @lines: every line's text as sent, after "250-" or "250 "
 */
typedef struct {
  guint   code;
  char   *enhanced_code;
  char   *text;
  GStrv   lines;
} SuratSmtpReply;

#define SURAT_TYPE_SMTP_REPLY (surat_smtp_reply_get_type ())
GType           surat_smtp_reply_get_type     (void) G_GNUC_CONST;
SuratSmtpReply *surat_smtp_reply_copy         (const SuratSmtpReply *reply);
void            surat_smtp_reply_free         (SuratSmtpReply       *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratSmtpReply, surat_smtp_reply_free)

/* 2, 3, 4 or 5: positive, intermediate, transient, permanent. */
#define surat_smtp_reply_class(reply) ((reply)->code / 100)

/* The reply as one line fit to show, bounded and without control
 * characters: "552 5.3.4 Message too big". */
char           *surat_smtp_reply_describe     (const SuratSmtpReply *reply);
/* An error in @domain_code (TRANSIENT or PERMANENT by the reply's class
 * when -1): "@what: 552 5.3.4 Message too big". */
GError         *surat_smtp_reply_to_error     (const SuratSmtpReply *reply,
                                               int                   domain_code,
                                               const char           *what);

/* Collects the lines of one reply. Stack-allocated; init, feed, clear. */
typedef struct {
  /*< private >*/
  guint      code;
  GPtrArray *lines;
  gsize      length;
} SuratSmtpReplyParser;

void            surat_smtp_reply_parser_init  (SuratSmtpReplyParser *parser);
void            surat_smtp_reply_parser_clear (SuratSmtpReplyParser *parser);
/* One line, without its CRLF. Returns the reply (transfer full) when @line
 * was its last line; NULL without @error when more lines must follow;
 * NULL with SURAT_SMTP_ERROR_PROTOCOL for a line that is not SMTP, a
 * change of code between lines, or past the bounds. The parser starts
 * afresh after a reply and after an error. */
SuratSmtpReply *surat_smtp_reply_parser_feed  (SuratSmtpReplyParser *parser,
                                               const char           *line,
                                               gsize                 length,
                                               GError              **error);

/* --- EHLO (RFC 5321 §4.1.1.1) ------------------------------------------- */

typedef enum {
  SURAT_SMTP_EXTENSION_STARTTLS            = 1 << 0,  /* RFC 3207 */
  SURAT_SMTP_EXTENSION_PIPELINING          = 1 << 1,  /* RFC 2920 */
  SURAT_SMTP_EXTENSION_SIZE                = 1 << 2,  /* RFC 1870 */
  SURAT_SMTP_EXTENSION_8BITMIME            = 1 << 3,  /* RFC 6152 */
  SURAT_SMTP_EXTENSION_SMTPUTF8            = 1 << 4,  /* RFC 6531 */
  SURAT_SMTP_EXTENSION_ENHANCEDSTATUSCODES = 1 << 5,  /* RFC 2034 */
  SURAT_SMTP_EXTENSION_AUTH                = 1 << 6,  /* RFC 4954 */
  SURAT_SMTP_EXTENSION_DSN                 = 1 << 7,  /* RFC 3461 */
  SURAT_SMTP_EXTENSION_CHUNKING            = 1 << 8,  /* RFC 3030 */
} SuratSmtpExtension;

typedef enum {
  SURAT_SMTP_AUTH_PLAIN    = 1 << 0,
  SURAT_SMTP_AUTH_LOGIN    = 1 << 1,
  SURAT_SMTP_AUTH_CRAM_MD5 = 1 << 2,
} SuratSmtpAuthMechanism;

/**
 * SuratSmtpExtensions:
 * @flags: the SuratSmtpExtension keywords announced
 * @auth: the SuratSmtpAuthMechanism mechanisms among AUTH's (and the old
 *   "AUTH=" form's) that Surat knows
 * @size_limit: SIZE's argument in octets; 0 when SIZE came without one or
 *   with 0, which RFC 1870 §4 says means no fixed limit, or not at all
 * @domain: (nullable): the name the server gave for itself in the first line
 */
typedef struct {
  SuratSmtpExtension      flags;
  SuratSmtpAuthMechanism  auth;
  guint64                 size_limit;
  char                   *domain;
} SuratSmtpExtensions;

void      surat_smtp_extensions_init   (SuratSmtpExtensions  *extensions);
void      surat_smtp_extensions_clear  (SuratSmtpExtensions  *extensions);
/* Forgets what was known and reads the keywords of a 250 reply to EHLO;
 * unknown keywords are ignored, case does not matter. */
void      surat_smtp_extensions_parse  (SuratSmtpExtensions  *extensions,
                                        const SuratSmtpReply *ehlo_reply);

/* --- the envelope ------------------------------------------------------- */

/* Whether @name is a fully qualified domain name fit for EHLO: dotted,
 * LDH labels, the last one not all digits, not "localhost" nor under
 * ".local" or ".localdomain". */
gboolean  surat_smtp_is_fqdn           (const char           *name);
/* What to say after EHLO (RFC 5321 §4.1.4): @host_name when it is fully
 * qualified, else an address literal of our end of the connection
 * (§4.1.3): "[192.0.2.1]", "[IPv6:2001:db8::1]"; "[127.0.0.1]" when
 * @local is NULL. */
char     *surat_smtp_helo_name         (const char           *host_name,
                                        GInetAddress         *local);
/* Refuses what cannot go between "<" and ">" (RFC 5321 §4.1.2): empty
 * unless @allow_empty (the null reverse-path "<>"), not UTF-8, control
 * characters, "<", ">", or no "@" in a non-empty address. */
gboolean  surat_smtp_check_address     (const char           *address,
                                        gboolean              allow_empty,
                                        GError              **error);
/* Whether the mailbox's local part (before the last "@") is not ASCII:
 * then only SMTPUTF8 can carry it (RFC 6531 §3.3). A non-ASCII domain
 * alone does not need it: see surat_smtp_address_to_ascii(). */
gboolean  surat_smtp_address_needs_smtputf8 (const char      *address);
/* The address with an internationalized domain in A-labels
 * ("bob@xn--bcher-kva.example", RFC 5890), for a server without SMTPUTF8.
 * NULL when the local part is not ASCII or the domain cannot be
 * converted. */
char     *surat_smtp_address_to_ascii  (const char           *address);

G_END_DECLS
