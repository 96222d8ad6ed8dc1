/* surat-pop3-client.h — an asynchronous, pipelining POP3 client
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-connection.h"
#include "surat-pop3-reply.h"

G_BEGIN_DECLS

/* One message in the maildrop, as UIDL and LIST describe it. */
typedef struct {
  guint    number;  /* message-number of this session, from 1 */
  guint64  size;    /* octets, as LIST says */
  char    *uid;     /* unique-id from UIDL, NULL when the server has no UIDL */
} SuratPop3Message;

#define SURAT_TYPE_POP3_MESSAGE (surat_pop3_message_get_type ())
GType             surat_pop3_message_get_type (void) G_GNUC_CONST;
SuratPop3Message *surat_pop3_message_copy     (const SuratPop3Message *message);
void              surat_pop3_message_free     (SuratPop3Message       *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratPop3Message, surat_pop3_message_free)

#define SURAT_TYPE_POP3_CLIENT (surat_pop3_client_get_type ())

G_DECLARE_FINAL_TYPE (SuratPop3Client, surat_pop3_client, SURAT, POP3_CLIENT, GObject)

/*
 * Commands may be issued while earlier ones are still running: the client
 * queues them, sends them ahead within a bounded window when the server
 * announced PIPELINING (RFC 2449 §6.6) and one at a time otherwise, and
 * completes them in order. Every wait has the connection's timeout, every
 * status and listing line the connection's length limit (message bodies
 * have none: they stream).
 *
 * A -ERR fails only its own command. A failure of the connection (I/O
 * error, timeout, over-long line, a reply that is not POP3) fails every
 * queued command with the same error and ends the session: later calls
 * fail with it too. Cancelling a command before it was sent just drops
 * it; cancelling one whose reply is being read (say, mid-RETR) closes the
 * connection, since the rest of that reply is still on the wire: that
 * command fails with G_IO_ERROR_CANCELLED, the others with
 * G_IO_ERROR_CONNECTION_CLOSED. connect and login are dialogues: nothing
 * issued after them is sent before they finish.
 */
SuratPop3Client     *surat_pop3_client_new                (SuratConnection     *connection);
SuratConnection     *surat_pop3_client_get_connection     (SuratPop3Client     *self);
/* APOP is used only when the account turns it on (RFC 1939 §7). */
void                 surat_pop3_client_set_allow_apop     (SuratPop3Client     *self,
                                                           gboolean             allow_apop);
/* Most commands sent ahead of their replies; 1 disables pipelining. */
void                 surat_pop3_client_set_pipeline_depth (SuratPop3Client     *self,
                                                           guint                depth);

/* Connect, read the greeting, CAPA, and with SURAT_SECURITY_STARTTLS: STLS
 * (RFC 2595), the handshake, and CAPA again (the capabilities announced
 * before TLS are forgotten). No STLS offered then is
 * SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE, never a fallback to plain text;
 * bytes after the STLS go-ahead are SURAT_TLS_ERROR_STARTTLS_INJECTION.
 * Any failure here ends the session: make a new client to try again. */
void                 surat_pop3_client_connect_async      (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_connect_finish     (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* (nullable): the greeting's text after "+OK ". */
const char          *surat_pop3_client_get_greeting       (SuratPop3Client     *self);
/* Empty (flags 0) when the server has no CAPA (RFC 1939 servers). */
const SuratPop3Capa *surat_pop3_client_get_capa           (SuratPop3Client     *self);

/* AUTH (RFC 5034) with the strongest of CRAM-MD5, PLAIN, LOGIN the server
 * offers, else USER/PASS (also when the server has no CAPA); APOP first
 * when allowed and the greeting has a timestamp. One method is tried, no
 * fallback: a second try would only repeat a wrong password. Refused with
 * SURAT_POP3_ERROR_NO_MECHANISM, before anything is sent, when the
 * connection is not encrypted and its security is not SURAT_SECURITY_NONE.
 * A -ERR without a response code counts as SURAT_POP3_ERROR_AUTH unless
 * the server announced AUTH-RESP-CODE (RFC 3206 §4). A failed login leaves
 * the session usable. The password is copied only into wiped buffers. */
void                 surat_pop3_client_login_async        (SuratPop3Client     *self,
                                                           const char          *user,
                                                           const char          *password,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_login_finish       (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* "CRAM-MD5", "PLAIN", "LOGIN", "USER", "APOP" after a login, else NULL. */
const char          *surat_pop3_client_get_login_method   (SuratPop3Client     *self);

void                 surat_pop3_client_stat_async         (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_stat_finish        (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           guint               *count,
                                                           guint64             *size,
                                                           GError             **error);

/* UIDL and LIST together: every message with its size and unique-id.
 * Without UIDL (not in CAPA; or no CAPA and -ERR to UIDL) the uid fields
 * are NULL; -ERR to a UIDL the server announced is an error. An invalid
 * or duplicate unique-id is SURAT_POP3_ERROR_PROTOCOL, never a NULL uid.
 * Returns (element-type SuratPop3Message) in message-number order. */
void                 surat_pop3_client_scan_async         (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray           *surat_pop3_client_scan_finish        (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* RETR: the message streams into @sink, dot-unstuffed, with LF line
 * endings. @sink is written synchronously from the main context: pass a
 * local file or memory stream. Returns the bytes written. On failure @sink
 * may hold part of the message, for the caller to discard; a failing sink
 * (a full disk) fails the RETR, but the rest of the message is still read,
 * so the session stays usable. */
void                 surat_pop3_client_retrieve_async     (SuratPop3Client     *self,
                                                           guint                number,
                                                           GOutputStream       *sink,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gssize               surat_pop3_client_retrieve_finish    (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* TOP (RFC 1939 §7): the header and @lines lines of the body, like RETR. */
void                 surat_pop3_client_top_async          (SuratPop3Client     *self,
                                                           guint                number,
                                                           guint                lines,
                                                           GOutputStream       *sink,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gssize               surat_pop3_client_top_finish         (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* DELE marks; only QUIT makes the server delete (RFC 1939 §6). */
void                 surat_pop3_client_delete_async       (SuratPop3Client     *self,
                                                           guint                number,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_delete_finish      (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 surat_pop3_client_reset_async        (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_reset_finish       (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 surat_pop3_client_noop_async         (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_noop_finish        (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* QUIT and close. Success means the server committed the deletions
 * (RFC 1939 §6). Commands issued afterwards fail with G_IO_ERROR_CLOSED. */
void                 surat_pop3_client_quit_async         (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_quit_finish        (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
