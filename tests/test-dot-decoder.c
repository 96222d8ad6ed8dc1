/* test-dot-decoder.c — dot-unstuffing and CRLF → LF, across every split
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-dot-decoder.h"

typedef struct {
  const char *name;
  const char *wire;      /* what the server sends after "+OK\r\n" */
  const char *decoded;   /* what must land in the file */
  gsize       rest;      /* bytes after the terminator, left unconsumed */
} Case;

static const Case cases[] = {
  { "simple", "Subject: hi\r\n\r\nHello\r\n.\r\n", "Subject: hi\n\nHello\n", 0 },
  { "empty", ".\r\n", "", 0 },
  { "stuffed", "..\r\n...\r\n..x\r\n.\r\n", ".\n..\n.x\n", 0 },
  { "only-stuffed-dots", "..\r\n..\r\n..\r\n.\r\n", ".\n.\n.\n", 0 },
  { "dot-not-at-line-start", "a.b\r\nc..\r\n.\r\n", "a.b\nc..\n", 0 },
  { "bare-lf", "one\ntwo\n..three\n.\r\n", "one\ntwo\n.three\n", 0 },
  { "bare-lf-terminator", "one\n.\n", "one\n", 0 },
  { "bare-cr", "a\rb\r\r\n\r.\r\n.\r\n", "a\rb\r\n\r.\n", 0 },
  { "cr-before-crlf", "x\r\r\n.\r\n", "x\r\n", 0 },
  { "unstuffed-dot-line", ".x\r\n.\r\n", "x\n", 0 },
  { "dot-cr-not-terminator", ".\rx\r\n.\r\n", "\rx\n", 0 },
  { "trailing-data", "a\r\n.\r\n+OK next\r\n", "a\n", 10 },
  { "crlf-dot-in-line", "a\r\n.b.\r\n.\r\n", "a\nb.\n", 0 },
  { "empty-lines", "\r\n\r\n\r\n.\r\n", "\n\n\n", 0 },
};

/* Feeds @wire split into pieces at the positions in @splits (ascending,
 * terminated by a value >= the length); returns the decoded bytes and
 * how much of the input was consumed. */
static GByteArray *
decode_split (const char  *wire,
              const gsize *splits,
              guint        n_splits,
              gsize       *consumed_total,
              gboolean    *done)
{
  SuratDotDecoder decoder;
  GByteArray *out = g_byte_array_new ();
  gsize len = strlen (wire);
  gsize start = 0;

  surat_dot_decoder_init (&decoder);
  *consumed_total = 0;

  for (guint i = 0; i <= n_splits; i++)
    {
      gsize end = i < n_splits ? splits[i] : len;
      gsize piece = end - start;
      g_autofree guint8 *buffer = g_malloc (piece + 1);
      gsize out_len = 0;
      gsize consumed;

      consumed = surat_dot_decoder_feed (&decoder, (const guint8 *) wire + start, piece,
                                         buffer, &out_len);
      g_assert_cmpuint (out_len, <=, piece + 1);
      g_assert_cmpuint (consumed, <=, piece);
      /* Short only at the terminator, and then for good. */
      if (consumed < piece)
        g_assert_true (surat_dot_decoder_is_done (&decoder));

      g_byte_array_append (out, buffer, out_len);
      *consumed_total += consumed;
      start = end;
    }

  *done = surat_dot_decoder_is_done (&decoder);
  return out;
}

static void
check_case (const Case  *c,
            const gsize *splits,
            guint        n_splits)
{
  g_autoptr(GByteArray) out = NULL;
  gsize consumed = 0;
  gboolean done = FALSE;

  out = decode_split (c->wire, splits, n_splits, &consumed, &done);

  g_assert_true (done);
  g_assert_cmpmem (out->data, out->len, c->decoded, strlen (c->decoded));
  g_assert_cmpuint (consumed, ==, strlen (c->wire) - c->rest);
}

/* Every case, in one piece, in two pieces split at every position (so
 * "\r" | "\n", "." | ".", and the terminator split every way), and one
 * byte at a time. */
static void
test_every_split (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gsize len = strlen (c->wire);
      g_autofree gsize *bytewise = g_new (gsize, len);

      g_test_message ("case %s", c->name);

      check_case (c, NULL, 0);

      for (gsize split = 0; split <= len; split++)
        check_case (c, &split, 1);

      for (gsize j = 0; j < len; j++)
        bytewise[j] = j + 1;
      check_case (c, bytewise, len > 0 ? len - 1 : 0);
    }
}

/* Every split into three pieces of a body holding every tricky sequence. */
static void
test_three_pieces (void)
{
  const char *wire = "..\r\n.\rx\r\na\r\r\n\nx.\n..\r\n.\r\n";
  const char *decoded = ".\n\rx\na\r\n\nx.\n.\n";
  gsize len = strlen (wire);

  for (gsize a = 0; a <= len; a++)
    for (gsize b = a; b <= len; b++)
      {
        gsize splits[2] = { a, b };
        g_autoptr(GByteArray) out = NULL;
        gsize consumed = 0;
        gboolean done = FALSE;

        out = decode_split (wire, splits, 2, &consumed, &done);
        g_assert_true (done);
        g_assert_cmpmem (out->data, out->len, decoded, strlen (decoded));
        g_assert_cmpuint (consumed, ==, len);
      }
}

static void
test_not_done_without_terminator (void)
{
  SuratDotDecoder decoder;
  const char *wire = "Hello\r\n..\r\n";
  guint8 out[64];
  gsize out_len = 0;

  surat_dot_decoder_init (&decoder);
  g_assert_cmpuint (surat_dot_decoder_feed (&decoder, (const guint8 *) wire, strlen (wire),
                                            out, &out_len), ==, strlen (wire));
  g_assert_false (surat_dot_decoder_is_done (&decoder));
  g_assert_cmpmem (out, out_len, "Hello\n.\n", 8);
}

static void
test_nothing_after_done (void)
{
  SuratDotDecoder decoder;
  guint8 out[16];
  gsize out_len = 99;

  surat_dot_decoder_init (&decoder);
  g_assert_cmpuint (surat_dot_decoder_feed (&decoder, (const guint8 *) ".\r\n", 3,
                                            out, &out_len), ==, 3);
  g_assert_true (surat_dot_decoder_is_done (&decoder));
  g_assert_cmpuint (surat_dot_decoder_feed (&decoder, (const guint8 *) "abc", 3,
                                            out, &out_len), ==, 0);
  g_assert_cmpuint (out_len, ==, 0);
}

/* A line of megabytes streams through in chunks with no line limit. */
static void
test_long_line (void)
{
  SuratDotDecoder decoder;
  gsize total = 4 * 1024 * 1024;
  g_autofree guint8 *chunk = g_malloc (65536);
  g_autofree guint8 *out = g_malloc (65536 + 1);
  gsize decoded = 0;
  gsize out_len;

  memset (chunk, 'x', 65536);
  surat_dot_decoder_init (&decoder);

  for (gsize fed = 0; fed < total; fed += 65536)
    {
      g_assert_cmpuint (surat_dot_decoder_feed (&decoder, chunk, 65536, out, &out_len), ==,
                        65536);
      decoded += out_len;
    }
  g_assert_cmpuint (surat_dot_decoder_feed (&decoder, (const guint8 *) "\r\n.\r\n", 5,
                                            out, &out_len), ==, 5);
  decoded += out_len;

  g_assert_true (surat_dot_decoder_is_done (&decoder));
  g_assert_cmpuint (decoded, ==, total + 1);
  g_assert_cmpint (out[0], ==, '\n');
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dot-decoder/every-split", test_every_split);
  g_test_add_func ("/dot-decoder/three-pieces", test_three_pieces);
  g_test_add_func ("/dot-decoder/not-done-without-terminator", test_not_done_without_terminator);
  g_test_add_func ("/dot-decoder/nothing-after-done", test_nothing_after_done);
  g_test_add_func ("/dot-decoder/long-line", test_long_line);

  return g_test_run ();
}
