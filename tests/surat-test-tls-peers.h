/* surat-test-tls-peers.h — independent TLS peers on loopback, for client tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-tls-stream.h"

G_BEGIN_DECLS

/* A GSocketConnection to 127.0.0.1:@port, without proxy lookup (the GNOME
 * proxy resolver wants GSettings schemas that G_TEST_OPTION_ISOLATE_DIRS
 * hides). Asserts on failure. */
GSocketConnection *surat_test_connect_loopback   (guint16             port);
/* 16 KiB send and receive buffers, so that a megabyte cannot just sit in
 * the kernel: the writer has to wait for the reader. */
void               surat_test_set_small_buffers  (GSocketConnection  *connection);
/* @size pseudo-random bytes, the same for the same @seed. */
GBytes            *surat_test_make_pattern       (gsize               size,
                                                  guint32             seed);

/* A SuratTlsStream over @connection (asserts it can be made), with
 * @ca_file and @pin (both nullable) set. */
SuratTlsStream    *surat_test_tls_client_new     (GSocketConnection  *connection,
                                                  const char         *identity,
                                                  const char         *ca_file,
                                                  const char         *pin);
/* The async handshake, waited for in the thread-default main context. */
gboolean           surat_test_tls_handshake      (SuratTlsStream     *tls,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* g_io_stream_close_async(), waited for likewise. */
gboolean           surat_test_close_async        (GIOStream          *stream,
                                                  GError            **error);

/*
 * SuratTestTlsServer: GIO's own TLS (GnuTLS) as the server, on a thread of
 * its own so that blocking client calls work too. It accepts one
 * connection on 127.0.0.1 and, in order:
 *   - with @starttls: sends "+OK POP3 ready\r\n", reads 6 bytes (which it
 *     keeps in @plain_received) and sends "+OK Begin TLS\r\n", in plain text;
 *   - runs the handshake (@handshake_error on failure, and stops there);
 *   - with @hold, waits for surat_test_tls_server_release();
 *   - sends @send, then reads @receive_size bytes into @received;
 *   - with @end CLOSE_NOTIFY or HANG_UP, closes the connection with or
 *     without close_notify and stops there;
 *   - else reads once more: @clean_eof is TRUE when that read found a clean
 *     end of stream, i.e. our close_notify (GnuTLS reports an end without
 *     it as an error, kept in @eof_error).
 * Every wait on its socket times out after 10 s, so it always ends.
 * Set the fields, then surat_test_tls_server_run(); read the results after
 * surat_test_tls_server_join().
 */
typedef enum
{
  SURAT_TEST_TLS_SERVER_WAIT_FOR_CLIENT,
  SURAT_TEST_TLS_SERVER_CLOSE_NOTIFY,
  SURAT_TEST_TLS_SERVER_HANG_UP,
} SuratTestTlsServerEnd;

typedef struct
{
  /* what it does */
  GTlsCertificate *certificate;
  GBytes          *send;
  gsize            receive_size;
  gboolean         hold;
  gboolean         starttls;
  gboolean         small_buffers;  /* 16 KiB socket buffers: the peer must wait */
  SuratTestTlsServerEnd end;

  guint16          port;

  /* what it saw */
  GError          *handshake_error;
  char            *plain_received;
  GByteArray      *received;
  gboolean         clean_eof;
  GError          *eof_error;

  /*< private >*/
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  GMutex           lock;
  GCond            cond;
  gboolean         released;
} SuratTestTlsServer;

/* Listens at once (@port is valid on return); takes a reference on
 * @certificate. */
SuratTestTlsServer *surat_test_tls_server_new     (GTlsCertificate    *certificate);
void                surat_test_tls_server_run     (SuratTestTlsServer *server);
void                surat_test_tls_server_release (SuratTestTlsServer *server);
/* Releases a held server and waits for its thread to end. */
void                surat_test_tls_server_join    (SuratTestTlsServer *server);
void                surat_test_tls_server_free    (SuratTestTlsServer *server);

/*
 * SuratTestSilentServer: accepts one TCP connection from the main loop and
 * then never answers: optionally it first writes @say (a plain-text line
 * where TLS was expected). When the client's first bytes arrive (its
 * ClientHello) it cancels @cancel_on_data, if set. @connection is the
 * accepted connection, once there is one.
 */
typedef struct
{
  guint16            port;
  const char        *say;
  GCancellable      *cancel_on_data;
  GSocketConnection *connection;

  /*< private >*/
  GSocketListener   *listener;
  GCancellable      *cancellable;
  guint              pending;
  char               buffer[512];
} SuratTestSilentServer;

SuratTestSilentServer *surat_test_silent_server_new  (void);
void                   surat_test_silent_server_free (SuratTestSilentServer *server);

/*
 * SuratTestSServer: `openssl s_server -accept 127.0.0.1:0 -naccept 1 ARGS…`
 * as a child process, for what GIO's server cannot do (old protocol
 * versions, showing the SNI it received). _start returns once it printed
 * its ACCEPT line (and aborts the test when it does not start);
 * _finish waits for it to exit after its one connection (forcing it after
 * 10 s) and returns everything it printed, stdout and stderr merged.
 */
typedef struct _SuratTestSServer SuratTestSServer;

SuratTestSServer *surat_test_s_server_start    (const char * const *args);
guint16           surat_test_s_server_get_port (SuratTestSServer   *server);
char             *surat_test_s_server_finish   (SuratTestSServer   *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestTlsServer, surat_test_tls_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestSilentServer, surat_test_silent_server_free)

G_END_DECLS
