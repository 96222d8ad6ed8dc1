/* surat-pop3-reply.h — parsing what a POP3 server says, as pure functions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SURAT_POP3_ERROR (surat_pop3_error_quark ())

/**
 * SuratPop3Error:
 * @SURAT_POP3_ERROR_PROTOCOL: the server said something POP3 does not allow
 * @SURAT_POP3_ERROR_FAILED: -ERR without a response code we map
 * @SURAT_POP3_ERROR_AUTH: wrong user name or password ([AUTH], RFC 3206)
 * @SURAT_POP3_ERROR_SYS_TEMP: [SYS/TEMP], try again later (RFC 3206)
 * @SURAT_POP3_ERROR_SYS_PERM: [SYS/PERM], ask the provider (RFC 3206)
 * @SURAT_POP3_ERROR_IN_USE: [IN-USE], another client holds the mailbox (RFC 2449)
 * @SURAT_POP3_ERROR_LOGIN_DELAY: [LOGIN-DELAY], logged in too recently (RFC 2449)
 * @SURAT_POP3_ERROR_NO_MECHANISM: no login method both sides allow
 * @SURAT_POP3_ERROR_UNSUPPORTED: the server does not have the command (UIDL, TOP)
 *
 * The message of every error that comes from a -ERR line ends with the
 * server's own words, quoted.
 */
typedef enum {
  SURAT_POP3_ERROR_PROTOCOL,
  SURAT_POP3_ERROR_FAILED,
  SURAT_POP3_ERROR_AUTH,
  SURAT_POP3_ERROR_SYS_TEMP,
  SURAT_POP3_ERROR_SYS_PERM,
  SURAT_POP3_ERROR_IN_USE,
  SURAT_POP3_ERROR_LOGIN_DELAY,
  SURAT_POP3_ERROR_NO_MECHANISM,
  SURAT_POP3_ERROR_UNSUPPORTED,
} SuratPop3Error;

GQuark surat_pop3_error_quark (void);

typedef enum {
  SURAT_POP3_CAPA_TOP            = 1 << 0,
  SURAT_POP3_CAPA_UIDL           = 1 << 1,
  SURAT_POP3_CAPA_PIPELINING     = 1 << 2,
  SURAT_POP3_CAPA_RESP_CODES     = 1 << 3,
  SURAT_POP3_CAPA_AUTH_RESP_CODE = 1 << 4,
  SURAT_POP3_CAPA_STLS           = 1 << 5,
  SURAT_POP3_CAPA_USER           = 1 << 6,
  SURAT_POP3_CAPA_SASL_PLAIN     = 1 << 7,
  SURAT_POP3_CAPA_SASL_LOGIN     = 1 << 8,
  SURAT_POP3_CAPA_SASL_CRAM_MD5  = 1 << 9,
  SURAT_POP3_CAPA_LOGIN_DELAY    = 1 << 10,
  SURAT_POP3_CAPA_EXPIRE         = 1 << 11,
} SuratPop3Capabilities;

typedef struct {
  SuratPop3Capabilities flags;
  int                   login_delay;  /* seconds, -1 when not announced */
  int                   expire_days;  /* -1 NEVER or not announced, else days (0 = at once) */
  char                 *implementation;
} SuratPop3Capa;

/* A status line: "+OK text" or "-ERR [CODE] text". */
typedef struct {
  gboolean  ok;
  char     *code;   /* "SYS/TEMP", "AUTH" …, or NULL */
  char     *text;   /* after the code; may be "" */
} SuratPop3Reply;

gboolean  surat_pop3_reply_parse           (const char      *line,
                                            SuratPop3Reply  *reply,
                                            GError         **error);
void      surat_pop3_reply_clear           (SuratPop3Reply  *reply);
/* The typed error for a -ERR reply; @doing is what we tried, in words
 * ("Logging in", "Downloading message 4"). */
GError   *surat_pop3_reply_to_error        (const SuratPop3Reply *reply,
                                            const char      *doing);

void      surat_pop3_capa_init             (SuratPop3Capa   *capa);
void      surat_pop3_capa_clear            (SuratPop3Capa   *capa);
/* One line of the CAPA listing (RFC 2449 §6); unknown ones are ignored. */
void      surat_pop3_capa_parse_line       (SuratPop3Capa   *capa,
                                            const char      *line);

/* "1 000000016b07b38b": number and unique-id (RFC 1939 §7: 1–70 chars,
 * 0x21–0x7E). */
gboolean  surat_pop3_parse_uidl_line       (const char      *line,
                                            guint           *number,
                                            char           **uid,
                                            GError         **error);
/* "1 20480": number and octets. */
gboolean  surat_pop3_parse_list_line       (const char      *line,
                                            guint           *number,
                                            guint64         *size,
                                            GError         **error);
/* "+OK 3 1200" after STAT. */
gboolean  surat_pop3_parse_stat            (const char      *text,
                                            guint           *count,
                                            guint64         *size,
                                            GError         **error);
/* The "<…@…>" timestamp of a greeting (RFC 1939 §7), or NULL. */
char     *surat_pop3_parse_apop_timestamp  (const char      *greeting);

G_END_DECLS
