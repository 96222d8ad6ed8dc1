/* test-dot-encoder.c — CRLF, dot-stuffing and Bcc stripping, across every split
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-dot-encoder.h"

typedef struct {
  const char           *name;
  SuratDotEncoderFlags  flags;
  const char           *input;   /* the message as stored */
  const char           *wire;    /* what DATA must carry, terminator included */
  gboolean              eight_bit;
} Case;

#define STRIP SURAT_DOT_ENCODER_STRIP_BCC

static const Case cases[] = {
  { "simple", 0, "Subject: hi\n\nHello\n", "Subject: hi\r\n\r\nHello\r\n.\r\n", FALSE },
  { "crlf-input", 0, "a\r\nb\r\n", "a\r\nb\r\n.\r\n", FALSE },
  { "mixed-line-ends", 0, "a\r\nb\nc\r\n", "a\r\nb\r\nc\r\n.\r\n", FALSE },
  { "empty", 0, "", ".\r\n", FALSE },
  { "lone-dot", 0, ".\n", "..\r\n.\r\n", FALSE },
  { "lone-dot-crlf", 0, "a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n", FALSE },
  { "dots", 0, ".\n..\n.x\nx.\n", "..\r\n...\r\n..x\r\nx.\r\n.\r\n", FALSE },
  { "no-final-newline", 0, "abc", "abc\r\n.\r\n", FALSE },
  { "no-final-newline-dot", 0, "a\n.", "a\r\n..\r\n.\r\n", FALSE },
  { "bare-cr", 0, "a\rb\r\r\n", "a\r\nb\r\n\r\n.\r\n", FALSE },
  { "bare-cr-dot", 0, "a\r.\r\n", "a\r\n..\r\n.\r\n", FALSE },
  { "lf-dot-cr", 0, "a\n.\r", "a\r\n..\r\n.\r\n", FALSE },
  /* The shapes of "SMTP smuggling": none may end the data early. */
  { "smuggling", 0, "x\n.\r\nMAIL FROM:<evil>\n", "x\r\n..\r\nMAIL FROM:<evil>\r\n.\r\n", FALSE },
  { "smuggling-cr", 0, "x\r.\rRSET\r", "x\r\n..\r\nRSET\r\n.\r\n", FALSE },
  { "empty-lines", 0, "\n\n", "\r\n\r\n.\r\n", FALSE },
  { "trailing-cr", 0, "a\r", "a\r\n.\r\n", FALSE },
  { "eight-bit", 0, "caf\xc3\xa9\n", "caf\xc3\xa9\r\n.\r\n", TRUE },
  { "eight-bit-line-start", 0, "\xc3\xa9t\xc3\xa9\n", "\xc3\xa9t\xc3\xa9\r\n.\r\n", TRUE },
  { "bcc-kept-without-flag", 0, "Bcc: b\n\nx\n", "Bcc: b\r\n\r\nx\r\n.\r\n", FALSE },
  { "bcc", STRIP, "To: a\nBcc: b\nSubject: s\n\nBcc: body\n",
    "To: a\r\nSubject: s\r\n\r\nBcc: body\r\n.\r\n", FALSE },
  { "bcc-folded", STRIP, "Bcc: b,\n c\n\td\nTo: a\n\nx\n", "To: a\r\n\r\nx\r\n.\r\n", FALSE },
  { "bcc-spellings", STRIP, "BCC : x\nbcc:y\nBccc: keep\nBc: keep\nXBcc: keep\nBcc\n\n",
    "Bccc: keep\r\nBc: keep\r\nXBcc: keep\r\nBcc\r\n\r\n.\r\n", FALSE },
  { "bcc-crlf", STRIP, "Bcc: x\r\nTo: y\r\n\r\n", "To: y\r\n\r\n.\r\n", FALSE },
  { "bcc-last", STRIP, "To: a\nBcc: b", "To: a\r\n.\r\n", FALSE },
  { "bcc-cut-short", STRIP, "To: a\nBc", "To: a\r\nBc\r\n.\r\n", FALSE },
  { "folded-kept", STRIP, "To: a,\n b\nBcc: c\n\n", "To: a,\r\n b\r\n\r\n.\r\n", FALSE },
  { "bcc-eight-bit-not-counted", STRIP, "Bcc: J\xc3\xb6rg <j@x>\n\nhi\n", "\r\nhi\r\n.\r\n",
    FALSE },
  { "bcc-bare-cr", STRIP, "Bcc: x\rTo: y\r\r.\r", "To: y\r\n\r\n..\r\n.\r\n", FALSE },
  { "header-dot", STRIP, ".x: y\n\n.\n", "..x: y\r\n\r\n..\r\n.\r\n", FALSE },
};

/* RFC 1870 §3: the size is what is sent without the stuffed dots and the
 * terminator; every line of @wire that starts with "." was stuffed. */
static guint64
expected_size (const char *wire)
{
  gsize len = strlen (wire) - 3;
  guint64 size = len;

  for (gsize i = 0; i < len; i++)
    if (wire[i] == '.' && (i == 0 || wire[i - 1] == '\n'))
      size--;

  return size;
}

/* Encodes @input cut at @splits (ascending, each < the length), each piece
 * into a buffer of exactly the promised size, so that an overrun shows
 * under ASan. */
static GByteArray *
encode_split (const Case  *c,
              const gsize *splits,
              guint        n_splits,
              guint64     *size,
              gboolean    *eight_bit)
{
  SuratDotEncoder encoder;
  GByteArray *out = g_byte_array_new ();
  gsize len = strlen (c->input);
  gsize start = 0;
  guint8 tail[SURAT_DOT_ENCODER_FINISH_SIZE];
  gsize n;

  surat_dot_encoder_init (&encoder, c->flags);

  for (guint i = 0; i <= n_splits; i++)
    {
      gsize end = i < n_splits ? splits[i] : len;
      gsize bound = SURAT_DOT_ENCODER_OUTPUT_SIZE (end - start);
      g_autofree guint8 *buffer = g_malloc (bound);

      n = surat_dot_encoder_feed (&encoder, (const guint8 *) c->input + start, end - start,
                                  buffer);
      g_assert_cmpuint (n, <=, bound);
      g_byte_array_append (out, buffer, n);
      start = end;
    }

  n = surat_dot_encoder_finish (&encoder, tail);
  g_assert_cmpuint (n, <=, sizeof tail);
  g_byte_array_append (out, tail, n);

  *size = surat_dot_encoder_get_size (&encoder);
  *eight_bit = surat_dot_encoder_is_8bit (&encoder);

  return out;
}

static void
assert_case (const Case  *c,
             const gsize *splits,
             guint        n_splits)
{
  g_autoptr(GByteArray) out = NULL;
  guint64 size = 0;
  gboolean eight_bit = FALSE;

  out = encode_split (c, splits, n_splits, &size, &eight_bit);
  if (out->len != strlen (c->wire) || memcmp (out->data, c->wire, out->len) != 0)
    {
      g_autofree char *got = g_strescape ((const char *) g_byte_array_append (out,
                                                                             (guint8 *) "", 1)->data,
                                          NULL);
      g_autofree char *want = g_strescape (c->wire, NULL);

      g_error ("case %s split at %" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT ": got “%s”, want “%s”",
               c->name, n_splits > 0 ? splits[0] : 0, n_splits > 1 ? splits[1] : 0, got, want);
    }
  g_assert_cmpuint (size, ==, expected_size (c->wire));
  g_assert_cmpint (eight_bit, ==, c->eight_bit);
}

/* Whole, and cut in two at every position. */
static void
test_every_split (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].input);

      assert_case (&cases[i], NULL, 0);
      for (gsize split = 0; split <= len; split++)
        assert_case (&cases[i], &split, 1);
    }
}

/* Cut in three at every pair of positions: a CR, a dot and a field name
 * may each straddle two cuts. */
static void
test_three_pieces (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].input);

      for (gsize a = 0; a <= len; a++)
        for (gsize b = a; b <= len; b++)
          {
            gsize splits[] = { a, b };

            assert_case (&cases[i], splits, 2);
          }
    }
}

/* One byte at a time is the hardest split of all. */
static void
test_byte_by_byte (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].input);
      g_autofree gsize *splits = g_new (gsize, len + 1);

      for (gsize j = 0; j < len; j++)
        splits[j] = j + 1;
      assert_case (&cases[i], splits, len > 0 ? len - 1 : 0);
    }
}

/* An independent, obviously right encoder: whole input in memory, line by
 * line. */
static GByteArray *
reference_encode (const guint8 *in,
                  gsize         len)
{
  GByteArray *out = g_byte_array_new ();
  gboolean line_start = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (in[i] == '\r' || in[i] == '\n')
        {
          g_byte_array_append (out, (guint8 *) "\r\n", 2);
          if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
            i++;
          line_start = TRUE;
          continue;
        }
      if (line_start && in[i] == '.')
        g_byte_array_append (out, (guint8 *) ".", 1);
      g_byte_array_append (out, &in[i], 1);
      line_start = FALSE;
    }
  if (!line_start)
    g_byte_array_append (out, (guint8 *) "\r\n", 2);
  g_byte_array_append (out, (guint8 *) ".\r\n", 3);

  return out;
}

/* Random messages from the bytes that matter, cut at random places, must
 * come out as the reference says. */
static void
test_random (void)
{
  static const guint8 alphabet[] = { '\r', '\n', '.', 'a', ':', ' ', 0xc3 };
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint round = 0; round < 2000; round++)
    {
      gsize len = g_rand_int_range (rand, 0, 64);
      g_autofree guint8 *in = g_malloc (len + 1);
      g_autoptr(GByteArray) want = NULL;
      g_autoptr(GByteArray) got = g_byte_array_new ();
      SuratDotEncoder encoder;
      guint8 tail[SURAT_DOT_ENCODER_FINISH_SIZE];
      gsize start = 0;

      for (gsize i = 0; i < len; i++)
        in[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
      want = reference_encode (in, len);

      surat_dot_encoder_init (&encoder, SURAT_DOT_ENCODER_NONE);
      while (start < len)
        {
          gsize piece = g_rand_int_range (rand, 1, len - start + 1);
          g_autofree guint8 *buffer = g_malloc (SURAT_DOT_ENCODER_OUTPUT_SIZE (piece));
          gsize n = surat_dot_encoder_feed (&encoder, in + start, piece, buffer);

          g_byte_array_append (got, buffer, n);
          start += piece;
        }
      g_byte_array_append (got, tail, surat_dot_encoder_finish (&encoder, tail));

      g_assert_cmpmem (got->data, got->len, want->data, want->len);
      g_assert_cmpuint (surat_dot_encoder_get_size (&encoder), <=, got->len - 3);
    }

  g_rand_free (rand);
}

/* A line of megabytes holds nothing back: memory does not grow with it. */
static void
test_long_line (void)
{
  SuratDotEncoder encoder;
  gsize len = 4 * 1024 * 1024;
  g_autofree guint8 *in = g_malloc (len);
  g_autofree guint8 *out = g_malloc (SURAT_DOT_ENCODER_OUTPUT_SIZE (len));
  guint8 tail[SURAT_DOT_ENCODER_FINISH_SIZE];
  gsize n;

  memset (in, 'x', len);
  in[0] = '.';

  surat_dot_encoder_init (&encoder, SURAT_DOT_ENCODER_NONE);
  n = surat_dot_encoder_feed (&encoder, in, len, out);
  g_assert_cmpuint (n, ==, len + 1);
  g_assert_cmpint (out[0], ==, '.');
  g_assert_cmpint (out[1], ==, '.');
  g_assert_cmpint (out[n - 1], ==, 'x');
  n = surat_dot_encoder_finish (&encoder, tail);
  g_assert_cmpmem (tail, n, "\r\n.\r\n", 5);
  g_assert_cmpuint (surat_dot_encoder_get_size (&encoder), ==, len + 2);
}

/* The worst case for the output bound: every byte doubles, and a CR and a
 * held field name come out on top. */
static void
test_worst_case_bound (void)
{
  static const char *inputs[] = { "\n\n\n\n", "....", "\r.\r.\r.", ".\n.\n" };
  SuratDotEncoder encoder;
  guint8 out[SURAT_DOT_ENCODER_OUTPUT_SIZE (1)];
  guint8 tail[SURAT_DOT_ENCODER_FINISH_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      surat_dot_encoder_init (&encoder, SURAT_DOT_ENCODER_STRIP_BCC);
      for (const char *p = inputs[i]; *p != '\0'; p++)
        g_assert_cmpuint (surat_dot_encoder_feed (&encoder, (const guint8 *) p, 1, out), <=,
                          sizeof out);
      g_assert_cmpuint (surat_dot_encoder_finish (&encoder, tail), <=, sizeof tail);
    }

  /* A held name of 15 bytes let go by the 16th. */
  surat_dot_encoder_init (&encoder, SURAT_DOT_ENCODER_STRIP_BCC);
  g_assert_cmpuint (surat_dot_encoder_feed (&encoder, (const guint8 *) "Bcc", 3, out), ==, 0);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (surat_dot_encoder_feed (&encoder, (const guint8 *) " ", 1, out), ==, 0);
  g_assert_cmpuint (surat_dot_encoder_feed (&encoder, (const guint8 *) "\n", 1, out), ==, 17);
  g_assert_cmpmem (out, 17, "Bcc            \r\n", 17);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dot-encoder/every-split", test_every_split);
  g_test_add_func ("/dot-encoder/three-pieces", test_three_pieces);
  g_test_add_func ("/dot-encoder/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/dot-encoder/random", test_random);
  g_test_add_func ("/dot-encoder/long-line", test_long_line);
  g_test_add_func ("/dot-encoder/worst-case-bound", test_worst_case_bound);

  return g_test_run ();
}
