/* surat-dot-decoder.c — the body of a multi-line reply, decoded as it streams
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "surat-dot-decoder.h"

/* Where we are in the current line. Only CR and DOT_CR hold back a byte
 * (a CR whose meaning depends on the next byte); nothing else is kept
 * between calls, so memory use does not depend on line length. */
enum {
  STATE_LINE_START,   /* at the first byte of a line */
  STATE_MID_LINE,     /* inside a line */
  STATE_CR,           /* inside a line, after a CR we have not written yet */
  STATE_DOT,          /* a line began with "." */
  STATE_DOT_CR,       /* a line began with ".\r" */
};

void
surat_dot_decoder_init (SuratDotDecoder *decoder)
{
  g_return_if_fail (decoder != NULL);

  decoder->state = STATE_LINE_START;
  decoder->done = FALSE;
}

gsize
surat_dot_decoder_feed (SuratDotDecoder *decoder,
                        const guint8    *in,
                        gsize            in_len,
                        guint8          *out,
                        gsize           *out_len)
{
  guint state;
  gsize i = 0;
  gsize o = 0;

  g_return_val_if_fail (decoder != NULL, 0);
  g_return_val_if_fail (in != NULL || in_len == 0, 0);
  g_return_val_if_fail (out != NULL || in_len == 0, 0);
  g_return_val_if_fail (out_len != NULL, 0);

  *out_len = 0;
  if (decoder->done)
    return 0;

  state = decoder->state;

  while (i < in_len)
    {
      guint8 c = in[i];

      switch (state)
        {
        case STATE_MID_LINE:
          {
            /* The common case: copy up to the next CR or LF in one go. */
            gsize run = i;

            while (run < in_len && in[run] != '\r' && in[run] != '\n')
              run++;
            if (run > i)
              {
                memcpy (out + o, in + i, run - i);
                o += run - i;
                i = run;
                continue;
              }

            if (c == '\r')
              {
                state = STATE_CR;
              }
            else
              {
                /* A bare LF ends a line, like CRLF. */
                out[o++] = '\n';
                state = STATE_LINE_START;
              }
            i++;
          }
          break;

        case STATE_LINE_START:
          if (c == '.')
            {
              state = STATE_DOT;
              i++;
            }
          else
            {
              /* Look at this byte again as part of the line. */
              state = STATE_MID_LINE;
            }
          break;

        case STATE_CR:
          if (c == '\n')
            {
              /* RFC 1939 §3: CRLF; Maildir stores LF. */
              out[o++] = '\n';
              state = STATE_LINE_START;
              i++;
            }
          else
            {
              /* A bare CR is data: write it, and look at this byte again
               * (it may be another CR). */
              out[o++] = '\r';
              state = STATE_MID_LINE;
            }
          break;

        case STATE_DOT:
          if (c == '\r')
            {
              state = STATE_DOT_CR;
              i++;
            }
          else if (c == '\n')
            {
              /* ".\n": the terminator, from a server that ends lines
               * with a bare LF. */
              i++;
              decoder->done = TRUE;
              goto out;
            }
          else
            {
              /* RFC 1939 §3: a line that starts with "." and is not the
               * terminator loses that first "."; ".." becomes ".". */
              state = STATE_MID_LINE;
            }
          break;

        case STATE_DOT_CR:
          if (c == '\n')
            {
              /* "CRLF.CRLF": the end of the reply. */
              i++;
              decoder->done = TRUE;
              goto out;
            }
          else
            {
              /* ".\rX": the dot was stuffing, and the CR is held as in any
               * other line. */
              state = STATE_CR;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

out:
  decoder->state = state;
  *out_len = o;
  return i;
}

gboolean
surat_dot_decoder_is_done (SuratDotDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, FALSE);

  return decoder->done;
}
