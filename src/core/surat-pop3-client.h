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
 * completes them in order. Every wait has the connection's timeout.
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
 * (RFC 2595), the handshake, and CAPA again. No STLS offered then is
 * SURAT_TLS_ERROR_STARTTLS_UNAVAILABLE, never a fallback to plain text. */
void                 surat_pop3_client_connect_async      (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_connect_finish     (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
const char          *surat_pop3_client_get_greeting       (SuratPop3Client     *self);
const SuratPop3Capa *surat_pop3_client_get_capa           (SuratPop3Client     *self);

/* AUTH (RFC 5034) with the strongest of CRAM-MD5, PLAIN, LOGIN the server
 * offers, else USER/PASS; APOP first when allowed and the greeting has a
 * timestamp. The password is copied only into wiped buffers. */
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
 * Without UIDL (-ERR to UIDL, or not in CAPA) the uid fields are NULL.
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
 * local file or memory stream. Returns the bytes written. */
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
/* QUIT and close. Success means the server committed the deletions. */
void                 surat_pop3_client_quit_async         (SuratPop3Client     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             surat_pop3_client_quit_finish        (SuratPop3Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
