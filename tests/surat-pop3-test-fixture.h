/* surat-pop3-test-fixture.h — what the POP3 test programs share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "surat-fake-pop3.h"
#include "surat-pop3-client.h"
#include "surat-test-util.h"
#include "surat-tls-stream.h"

/*
 * A fixture with a scripted fake server and a client for it, and the
 * client's async calls wrapped to run to completion on the test's main
 * context. Used by test-pop3, test-pop3-login and test-fake-pop3.
 */

#define USER     "alice"
#define PASSWORD "secret"

/* Short, so that the fault tests stay fast; long enough for a loaded CI
 * machine to answer a loopback server. */
#define TIMEOUT 5

typedef struct {
  SuratFakePop3   *fake;
  SuratConnection *connection;
  SuratPop3Client *client;
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = surat_fake_pop3_new ();
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);
  g_clear_pointer (&f->fake, surat_fake_pop3_free);
}

/* A fresh client (and connection) for the running server. */
static inline void
new_client (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  g_clear_object (&f->client);
  g_clear_object (&f->connection);

  f->connection = surat_connection_new ("127.0.0.1", surat_fake_pop3_get_port (f->fake),
                                        security);
  surat_connection_set_timeout (f->connection, timeout);
  surat_connection_set_ca_file (f->connection, surat_fake_pop3_get_ca_file ());
  f->client = surat_pop3_client_new (f->connection);
}

/* Starts the scripted server and makes a client for it. */
static inline void
start_with (Fixture       *f,
            SuratSecurity  security,
            guint          timeout)
{
  surat_fake_pop3_start (f->fake);
  new_client (f, security, timeout);
}

static inline void
start (Fixture *f)
{
  start_with (f, SURAT_SECURITY_NONE, TIMEOUT);
}

/* The script ran to its end without a surprise. */
static inline void
assert_script_done (Fixture *f)
{
  g_assert_true (surat_fake_pop3_wait_done (f->fake));
  g_assert_cmpstr (surat_fake_pop3_get_error (f->fake), ==, NULL);
}

/* The greeting, CAPA with @capabilities, USER/PASS. */
static inline void
script_login (SuratFakePop3 *fake,
              const char    *capabilities)
{
  surat_fake_pop3_greet (fake);
  surat_fake_pop3_expect_capa (fake, capabilities);
  surat_fake_pop3_expect (fake, "USER " USER, "+OK\r\n");
  surat_fake_pop3_expect (fake, "PASS " PASSWORD, "+OK Logged in.\r\n");
}

/* --- synchronous wrappers -------------------------------------------------- */

static inline gboolean
do_connect (Fixture  *f,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_connect_async (f->client, NULL, surat_test_result_cb, &result);
  return surat_pop3_client_connect_finish (f->client, surat_test_wait_result (&result), error);
}

static inline gboolean
do_login_as (Fixture     *f,
             const char  *user,
             const char  *password,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_login_async (f->client, user, password, NULL, surat_test_result_cb,
                                 &result);
  return surat_pop3_client_login_finish (f->client, surat_test_wait_result (&result), error);
}

static inline gboolean
do_login (Fixture  *f,
          GError  **error)
{
  return do_login_as (f, USER, PASSWORD, error);
}

static inline void
connect_and_login (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  do_connect (f, &error);
  g_assert_no_error (error);
  do_login (f, &error);
  g_assert_no_error (error);
}

static inline GPtrArray *
do_scan (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_scan_async (f->client, NULL, surat_test_result_cb, &result);
  return surat_pop3_client_scan_finish (f->client, surat_test_wait_result (&result), error);
}

static inline GOutputStream *
memory_sink (void)
{
  return g_memory_output_stream_new_resizable ();
}

static inline GBytes *
sink_bytes (GOutputStream *sink)
{
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (sink);

  return g_bytes_new (g_memory_output_stream_get_data (memory),
                      g_memory_output_stream_get_data_size (memory));
}

static inline gssize
do_retrieve (Fixture        *f,
             guint           number,
             GOutputStream  *sink,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  surat_pop3_client_retrieve_async (f->client, number, sink, NULL, surat_test_result_cb,
                                    &result);
  return surat_pop3_client_retrieve_finish (f->client, surat_test_wait_result (&result), error);
}

static inline gboolean
do_simple (Fixture     *f,
           const char  *what,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (g_str_equal (what, "DELE"))
    {
      surat_pop3_client_delete_async (f->client, 1, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_delete_finish (f->client, surat_test_wait_result (&result),
                                              error);
    }
  if (g_str_equal (what, "NOOP"))
    {
      surat_pop3_client_noop_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_noop_finish (f->client, surat_test_wait_result (&result), error);
    }
  if (g_str_equal (what, "RSET"))
    {
      surat_pop3_client_reset_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_reset_finish (f->client, surat_test_wait_result (&result),
                                             error);
    }
  if (g_str_equal (what, "QUIT"))
    {
      surat_pop3_client_quit_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_quit_finish (f->client, surat_test_wait_result (&result), error);
    }
  if (g_str_equal (what, "STAT"))
    {
      surat_pop3_client_stat_async (f->client, NULL, surat_test_result_cb, &result);
      return surat_pop3_client_stat_finish (f->client, surat_test_wait_result (&result),
                                            NULL, NULL, error);
    }

  g_assert_not_reached ();
}

static inline void
assert_no_credentials_sent (Fixture *f)
{
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "USER"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "PASS"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, "AUTH"));
  g_assert_false (surat_fake_pop3_received_contains (f->fake, PASSWORD));
}

static inline gboolean
skip_without_tls (GError *error)
{
  /* The TLS stream is written in parallel; its stub returns NULL. Until it
   * is merged these tests cannot get past the handshake. */
  if (g_error_matches (error, SURAT_TLS_ERROR, SURAT_TLS_ERROR_HANDSHAKE) &&
      g_str_equal (error->message, "TLS is not available"))
    {
      g_test_skip ("SuratTlsStream is still a stub");
      return TRUE;
    }
  return FALSE;
}

static inline void
assert_message (GPtrArray  *messages,
                guint       index,
                guint       number,
                guint64     size,
                const char *uid)
{
  SuratPop3Message *message = g_ptr_array_index (messages, index);

  g_assert_cmpuint (message->number, ==, number);
  g_assert_cmpuint (message->size, ==, size);
  g_assert_cmpstr (message->uid, ==, uid);
}
