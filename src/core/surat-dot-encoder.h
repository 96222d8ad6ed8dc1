/* surat-dot-encoder.h — a message made fit for SMTP DATA, as it streams
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The counterpart of SuratDotDecoder. A message as a Maildir stores it
 * (LF line ends; CRLF works too) goes in, in chunks split anywhere; what
 * SMTP DATA carries comes out (RFC 5321 §4.5.2, §2.3.8):
 *
 * - every line ends in CRLF: LF and CRLF become CRLF, and so does a bare
 *   CR, since RFC 5322 §2.3 allows CR only as half of CRLF and a stray one
 *   is what "SMTP smuggling" plays on;
 * - a line that starts with "." gets another "." in front;
 * - surat_dot_encoder_finish() ends the last line if the message did not,
 *   and writes the terminating ".\r\n".
 *
 * Nothing depends on line length: at most a CR and a few bytes of a header
 * field name are held back between chunks.
 *
 * With SURAT_DOT_ENCODER_STRIP_BCC, "Bcc:" fields of the header (up to the
 * first empty line), continuation lines included, are left out: the
 * message on disk keeps them so that a retry knows every recipient, the
 * copy that travels must not show them (RFC 5322 §3.6.3).
 *
 * While it encodes, it counts what RFC 1870 §3 calls the message size for
 * SIZE= (CRLF line ends, neither stuffing nor the terminator) and notes
 * whether any byte has the high bit set (for BODY=8BITMIME, RFC 6152).
 * Running a message through once just to count, and once more to send,
 * gives the same numbers.
 */

typedef enum {
  SURAT_DOT_ENCODER_NONE      = 0,
  SURAT_DOT_ENCODER_STRIP_BCC = 1 << 0,
} SuratDotEncoderFlags;

/* What surat_dot_encoder_feed() may write for @in_len bytes of input, and
 * surat_dot_encoder_finish() at most. */
#define SURAT_DOT_ENCODER_OUTPUT_SIZE(in_len) ((gsize) (in_len) * 2 + 64)
#define SURAT_DOT_ENCODER_FINISH_SIZE         64

typedef struct {
  /*< private >*/
  guint                 flags;
  gboolean              pending_cr;
  gboolean              line_start;
  gboolean              finished;
  guint                 header_state;
  gboolean              skipping;
  guint8                name[16];
  guint                 name_len;
  guint64               size;
  gboolean              eight_bit;
} SuratDotEncoder;

void     surat_dot_encoder_init     (SuratDotEncoder      *encoder,
                                     SuratDotEncoderFlags  flags);
/* Encodes @in into @out, which must hold SURAT_DOT_ENCODER_OUTPUT_SIZE
 * (@in_len) bytes. Returns how many bytes it wrote. */
gsize    surat_dot_encoder_feed     (SuratDotEncoder      *encoder,
                                     const guint8         *in,
                                     gsize                 in_len,
                                     guint8               *out);
/* Writes what was held back, a CRLF if the last line had none, and the
 * terminating ".\r\n" into @out (SURAT_DOT_ENCODER_FINISH_SIZE bytes).
 * Returns how many bytes it wrote. Feed nothing afterwards. */
gsize    surat_dot_encoder_finish   (SuratDotEncoder      *encoder,
                                     guint8               *out);
/* The message size so far per RFC 1870 §3: what was written, without the
 * stuffed dots and without the terminator. */
guint64  surat_dot_encoder_get_size (SuratDotEncoder      *encoder);
/* Whether any byte written so far is 8-bit (0x80–0xFF). */
gboolean surat_dot_encoder_is_8bit  (SuratDotEncoder      *encoder);

G_END_DECLS
