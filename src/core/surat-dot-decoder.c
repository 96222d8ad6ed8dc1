/* STUB: generated placeholder, to be replaced */
#include "config.h"

#include "surat-dot-decoder.h"

void
surat_dot_decoder_init (SuratDotDecoder *decoder)
{ }

gsize
surat_dot_decoder_feed (SuratDotDecoder *decoder, const guint8 *in, gsize in_len, guint8 *out, gsize *out_len)
{ return 0; }

gboolean
surat_dot_decoder_is_done (SuratDotDecoder *decoder)
{ return 0; }

