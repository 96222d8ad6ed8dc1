/* test-tls.c — SuratTlsStream against independent peers
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peers are GIO's own TLS (GnuTLS, via glib-networking) on a server
 * thread, and `openssl s_server` as a child process where GIO cannot play
 * the part (an old protocol version, a look at the SNI the server got).
 * Everything listens on 127.0.0.1 with a kernel-chosen port.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <openssl/err.h>

#include "surat-certificate.h"
#include "surat-test-certs.h"
#include "surat-test-tls-peers.h"
#include "surat-test-util.h"
#include "surat-tls-stream.h"

#define HOST       "mail.example.test"
#define OTHER_HOST "other.example.test"
#define DAY        (24 * 60 * 60)
#define MEGABYTE   (1024 * 1024)

/* ---- certificates, made once for the whole run ---- */

static struct
{
  char          *dir;
  SuratTestCa   *ca;
  SuratTestCa   *intermediate;
  SuratTestCert *good;              /* by ca: HOST and 127.0.0.1 */
  SuratTestCert *self_signed;       /* same names, self-signed */
  SuratTestCert *expired;           /* by ca, ended yesterday */
  SuratTestCert *future;            /* by ca, starts tomorrow */
  SuratTestCert *wrong_host;        /* by ca, for OTHER_HOST */
  SuratTestCert *mess;              /* self-signed, expired, for OTHER_HOST */
  SuratTestCert *trusted_mess;      /* by ca, expired, for OTHER_HOST */
  SuratTestCert *via_intermediate;  /* by intermediate, HOST */
} certs;

static void
make_certs (void)
{
  const char * const names[] = { "DNS:" HOST, "IP:127.0.0.1", NULL };
  const char * const other[] = { "DNS:" OTHER_HOST, NULL };
  SuratTestCertSpec good = { .alt_names = names };
  SuratTestCertSpec expired = { .alt_names = names, .not_before = -2 * DAY, .not_after = -DAY };
  SuratTestCertSpec future = { .alt_names = names, .not_before = DAY, .not_after = 2 * DAY };
  SuratTestCertSpec wrong = { .alt_names = other };
  SuratTestCertSpec mess = { .alt_names = other, .not_before = -2 * DAY, .not_after = -DAY };

  certs.dir = surat_test_make_tmpdir ("surat-test-tls");
  certs.ca = surat_test_ca_new (certs.dir, "Surat Test Root", NULL);
  certs.intermediate = surat_test_ca_new (certs.dir, "Surat Test Intermediate", certs.ca);
  certs.good = surat_test_cert_new (certs.dir, "good", certs.ca, &good);
  certs.self_signed = surat_test_cert_new (certs.dir, "self-signed", NULL, &good);
  certs.expired = surat_test_cert_new (certs.dir, "expired", certs.ca, &expired);
  certs.future = surat_test_cert_new (certs.dir, "future", certs.ca, &future);
  certs.wrong_host = surat_test_cert_new (certs.dir, "wrong-host", certs.ca, &wrong);
  certs.mess = surat_test_cert_new (certs.dir, "mess", NULL, &mess);
  certs.trusted_mess = surat_test_cert_new (certs.dir, "trusted-mess", certs.ca, &mess);
  certs.via_intermediate = surat_test_cert_new (certs.dir, "via-intermediate",
                                                certs.intermediate, &good);
}

static void
free_certs (void)
{
  g_clear_pointer (&certs.good, surat_test_cert_free);
  g_clear_pointer (&certs.self_signed, surat_test_cert_free);
  g_clear_pointer (&certs.expired, surat_test_cert_free);
  g_clear_pointer (&certs.future, surat_test_cert_free);
  g_clear_pointer (&certs.wrong_host, surat_test_cert_free);
  g_clear_pointer (&certs.mess, surat_test_cert_free);
  g_clear_pointer (&certs.trusted_mess, surat_test_cert_free);
  g_clear_pointer (&certs.via_intermediate, surat_test_cert_free);
  g_clear_pointer (&certs.intermediate, surat_test_ca_free);
  g_clear_pointer (&certs.ca, surat_test_ca_free);
  surat_test_rm_rf (certs.dir);
  g_clear_pointer (&certs.dir, g_free);
}

/* ---- helpers ---- */

/* A GnuTLS server presenting @cert, not running yet: set its fields, then
 * surat_test_tls_server_run(). */
static SuratTestTlsServer *
server_new (SuratTestCert *cert,
            gboolean       with_chain)
{
  g_autoptr(GTlsCertificate) certificate = surat_test_cert_get_tls_certificate (cert, with_chain);

  return surat_test_tls_server_new (certificate);
}

static SuratTestTlsServer *
server_start (SuratTestCert *cert)
{
  SuratTestTlsServer *server = server_new (cert, TRUE);

  surat_test_tls_server_run (server);
  return server;
}

/* One that says nothing after the handshake until released. */
static SuratTestTlsServer *
held_server_start (SuratTestCert *cert)
{
  SuratTestTlsServer *server = server_new (cert, TRUE);

  server->hold = TRUE;
  surat_test_tls_server_run (server);
  return server;
}

/* Connects to a fresh GnuTLS server presenting @cert and runs the
 * handshake; returns its error (NULL on success). */
static GError *
try_handshake (SuratTestCert *cert,
               gboolean       with_chain,
               const char    *identity,
               const char    *ca_file,
               const char    *pin,
               SuratTestTlsServer    **server_out)
{
  g_autoptr(SuratTestTlsServer) server = server_new (cert, with_chain);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  GError *error = NULL;

  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  tls = surat_test_tls_client_new (connection, identity, ca_file, pin);

  if (surat_test_tls_handshake (tls, NULL, &error))
    {
      g_assert_nonnull (surat_tls_stream_get_peer_certificate (tls));
      g_assert_true (surat_test_close_async (G_IO_STREAM (tls), NULL));
    }
  else
    {
      g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
    }

  /* Nothing of this connection may linger for the next OpenSSL caller. */
  g_assert_cmpuint (ERR_peek_error (), ==, 0);

  surat_test_tls_server_join (server);
  if (server_out != NULL)
    *server_out = g_steal_pointer (&server);

  return error;
}

/* A refusal a person can act on: the right code, the host named, and the
 * certificate the server really presented, attached. */
static void
assert_certificate_error (const GError  *error,
                          SuratTlsError  code,
                          SuratTestCert *presented,
                          const char    *host)
{
  g_autoptr(GTlsCertificate) tls_cert = surat_test_cert_get_tls_certificate (presented, FALSE);
  g_autofree char *expected = surat_test_cert_fingerprint_of (tls_cert);
  SuratCertificate *attached;

  g_assert_error (error, SURAT_TLS_ERROR, (int) code);
  g_test_message ("A person reads: %s", error->message);
  g_assert_nonnull (strstr (error->message, host));

  attached = surat_tls_error_get_certificate (error);
  g_assert_true (SURAT_IS_CERTIFICATE (attached));
  g_assert_cmpstr (surat_certificate_get_fingerprint (attached), ==, expected);
  g_assert_cmpstr (surat_certificate_get_fingerprint (attached), ==,
                   surat_test_cert_get_fingerprint (presented));
}

static void
test_error_carries_certificate (void)
{
  g_autoptr(GBytes) pem = surat_test_read_file (surat_test_cert_get_cert_file (certs.good));
  g_autoptr(SuratCertificate) cert = surat_certificate_new_from_pem (g_bytes_get_data (pem, NULL),
                                                                     NULL);
  g_autoptr(GError) error = g_error_new (SURAT_TLS_ERROR, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
                                         "untrusted");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

  g_assert_null (surat_tls_error_get_certificate (error));
  surat_tls_error_set_certificate (error, cert);
  g_assert_true (surat_tls_error_get_certificate (error) == cert);

  copy = g_error_copy (error);
  g_assert_true (surat_tls_error_get_certificate (copy) == cert);

  g_assert_null (surat_tls_error_get_certificate (other));

  g_clear_error (&error);
  g_clear_error (&copy);
  g_assert_finalize_object (g_steal_pointer (&cert));
}

/* ---- handshakes against GnuTLS ---- */

static void
test_handshake_with_ca_file (void)
{
  g_autoptr(SuratTestTlsServer) server = server_start (certs.good);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = surat_test_cert_fingerprint_of (server->certificate);
  SuratCertificate *peer;

  g_assert_null (surat_tls_stream_get_protocol_version (tls));
  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (surat_tls_stream_get_protocol_version (tls), ==, "TLSv1.3");
  g_assert_nonnull (surat_tls_stream_get_cipher (tls));
  peer = surat_tls_stream_get_peer_certificate (tls);
  g_assert_nonnull (peer);
  g_assert_cmpstr (surat_certificate_get_fingerprint (peer), ==, expected);
  g_assert_cmpstr (surat_certificate_get_common_name (peer), ==, HOST);

  /* A second handshake call is a no-op success. */
  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  g_assert_no_error (error);
  surat_test_tls_server_join (server);
  g_assert_no_error (server->handshake_error);
  g_assert_no_error (server->eof_error);
  g_assert_true (server->clean_eof);
}

static void
test_handshake_ip_literal (void)
{
  g_autoptr(GError) error = NULL;
  const char *ca_file = surat_test_ca_get_cert_file (certs.ca);

  /* Checked against the certificate's IP addresses. */
  error = try_handshake (certs.good, TRUE, "127.0.0.1", ca_file, NULL, NULL);
  g_assert_no_error (error);

  error = try_handshake (certs.good, TRUE, "127.0.0.2", ca_file, NULL, NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY, certs.good,
                            "127.0.0.2");
}

static void
test_refused_self_signed (void)
{
  g_autoptr(SuratTestTlsServer) server = NULL;
  g_autoptr(GError) error = try_handshake (certs.self_signed, TRUE, HOST, NULL, NULL, &server);

  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED, certs.self_signed, HOST);
  g_assert_nonnull (strstr (error->message, "self-signed"));
  g_assert_true (surat_certificate_is_self_signed (surat_tls_error_get_certificate (error)));
  /* Refused inside the handshake: the server did not get a session. */
  g_assert_nonnull (server->handshake_error);
}

static void
test_refused_unknown_authority (void)
{
  g_autoptr(GError) error = try_handshake (certs.good, TRUE, HOST, NULL, NULL, NULL);

  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED, certs.good, HOST);
  g_assert_nonnull (strstr (error->message, "unknown authority"));
}

static void
test_incomplete_chain (void)
{
  g_autoptr(GError) error = NULL;
  const char *ca_file = surat_test_ca_get_cert_file (certs.ca);

  /* The server forgets its intermediate: nothing leads to the root. */
  error = try_handshake (certs.via_intermediate, FALSE, HOST, ca_file, NULL, NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED,
                            certs.via_intermediate, HOST);
  g_clear_error (&error);

  error = try_handshake (certs.via_intermediate, TRUE, HOST, ca_file, NULL, NULL);
  g_assert_no_error (error);
}

static void
test_refused_wrong_host (void)
{
  g_autoptr(GError) error = try_handshake (certs.wrong_host, TRUE, HOST,
                                           surat_test_ca_get_cert_file (certs.ca), NULL, NULL);

  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY, certs.wrong_host,
                            HOST);
  /* …and says whom the certificate is for. */
  g_assert_nonnull (strstr (error->message, OTHER_HOST));
}

static void
test_refused_expired (void)
{
  g_autoptr(GError) error = try_handshake (certs.expired, TRUE, HOST,
                                           surat_test_ca_get_cert_file (certs.ca), NULL, NULL);
  g_autoptr(GTlsCertificate) gnutls = surat_test_cert_get_tls_certificate (certs.expired, FALSE);
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *date = NULL;

  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_EXPIRED, certs.expired, HOST);

  g_object_get (gnutls, "not-valid-after", &not_after, NULL);
  date = g_date_time_format (not_after, "%Y-%m-%d");
  g_assert_nonnull (strstr (error->message, date));
}

static void
test_refused_not_yet_valid (void)
{
  g_autoptr(GError) error = try_handshake (certs.future, TRUE, HOST,
                                           surat_test_ca_get_cert_file (certs.ca), NULL, NULL);
  g_autoptr(GTlsCertificate) gnutls = surat_test_cert_get_tls_certificate (certs.future, FALSE);
  g_autoptr(GDateTime) not_before = NULL;
  g_autofree char *date = NULL;

  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED, certs.future, HOST);

  g_object_get (gnutls, "not-valid-before", &not_before, NULL);
  date = g_date_time_format (not_before, "%Y-%m-%d");
  g_assert_nonnull (strstr (error->message, date));
}

static void
test_several_problems (void)
{
  g_autoptr(GError) error = NULL;

  /* Self-signed, expired and for another host: untrusted comes first, as
   * nothing else such a certificate says can be believed. */
  error = try_handshake (certs.mess, TRUE, HOST, NULL, NULL, NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED, certs.mess, HOST);
  g_clear_error (&error);

  /* Trusted, but expired and for another host: the host is the bigger
   * problem. */
  error = try_handshake (certs.trusted_mess, TRUE, HOST,
                         surat_test_ca_get_cert_file (certs.ca), NULL, NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY, certs.trusted_mess,
                            HOST);
}

static void
test_pin_accepted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = g_ascii_strdown (surat_test_cert_get_fingerprint (certs.mess), -1);

  /* What the user accepted stands, whatever else is wrong with it. */
  error = try_handshake (certs.self_signed, TRUE, HOST, NULL,
                         surat_test_cert_get_fingerprint (certs.self_signed), NULL);
  g_assert_no_error (error);

  error = try_handshake (certs.mess, TRUE, HOST, NULL, pin, NULL);
  g_assert_no_error (error);
}

static void
test_pin_changed (void)
{
  g_autoptr(GError) error = NULL;

  /* A certificate that would verify is still not the one accepted. */
  error = try_handshake (certs.good, TRUE, HOST, surat_test_ca_get_cert_file (certs.ca),
                         surat_test_cert_get_fingerprint (certs.self_signed), NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_CHANGED, certs.good, HOST);
  g_clear_error (&error);

  error = try_handshake (certs.mess, TRUE, HOST, NULL,
                         surat_test_cert_get_fingerprint (certs.self_signed), NULL);
  assert_certificate_error (error, SURAT_TLS_ERROR_CERTIFICATE_CHANGED, certs.mess, HOST);
}

static void
test_bad_ca_file (void)
{
  g_autofree char *missing = g_build_filename (certs.dir, "no-such-file.pem", NULL);
  g_autofree char *junk = g_build_filename (certs.dir, "junk.pem", NULL);
  g_autoptr(GError) error = NULL;

  /* A ca-file that is not there is named, and stops the connection. */
  error = try_handshake (certs.good, TRUE, HOST, missing, NULL, NULL);
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE);
  g_test_message ("A person reads: %s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* So does one with nothing to trust in it. */
  g_assert_true (g_file_set_contents (junk, "not a certificate\n", -1, NULL));
  error = try_handshake (certs.good, TRUE, HOST, junk, NULL, NULL);
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE);
  g_test_message ("A person reads: %s", error->message);
  g_assert_nonnull (strstr (error->message, junk));
}

/* ---- data ---- */

typedef struct
{
  GAsyncResult *read;
  GAsyncResult *write;
} BothWays;

static void
test_data_both_ways_async (void)
{
  g_autoptr(GBytes) down = surat_test_make_pattern (MEGABYTE + 12345, 1);
  g_autoptr(GBytes) up = surat_test_make_pattern (MEGABYTE + 54321, 2);
  g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *received = g_malloc (g_bytes_get_size (down));
  GInputStream *input;
  GOutputStream *output;
  BothWays both = { NULL, NULL };
  gsize read_count = 0;
  gsize written = 0;

  server->send = g_bytes_ref (down);
  server->receive_size = g_bytes_get_size (up);
  server->hold = TRUE;
  server->small_buffers = TRUE;
  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  surat_test_set_small_buffers (connection);
  tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);
  input = g_io_stream_get_input_stream (G_IO_STREAM (tls));
  output = g_io_stream_get_output_stream (G_IO_STREAM (tls));

  g_assert_true (G_IS_POLLABLE_INPUT_STREAM (input));
  g_assert_true (G_IS_POLLABLE_OUTPUT_STREAM (output));
  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));

  /* Both directions at once, as a pipelining client does. */
  g_input_stream_read_all_async (input, received, g_bytes_get_size (down), G_PRIORITY_DEFAULT,
                                 NULL, surat_test_result_cb, &both.read);
  g_output_stream_write_all_async (output, g_bytes_get_data (up, NULL), g_bytes_get_size (up),
                                   G_PRIORITY_DEFAULT, NULL, surat_test_result_cb, &both.write);

  /* The server holds still: nothing to read, and a megabyte cannot fit in
   * the small socket buffers. Both operations are waiting on our sources,
   * in the main loop, when the server starts. */
  surat_test_spin (100);
  g_assert_null (both.read);
  g_assert_null (both.write);
  surat_test_tls_server_release (server);

  surat_test_wait_result (&both.read);
  surat_test_wait_result (&both.write);
  g_assert_true (g_input_stream_read_all_finish (input, both.read, &read_count, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all_finish (output, both.write, &written, &error));
  g_assert_no_error (error);
  g_clear_object (&both.read);
  g_clear_object (&both.write);

  g_assert_cmpmem (received, read_count, g_bytes_get_data (down, NULL), g_bytes_get_size (down));
  g_assert_cmpuint (written, ==, g_bytes_get_size (up));

  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  g_assert_no_error (error);

  surat_test_tls_server_join (server);
  g_assert_cmpmem (server->received->data, server->received->len,
                   g_bytes_get_data (up, NULL), g_bytes_get_size (up));
  g_assert_no_error (server->eof_error);
  g_assert_true (server->clean_eof);
}

static void
test_data_sync (void)
{
  g_autoptr(GBytes) down = surat_test_make_pattern (200000, 3);
  g_autoptr(GBytes) up = surat_test_make_pattern (100000, 4);
  g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *received = g_malloc (g_bytes_get_size (down));
  gsize done = 0;

  server->send = g_bytes_ref (down);
  server->receive_size = g_bytes_get_size (up);
  server->small_buffers = TRUE;
  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  surat_test_set_small_buffers (connection);
  tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);

  /* No explicit handshake: the first blocking read runs it. */
  g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (tls)),
                                          received, g_bytes_get_size (down), &done, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (received, done, g_bytes_get_data (down, NULL), g_bytes_get_size (down));
  g_assert_cmpstr (surat_tls_stream_get_protocol_version (tls), ==, "TLSv1.3");

  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (tls)),
                                            g_bytes_get_data (up, NULL), g_bytes_get_size (up),
                                            &done, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_io_stream_close (G_IO_STREAM (tls), NULL, &error));
  g_assert_no_error (error);

  surat_test_tls_server_join (server);
  g_assert_cmpmem (server->received->data, server->received->len,
                   g_bytes_get_data (up, NULL), g_bytes_get_size (up));
  g_assert_true (server->clean_eof);
}

static void
set_flag_cb (GObject  *pollable,
             gpointer  user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_buffered_data_is_readable (void)
{
  g_autoptr(GBytes) down = surat_test_make_pattern (100, 5);
  g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSource) source = NULL;
  GInputStream *input;
  const guint8 *expected = g_bytes_get_data (down, NULL);
  guint8 buffer[100];
  gboolean fired = FALSE;
  gssize n;

  server->send = g_bytes_ref (down);
  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);
  input = g_io_stream_get_input_stream (G_IO_STREAM (tls));

  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));

  /* The server's 100 bytes come in one record; take 10 of them. */
  g_input_stream_read_async (input, buffer, 10, G_PRIORITY_DEFAULT, NULL,
                             surat_test_result_cb, &result);
  surat_test_wait_result (&result);
  g_assert_cmpint (g_input_stream_read_finish (input, result, &error), ==, 10);
  g_assert_cmpmem (buffer, 10, expected, 10);

  /* The other 90 wait inside OpenSSL; the socket has nothing. Only our
   * layer can say there is something to read. */
  g_assert_cmpint (g_socket_condition_check (g_socket_connection_get_socket (connection),
                                             G_IO_IN), ==, 0);
  g_assert_true (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (input)));

  source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (input), NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (set_flag_cb), &fired, NULL);
  g_source_attach (source, NULL);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (fired);
  g_source_destroy (source);

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input), buffer,
                                                sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, expected + 10, 90);

  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  surat_test_tls_server_join (server);
  g_assert_true (server->clean_eof);
}

static char *
read_text (GInputStream *input,
           gsize         size)
{
  g_autofree char *buffer = g_malloc0 (size + 1);
  gsize done = 0;

  g_assert_true (g_input_stream_read_all (input, buffer, size, &done, NULL, NULL));
  g_assert_cmpuint (done, ==, size);

  return g_steal_pointer (&buffer);
}

static void
test_starttls_upgrade (void)
{
  g_autoptr(GBytes) down = surat_test_make_pattern (5000, 6);
  g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *plain_in;
  GOutputStream *plain_out;
  g_autofree char *greeting = NULL;
  g_autofree char *go_ahead = NULL;
  g_autofree guint8 *received = g_malloc (5000);
  gsize done = 0;

  server->send = g_bytes_ref (down);
  server->starttls = TRUE;
  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  plain_in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  plain_out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  /* Plain text first, on the very same connection. */
  greeting = read_text (plain_in, strlen ("+OK POP3 ready\r\n"));
  g_assert_cmpstr (greeting, ==, "+OK POP3 ready\r\n");
  g_assert_true (g_output_stream_write_all (plain_out, "STLS\r\n", 6, NULL, NULL, NULL));
  go_ahead = read_text (plain_in, strlen ("+OK Begin TLS\r\n"));
  g_assert_cmpstr (go_ahead, ==, "+OK Begin TLS\r\n");

  tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);
  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (tls)),
                                          received, 5000, &done, NULL, &error));
  g_assert_cmpmem (received, done, g_bytes_get_data (down, NULL), 5000);
  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));

  surat_test_tls_server_join (server);
  g_assert_cmpstr (server->plain_received, ==, "STLS\r\n");
  g_assert_true (server->clean_eof);
}

static void
test_end_of_stream (void)
{
  /* A server may end with close_notify or just hang up (many do after
   * QUIT): either way the reader gets the data, then the end, never an
   * error. */
  for (SuratTestTlsServerEnd end = SURAT_TEST_TLS_SERVER_CLOSE_NOTIFY;
       end <= SURAT_TEST_TLS_SERVER_HANG_UP; end++)
    {
      g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(SuratTlsStream) tls = NULL;
      g_autoptr(GError) error = NULL;
      GInputStream *input;
      char buffer[64] = "";
      gsize done = 0;

      server->send = g_bytes_new_static ("+OK bye\r\n", 9);
      server->end = end;
      surat_test_tls_server_run (server);
      connection = surat_test_connect_loopback (server->port);
      tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);
      input = g_io_stream_get_input_stream (G_IO_STREAM (tls));

      g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
      g_assert_true (g_input_stream_read_all (input, buffer, sizeof buffer, &done, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (buffer, done, "+OK bye\r\n", 9);
      g_assert_cmpint (g_input_stream_read (input, buffer, sizeof buffer, NULL, &error), ==, 0);
      g_assert_no_error (error);

      g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
      surat_test_tls_server_join (server);
    }
}

static void
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancel_read (void)
{
  g_autoptr(SuratTestTlsServer) server = server_new (certs.good, TRUE);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *input;
  char buffer[64] = "";
  gsize done = 0;

  server->send = g_bytes_new_static ("+OK hello\r\n", 11);
  server->hold = TRUE;
  surat_test_tls_server_run (server);
  connection = surat_test_connect_loopback (server->port);
  tls = surat_test_tls_client_new (connection, HOST, surat_test_ca_get_cert_file (certs.ca), NULL);
  input = g_io_stream_get_input_stream (G_IO_STREAM (tls));
  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));

  /* The server says nothing yet: the read waits, and is cancelled. */
  g_input_stream_read_async (input, buffer, sizeof buffer, G_PRIORITY_DEFAULT, cancellable,
                             surat_test_result_cb, &result);
  g_idle_add_once (cancel_cb, cancellable);
  surat_test_wait_result (&result);
  g_assert_cmpint (g_input_stream_read_finish (input, result, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelling a wait loses nothing: the stream goes on. */
  surat_test_tls_server_release (server);
  g_assert_true (g_input_stream_read_all (input, buffer, 11, &done, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, done, "+OK hello\r\n", 11);

  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  surat_test_tls_server_join (server);
  g_assert_true (server->clean_eof);
}

/* ---- silent and strange peers ---- */

static void
test_timeout_handshake (void)
{
  g_autoptr(SuratTestSilentServer) server = surat_test_silent_server_new ();
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 1);
  g_assert_false (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (server->connection);
  g_assert_cmpuint (ERR_peek_error (), ==, 0);
}

/* A server that says nothing after the handshake; a 1 s socket timeout. */
static void
test_timeout_read (gconstpointer data)
{
  gboolean blocking = GPOINTER_TO_INT (data);
  g_autoptr(SuratTestTlsServer) server = held_server_start (certs.good);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GError) error = NULL;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (tls));
  char buffer[16];

  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 1);

  if (blocking)
    {
      g_assert_cmpint (g_input_stream_read (input, buffer, sizeof buffer, NULL, &error), ==, -1);
    }
  else
    {
      g_autoptr(GAsyncResult) result = NULL;

      g_input_stream_read_async (input, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL,
                                 surat_test_result_cb, &result);
      surat_test_wait_result (&result);
      g_assert_cmpint (g_input_stream_read_finish (input, result, &error), ==, -1);
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
  surat_test_tls_server_join (server);
}

static void
test_cancel_handshake (void)
{
  g_autoptr(SuratTestSilentServer) server = surat_test_silent_server_new ();
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  server->cancel_on_data = cancellable;
  g_assert_false (surat_test_tls_handshake (tls, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled because the server got the ClientHello, not before. */
  g_assert_nonnull (server->connection);
}

static void
test_not_tls (void)
{
  g_autoptr(SuratTestSilentServer) server = surat_test_silent_server_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SuratTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  /* A plain POP3 greeting where a TLS ServerHello belongs: the wrong port. */
  server->say = "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n";
  connection = surat_test_connect_loopback (server->port);
  tls = surat_test_tls_client_new (connection, HOST, NULL, NULL);
  g_assert_false (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE);
  g_test_message ("A person reads: %s", error->message);
  g_assert_nonnull (strstr (error->message, HOST));
  g_assert_null (surat_tls_error_get_certificate (error));
  g_assert_cmpuint (ERR_peek_error (), ==, 0);
}

static void
test_close_dead_peer (void)
{
  g_autoptr(SuratTestTlsServer) server = held_server_start (certs.good);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GBytes) junk = surat_test_make_pattern (16384, 7);
  g_autoptr(GError) error = NULL;
  GPollableOutputStream *output = G_POLLABLE_OUTPUT_STREAM (
    g_io_stream_get_output_stream (G_IO_STREAM (tls)));
  gsize total = 0;

  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));

  /* The peer reads nothing: fill every buffer on the way until the socket
   * refuses more, so close_notify cannot go out. */
  for (;;)
    {
      gssize n = g_pollable_output_stream_write_nonblocking (output, g_bytes_get_data (junk, NULL),
                                                             g_bytes_get_size (junk), NULL, &error);
      if (n < 0)
        break;
      total += n;
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_clear_error (&error);
  g_assert_cmpuint (total, >, 0);

  /* Closing still ends, and closes the socket. */
  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  g_assert_no_error (error);
  g_assert_true (g_io_stream_is_closed (G_IO_STREAM (connection)));

  surat_test_tls_server_release (server);
  surat_test_tls_server_join (server);
}

static void
test_closed_stream (void)
{
  g_autoptr(SuratTestTlsServer) server = server_start (certs.good);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GError) error = NULL;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (tls));
  char buffer[4];

  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_true (g_io_stream_close (G_IO_STREAM (tls), NULL, &error));
  g_assert_true (g_io_stream_is_closed (G_IO_STREAM (connection)));
  g_assert_cmpint (g_input_stream_read (input, buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input),
                                                             buffer, sizeof buffer, NULL, &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  surat_test_tls_server_join (server);
  g_assert_true (server->clean_eof);
}

static void
test_bad_identity_argument (void)
{
  g_autoptr(SuratTestTlsServer) server = server_start (certs.good);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (server->port);
  g_autoptr(GError) error = NULL;
  SuratTlsStream *tls;

  tls = surat_tls_stream_new (G_IO_STREAM (connection), "mail example.test", &error);
  g_assert_null (tls);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  surat_test_tls_server_join (server);
}

/* ---- openssl s_server ---- */

static void
skip_without_openssl (void)
{
  g_test_skip ("The openssl command (Debian package openssl) is not installed");
}

static void
test_refused_old_protocol (void)
{
  const char * const args[] = {
    "-cert", surat_test_cert_get_chain_file (certs.good),
    "-key", surat_test_cert_get_key_file (certs.good),
    /* TLS 1.1 at most; Debian's default security level would refuse it
     * before we get a say. */
    "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0",
    NULL
  };
  SuratTestSServer *server = surat_test_s_server_start (args);
  g_autoptr(GSocketConnection) connection = surat_test_connect_loopback (surat_test_s_server_get_port (server));
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, HOST,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_assert_false (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_error (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE);
  g_test_message ("A person reads: %s", error->message);
  g_assert_nonnull (strstr (error->message, HOST));
  g_assert_nonnull (strstr (error->message, "1.2"));
  g_assert_null (surat_tls_stream_get_peer_certificate (tls));
  g_assert_cmpuint (ERR_peek_error (), ==, 0);
  g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);

  /* The server found no version it speaks in our ClientHello. */
  output = surat_test_s_server_finish (server);
  surat_test_message_lines ("s_server said", output);
  g_assert_nonnull (strstr (output, "unsupported protocol"));
}

static char *
sni_exchange (const char *identity)
{
  const char * const args[] = {
    "-cert", surat_test_cert_get_chain_file (certs.good),
    "-key", surat_test_cert_get_key_file (certs.good),
    "-servername", HOST, "-servername_fatal",
    "-cert2", surat_test_cert_get_chain_file (certs.good),
    "-key2", surat_test_cert_get_key_file (certs.good),
    NULL
  };
  SuratTestSServer *server = surat_test_s_server_start (args);
  g_autoptr(GSocketConnection) connection =
    surat_test_connect_loopback (surat_test_s_server_get_port (server));
  g_autoptr(SuratTlsStream) tls = surat_test_tls_client_new (connection, identity,
                                              surat_test_ca_get_cert_file (certs.ca), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("hello from %s\n", identity);
  g_autofree char *output = NULL;

  g_assert_true (surat_test_tls_handshake (tls, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (tls)),
                                            line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (surat_test_close_async (G_IO_STREAM (tls), &error));
  output = surat_test_s_server_finish (server);

  /* s_server prints DONE when SSL_read() reports the peer's close_notify
   * (SSL_ERROR_ZERO_RETURN); a reset or a bare FIN prints ERROR. */
  g_assert_nonnull (strstr (output, "\nDONE\n"));

  return g_steal_pointer (&output);
}

static void
test_sni_host_name (void)
{
  g_autofree char *output = sni_exchange (HOST);

  surat_test_message_lines ("s_server said", output);
  g_assert_nonnull (strstr (output, "Hostname in TLS extension: \"" HOST "\""));
  /* The session really carried our data. */
  g_assert_nonnull (strstr (output, "hello from " HOST));
}

static void
test_sni_ip_literal (void)
{
  g_autofree char *output = sni_exchange ("127.0.0.1");

  surat_test_message_lines ("s_server said", output);
  /* RFC 6066 §3: no SNI for an address; the handshake still went through
   * (the same server would have refused a wrong name: -servername_fatal). */
  g_assert_null (strstr (output, "Hostname in TLS extension"));
  g_assert_nonnull (strstr (output, "hello from 127.0.0.1"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  gboolean have_openssl = openssl != NULL;
  int ret;

  /* The messages a person reads are UTF-8 ("…"): let them print as such. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  make_certs ();

  g_test_add_func ("/tls/error/carries-certificate", test_error_carries_certificate);

  g_test_add_func ("/tls/handshake/ca-file", test_handshake_with_ca_file);
  g_test_add_func ("/tls/handshake/ip-literal", test_handshake_ip_literal);
  g_test_add_func ("/tls/handshake/bad-ca-file", test_bad_ca_file);
  g_test_add_func ("/tls/handshake/not-tls", test_not_tls);
  g_test_add_func ("/tls/handshake/bad-identity-argument", test_bad_identity_argument);
  g_test_add_func ("/tls/handshake/old-protocol",
                   have_openssl ? test_refused_old_protocol : skip_without_openssl);

  g_test_add_func ("/tls/verify/self-signed", test_refused_self_signed);
  g_test_add_func ("/tls/verify/unknown-authority", test_refused_unknown_authority);
  g_test_add_func ("/tls/verify/incomplete-chain", test_incomplete_chain);
  g_test_add_func ("/tls/verify/wrong-host", test_refused_wrong_host);
  g_test_add_func ("/tls/verify/expired", test_refused_expired);
  g_test_add_func ("/tls/verify/not-yet-valid", test_refused_not_yet_valid);
  g_test_add_func ("/tls/verify/several-problems", test_several_problems);

  g_test_add_func ("/tls/pin/accepted", test_pin_accepted);
  g_test_add_func ("/tls/pin/changed", test_pin_changed);

  g_test_add_func ("/tls/sni/host-name",
                   have_openssl ? test_sni_host_name : skip_without_openssl);
  g_test_add_func ("/tls/sni/ip-literal",
                   have_openssl ? test_sni_ip_literal : skip_without_openssl);

  g_test_add_func ("/tls/data/both-ways-async", test_data_both_ways_async);
  g_test_add_func ("/tls/data/sync", test_data_sync);
  g_test_add_func ("/tls/data/buffered-is-readable", test_buffered_data_is_readable);
  g_test_add_func ("/tls/data/starttls-upgrade", test_starttls_upgrade);
  g_test_add_func ("/tls/data/end-of-stream", test_end_of_stream);

  g_test_add_func ("/tls/wait/handshake-timeout", test_timeout_handshake);
  g_test_add_data_func ("/tls/wait/read-timeout/async", GINT_TO_POINTER (FALSE),
                        test_timeout_read);
  g_test_add_data_func ("/tls/wait/read-timeout/blocking", GINT_TO_POINTER (TRUE),
                        test_timeout_read);
  g_test_add_func ("/tls/wait/cancel-handshake", test_cancel_handshake);
  g_test_add_func ("/tls/wait/cancel-read", test_cancel_read);

  g_test_add_func ("/tls/close/dead-peer", test_close_dead_peer);
  g_test_add_func ("/tls/close/then-read", test_closed_stream);

  ret = g_test_run ();

  free_certs ();

  return ret;
}
