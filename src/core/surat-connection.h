/* surat-connection.h — one TCP connection to a mail server, line by line
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-certificate.h"
#include "surat-types.h"

G_BEGIN_DECLS

/*
 * The stream stack, bottom to top:
 *
 *   GSocketConnection (GSocketClient, timeout on every wait)
 *     → SuratTlsStream (implicit TLS, or after STARTTLS)      optional
 *       → our own read buffer: lines with a length limit, and raw chunks
 *
 * Protocol clients (POP3, SMTP) own one SuratConnection each. At most one
 * read and one write may be pending at a time; the protocol client orders
 * them. Errors are G_IO_ERROR_* (TIMED_OUT, CONNECTION_CLOSED,
 * MESSAGE_TOO_LARGE for an over-long line, CONNECTION_REFUSED,
 * HOST_NOT_FOUND …) or SURAT_TLS_ERROR_*.
 */

#define SURAT_CONNECTION_DEFAULT_TIMEOUT     60   /* seconds */
#define SURAT_CONNECTION_DEFAULT_LINE_LENGTH 8192 /* bytes, CRLF included */

#define SURAT_TYPE_CONNECTION (surat_connection_get_type ())

G_DECLARE_FINAL_TYPE (SuratConnection, surat_connection, SURAT, CONNECTION, GObject)

SuratConnection  *surat_connection_new                    (const char          *host,
                                                           guint16              port,
                                                           SuratSecurity        security);
const char       *surat_connection_get_host               (SuratConnection     *self);
guint16           surat_connection_get_port               (SuratConnection     *self);
SuratSecurity     surat_connection_get_security           (SuratConnection     *self);

/* Seconds for connect and for every single wait afterwards; 0 = none. */
void              surat_connection_set_timeout            (SuratConnection     *self,
                                                           guint                seconds);
guint             surat_connection_get_timeout            (SuratConnection     *self);
void              surat_connection_set_max_line_length    (SuratConnection     *self,
                                                           gsize                max_length);
void              surat_connection_set_ca_file            (SuratConnection     *self,
                                                           const char          *ca_file);
void              surat_connection_set_pinned_fingerprint (SuratConnection     *self,
                                                           const char          *fingerprint);

/* TCP connect, then the TLS handshake when security is SURAT_SECURITY_TLS.
 * Once per connection; a failed handshake leaves it closed. */
void              surat_connection_connect_async          (SuratConnection     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_connection_connect_finish         (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Call right after the server's go-ahead for STLS / STARTTLS. Fails with
 * SURAT_TLS_ERROR_STARTTLS_INJECTION, without a handshake, when any byte
 * the server sent after the go-ahead is already buffered. */
void              surat_connection_start_tls_async        (SuratConnection     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_connection_start_tls_finish       (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* One line without its CRLF (a bare LF also ends a line). The result is
 * NUL-terminated; @length (optional) excludes the NUL. Fails with
 * G_IO_ERROR_MESSAGE_TOO_LARGE past the line limit and
 * G_IO_ERROR_CONNECTION_CLOSED at end of stream. */
void              surat_connection_read_line_async        (SuratConnection     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
char             *surat_connection_read_line_finish       (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           gsize               *length,
                                                           GError             **error);

/* Raw access for bodies that are not read line by line (POP3 RETR):
 * fill waits until at least one byte is buffered (CONNECTION_CLOSED at end
 * of stream); peek shows the buffer (valid until the next call on the
 * connection); consume drops bytes from its front. */
void              surat_connection_fill_async             (SuratConnection     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_connection_fill_finish            (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
const guint8     *surat_connection_peek                   (SuratConnection     *self,
                                                           gsize               *length);
void              surat_connection_consume                (SuratConnection     *self,
                                                           gsize                count);

/* Writes all of @buffer, which the caller keeps alive (and may wipe, for
 * secrets) until the callback. */
void              surat_connection_write_async            (SuratConnection     *self,
                                                           const void          *buffer,
                                                           gsize                count,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_connection_write_finish           (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* TLS close_notify when encrypted, then the socket. No read or write may
 * be pending. */
void              surat_connection_close_async            (SuratConnection     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          surat_connection_close_finish           (SuratConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

gboolean          surat_connection_is_connected           (SuratConnection     *self);
gboolean          surat_connection_is_encrypted           (SuratConnection     *self);
/* (nullable) (transfer none) */
SuratCertificate *surat_connection_get_peer_certificate   (SuratConnection     *self);
/* (nullable) (transfer none): the TLS layer, for its protocol and cipher. */
gpointer          surat_connection_get_tls_stream         (SuratConnection     *self);
/* (nullable) (transfer full): our end, e.g. for an SMTP EHLO address literal. */
GSocketAddress   *surat_connection_get_local_address      (SuratConnection     *self);

G_END_DECLS
