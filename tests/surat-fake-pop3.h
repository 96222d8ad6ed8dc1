/* surat-fake-pop3.h — a scripted POP3 server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-fake-server.h"

G_BEGIN_DECLS

/*
 * SuratFakePop3 is the scripted SuratFakeServer (surat-fake-server.h: its
 * threading, its steps, what it records) with POP3's names and shorthands,
 * and a whole POP3 server over a maildrop as one more step.
 *
 * A test:
 *
 *   g_autoptr(SuratFakePop3) fake = surat_fake_pop3_new ();
 *
 *   surat_fake_pop3_send (fake, "+OK ready\r\n");
 *   surat_fake_pop3_expect (fake, "CAPA", "+OK\r\nUSER\r\nUIDL\r\n.\r\n");
 *   surat_fake_pop3_expect (fake, "USER alice", "+OK\r\n");
 *   surat_fake_pop3_expect (fake, "PASS *", "-ERR [AUTH] no\r\n");
 *   surat_fake_pop3_expect_close (fake);
 *   port = surat_fake_pop3_start (fake);
 *   … run the client against 127.0.0.1:port …
 *   g_assert_true (surat_fake_pop3_wait_done (fake));
 *   g_assert_null (surat_fake_pop3_get_error (fake));
 *
 * Besides scripts, surat_fake_pop3_serve() plays a small but complete POP3
 * server over a shared maildrop (surat_fake_pop3_add_message()), for tests
 * of code that drives the client (the fetcher) rather than of the client.
 */

typedef SuratFakeServer  SuratFakePop3;
typedef SuratFakeCommand SuratFakePop3Command;

SuratFakePop3 *surat_fake_pop3_new              (void);

/* The scripted engine, under POP3's names (see surat-fake-server.h). */
#define surat_fake_pop3_free                   surat_fake_server_free
#define surat_fake_pop3_send                   surat_fake_server_send
#define surat_fake_pop3_send_bytes             surat_fake_server_send_bytes
#define surat_fake_pop3_send_repeated          surat_fake_server_send_repeated
#define surat_fake_pop3_expect                 surat_fake_server_expect
#define surat_fake_pop3_wait_lines             surat_fake_server_wait_lines
/* After an expect ("STLS", "+OK Begin TLS\r\n"). */
#define surat_fake_pop3_start_tls              surat_fake_server_start_tls
#define surat_fake_pop3_drop                   surat_fake_server_drop
#define surat_fake_pop3_stall                  surat_fake_server_stall
#define surat_fake_pop3_expect_close           surat_fake_server_expect_close
#define surat_fake_pop3_next_connection        surat_fake_server_next_connection
/* TLS from the first byte (POP3S, RFC 8314). */
#define surat_fake_pop3_set_implicit_tls       surat_fake_server_set_implicit_tls
#define surat_fake_pop3_start                  surat_fake_server_start
#define surat_fake_pop3_get_port               surat_fake_server_get_port
#define surat_fake_pop3_stop                   surat_fake_server_stop
#define surat_fake_pop3_wait_done              surat_fake_server_wait_done
#define surat_fake_pop3_get_error              surat_fake_server_get_error
#define surat_fake_pop3_get_received           surat_fake_server_get_received
#define surat_fake_pop3_get_received_cleartext surat_fake_server_get_received_cleartext
#define surat_fake_pop3_cleartext_contains     surat_fake_server_cleartext_contains
#define surat_fake_pop3_received_contains      surat_fake_server_received_contains
#define surat_fake_pop3_get_commands           surat_fake_server_get_commands
#define surat_fake_pop3_get_n_connections      surat_fake_server_get_n_connections
#define surat_fake_pop3_get_ca_file            surat_fake_server_get_ca_file

/* Shorthands: "+OK fake POP3 server ready\r\n", and an expect of "CAPA"
 * answered with @capabilities (lines joined by "\n", e.g.
 * "USER\nUIDL\nPIPELINING"; NULL: answer -ERR). */
void           surat_fake_pop3_greet            (SuratFakePop3 *self);
void           surat_fake_pop3_expect_capa      (SuratFakePop3 *self,
                                                 const char    *capabilities);

/* --- a whole server over a maildrop ------------------------------------- */

typedef struct {
  const char *user;              /* NULL: "alice" */
  const char *password;          /* NULL: "secret" */
  const char *capabilities;      /* as for expect_capa; NULL: "USER\nUIDL\nTOP\nPIPELINING\nRESP-CODES\nAUTH-RESP-CODE\nSASL PLAIN" */
  gboolean    starttls;          /* offer STLS and require it before login */
  guint       drop_in_retr;      /* drop the connection during RETR of this message number … */
  gsize       drop_after_bytes;  /* … after this many bytes of it */
  gboolean    drop_at_quit;      /* drop instead of answering QUIT: nothing is deleted */
  guint       stall_in_retr;     /* answer nothing from RETR of this message number on */
} SuratFakePop3ServeOptions;

/* Adds a message to the maildrop (before or while serving). @content may
 * use LF or CRLF; the server sends CRLF, dot-stuffed, and LIST reports
 * the CRLF size. */
void           surat_fake_pop3_add_message      (SuratFakePop3 *self,
                                                 const char    *uid,
                                                 const char    *content);
/* A script step: greets and then answers CAPA, STLS, USER/PASS, AUTH
 * PLAIN, STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP and QUIT over the
 * maildrop until QUIT or until the client goes. Deletions take effect at
 * QUIT only (RFC 1939 §6). @options is copied; NULL for the defaults. */
void           surat_fake_pop3_serve            (SuratFakePop3 *self,
                                                 const SuratFakePop3ServeOptions *options);
/* The uids still in the maildrop, in order. */
GStrv          surat_fake_pop3_dup_uids         (SuratFakePop3 *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratFakePop3, surat_fake_pop3_free)

G_END_DECLS
