/* surat-test-session.h — a raw, synchronous line session with a server,
 * for the real-server harnesses' own tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Nothing of Surat's own clients in it: lines over a socket, TLS by GIO
 * (GnuTLS), an independent peer. Reads split at CRLF. */
typedef struct {
  GSocketConnection *socket;
  GIOStream         *stream;    /* the socket, or TLS over it */
  GDataInputStream  *in;
} SuratTestSession;

/* Connects to @host:@port on loopback, with no proxy lookup (which would
 * want GSettings schemas from the isolated XDG_DATA_DIRS). With
 * @tls_name, TLS at once (implicit TLS), the server's certificate checked
 * for that name against @ca_file, or the system's trust store when
 * @ca_file is NULL. A silent server fails any later read after 10 s,
 * instead of hanging the test. */
SuratTestSession *surat_test_session_connect   (const char        *host,
                                                guint16            port,
                                                const char        *tls_name,
                                                const char        *ca_file,
                                                GError           **error);
/* TLS over the session from now on (after STLS or STARTTLS), checked as
 * for surat_test_session_connect(). */
gboolean          surat_test_session_start_tls (SuratTestSession  *s,
                                                const char        *tls_name,
                                                const char        *ca_file,
                                                GError           **error);
void              surat_test_session_free      (SuratTestSession  *s);

/* One line without its CRLF; asserts that there was one. */
char             *surat_test_session_read_line (SuratTestSession  *s);
/* Writes @data, asserting that it could. */
void              surat_test_session_write     (SuratTestSession  *s,
                                                const void        *data,
                                                gsize              len);
/* Writes @line and CRLF. */
void              surat_test_session_send_line (SuratTestSession  *s,
                                                const char        *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratTestSession, surat_test_session_free)

G_END_DECLS
