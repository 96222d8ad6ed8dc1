/* surat-message-builder-mime.c — making MIME travel: encodings, the 7-bit
 * downgrade, and writing GMime objects to a GOutputStream
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-message-builder-private.h"

#define BLOCK_SIZE (64 * 1024)

/* Scanning */

void
_surat_text_scan_init (SuratTextScan *scan)
{
  memset (scan, 0, sizeof *scan);
}

void
_surat_text_scan_update (SuratTextScan *scan,
                         const guchar  *data,
                         gsize          len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if (scan->pending_cr)
        {
          scan->pending_cr = FALSE;
          if (c == '\n')
            {
              scan->crlf = TRUE;
              scan->max_line = MAX (scan->max_line, scan->line);
              scan->line = 0;
              continue;
            }
          /* RFC 5322 §2.3: CR and LF only ever come together. */
          scan->binary = TRUE;
          scan->line++;
        }

      switch (c)
        {
        case '\r':
          scan->pending_cr = TRUE;
          break;
        case '\n':
          scan->max_line = MAX (scan->max_line, scan->line);
          scan->line = 0;
          break;
        case '\0':
          scan->binary = TRUE;
          scan->line++;
          break;
        default:
          if (c >= 0x80)
            scan->eight_bit = TRUE;
          scan->line++;
          break;
        }
    }
}

void
_surat_text_scan_finish (SuratTextScan *scan)
{
  if (scan->pending_cr)
    {
      scan->binary = TRUE;
      scan->line++;
      scan->pending_cr = FALSE;
    }
  scan->max_line = MAX (scan->max_line, scan->line);
  scan->line = 0;
}

static gboolean
scan_stream (GMimeStream    *stream,
             SuratTextScan  *scan,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autofree guchar *block = g_malloc (BLOCK_SIZE);

  _surat_text_scan_init (scan);
  if (g_mime_stream_reset (stream) == -1)
    goto failed;

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* A bounded stream answers -1 at its end, not 0. */
      if (g_mime_stream_eos (stream))
        break;
      errno = 0;
      n = g_mime_stream_read (stream, (char *) block, BLOCK_SIZE);
      if (n < 0 && g_mime_stream_eos (stream))
        break;
      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      _surat_text_scan_update (scan, block, n);
    }

  _surat_text_scan_finish (scan);
  if (g_mime_stream_reset (stream) == -1)
    goto failed;
  return TRUE;

failed:
  {
    int saved = errno != 0 ? errno : EIO;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("Could not read the message: %s"), g_strerror (saved));
    return FALSE;
  }
}

/* Re-encoding */

static gboolean
has_8bit (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return TRUE;
  return FALSE;
}

static gboolean
headers_have_8bit (GMimeObject *object)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);
  int n = g_mime_header_list_get_count (headers);

  for (int i = 0; i < n; i++)
    if (has_8bit (g_mime_header_get_raw_value (g_mime_header_list_get_header_at (headers, i))))
      return TRUE;

  return FALSE;
}

/* RFC 6532 headers of a message inside the body: RFC 2047 encoded-words
 * instead where GMime can (a UTF-8 local part has no 7-bit form). */
static void
encode_8bit_headers (GMimeObject *object)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);
  int n = g_mime_header_list_get_count (headers);

  for (int i = 0; i < n; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      g_autofree char *value = NULL;

      if (!has_8bit (g_mime_header_get_raw_value (header)))
        continue;
      value = g_strdup (g_mime_header_get_value (header));
      if (value != NULL && g_utf8_validate (value, -1, NULL))
        g_mime_header_set_value (header, NULL, value, "utf-8");
    }
}

static void
set_transfer_encoding_header (GMimeObject *object,
                              gboolean     eight_bit)
{
  const char *current = g_mime_object_get_header (object, "Content-Transfer-Encoding");

  /* RFC 2046 §5.2.1, §5.1: a message/rfc822 or multipart is 7bit, 8bit
   * or binary: say 8bit exactly when it holds 8-bit octets. */
  if (eight_bit)
    g_mime_object_set_header (object, "Content-Transfer-Encoding", "8bit", NULL);
  else if (current != NULL)
    g_mime_object_remove_header (object, "Content-Transfer-Encoding");
}

static gboolean
make_part_transportable (GMimePart     *part,
                         gboolean       allow_8bit,
                         gboolean      *eight_bit,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GMimeContentEncoding encoding = g_mime_part_get_content_encoding (part);
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  gboolean text = type != NULL && g_mime_content_type_is_type (type, "text", "*");
  SuratTextScan scan;

  /* These are 7-bit with short lines by construction. */
  if (content == NULL || encoding == GMIME_CONTENT_ENCODING_BASE64 ||
      encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
      encoding == GMIME_CONTENT_ENCODING_UUENCODE)
    return TRUE;

  if (!scan_stream (g_mime_data_wrapper_get_stream (content), &scan, cancellable, error))
    return FALSE;

  if (scan.binary || scan.max_line > SURAT_MAX_LINE_LENGTH || (scan.eight_bit && !allow_8bit))
    {
      if (text && scan.crlf)
        {
          /* Quoted-printable would keep the CRs as "=0D": read the text
           * through a CRLF → LF filter instead, still from the file. */
          GMimeStream *source = g_mime_data_wrapper_get_stream (content);
          g_autoptr(GMimeStream) filtered = g_mime_stream_filter_new (source);
          g_autoptr(GMimeFilter) dos2unix = g_mime_filter_dos2unix_new (FALSE);
          g_autoptr(GMimeDataWrapper) wrapper = NULL;

          g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), dos2unix);
          wrapper = g_mime_data_wrapper_new_with_stream (filtered,
                                                         g_mime_data_wrapper_get_encoding (content));
          g_mime_part_set_content (part, wrapper);
        }

      g_mime_part_set_content_encoding (part, text ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
                                                   : GMIME_CONTENT_ENCODING_BASE64);
      return TRUE;
    }

  if (scan.eight_bit)
    {
      /* Also when it was mislabelled 7bit. */
      if (encoding != GMIME_CONTENT_ENCODING_8BIT)
        g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_8BIT);
      *eight_bit = TRUE;
    }

  return TRUE;
}

gboolean
_surat_mime_make_transportable (GMimeObject   *object,
                                gboolean       allow_8bit,
                                gboolean      *eight_bit,
                                GCancellable  *cancellable,
                                GError       **error)
{
  gboolean inner_8bit = FALSE;

  if (GMIME_IS_MESSAGE (object))
    {
      GMimeObject *body = g_mime_message_get_mime_part (GMIME_MESSAGE (object));

      if (!allow_8bit)
        encode_8bit_headers (object);
      if (body != NULL &&
          !_surat_mime_make_transportable (body, allow_8bit, &inner_8bit, cancellable, error))
        return FALSE;
      *eight_bit |= inner_8bit || headers_have_8bit (object);
      return TRUE;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *message = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      if (message != NULL &&
          !_surat_mime_make_transportable (GMIME_OBJECT (message), allow_8bit, &inner_8bit,
                                           cancellable, error))
        return FALSE;
      set_transfer_encoding_header (object, inner_8bit);
      *eight_bit |= inner_8bit;
      return TRUE;
    }

  if (GMIME_IS_MULTIPART (object))
    {
      int n = g_mime_multipart_get_count (GMIME_MULTIPART (object));

      for (int i = 0; i < n; i++)
        {
          if (!_surat_mime_make_transportable (g_mime_multipart_get_part (GMIME_MULTIPART (object), i),
                                               allow_8bit, &inner_8bit, cancellable, error))
            return FALSE;
        }
      if (g_mime_object_get_header (object, "Content-Transfer-Encoding") != NULL)
        set_transfer_encoding_header (object, inner_8bit);
      *eight_bit |= inner_8bit;
      return TRUE;
    }

  if (GMIME_IS_PART (object))
    return make_part_transportable (GMIME_PART (object), allow_8bit, eight_bit, cancellable,
                                    error);

  return TRUE;
}

/* Parsing */

GMimeMessage *
_surat_mime_parse_file (const char  *path,
                        GError     **error)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), shown, g_strerror (saved));
      return NULL;
    }

  /* The stream owns the descriptor; with a persistent stream, GMime reads
   * part contents from the file when they are written, not now. */
  stream = g_mime_stream_fs_new (fd);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_persist_stream (parser, TRUE);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  message = g_mime_parser_construct_message (parser, NULL);

  /* GMime makes a message of anything; one with no header at all is not
   * one. */
  if (message == NULL ||
      g_mime_header_list_get_count (g_mime_object_get_header_list (GMIME_OBJECT (message))) == 0)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, SURAT_MESSAGE_BUILDER_ERROR, SURAT_MESSAGE_BUILDER_ERROR_NOT_A_MESSAGE,
                   _("“%s” is not an e-mail message"), shown);
      return NULL;
    }

  /* Part contents are substreams sharing the descriptor without a
   * reference: the file stays open exactly as long as the message lives. */
  g_object_set_data_full (G_OBJECT (message), "surat-source-stream", g_object_ref (stream),
                          g_object_unref);
  return g_steal_pointer (&message);
}

/* Writing: a GMimeStream over a GOutputStream */

#define SURAT_TYPE_GMIME_OUTPUT (surat_gmime_output_get_type ())
G_DECLARE_FINAL_TYPE (SuratGMimeOutput, surat_gmime_output, SURAT, GMIME_OUTPUT, GMimeStream)

struct _SuratGMimeOutput
{
  GMimeStream    parent_instance;
  GOutputStream *output;
  GCancellable  *cancellable;
  GError        *error;      /* the first write error */
};

G_DEFINE_FINAL_TYPE (SuratGMimeOutput, surat_gmime_output, GMIME_TYPE_STREAM)

static ssize_t
surat_gmime_output_read (GMimeStream *stream,
                         char        *buf,
                         size_t       len)
{
  errno = EBADF;
  return -1;
}

static ssize_t
surat_gmime_output_write (GMimeStream *stream,
                          const char  *buf,
                          size_t       len)
{
  SuratGMimeOutput *self = SURAT_GMIME_OUTPUT (stream);

  if (self->error != NULL ||
      !g_output_stream_write_all (self->output, buf, len, NULL, self->cancellable, &self->error))
    {
      errno = EIO;
      return -1;
    }

  stream->position += len;
  return len;
}

static int
surat_gmime_output_flush (GMimeStream *stream)
{
  SuratGMimeOutput *self = SURAT_GMIME_OUTPUT (stream);

  if (self->error != NULL ||
      !g_output_stream_flush (self->output, self->cancellable, &self->error))
    {
      errno = EIO;
      return -1;
    }

  return 0;
}

static int
surat_gmime_output_close (GMimeStream *stream)
{
  /* The caller owns the GOutputStream. */
  return 0;
}

static gboolean
surat_gmime_output_eos (GMimeStream *stream)
{
  return FALSE;
}

static int
surat_gmime_output_reset (GMimeStream *stream)
{
  errno = ESPIPE;
  return -1;
}

static gint64
surat_gmime_output_seek (GMimeStream     *stream,
                         gint64           offset,
                         GMimeSeekWhence  whence)
{
  errno = ESPIPE;
  return -1;
}

static gint64
surat_gmime_output_tell (GMimeStream *stream)
{
  return stream->position;
}

static gint64
surat_gmime_output_length (GMimeStream *stream)
{
  return -1;
}

static GMimeStream *
surat_gmime_output_substream (GMimeStream *stream,
                              gint64       start,
                              gint64       end)
{
  return NULL;
}

static void
surat_gmime_output_finalize (GObject *object)
{
  SuratGMimeOutput *self = SURAT_GMIME_OUTPUT (object);

  g_clear_object (&self->output);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (surat_gmime_output_parent_class)->finalize (object);
}

static void
surat_gmime_output_class_init (SuratGMimeOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

  object_class->finalize = surat_gmime_output_finalize;

  stream_class->read = surat_gmime_output_read;
  stream_class->write = surat_gmime_output_write;
  stream_class->flush = surat_gmime_output_flush;
  stream_class->close = surat_gmime_output_close;
  stream_class->eos = surat_gmime_output_eos;
  stream_class->reset = surat_gmime_output_reset;
  stream_class->seek = surat_gmime_output_seek;
  stream_class->tell = surat_gmime_output_tell;
  stream_class->length = surat_gmime_output_length;
  stream_class->substream = surat_gmime_output_substream;
}

static void
surat_gmime_output_init (SuratGMimeOutput *self)
{
}

static GMimeStream *
surat_gmime_output_new (GOutputStream *output,
                        GCancellable  *cancellable)
{
  SuratGMimeOutput *self = g_object_new (SURAT_TYPE_GMIME_OUTPUT, NULL);

  g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
  self->output = g_object_ref (output);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  return GMIME_STREAM (self);
}

gboolean
_surat_mime_write (GMimeObject    *object,
                   GOutputStream  *stream,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (stream, BLOCK_SIZE);
  g_autoptr(GMimeStream) sink = NULL;
  g_autoptr(GMimeStream) filtered = NULL;
  g_autoptr(GMimeFilter) dos2unix = g_mime_filter_dos2unix_new (FALSE);
  g_autoptr(GMimeFormatOptions) options = g_mime_format_options_new ();
  SuratGMimeOutput *output;
  gboolean ok;

  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);
  sink = surat_gmime_output_new (buffered, cancellable);
  output = SURAT_GMIME_OUTPUT (sink);
  filtered = g_mime_stream_filter_new (sink);
  /* LF line ends, as a Maildir file has them: GMime's own newlines are LF
   * with these options; the filter also turns the CRLFs of a forwarded
   * .eml file into LF. */
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), dos2unix);
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_UNIX);

  errno = 0;
  ok = g_mime_object_write_to_stream (object, options, filtered) != -1 &&
       g_mime_stream_flush (filtered) != -1;
  if (!ok)
    {
      int saved = errno;

      if (output->error != NULL)
        g_propagate_error (error, g_steal_pointer (&output->error));
      else
        /* Not the output: a file being read (an attachment that went away). */
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not write the message: %s"),
                     g_strerror (saved != 0 ? saved : EIO));
      return FALSE;
    }

  /* Closing the buffer flushes it; the caller's stream stays open. */
  return g_output_stream_close (buffered, cancellable, error) &&
         g_output_stream_flush (stream, cancellable, error);
}

/* Message files */

gboolean
surat_message_file_scan (const char             *path,
                         SuratMessageFileFlags  *flags,
                         GCancellable           *cancellable,
                         GError                **error)
{
  g_autofree guchar *block = NULL;
  SuratTextScan header;
  SuratTextScan body;
  SuratMessageFileFlags result = SURAT_MESSAGE_FILE_7BIT;
  gboolean in_header = TRUE;
  gsize line = 0;     /* octets in the current line, for the end of the header */
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (flags != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }

  block = g_malloc (BLOCK_SIZE);
  _surat_text_scan_init (&header);
  _surat_text_scan_init (&body);

  for (;;)
    {
      gssize n;
      gsize offset = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }

      n = read (fd, block, BLOCK_SIZE);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *shown = g_filename_display_name (path);

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “%s”: %s"), shown, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;

      /* RFC 5322 §2.1: the header ends at the first empty line. */
      while (in_header && offset < (gsize) n)
        {
          guchar c = block[offset++];

          if (c == '\n')
            {
              if (line == 0)
                in_header = FALSE;
              line = 0;
            }
          else if (c != '\r')
            {
              line++;
            }
        }
      _surat_text_scan_update (&header, block, offset);
      _surat_text_scan_update (&body, block + offset, n - offset);
    }
  close (fd);

  _surat_text_scan_finish (&header);
  _surat_text_scan_finish (&body);

  if (header.eight_bit)
    result |= SURAT_MESSAGE_FILE_8BIT_HEADERS;
  if (body.eight_bit)
    result |= SURAT_MESSAGE_FILE_8BIT_BODY;
  if (header.max_line > SURAT_MAX_LINE_LENGTH || body.max_line > SURAT_MAX_LINE_LENGTH)
    result |= SURAT_MESSAGE_FILE_LONG_LINES;
  if (header.binary || body.binary)
    result |= SURAT_MESSAGE_FILE_BINARY;

  *flags = result;
  return TRUE;
}

gboolean
surat_message_file_downgrade_to_7bit (const char     *path,
                                      GOutputStream  *stream,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  GMimeObject *body;
  gboolean eight_bit = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  message = _surat_mime_parse_file (path, error);
  if (message == NULL)
    return FALSE;

  /* The top-level header stays as it is: 8-bit there is SMTPUTF8's
   * business (RFC 6532), which a downgrade cannot fix. */
  body = g_mime_message_get_mime_part (message);
  if (body != NULL &&
      !_surat_mime_make_transportable (body, FALSE, &eight_bit, cancellable, error))
    return FALSE;

  return _surat_mime_write (GMIME_OBJECT (message), stream, cancellable, error);
}
