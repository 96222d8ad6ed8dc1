/* surat-fake-server.h — a scripted line-protocol server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The engine under the fake POP3 and SMTP servers (surat-fake-pop3.h,
 * surat-fake-smtp.h), which add their protocol's greetings and shorthands.
 *
 * SuratFakeServer listens on 127.0.0.1, on a port the kernel picks, and
 * plays a script against the clients that connect: what to send, what to
 * expect back, and every fault a real server can throw (junk, huge lines, a
 * dropped connection, a stall, bytes injected after the STARTTLS go-ahead).
 * It can speak TLS for real, from the first byte or after STARTTLS, with
 * GIO's GnuTLS server and the test certificate in tests/data/pop3/ (trust
 * it by passing surat_fake_server_get_ca_file() as the client's CA file).
 *
 * Threading: the server runs in a thread of its own (a GSocketService in a
 * private GMainContext), with blocking I/O. The test drives its client from
 * its own main context, as the app would, and never has to take turns with
 * the server. surat_fake_server_stop() (or freeing) interrupts whatever the
 * server is doing, stall included, and joins the thread.
 *
 * Script steps run in order. A step that fails (an unexpected line, the
 * client gone, no data for 10 seconds) ends the connection; the first
 * failure is kept for surat_fake_server_get_error(). Without
 * surat_fake_server_next_connection() the script is for one connection; the
 * server closes the connection when the steps for it run out.
 *
 * Everything the client sends is recorded (after TLS: decrypted), together
 * with what crossed the wire in clear text, and each command line with
 * whether it arrived before the reply to the command before it had been
 * sent (i.e. pipelined).
 *
 * A protocol adds steps of its own with surat_fake_server_add_step(): they
 * run in the server thread with the SuratFakeSession API below.
 */

typedef struct _SuratFakeServer  SuratFakeServer;
typedef struct _SuratFakeSession SuratFakeSession;

/* One command line the server read. */
typedef struct {
  char     *line;       /* without CRLF */
  gboolean  pipelined;  /* it had arrived before the previous reply went out */
  gboolean  encrypted;  /* it came through TLS */
} SuratFakeCommand;

/* A step of the protocol's own, run in the server thread. FALSE with
 * @error fails the script. */
typedef gboolean (*SuratFakeStepFunc) (SuratFakeSession  *session,
                                       gpointer           data,
                                       GError           **error);

/* @name names the server in debug output ("POP3"); @mismatch_reply is what
 * it answers to a line an expect step did not expect, before it gives up
 * ("-ERR unexpected command\r\n"). */
SuratFakeServer  *surat_fake_server_new              (const char        *name,
                                                      const char        *mismatch_reply);
/* Stops the server if it runs. */
void              surat_fake_server_free             (SuratFakeServer   *self);
/* State of the protocol's own (a maildrop, received messages), freed with
 * the server. */
void              surat_fake_server_set_protocol_data (SuratFakeServer  *self,
                                                      gpointer           data,
                                                      GDestroyNotify     destroy);
gpointer          surat_fake_server_get_protocol_data (SuratFakeServer  *self);

/* --- the script: call these before surat_fake_server_start() ------------- */

/* Sends @text as it is: include the CRLFs. */
void              surat_fake_server_send             (SuratFakeServer   *self,
                                                      const char        *text);
void              surat_fake_server_send_bytes       (SuratFakeServer   *self,
                                                      const void        *data,
                                                      gsize              length);
/* Sends @count copies of @byte, in chunks: a line of megabytes without
 * holding it in memory. */
void              surat_fake_server_send_repeated    (SuratFakeServer   *self,
                                                      char               byte,
                                                      gsize              count);
/* Reads one command line and matches it (without CRLF) against @pattern,
 * a g_pattern_match_simple() glob: "USER alice", "PASS *", "AUTH PLAIN *".
 * Then sends @reply as it is (NULL: nothing). A mismatch fails the script;
 * the server then sends the mismatch reply and closes. */
void              surat_fake_server_expect           (SuratFakeServer   *self,
                                                      const char        *pattern,
                                                      const char        *reply);
/* Waits until @count complete command lines have arrived, without reading
 * them: the following expect steps then see them. A client that waits for
 * each reply before it sends the next command never gets past this step
 * (it times out instead): this is how a test proves pipelining. */
void              surat_fake_server_wait_lines       (SuratFakeServer   *self,
                                                      guint              count);
/* The TLS handshake, as the server, right now: after the expect step that
 * gave the go-ahead. Everything afterwards is encrypted. */
void              surat_fake_server_start_tls        (SuratFakeServer   *self);
/* The server goes away: what it sent so far arrives, then the end of the
 * stream (a FIN; with TLS, no close_notify). Whatever the client still
 * sends is swallowed until it hangs up. */
void              surat_fake_server_drop             (SuratFakeServer   *self);
/* Neither reads nor sends anything more; holds the connection open until
 * the server is stopped. */
void              surat_fake_server_stall            (SuratFakeServer   *self);
/* Waits @msec milliseconds before the next step. */
void              surat_fake_server_sleep            (SuratFakeServer   *self,
                                                      guint              msec);
/* Reads (and records) whatever the client still sends until it closes the
 * connection. Use it to prove what the client did not send, and that it
 * hung up (one that keeps the connection open fails the step). */
void              surat_fake_server_expect_close     (SuratFakeServer   *self);
/* The steps after this one are for the next connection. */
void              surat_fake_server_next_connection  (SuratFakeServer   *self);
/* TLS from the first byte (RFC 8314). */
void              surat_fake_server_set_implicit_tls (SuratFakeServer   *self,
                                                      gboolean           implicit_tls);
/* A step of the protocol's own; @destroy frees @data with the server. */
void              surat_fake_server_add_step         (SuratFakeServer   *self,
                                                      SuratFakeStepFunc  func,
                                                      gpointer           data,
                                                      GDestroyNotify     destroy);

/* --- running -------------------------------------------------------------- */

/* Starts listening and returns the port. */
guint16           surat_fake_server_start            (SuratFakeServer   *self);
guint16           surat_fake_server_get_port         (SuratFakeServer   *self);
/* Interrupts the script wherever it is and joins the server thread. */
void              surat_fake_server_stop             (SuratFakeServer   *self);
/* Waits (at most 10 s) until the script has run to its end or failed.
 * Returns TRUE when it did. */
gboolean          surat_fake_server_wait_done        (SuratFakeServer   *self);
/* (nullable): the first failure of the script, in words. */
const char       *surat_fake_server_get_error        (SuratFakeServer   *self);
/* Records a failure of the script (the first one is kept). Any thread. */
void              surat_fake_server_fail             (SuratFakeServer   *self,
                                                      const char        *format,
                                                      ...) G_GNUC_PRINTF (2, 3);

/* Everything the client sent, decrypted, over all connections. */
GBytes           *surat_fake_server_get_received     (SuratFakeServer   *self);
/* Only what the client sent in clear text (before TLS, or without). */
GBytes           *surat_fake_server_get_received_cleartext (SuratFakeServer *self);
/* TRUE when @needle occurs in what the client sent in clear text. */
gboolean          surat_fake_server_cleartext_contains (SuratFakeServer *self,
                                                      const char        *needle);
/* TRUE when @needle occurs anywhere in what the client sent. */
gboolean          surat_fake_server_received_contains (SuratFakeServer  *self,
                                                      const char        *needle);
/* (element-type SuratFakeCommand) (transfer full): the command lines read
 * so far, in order. */
GPtrArray        *surat_fake_server_get_commands     (SuratFakeServer   *self);
guint             surat_fake_server_get_n_connections (SuratFakeServer  *self);

/* Absolute path of the test CA (the server's self-signed certificate, for
 * CN/SAN localhost, 127.0.0.1 and ::1). A test that opens its own
 * GSocketClient to the server should disable proxies on it: the desktop's
 * proxy resolver wants GSettings schemas the isolated test dirs hide. */
const char       *surat_fake_server_get_ca_file      (void);

/* --- one connection, for steps of a protocol's own (server thread) -------- */

SuratFakeServer  *surat_fake_session_get_server      (SuratFakeSession  *session);
/* A command line without its CRLF, recorded as a command; NULL at the end
 * of the stream or on error. */
char             *surat_fake_session_read_line       (SuratFakeSession  *session,
                                                      GError           **error);
/* Reads more bytes into the session's buffer (recorded, not as a
 * command). FALSE at the end of the stream or on error. */
gboolean          surat_fake_session_fill            (SuratFakeSession  *session,
                                                      GError           **error);
/* (transfer none): bytes read and not yet taken; remove what you take. */
GByteArray       *surat_fake_session_get_buffer      (SuratFakeSession  *session);
gboolean          surat_fake_session_write           (SuratFakeSession  *session,
                                                      const void        *data,
                                                      gsize              length,
                                                      GError           **error);
gboolean          surat_fake_session_start_tls       (SuratFakeSession  *session,
                                                      GError           **error);
/* As the drop step: FIN, swallow the rest, close. */
void              surat_fake_session_drop            (SuratFakeSession  *session);
/* As the stall step: nothing more until the server is stopped. */
void              surat_fake_session_stall           (SuratFakeSession  *session);
gboolean          surat_fake_session_is_encrypted    (SuratFakeSession  *session);
gboolean          surat_fake_session_is_dropped      (SuratFakeSession  *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratFakeServer, surat_fake_server_free)

G_END_DECLS
