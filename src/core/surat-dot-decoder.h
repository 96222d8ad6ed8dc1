/* surat-dot-decoder.h — the body of a multi-line reply, decoded as it streams
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * RFC 1939 §3: a multi-line response ends with "CRLF.CRLF"; a line that
 * starts with "." has an extra "." stuffed in front. The decoder removes
 * the stuffing, turns CRLF into LF (Maildir stores LF), and stops at the
 * terminator, across any split of the input into chunks. Lines have no
 * length limit here: a body is never held whole in memory.
 * A bare LF also ends a line; a bare CR is kept.
 */
typedef struct {
  guint    state;
  gboolean done;
} SuratDotDecoder;

void     surat_dot_decoder_init    (SuratDotDecoder *decoder);
/* Decodes from @in into @out, which must hold @in_len + 1 bytes: a CR held
 * back at the end of the previous chunk (it may yet turn out to be half of
 * a CRLF) comes out now when it was not. Returns how many bytes of @in
 * were consumed: all of them, or fewer when the terminator was reached —
 * the rest belongs to the next reply. After the terminator it consumes
 * nothing. */
gsize    surat_dot_decoder_feed    (SuratDotDecoder *decoder,
                                    const guint8    *in,
                                    gsize            in_len,
                                    guint8          *out,
                                    gsize           *out_len);
gboolean surat_dot_decoder_is_done (SuratDotDecoder *decoder);

G_END_DECLS
