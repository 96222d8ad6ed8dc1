/* surat-message-builder-private.h — what the message builder's files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "surat-gmime-autocleanups.h"
#include "surat-message-builder.h"

G_BEGIN_DECLS

/* RFC 5322 §2.1.1: "Each line of characters MUST be no more than 998
 * characters, … excluding the CRLF"; and SHOULD be no more than 78. RFC
 * 2047 §2 allows 76 on a line with encoded-words: we fold all at 76. */
#define SURAT_MAX_LINE_LENGTH 998
#define SURAT_FOLD_LENGTH     76

/* No real name is this long, and a longer one could make a header line
 * that cannot be folded under 998 octets. */
#define SURAT_MAX_NAME        500

static inline gboolean
_surat_is_control (char c)
{
  return c == '\r' || c == '\n' || c == '\0';
}

static inline gboolean
_surat_is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

/* RFC 5322 §3.2.3 atext, and RFC 6532 §3.2: any non-ASCII UTF-8. */
static inline gboolean
_surat_is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* surat-message-builder-mime.c */

/* What matters to SMTP about some octets, fed block by block: */
typedef struct {
  gboolean eight_bit;   /* an octet over 127 */
  gboolean binary;      /* NUL, or a CR that does not end a line */
  gboolean crlf;        /* some line ends are CRLF */
  gsize    max_line;    /* the longest line, in octets, without its end */
  /* < private > */
  gsize    line;
  gboolean pending_cr;
} SuratTextScan;

void      _surat_text_scan_init                 (SuratTextScan      *scan);
void      _surat_text_scan_update               (SuratTextScan      *scan,
                                                 const guchar       *data,
                                                 gsize               len);
void      _surat_text_scan_finish               (SuratTextScan      *scan);

/* Re-encodes the parts of @object that could not travel: binary, lines
 * over 998 octets, or 8-bit when !@allow_8bit. *@eight_bit tells whether
 * 8-bit octets remain in its body. Descends into message/rfc822. */
gboolean  _surat_mime_make_transportable        (GMimeObject        *object,
                                                 gboolean            allow_8bit,
                                                 gboolean           *eight_bit,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Writes @object to @stream with LF line ends through a buffer; flushes
 * @stream, does not close it. */
gboolean  _surat_mime_write                     (GMimeObject        *object,
                                                 GOutputStream      *stream,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Parses the message file at @path, its contents left on disk (the file
 * stays open as long as the message lives). */
GMimeMessage *_surat_mime_parse_file            (const char         *path,
                                                 GError            **error);

/* surat-message-builder.c and surat-message-builder-build.c: the builder's
 * state (setters in one, output in the other). */

typedef struct
{
  gboolean  forward;     /* a message/rfc822 part */
  char     *path;
  char     *filename;    /* UTF-8, what the recipient sees */
  char     *mime_type;   /* attachments only */
} Item;

typedef struct
{
  char          *data;   /* UTF-8, LF line ends */
  gsize          len;
  SuratTextScan  scan;
} Text;

struct _SuratMessageBuilder
{
  GObject              parent_instance;

  gboolean             eightbitmime;
  gboolean             smtputf8;
  gboolean             keep_bcc;

  InternetAddressList *from;
  InternetAddressList *to;
  InternetAddressList *cc;
  InternetAddressList *bcc;
  InternetAddressList *reply_to;

  char                *subject;
  GDateTime           *date;
  char                *message_id;     /* without <> */
  char                *in_reply_to;    /* without <> */
  GPtrArray           *references;     /* without <> */

  Text                *text;
  Text                *html;
  GPtrArray           *items;          /* Item */
};

/* Opens an attachment to read, refusing what is not a regular file; errors
 * name the file. */
int       _surat_open_attachment                (const char         *path,
                                                 GError            **error);

/* surat-message-builder-error.c */

/* A SURAT_MESSAGE_BUILDER_ERROR with its field, index (-1: none) and span
 * (start == end: none). */
void      _surat_message_builder_set_error      (GError            **error,
                                                 SuratMessageBuilderError code,
                                                 SuratMessageField   field,
                                                 int                 index,
                                                 gsize               start,
                                                 gsize               end,
                                                 const char         *format,
                                                 ...) G_GNUC_PRINTF (7, 8);
/* "To", "Subject", …: how an error message names @field. */
const char *_surat_message_field_describe       (SuratMessageField   field);
/* The offset of the first octet that is not UTF-8 (NUL not counting as
 * such: callers report NUL on their own); -1 when all is UTF-8. */
gssize    _surat_first_invalid_utf8             (const char         *text,
                                                 gsize               length);
/* Refuses CR, LF and NUL in @text (one line of a header) and text that is
 * not UTF-8. @length -1: NUL-terminated. */
gboolean  _surat_check_one_line                 (const char         *text,
                                                 gssize              length,
                                                 SuratMessageField   field,
                                                 int                 index,
                                                 GError            **error);

/* surat-message-builder-address.c */

/* Checks one address (no name, no <>) and returns it normalized: the
 * local part as given, the domain in NFC. (transfer full) */
char     *_surat_address_normalize              (const char         *address,
                                                 SuratMessageField   field,
                                                 int                 index,
                                                 gsize               start,
                                                 gsize               end,
                                                 GError            **error);
/* A normalized address as header and envelope carry it: non-ASCII domains
 * as A-labels unless @smtputf8. (transfer full) */
char     *_surat_address_for_transport          (const char         *address,
                                                 gboolean            smtputf8);
/* What makes two transport addresses the same mailbox: the local part
 * exactly, the domain as lower-case A-labels. (transfer full) */
char     *_surat_address_key                    (const char         *transport_address);
/* Whether any address of @list needs SMTPUTF8 when sent as above. */
gboolean  _surat_address_list_needs_smtputf8    (InternetAddressList *list,
                                                 gboolean            smtputf8);

/* surat-message-builder-header.c */

/* A display name as it goes into a header: atoms, a quoted string, or
 * RFC 2047 encoded-words short enough for any line; the places where the
 * line may be folded are single spaces outside quotes. (transfer full) */
char     *_surat_encode_phrase                  (const char         *name);
/* An unstructured value (the subject) likewise, exactly reversible by an
 * RFC 2047 decoder. (transfer full) */
char     *_surat_encode_unstructured            (const char         *text);
/* "Name:" + @value folded at its spaces (outside quotes) into lines of at
 * most 76 octets where possible, as GMime's raw header value: it starts
 * with a space and ends with LF. (transfer full) */
char     *_surat_fold_header                    (const char         *name,
                                                 const char         *value);
/* The value of an address header for @list, unfolded. (transfer full) */
char     *_surat_format_address_list            (InternetAddressList *list,
                                                 gboolean            smtputf8);

/* surat-message-builder-envelope.c */

SuratEnvelope *_surat_envelope_new_take         (char               *sender,
                                                 GPtrArray          *recipients,
                                                 SuratEnvelopeFlags  flags);

G_END_DECLS
