/* surat-message-builder.h — a message to send, built with GMime
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gmime/gmime.h>

G_BEGIN_DECLS

/*
 * SuratMessageBuilder turns what a person wrote (addresses as typed, a
 * subject, a UTF-8 text, files to attach, a message to forward) into an
 * RFC 5322 / MIME message ready for SMTP, and tells the SMTP client the
 * envelope: who it is from and everyone it goes to, Bcc included.
 *
 * Typical use (the composer's Send, `surat-cli send`):
 *
 *   g_autoptr(SuratMessageBuilder) b = surat_message_builder_new ();
 *   g_autoptr(SuratEnvelope) envelope = NULL;
 *
 *   // What the account's server said it supports (RFC 6152, RFC 6531).
 *   surat_message_builder_set_8bitmime (b, TRUE);
 *   if (!surat_message_builder_set_from (b, "Ana Lima", "ana@example.org", &error) ||
 *       !surat_message_builder_set_addresses (b, SURAT_MESSAGE_FIELD_TO, to_entry_text, -1, &error) ||
 *       !surat_message_builder_set_subject (b, subject, -1, &error) ||
 *       !surat_message_builder_set_text (b, body, -1, &error) ||
 *       !surat_message_builder_add_attachment (b, "/home/ana/photo.jpg", NULL, NULL, &error))
 *     // error->message is for the person; for an address,
 *     // surat_message_builder_error_get_field/_index/_span() point at it
 *     return show (error);
 *
 *   envelope = surat_message_builder_get_envelope (b, &error);
 *   fd = surat_maildir_create_tmp (outbox, NULL, &tmp_name, &error);
 *   surat_message_builder_write_to_fd (b, fd, NULL, &error);
 *   … surat_maildir_commit_tmp (); keep surat_envelope_to_data (envelope) beside it.
 *
 * What is written:
 *   - header fields From, To, Cc, Reply-To, Subject, Date, Message-ID,
 *     In-Reply-To, References, User-Agent ("Surat/<version>"), MIME-Version;
 *     never Bcc (RFC 5322 §3.6.3: Bcc recipients get the message through
 *     the envelope alone). Display names and the subject are RFC 2047
 *     encoded-words (UTF-8) where they are not ASCII, and every header line
 *     is folded to at most 76 octets where it can be (RFC 2047 §2), never
 *     more than 998 (RFC 5322 §2.1.1).
 *   - the body: text/plain (charset=utf-8) alone; with an HTML version, a
 *     multipart/alternative of both (RFC 2046 §5.1.4); with attachments or
 *     forwarded messages, a multipart/mixed of that and them, in the order
 *     they were added.
 *   - text parts are 7bit when they are ASCII with lines of at most 998
 *     octets, 8bit when they are not ASCII and the server has 8BITMIME,
 *     quoted-printable otherwise: a line over 998 octets forces
 *     quoted-printable even with 8BITMIME.
 *   - attachments are base64, their MIME type sniffed from the first bytes
 *     and the name (g_content_type_guess()), their file name per RFC 2231
 *     when it is not ASCII. They are read from disk while the message is
 *     written: a 25 MB attachment never sits in memory.
 *   - a forwarded message is a message/rfc822 part holding the file as it
 *     is, read from disk while writing; parts of it that could not travel
 *     (8-bit without 8BITMIME, lines over 998 octets, binary) are
 *     re-encoded as quoted-printable or base64.
 *   - LF line ends, as the message is stored in a Maildir; the SMTP client
 *     turns them into CRLF on the wire.
 *
 * Addresses. Each is checked: a dot-atom or quoted-string local part of at
 * most 64 octets (RFC 5321 §4.5.3.1.1), a domain of letters, digits and
 * hyphens (or an address literal "[192.0.2.1]", "[IPv6:2001:db8::1]").
 * Internationalized addresses (RFC 6530): a domain with non-ASCII labels is
 * kept in UTF-8 when the message goes with SMTPUTF8
 * (surat_message_builder_set_smtputf8()), else it is converted to A-labels
 * (g_hostname_to_ascii(), "xn--…") in the header and the envelope alike. A
 * non-ASCII local part cannot be converted: such a message needs SMTPUTF8
 * whatever the setting (surat_message_builder_needs_smtputf8()).
 *
 * No field can inject a header: CR, LF and NUL are refused in every
 * one-line field (names, addresses, subject, message IDs, file names) with
 * SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER naming the field. Text that
 * a person typed or that was read from a file is passed with a length, so
 * that an embedded NUL is refused instead of silently cutting it short.
 *
 * The Date and the Message-ID are fixed the first time the message is built
 * (surat_message_builder_build(), _write_*() or _get_envelope()), and MIME
 * boundaries derive from the Message-ID: writing it again (with the same
 * files) gives the same bytes.
 *
 * A builder is not thread-safe; it may be written from a worker thread
 * while no other thread touches it.
 */

/**
 * SuratMessageField:
 *
 * The parts of a message a person fills in: errors say which one was wrong.
 */
typedef enum {
  SURAT_MESSAGE_FIELD_NONE,
  SURAT_MESSAGE_FIELD_FROM,
  SURAT_MESSAGE_FIELD_TO,
  SURAT_MESSAGE_FIELD_CC,
  SURAT_MESSAGE_FIELD_BCC,
  SURAT_MESSAGE_FIELD_REPLY_TO,
  SURAT_MESSAGE_FIELD_SUBJECT,
  SURAT_MESSAGE_FIELD_MESSAGE_ID,
  SURAT_MESSAGE_FIELD_IN_REPLY_TO,
  SURAT_MESSAGE_FIELD_REFERENCES,
  SURAT_MESSAGE_FIELD_TEXT,
  SURAT_MESSAGE_FIELD_HTML,
  SURAT_MESSAGE_FIELD_ATTACHMENT,   /* an attached file, or a forwarded message */
} SuratMessageField;

#define SURAT_MESSAGE_BUILDER_ERROR (surat_message_builder_error_quark ())

/**
 * SuratMessageBuilderError:
 * @SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS: an address that is not one
 *   ("bob", "ana@", "a@b..c", an unclosed quote or '<'), or a local part or
 *   domain that cannot be sent
 * @SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER: CR, LF or NUL in a
 *   one-line field (a header injection attempt, or a paste gone wrong); NUL
 *   in a text
 * @SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8: text that is not UTF-8
 * @SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID: not an RFC 5322 §3.6.4
 *   msg-id ("<left@right>", printable ASCII, no spaces)
 * @SURAT_MESSAGE_BUILDER_ERROR_INVALID_MIME_TYPE: a MIME type given for an
 *   attachment that is not "type/subtype"
 * @SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER: no From address
 * @SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS: nobody in To, Cc or Bcc
 * @SURAT_MESSAGE_BUILDER_ERROR_NOT_A_MESSAGE: a file to forward (or to
 *   downgrade) that GMime cannot read as a message
 *
 * Errors of this domain also say where the problem is:
 * surat_message_builder_error_get_field(), _get_index() and _get_span().
 * Files that cannot be read come as G_IO_ERROR_* (NOT_FOUND,
 * PERMISSION_DENIED, IS_DIRECTORY…) with the file named in the message.
 */
typedef enum {
  SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS,
  SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
  SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8,
  SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID,
  SURAT_MESSAGE_BUILDER_ERROR_INVALID_MIME_TYPE,
  SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER,
  SURAT_MESSAGE_BUILDER_ERROR_NO_RECIPIENTS,
  SURAT_MESSAGE_BUILDER_ERROR_NOT_A_MESSAGE,
} SuratMessageBuilderError;

GQuark            surat_message_builder_error_quark     (void);

/* The field a SURAT_MESSAGE_BUILDER_ERROR is about; FIELD_NONE for errors of
 * other domains. */
SuratMessageField surat_message_builder_error_get_field (const GError *error);
/* Which one within the field, from 0: the address in a list as typed
 * (counting every address, group members included, in the order they
 * appear), or the attachment in the order they were added. -1 when the
 * field has only one value or for other domains. */
int               surat_message_builder_error_get_index (const GError *error);
/* Where in the text that was passed the problem is, as byte offsets
 * [*start, *end) into it (g_utf8_pointer_to_offset() gives a GtkEditable's
 * character positions): the whole of the bad address as typed, or the one
 * offending character. FALSE (and both 0) when there is no such place. */
gboolean          surat_message_builder_error_get_span  (const GError *error,
                                                         gsize        *start,
                                                         gsize        *end);

/*
 * Parses a list of addresses as a person types it into a To field:
 *
 *   Ana Lima <ana@example.org>, bob@example.org; "Doe, J" <j@x.org>
 *   Team: a@example.org, b@example.org;   (an RFC 5322 §3.4 group)
 *   bob@example.org (Bob Smith)           (an old-style comment as the name)
 *   Ana Lima ana@example.org              (a name without <>, forgiven)
 *
 * Addresses are separated by ',' or ';' (outside quotes, comments and
 * <>); empty entries are skipped; a group runs from its ':' to its ';'.
 * Display names are unquoted and unescaped; addresses are validated as
 * the header above says and kept in UTF-8 (domains in Unicode NFC).
 * @field only says which field the error names.
 *
 * Returns a list of InternetAddressMailbox and InternetAddressGroup, empty
 * for an empty text; or NULL with SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS
 * (or _CONTROL_CHARACTER, _INVALID_UTF8) for the first bad address, whose
 * index and span the error carries. (transfer full)
 */
InternetAddressList *surat_message_builder_parse_addresses (const char         *text,
                                                            gssize              length,
                                                            SuratMessageField   field,
                                                            GError            **error);

/**
 * SuratEnvelope:
 *
 * What the SMTP client says around the message (RFC 5321 §3.3): the
 * reverse-path for MAIL FROM and each forward-path for RCPT TO, with the
 * parameters MAIL FROM needs. Immutable and reference-counted.
 */
typedef struct _SuratEnvelope SuratEnvelope;

/**
 * SuratEnvelopeFlags:
 * @SURAT_ENVELOPE_SMTPUTF8: an address (envelope or header) is not ASCII:
 *   MAIL FROM needs the SMTPUTF8 parameter, and a server without SMTPUTF8
 *   cannot take the message (RFC 6531 §3.4)
 * @SURAT_ENVELOPE_8BITMIME: the message has 8-bit octets: MAIL FROM needs
 *   BODY=8BITMIME (RFC 6152 §3); for a server without 8BITMIME convert it
 *   first with surat_message_file_downgrade_to_7bit()
 */
typedef enum {
  SURAT_ENVELOPE_FLAGS_NONE = 0,
  SURAT_ENVELOPE_SMTPUTF8   = 1 << 0,
  SURAT_ENVELOPE_8BITMIME   = 1 << 1,
} SuratEnvelopeFlags;

#define SURAT_TYPE_ENVELOPE (surat_envelope_get_type ())

GType               surat_envelope_get_type        (void) G_GNUC_CONST;
/* @sender: the reverse-path address without <> ("" for the null
 * reverse-path); @recipients: NULL-terminated, at least one, taken as
 * they are (no validation, no de-duplication). */
SuratEnvelope      *surat_envelope_new             (const char         *sender,
                                                    const char * const *recipients,
                                                    SuratEnvelopeFlags  flags);
SuratEnvelope      *surat_envelope_ref             (SuratEnvelope      *envelope);
void                surat_envelope_unref           (SuratEnvelope      *envelope);
const char         *surat_envelope_get_sender      (SuratEnvelope      *envelope);
/* NULL-terminated, in order: To, then Cc, then Bcc, each address once. */
const char * const *surat_envelope_get_recipients  (SuratEnvelope      *envelope);
SuratEnvelopeFlags  surat_envelope_get_flags       (SuratEnvelope      *envelope);
/* A small UTF-8 text (GKeyFile syntax) to keep beside a queued message,
 * whose file has no Bcc: the outbox needs the envelope again after a
 * restart. (transfer full) */
char               *surat_envelope_to_data         (SuratEnvelope      *envelope,
                                                    gsize              *length);
/* Reads what surat_envelope_to_data() wrote; G_KEY_FILE_ERROR_* when it is
 * not that. */
SuratEnvelope      *surat_envelope_new_from_data   (const char         *data,
                                                    gssize              length,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuratEnvelope, surat_envelope_unref)

#define SURAT_TYPE_MESSAGE_BUILDER (surat_message_builder_get_type ())

G_DECLARE_FINAL_TYPE (SuratMessageBuilder, surat_message_builder, SURAT, MESSAGE_BUILDER, GObject)

SuratMessageBuilder *surat_message_builder_new              (void);

/* What the submission server takes (its EHLO keywords, as last seen):
 * they decide encodings. Both FALSE by default, which makes a message that
 * any server takes (unless an address has a non-ASCII local part). */
void                 surat_message_builder_set_8bitmime     (SuratMessageBuilder  *self,
                                                             gboolean              eightbitmime);
/* Writes the Bcc header too, for the sender's own copies (off by default). */
void                 surat_message_builder_set_keep_bcc     (SuratMessageBuilder  *self,
                                                             gboolean              keep_bcc);
void                 surat_message_builder_set_smtputf8     (SuratMessageBuilder  *self,
                                                             gboolean              smtputf8);

/* The sender (RFC 5322 §3.6.2): the account's display name (nullable) and
 * address. Also the envelope's reverse-path, and the domain of the
 * Message-ID. */
gboolean             surat_message_builder_set_from         (SuratMessageBuilder  *self,
                                                             const char           *display_name,
                                                             const char           *address,
                                                             GError              **error);
/* Replaces the addresses of @field (TO, CC, BCC or REPLY_TO) with @text as
 * a person typed it (see surat_message_builder_parse_addresses()). Nothing
 * changes when it fails. An empty text clears the field. */
gboolean             surat_message_builder_set_addresses    (SuratMessageBuilder  *self,
                                                             SuratMessageField     field,
                                                             const char           *text,
                                                             gssize                length,
                                                             GError              **error);
/* Adds one address to @field (TO, CC, BCC or REPLY_TO): a display name
 * (nullable) and an address, each checked on its own. */
gboolean             surat_message_builder_add_address      (SuratMessageBuilder  *self,
                                                             SuratMessageField     field,
                                                             const char           *display_name,
                                                             const char           *address,
                                                             GError              **error);
/* (transfer none): the addresses of @field (FROM, TO, CC, BCC or
 * REPLY_TO) so far, as parsed (UTF-8). */
InternetAddressList *surat_message_builder_get_addresses    (SuratMessageBuilder  *self,
                                                             SuratMessageField     field);

/* One line of UTF-8; NULL or "" for none. */
gboolean             surat_message_builder_set_subject      (SuratMessageBuilder  *self,
                                                             const char           *subject,
                                                             gssize                length,
                                                             GError              **error);
/* NULL: the time the message is first built. */
void                 surat_message_builder_set_date         (SuratMessageBuilder  *self,
                                                             GDateTime            *date);
/* NULL: generated when first built (g_mime_utils_generate_message_id() with
 * the sender's domain, as A-labels). With or without <>. */
gboolean             surat_message_builder_set_message_id   (SuratMessageBuilder  *self,
                                                             const char           *message_id,
                                                             GError              **error);
/* The Message-ID without <>: the one given, or the generated one once the
 * message was built; NULL before. */
const char          *surat_message_builder_get_message_id   (SuratMessageBuilder  *self);

/* A reply to a message (RFC 5322 §3.6.4): In-Reply-To is its Message-ID;
 * References are its References (or, lacking them, its In-Reply-To when
 * that holds one ID) followed by its Message-ID. Each argument is the
 * parent's header value as it is (with <>), NULL when it had none;
 * malformed IDs in @parent_references and @parent_in_reply_to are left
 * out, a malformed @parent_message_id is an error. */
gboolean             surat_message_builder_set_reply_parent (SuratMessageBuilder  *self,
                                                             const char           *parent_message_id,
                                                             const char           *parent_references,
                                                             const char           *parent_in_reply_to,
                                                             GError              **error);
/* The same fields set directly; IDs with or without <>, NULL for none. */
gboolean             surat_message_builder_set_in_reply_to  (SuratMessageBuilder  *self,
                                                             const char           *message_id,
                                                             GError              **error);
gboolean             surat_message_builder_set_references   (SuratMessageBuilder  *self,
                                                             const char * const   *message_ids,
                                                             GError              **error);

/* The text body, UTF-8, any line ends (written as LF; the last line gets
 * one if it has none); NULL for none.
 * A message with neither text nor attachments gets an empty text. */
gboolean             surat_message_builder_set_text         (SuratMessageBuilder  *self,
                                                             const char           *text,
                                                             gssize                length,
                                                             GError              **error);
/* An HTML version of the text (a complete UTF-8 document); NULL for
 * none. The text and it become a multipart/alternative. */
gboolean             surat_message_builder_set_html         (SuratMessageBuilder  *self,
                                                             const char           *html,
                                                             gssize                length,
                                                             GError              **error);

/* Attaches the file at @path (opened now to sniff its type and check it
 * can be read; read again, streaming, each time the message is written).
 * @filename: the name the recipient sees (NULL: the file's own name);
 * @mime_type: "type/subtype" (NULL: sniffed from the content and the name,
 * application/octet-stream when nothing fits). A message/rfc822 file (an
 * .eml) is attached as add_forwarded_message() does, under @filename;
 * other "message/…" types go as application/octet-stream (RFC 2046 §5.2
 * forbids base64 there). */
gboolean             surat_message_builder_add_attachment   (SuratMessageBuilder  *self,
                                                             const char           *path,
                                                             const char           *filename,
                                                             const char           *mime_type,
                                                             GError              **error);
/* Attaches the message in the file at @path (any line ends) as a
 * message/rfc822 part, named after its subject (".eml"). */
gboolean             surat_message_builder_add_forwarded_message (SuratMessageBuilder *self,
                                                                  const char          *path,
                                                                  GError             **error);

/* Whether the message needs SMTPUTF8: an address has a non-ASCII local
 * part, or (with set_smtputf8 (TRUE)) a non-ASCII domain. */
gboolean             surat_message_builder_needs_smtputf8   (SuratMessageBuilder  *self);

/* The envelope: the From address and every To, Cc and Bcc address (group
 * members included) in that order, each once (the local part compared
 * exactly, the domain without regard to case), in the form the header
 * uses; and the flags. SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER or
 * _NO_RECIPIENTS when one is missing. (transfer full) */
SuratEnvelope       *surat_message_builder_get_envelope     (SuratMessageBuilder  *self,
                                                             GError              **error);

/* The message as GMime sees it, without Bcc; attachments still refer to
 * their files. Needs a From (SURAT_MESSAGE_BUILDER_ERROR_NO_SENDER), not
 * recipients (a draft may have none); so do the _write_*() functions.
 * (transfer full) */
GMimeMessage        *surat_message_builder_build            (SuratMessageBuilder  *self,
                                                             GError              **error);

/* Writes the message (LF line ends, no Bcc) to @stream, which is flushed
 * but not closed. File errors name the file. */
gboolean             surat_message_builder_write_to_stream  (SuratMessageBuilder  *self,
                                                             GOutputStream        *stream,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
/* The same into @fd from its current position; @fd stays open, and is not
 * synced (surat_maildir_commit_tmp() does that). */
gboolean             surat_message_builder_write_to_fd      (SuratMessageBuilder  *self,
                                                             int                   fd,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
/* The same into a new file at @path (mode 0600; replaced if it exists). */
gboolean             surat_message_builder_write_to_path    (SuratMessageBuilder  *self,
                                                             const char           *path,
                                                             GCancellable         *cancellable,
                                                             GError              **error);

/**
 * SuratMessageFileFlags:
 * @SURAT_MESSAGE_FILE_7BIT: nothing below: any SMTP server takes it
 * @SURAT_MESSAGE_FILE_8BIT_HEADERS: octets over 127 in the header (UTF-8
 *   per RFC 6532): only a server with SMTPUTF8 takes it
 * @SURAT_MESSAGE_FILE_8BIT_BODY: octets over 127 in the body: needs
 *   8BITMIME, or surat_message_file_downgrade_to_7bit()
 * @SURAT_MESSAGE_FILE_LONG_LINES: a line over 998 octets (RFC 5322 §2.1.1),
 *   which no server need take: downgrade it
 * @SURAT_MESSAGE_FILE_BINARY: NUL or a CR that does not end a line: not
 *   text at all; downgrade it
 */
typedef enum {
  SURAT_MESSAGE_FILE_7BIT         = 0,
  SURAT_MESSAGE_FILE_8BIT_HEADERS = 1 << 0,
  SURAT_MESSAGE_FILE_8BIT_BODY    = 1 << 1,
  SURAT_MESSAGE_FILE_LONG_LINES   = 1 << 2,
  SURAT_MESSAGE_FILE_BINARY       = 1 << 3,
} SuratMessageFileFlags;

/* Reads the message file at @path once, in blocks, and says what it holds
 * that matters to an SMTP server. (The header ends at the first empty
 * line; LF and CRLF line ends both count as line ends.) */
gboolean             surat_message_file_scan                (const char             *path,
                                                             SuratMessageFileFlags  *flags,
                                                             GCancellable           *cancellable,
                                                             GError                **error);
/* Writes the message file at @path to @stream as a message any server
 * takes (RFC 6152 §3 for a server without 8BITMIME): each body part with
 * 8-bit octets, lines over 998 octets or binary content is re-encoded,
 * quoted-printable for text, base64 otherwise, inside message/rfc822 parts
 * too (whose 8-bit headers become RFC 2047 encoded-words where GMime can).
 * The rest is written as it was, with LF line ends. Contents stream from
 * the file. The top-level header is left alone: 8-bit there needs
 * SMTPUTF8, not this. @stream is flushed, not closed. */
gboolean             surat_message_file_downgrade_to_7bit   (const char             *path,
                                                             GOutputStream          *stream,
                                                             GCancellable           *cancellable,
                                                             GError                **error);

G_END_DECLS
