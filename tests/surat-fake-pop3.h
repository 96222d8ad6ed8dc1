/* surat-fake-pop3.h — a scripted POP3 server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * SuratFakePop3 listens on 127.0.0.1, on a port the kernel picks, and plays
 * a script against the clients that connect: what to send, what to expect
 * back, and every fault a real server can throw (junk, huge lines, a dropped
 * connection, a stall, bytes injected after the STLS go-ahead). It can speak
 * TLS for real, from the first byte or after STLS, with GIO's GnuTLS server
 * and the test certificate in tests/data/pop3/ (trust it by passing
 * surat_fake_pop3_get_ca_file() as the client's CA file).
 *
 * Threading: the server runs in a thread of its own (a GSocketService in a
 * private GMainContext), with blocking I/O. The test drives its client from
 * its own main context, as the app would, and never has to take turns with
 * the server. surat_fake_pop3_stop() (or freeing) interrupts whatever the
 * server is doing, stall included, and joins the thread.
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
 * Script steps run in order. A step that fails (an unexpected line, the
 * client gone, no data for 10 seconds) ends the connection; the first
 * failure is kept for surat_fake_pop3_get_error(). Without surat_fake_pop3_next_connection()
 * the script is for one connection; the server closes the connection when
 * the steps for it run out.
 *
 * Everything the client sends is recorded (after TLS: decrypted), together
 * with what crossed the wire in clear text, and each command line with
 * whether it arrived before the reply to the command before it had been
 * sent (i.e. pipelined).
 *
 * Besides scripts, surat_fake_pop3_serve() plays a small but complete POP3
 * server over a shared maildrop (surat_fake_pop3_add_message()), for tests
 * of code that drives the client (the fetcher) rather than of the client.
 */

typedef struct _SuratFakePop3 SuratFakePop3;

/* One command line the server read. */
typedef struct {
  char     *line;       /* without CRLF */
  gboolean  pipelined;  /* it had arrived before the previous reply went out */
  gboolean  encrypted;  /* it came through TLS */
} SuratFakePop3Command;

SuratFakePop3 *surat_fake_pop3_new              (void);
/* Stops the server if it runs. */
void           surat_fake_pop3_free             (SuratFakePop3 *self);

/* --- the script: call these before surat_fake_pop3_start() --------------- */

/* Sends @text as it is: include the CRLFs. */
void           surat_fake_pop3_send             (SuratFakePop3 *self,
                                                 const char    *text);
void           surat_fake_pop3_send_bytes       (SuratFakePop3 *self,
                                                 const void    *data,
                                                 gsize          length);
/* Sends @count copies of @byte, in chunks: a line of megabytes without
 * holding it in memory. */
void           surat_fake_pop3_send_repeated    (SuratFakePop3 *self,
                                                 char           byte,
                                                 gsize          count);
/* Reads one command line and matches it (without CRLF) against @pattern,
 * a g_pattern_match_simple() glob: "USER alice", "PASS *", "AUTH PLAIN *".
 * Then sends @reply as it is (NULL: nothing). A mismatch fails the script;
 * the server then answers "-ERR unexpected command" and closes. */
void           surat_fake_pop3_expect           (SuratFakePop3 *self,
                                                 const char    *pattern,
                                                 const char    *reply);
/* Waits until @count complete command lines have arrived, without reading
 * them: the following expect steps then see them. A client that waits for
 * each reply before it sends the next command never gets past this step
 * (it times out instead): this is how a test proves pipelining. */
void           surat_fake_pop3_wait_lines       (SuratFakePop3 *self,
                                                 guint          count);
/* The TLS handshake, as the server, right now: after an
 * expect ("STLS", "+OK Begin TLS\r\n"). Everything afterwards is
 * encrypted. */
void           surat_fake_pop3_start_tls        (SuratFakePop3 *self);
/* The server goes away: what it sent so far arrives, then the end of the
 * stream (a FIN; with TLS, no close_notify). Whatever the client still
 * sends is swallowed until it hangs up. */
void           surat_fake_pop3_drop             (SuratFakePop3 *self);
/* Neither reads nor sends anything more; holds the connection open until
 * the server is stopped. */
void           surat_fake_pop3_stall            (SuratFakePop3 *self);
/* Reads (and records) whatever the client still sends until it closes the
 * connection. Use it to prove what the client did not send, and that it
 * hung up (one that keeps the connection open fails the step). */
void           surat_fake_pop3_expect_close     (SuratFakePop3 *self);
/* The steps after this one are for the next connection. */
void           surat_fake_pop3_next_connection  (SuratFakePop3 *self);

/* Shorthands: "+OK fake POP3 server ready\r\n", and an expect of "CAPA"
 * answered with @capabilities (lines joined by "\n", e.g.
 * "USER\nUIDL\nPIPELINING"; NULL: answer -ERR). */
void           surat_fake_pop3_greet            (SuratFakePop3 *self);
void           surat_fake_pop3_expect_capa      (SuratFakePop3 *self,
                                                 const char    *capabilities);

/* TLS from the first byte (POP3S, RFC 8314). */
void           surat_fake_pop3_set_implicit_tls (SuratFakePop3 *self,
                                                 gboolean       implicit_tls);

/* --- a whole server over a maildrop ------------------------------------- */

typedef struct {
  const char *user;              /* NULL: "alice" */
  const char *password;          /* NULL: "secret" */
  const char *capabilities;      /* as for expect_capa; NULL: "USER\nUIDL\nTOP\nPIPELINING\nRESP-CODES\nAUTH-RESP-CODE\nSASL PLAIN" */
  gboolean    starttls;          /* offer STLS and require it before login */
  guint       drop_in_retr;      /* drop the connection during RETR of this message number … */
  gsize       drop_after_bytes;  /* … after this many bytes of it */
  gboolean    drop_at_quit;      /* drop instead of answering QUIT: nothing is deleted */
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

/* --- running -------------------------------------------------------------- */

/* Starts listening and returns the port. */
guint16        surat_fake_pop3_start            (SuratFakePop3 *self);
guint16        surat_fake_pop3_get_port         (SuratFakePop3 *self);
/* Interrupts the script wherever it is and joins the server thread. */
void           surat_fake_pop3_stop             (SuratFakePop3 *self);
/* Waits (at most 10 s) until the script has run to its end or failed.
 * Returns TRUE when it did. */
gboolean       surat_fake_pop3_wait_done        (SuratFakePop3 *self);
/* (nullable): the first failure of the script, in words. */
const char    *surat_fake_pop3_get_error        (SuratFakePop3 *self);

/* Everything the client sent, decrypted, over all connections. */
GBytes        *surat_fake_pop3_get_received     (SuratFakePop3 *self);
/* Only what the client sent in clear text (before TLS, or without). */
GBytes        *surat_fake_pop3_get_received_cleartext (SuratFakePop3 *self);
/* TRUE when @needle occurs in what the client sent in clear text. */
gboolean       surat_fake_pop3_cleartext_contains (SuratFakePop3 *self,
                                                 const char    *needle);
/* TRUE when @needle occurs anywhere in what the client sent. */
gboolean       surat_fake_pop3_received_contains (SuratFakePop3 *self,
                                                 const char    *needle);
/* (element-type SuratFakePop3Command) (transfer full): the command lines
 * read so far, in order. */
GPtrArray     *surat_fake_pop3_get_commands     (SuratFakePop3 *self);
guint          surat_fake_pop3_get_n_connections (SuratFakePop3 *self);

/* Absolute path of the test CA (the server's self-signed certificate, for
 * CN/SAN localhost, 127.0.0.1 and ::1). A test that opens its own
 * GSocketClient to the server should disable proxies on it: the desktop's
 * proxy resolver wants GSettings schemas the isolated test dirs hide. */
const char    *surat_fake_pop3_get_ca_file      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratFakePop3, surat_fake_pop3_free)

G_END_DECLS
