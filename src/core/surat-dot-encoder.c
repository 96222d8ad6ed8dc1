/* surat-dot-encoder.c — a message made fit for SMTP DATA, as it streams
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-dot-encoder.h"

/*
 * Three stages, byte by byte, with no buffer between them:
 *
 *   1. line ends: CR, LF and CRLF all become one logical '\n' (a CR is
 *      held until the next byte says whether an LF follows);
 *   2. the header filter (only with STRIP_BCC, only in the header): drops
 *      Bcc fields, holding the first bytes of each field name until they
 *      tell whether it is one;
 *   3. output: '\n' becomes CRLF, a "." at the start of a line is doubled.
 *
 * The body, where most bytes are, takes a shortcut through stage 3 in runs.
 */

/* Stage 2, at which point of a header line we are. */
enum {
  HEADER_DONE,        /* past the header, or not filtering at all */
  HEADER_LINE_START,  /* the first byte of a header line is next */
  HEADER_NAME,        /* holding the start of a field name in name[] */
  HEADER_PASS,        /* the rest of a line we keep */
  HEADER_SKIP,        /* the rest of a line we drop */
};

void
surat_dot_encoder_init (SuratDotEncoder      *encoder,
                        SuratDotEncoderFlags  flags)
{
  g_return_if_fail (encoder != NULL);

  memset (encoder, 0, sizeof *encoder);
  encoder->flags = flags;
  encoder->line_start = TRUE;
  encoder->header_state = (flags & SURAT_DOT_ENCODER_STRIP_BCC) ? HEADER_LINE_START :
                                                                  HEADER_DONE;
}

/* Stage 3: one logical byte out. */
static inline gsize
emit (SuratDotEncoder *encoder,
      guint8           c,
      guint8          *out)
{
  gsize o = 0;

  if (c == '\n')
    {
      out[o++] = '\r';
      out[o++] = '\n';
      encoder->size += 2;
      encoder->line_start = TRUE;
      return o;
    }

  /* RFC 5321 §4.5.2: a line that starts with "." gets one more. */
  if (encoder->line_start && c == '.')
    out[o++] = '.';

  out[o++] = c;
  encoder->size++;
  encoder->eight_bit |= c >= 0x80;
  encoder->line_start = FALSE;

  return o;
}

/* Whether name[] is the start of a Bcc field: 1 yes ("Bcc:", also with
 * white space before the colon, RFC 5322 §4.5.3), 0 not yet known, -1 no. */
static int
match_bcc (const guint8 *name,
           guint         len)
{
  static const char bcc[] = "bcc";

  for (guint i = 0; i < len; i++)
    {
      if (i < 3)
        {
          if (g_ascii_tolower (name[i]) != bcc[i])
            return -1;
        }
      else if (name[i] == ':')
        {
          return 1;
        }
      else if (name[i] != ' ' && name[i] != '\t')
        {
          return -1;
        }
    }

  return 0;
}

/* A byte that stage 2 keeps, passed on to stage 3. */
static inline gsize
header_pass (SuratDotEncoder *encoder,
             guint8           c,
             guint8          *out)
{
  if (c == '\n')
    encoder->header_state = HEADER_LINE_START;
  return emit (encoder, c, out);
}

/* Stage 2 for one logical byte. */
static gsize
header_filter (SuratDotEncoder *encoder,
               guint8           c,
               guint8          *out)
{
  gsize o = 0;

  switch (encoder->header_state)
    {
    case HEADER_LINE_START:
      if (c == '\n')
        {
          /* The empty line: the body starts, nothing more to filter. */
          encoder->header_state = HEADER_DONE;
          return emit (encoder, c, out);
        }
      if (c == ' ' || c == '\t')
        {
          /* RFC 5322 §2.2.3: a folded continuation of the field before. */
          encoder->header_state = encoder->skipping ? HEADER_SKIP : HEADER_PASS;
          return encoder->skipping ? 0 : emit (encoder, c, out);
        }
      encoder->skipping = FALSE;
      encoder->name_len = 0;
      encoder->header_state = HEADER_NAME;
      G_GNUC_FALLTHROUGH;

    case HEADER_NAME:
      encoder->name[encoder->name_len++] = c;
      switch (match_bcc (encoder->name, encoder->name_len))
        {
        case 1:
          encoder->skipping = TRUE;
          encoder->header_state = HEADER_SKIP;
          encoder->name_len = 0;
          return 0;
        case 0:
          if (encoder->name_len < sizeof encoder->name)
            return 0;
          break;
        default:
          break;
        }
      /* Not a Bcc field: out with what was held, this byte included. */
      encoder->header_state = HEADER_PASS;
      for (guint i = 0; i < encoder->name_len; i++)
        o += header_pass (encoder, encoder->name[i], out + o);
      encoder->name_len = 0;
      return o;

    case HEADER_SKIP:
      if (c == '\n')
        encoder->header_state = HEADER_LINE_START;
      return 0;

    case HEADER_PASS:
      return header_pass (encoder, c, out);

    case HEADER_DONE:
    default:
      return emit (encoder, c, out);
    }
}

gsize
surat_dot_encoder_feed (SuratDotEncoder *encoder,
                        const guint8    *in,
                        gsize            in_len,
                        guint8          *out)
{
  gsize i = 0;
  gsize o = 0;

  g_return_val_if_fail (encoder != NULL, 0);
  g_return_val_if_fail (!encoder->finished, 0);
  g_return_val_if_fail (in != NULL || in_len == 0, 0);
  g_return_val_if_fail (out != NULL || in_len == 0, 0);

  while (i < in_len)
    {
      guint8 c = in[i];

      /* The body, inside a line: copy up to the next CR or LF in one go. */
      if (!encoder->pending_cr && !encoder->line_start &&
          encoder->header_state == HEADER_DONE && c != '\r' && c != '\n')
        {
          gsize run = i;
          guint8 high = 0;

          while (run < in_len && in[run] != '\r' && in[run] != '\n')
            high |= in[run++];

          memcpy (out + o, in + i, run - i);
          o += run - i;
          encoder->size += run - i;
          encoder->eight_bit |= (high & 0x80) != 0;
          i = run;
          continue;
        }

      i++;

      /* Stage 1. */
      if (encoder->pending_cr)
        {
          encoder->pending_cr = FALSE;
          o += header_filter (encoder, '\n', out + o);
          if (c == '\n')
            continue;
        }

      if (c == '\r')
        {
          encoder->pending_cr = TRUE;
          continue;
        }

      o += header_filter (encoder, c, out + o);
    }

  return o;
}

gsize
surat_dot_encoder_finish (SuratDotEncoder *encoder,
                          guint8          *out)
{
  gsize o = 0;

  g_return_val_if_fail (encoder != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (!encoder->finished, 0);

  encoder->finished = TRUE;

  if (encoder->pending_cr)
    {
      encoder->pending_cr = FALSE;
      o += header_filter (encoder, '\n', out + o);
    }

  /* A field name cut short by the end of the file is no Bcc field. */
  if (encoder->header_state == HEADER_NAME)
    {
      encoder->header_state = HEADER_PASS;
      for (guint i = 0; i < encoder->name_len; i++)
        o += header_pass (encoder, encoder->name[i], out + o);
      encoder->name_len = 0;
    }

  /* RFC 5321 §4.1.1.4: the terminator is CRLF.CRLF, so the last line
   * must end before it. */
  if (!encoder->line_start)
    o += emit (encoder, '\n', out + o);

  memcpy (out + o, ".\r\n", 3);
  o += 3;

  return o;
}

guint64
surat_dot_encoder_get_size (SuratDotEncoder *encoder)
{
  g_return_val_if_fail (encoder != NULL, 0);

  return encoder->size;
}

gboolean
surat_dot_encoder_is_8bit (SuratDotEncoder *encoder)
{
  g_return_val_if_fail (encoder != NULL, FALSE);

  return encoder->eight_bit;
}
