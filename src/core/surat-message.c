/* surat-message.c — a message file parsed with GMime into what a reader shows
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "surat-attachment-private.h"
#include "surat-gmime-autocleanups.h"
#include "surat-message.h"
#include "surat-message-private.h"
#include "surat-store-error.h"

/* Deeper nesting than this (multiparts and attached messages together)
 * is an attack on the parser, not mail a person wrote. */
#define MAX_DEPTH 32
#define PREVIEW_CHARS 200
/* A file that is not a message is shown as text up to this size. */
#define MAX_RAW_TEXT (1024 * 1024)

/* GMime guesses undeclared 8-bit text among these: UTF-8 when it is
 * valid, else Windows-1252, which is what "Latin-1" mail mostly is. */
static const char *fallback_charsets[] = { "UTF-8", "windows-1252", NULL };

typedef enum {
  WALK_IN_RELATED = 1 << 0,   /* resources of a multipart/related */
  WALK_NO_PLAIN   = 1 << 1,   /* inside the HTML alternative */
  WALK_NO_HTML    = 1 << 2,   /* inside the plain-text alternative */
} WalkFlags;

/* Bigger message files are read, not mapped (see surat_message_new_from_file). */
#define MAX_MAPPED_SIZE (1024 * 1024)

struct _SuratMessage
{
  GObject parent_instance;

  char *path;
  GMimeMessage *message;
  guint depth;
  guint64 file_size;
  gint64 file_time;

  char *subject;
  char *from;
  char *to;
  char *cc;
  char *reply_to;
  char *message_id;
  char *in_reply_to;
  GDateTime *date;
  char *text;
  char *html;
  char *preview;

  GPtrArray *attachments;
  GPtrArray *attached_messages;
  GPtrArray *problems;
  /* Content-ID → GMimeObject of every part that has one. */
  GHashTable *cid_parts;

  /* While walking the MIME tree. */
  GString *text_buf;
  GString *html_buf;
};

G_DEFINE_FINAL_TYPE (SuratMessage, surat_message, G_TYPE_OBJECT)

static void walk (SuratMessage *self, GMimeObject *object, guint depth, WalkFlags flags);

static void
surat_message_finalize (GObject *object)
{
  SuratMessage *self = (SuratMessage *) object;

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->attached_messages, g_ptr_array_unref);
  g_clear_pointer (&self->cid_parts, g_hash_table_unref);
  g_clear_object (&self->message);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->cc, g_free);
  g_clear_pointer (&self->reply_to, g_free);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->in_reply_to, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (surat_message_parent_class)->finalize (object);
}

static void
surat_message_class_init (SuratMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_message_finalize;
}

static void
surat_message_init (SuratMessage *self)
{
  self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
  self->attached_messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->cid_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static const char *
too_deep_problem (void)
{
  return _("The message nests parts too deeply; the deepest ones are not shown.");
}

/* The message this thread is parsing, for the warnings GMime reports. */
static GPrivate current_message = G_PRIVATE_INIT (NULL);

static void
parser_warning_cb (gint64              offset,
                   GMimeParserWarning  code,
                   const char         *item,
                   gpointer            user_data)
{
  SuratMessage *self = g_private_get (&current_message);
  const char *problem = NULL;

  /* GMime may also decode lazily later: only what happens while we parse
   * is recorded. */
  if (self == NULL)
    return;

  switch ((int) code)
    {
    case GMIME_WARN_TRUNCATED_MESSAGE:
      problem = _("The message ends before its last part does: it may have been cut off.");
      break;

    case GMIME_WARN_MALFORMED_MULTIPART:
      problem = _("A multipart section of the message has no parts.");
      break;

    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      problem = _("A multipart section of the message has no boundary, so its parts "
                  "cannot be told apart.");
      break;

    case GMIME_WARN_MALFORMED_MESSAGE:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      problem = _("The message is malformed; some of it may be missing.");
      break;

    case GMIME_CRIT_INVALID_HEADER_NAME:
      problem = _("The message has a line that is not a valid header; "
                  "some headers may be missing.");
      break;

    case GMIME_CRIT_NESTING_OVERFLOW:
      problem = too_deep_problem ();
      break;

    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
      problem = _("A header has a badly encoded word; it is shown as written.");
      break;

    default:
      /* Tolerated without loss: 8-bit headers, duplicates, odd
       * parameters, bad addresses (shown as written). */
      break;
    }

  if (problem != NULL)
    _surat_message_add_problem (self->problems, problem);
}

/* GMime keeps a pointer to the options in every header it parses, for
 * decoding later: they must live as long as any message. One set, made
 * once, read-only after that, serves every thread. */
static GMimeParserOptions *
get_parser_options (void)
{
  static GMimeParserOptions *options = NULL;

  if (g_once_init_enter (&options))
    {
      GMimeParserOptions *o = g_mime_parser_options_new ();

      g_mime_parser_options_set_fallback_charsets (o, fallback_charsets);
      g_mime_parser_options_set_warning_callback (o, parser_warning_cb, NULL);
      g_once_init_leave (&options, o);
    }

  return options;
}

/* One line of UTF-8 for a header: no control characters. */
static char *
clean_header (const char *value)
{
  g_autofree char *valid = NULL;
  GString *s;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  s = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (s, ' ');
      else
        g_string_append_unichar (s, c);
    }

  return g_strstrip (g_string_free (s, FALSE));
}

static char *
addresses_to_string (InternetAddressList *list)
{
  g_autofree char *text = NULL;

  if (list == NULL || internet_address_list_length (list) == 0)
    return g_strdup ("");

  text = internet_address_list_to_string (list, NULL, FALSE);
  return clean_header (text);
}


/* Lines end in LF: a CR before it (or alone) is the sender's platform. */
static void
normalize_newlines (char *text)
{
  char *out = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] != '\n')
            *out++ = '\n';
          continue;
        }
      *out++ = *p;
    }
  *out = '\0';
}

static char *
decode_text_part (SuratMessage *self,
                  GMimePart    *part,
                  gboolean      is_html)
{
  g_autoptr(GByteArray) bytes = _surat_part_get_decoded (part);
  g_autofree char *sniffed = NULL;
  const char *charset;
  char *text;

  charset = g_mime_object_get_content_type_parameter (GMIME_OBJECT (part), "charset");
  if (is_html && (charset == NULL || *charset == '\0'))
    charset = sniffed = _surat_html_sniff_charset ((const char *) bytes->data, bytes->len);

  text = _surat_text_to_utf8 ((const char *) bytes->data, bytes->len, charset,
                              get_parser_options (), self->problems);
  normalize_newlines (text);

  return text;
}

static gboolean
is_type (GMimeObject *object,
         const char  *type,
         const char  *subtype)
{
  return g_mime_content_type_is_type (g_mime_object_get_content_type (object), type, subtype);
}

/* The text a person wrote, as opposed to a text file attached. */
static gboolean
is_body_part (GMimeObject *object)
{
  const char *disposition;

  if (!GMIME_IS_PART (object) ||
      (!is_type (object, "text", "plain") && !is_type (object, "text", "html")))
    return FALSE;

  disposition = g_mime_object_get_disposition (object);
  if (disposition != NULL && g_ascii_strcasecmp (disposition, GMIME_DISPOSITION_ATTACHMENT) == 0)
    return FALSE;

  return g_mime_part_get_filename (GMIME_PART (object)) == NULL;
}

/* Does @object hold a body part of this kind, not counting attached
 * messages? */
static gboolean
contains_body (GMimeObject *object,
               const char  *subtype,
               guint        depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);

      for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
        if (contains_body (g_mime_multipart_get_part (multipart, i), subtype, depth + 1))
          return TRUE;

      return FALSE;
    }

  return is_body_part (object) && is_type (object, "text", subtype);
}

static SuratMessage *message_new_for_gmime (GMimeMessage *message,
                                            const char   *path,
                                            guint         depth);

static void
add_attachment (SuratMessage *self,
                GMimeObject  *object,
                guint         depth,
                WalkFlags     flags)
{
  g_autoptr(SuratAttachment) attachment = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *filename = NULL;
  const char *disposition = g_mime_object_get_disposition (object);
  const char *content_id = g_mime_object_get_content_id (object);
  gboolean is_message = GMIME_IS_MESSAGE_PART (object);
  gboolean is_inline;
  guint index = self->attachments->len + 1;

  mime_type = g_mime_content_type_get_mime_type (g_mime_object_get_content_type (object));

  if (GMIME_IS_PART (object))
    filename = _surat_attachment_sanitize_filename (g_mime_part_get_filename (GMIME_PART (object)));
  else
    filename = _surat_attachment_sanitize_filename (
      g_mime_object_get_content_disposition_parameter (object, "filename"));

  if (is_message)
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      /* Saved as "<subject>.eml", and shown as a message of its own. */
      if (filename == NULL && inner != NULL && g_mime_message_get_subject (inner) != NULL)
        {
          g_autofree char *subject = clean_header (g_mime_message_get_subject (inner));
          g_autofree char *name = NULL;

          if (g_utf8_strlen (subject, -1) > 100)
            *g_utf8_offset_to_pointer (subject, 100) = '\0';
          name = g_strconcat (subject, ".eml", NULL);
          filename = _surat_attachment_sanitize_filename (name);
        }

      if (inner != NULL)
        {
          if (depth + 1 > MAX_DEPTH)
            _surat_message_add_problem (self->problems, too_deep_problem ());
          else
            g_ptr_array_add (self->attached_messages,
                             message_new_for_gmime (inner, self->path, self->depth + 1));
        }
    }

  if (filename == NULL)
    filename = _surat_attachment_make_filename (index, mime_type);

  /* Inline: said so, or a resource of a multipart/related body (RFC 2387)
   * that the HTML refers to by Content-ID. */
  if (disposition != NULL)
    is_inline = g_ascii_strcasecmp (disposition, GMIME_DISPOSITION_INLINE) == 0;
  else
    is_inline = (flags & WALK_IN_RELATED) != 0 && content_id != NULL;

  attachment = _surat_attachment_new (index, filename, mime_type,
                                      content_id, is_inline, is_message, object);
  g_ptr_array_add (self->attachments, g_steal_pointer (&attachment));
}

static void
walk_leaf (SuratMessage *self,
           GMimeObject  *object,
           guint         depth,
           WalkFlags     flags)
{
  const char *content_id = g_mime_object_get_content_id (object);

  if (content_id != NULL && !g_hash_table_contains (self->cid_parts, content_id))
    g_hash_table_insert (self->cid_parts, g_strdup (content_id), g_object_ref (object));

  if ((flags & WALK_IN_RELATED) == 0 && is_body_part (object))
    {
      gboolean is_html = is_type (object, "text", "html");
      GString *buf = is_html ? self->html_buf : self->text_buf;
      g_autofree char *text = NULL;

      /* The alternative we did not pick. */
      if ((is_html && (flags & WALK_NO_HTML)) || (!is_html && (flags & WALK_NO_PLAIN)))
        return;

      /* Several inline text parts (a list footer after the body) are
       * shown one after the other. */
      text = decode_text_part (self, GMIME_PART (object), is_html);
      if (buf->len > 0 && !is_html)
        g_string_append (buf, "\n");
      g_string_append (buf, text);
      return;
    }

  add_attachment (self, object, depth, flags);
}

/* RFC 2046 §5.1.4: the alternatives come in increasing order of
 * preference, so the last one of each kind wins. */
static void
walk_alternative (SuratMessage   *self,
                  GMimeMultipart *multipart,
                  guint           depth,
                  WalkFlags       flags)
{
  GMimeObject *plain = NULL;
  GMimeObject *html = NULL;
  int count = g_mime_multipart_get_count (multipart);

  for (int i = 0; i < count; i++)
    {
      GMimeObject *child = g_mime_multipart_get_part (multipart, i);

      if (contains_body (child, "html", depth + 1))
        html = child;
      else if (contains_body (child, "plain", depth + 1))
        plain = child;
    }

  for (int i = 0; i < count; i++)
    {
      GMimeObject *child = g_mime_multipart_get_part (multipart, i);

      if (child == plain)
        walk (self, child, depth + 1, flags | WALK_NO_HTML);
      else if (child == html)
        walk (self, child, depth + 1, flags | (plain != NULL ? WALK_NO_PLAIN : 0));
      else if (!contains_body (child, "html", depth + 1) &&
               !contains_body (child, "plain", depth + 1))
        /* Neither text nor HTML (a text/calendar invitation): keep it. */
        walk (self, child, depth + 1, flags);
    }
}

static void
walk_related (SuratMessage   *self,
              GMimeMultipart *multipart,
              guint           depth,
              WalkFlags       flags)
{
  const char *start = g_mime_object_get_content_type_parameter (GMIME_OBJECT (multipart), "start");
  int count = g_mime_multipart_get_count (multipart);
  int root = 0;

  /* RFC 2387 §3.2: "start" names the root by Content-ID; else the first. */
  if (start != NULL)
    {
      g_autofree char *start_id = g_mime_utils_decode_message_id (start);

      for (int i = 0; start_id != NULL && i < count; i++)
        if (g_strcmp0 (g_mime_object_get_content_id (g_mime_multipart_get_part (multipart, i)),
                       start_id) == 0)
          root = i;
    }

  for (int i = 0; i < count; i++)
    walk (self, g_mime_multipart_get_part (multipart, i), depth + 1,
          i == root ? flags & ~WALK_IN_RELATED : flags | WALK_IN_RELATED);
}

static gboolean
is_signature (GMimeObject *object)
{
  return is_type (object, "application", "pgp-signature") ||
         is_type (object, "application", "pkcs7-signature") ||
         is_type (object, "application", "x-pkcs7-signature");
}

static void
walk (SuratMessage *self,
      GMimeObject  *object,
      guint         depth,
      WalkFlags     flags)
{
  if (object == NULL)
    return;

  if (depth > MAX_DEPTH)
    {
      _surat_message_add_problem (self->problems, too_deep_problem ());
      return;
    }

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);

      if (is_type (object, "multipart", "alternative"))
        {
          walk_alternative (self, multipart, depth, flags);
          return;
        }

      if (is_type (object, "multipart", "related"))
        {
          walk_related (self, multipart, depth, flags);
          return;
        }

      /* No parts found (no boundary, or one that never occurs): the
       * whole content sits in the prologue. Raw, but readable. */
      if (g_mime_multipart_get_count (multipart) == 0 &&
          g_mime_multipart_get_prologue (multipart) != NULL &&
          (flags & (WALK_NO_PLAIN | WALK_IN_RELATED)) == 0)
        {
          const char *prologue = g_mime_multipart_get_prologue (multipart);
          g_autofree char *text = NULL;

          text = _surat_text_to_utf8 (prologue, strlen (prologue), NULL,
                                      get_parser_options (), self->problems);
          normalize_newlines (text);
          if (self->text_buf->len > 0)
            g_string_append (self->text_buf, "\n");
          g_string_append (self->text_buf, text);
          return;
        }

      for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
        {
          GMimeObject *child = g_mime_multipart_get_part (multipart, i);

          /* RFC 1847 §2.1: the signature of a multipart/signed is not
           * something a person attached. */
          if (i > 0 && is_type (object, "multipart", "signed") && is_signature (child))
            continue;

          walk (self, child, depth + 1, flags);
        }
      return;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    {
      add_attachment (self, object, depth, flags);
      return;
    }

  walk_leaf (self, object, depth, flags);
}

static void
read_headers (SuratMessage *self)
{
  GMimeMessage *message = self->message;
  GMimeObject *object = GMIME_OBJECT (message);
  const char *in_reply_to;
  GDateTime *date;

  self->subject = clean_header (g_mime_message_get_subject (message));
  self->from = addresses_to_string (g_mime_message_get_from (message));
  self->to = addresses_to_string (g_mime_message_get_to (message));
  self->cc = addresses_to_string (g_mime_message_get_cc (message));
  self->reply_to = addresses_to_string (g_mime_message_get_reply_to (message));

  if (g_mime_message_get_message_id (message) != NULL)
    self->message_id = clean_header (g_mime_message_get_message_id (message));

  in_reply_to = g_mime_object_get_header (object, "In-Reply-To");
  if (in_reply_to != NULL)
    {
      g_autofree char *id = g_mime_utils_decode_message_id (in_reply_to);

      if (id != NULL && *id != '\0')
        self->in_reply_to = clean_header (id);
    }

  date = g_mime_message_get_date (message);
  if (date != NULL)
    self->date = g_date_time_ref (date);
}

static void
finish_text (SuratMessage *self)
{
  g_autofree char *text = g_string_free (g_steal_pointer (&self->text_buf), FALSE);
  g_autofree char *html = g_string_free (g_steal_pointer (&self->html_buf), FALSE);

  if (*html != '\0')
    self->html = g_steal_pointer (&html);

  g_strchomp (text);
  if (*text == '\0' && self->html != NULL)
    {
      g_free (text);
      text = _surat_html_to_text (self->html);
    }

  self->text = g_steal_pointer (&text);
  self->preview = _surat_text_make_preview (self->text, PREVIEW_CHARS);
}

static void
parse_tree (SuratMessage *self)
{
  self->text_buf = g_string_new (NULL);
  self->html_buf = g_string_new (NULL);

  read_headers (self);
  walk (self, g_mime_message_get_mime_part (self->message), self->depth, 0);
  finish_text (self);
}

/* An attached message (message/rfc822), parsed with its parent. */
static SuratMessage *
message_new_for_gmime (GMimeMessage *message,
                       const char   *path,
                       guint         depth)
{
  SuratMessage *self = g_object_new (SURAT_TYPE_MESSAGE, NULL);
  SuratMessage *parent = g_private_get (&current_message);

  self->path = g_strdup (path);
  self->message = g_object_ref (message);
  self->depth = depth;
  /* Its date, when it has none, is that of the file it came in. */
  if (parent != NULL)
    self->file_time = parent->file_time;

  g_private_set (&current_message, self);
  parse_tree (self);
  g_private_set (&current_message, parent);

  return self;
}

/* GMime found no message: an empty file, binary data, or text without
 * headers. Show what a person could make sense of. */
static gboolean
load_not_a_message (SuratMessage  *self,
                    GError       **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) in = NULL;
  gsize len = 0;
  guint binary = 0;

  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return FALSE;

  data = g_malloc (MAX_RAW_TEXT + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), data, MAX_RAW_TEXT, &len, NULL, error))
    return FALSE;
  data[len] = '\0';

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'))
        binary++;
    }

  if (len == 0)
    {
      _surat_message_add_problem (self->problems, _("The message file is empty."));
      self->text = g_strdup ("");
    }
  else if (binary > len / 100)
    {
      _surat_message_add_problem (self->problems,
                                  _("The file is not a mail message; it holds binary data."));
      self->text = g_strdup ("");
    }
  else
    {
      _surat_message_add_problem (self->problems,
                                  _("The file has no message headers; it is shown as plain text."));
      self->text = _surat_text_to_utf8 (data, len, NULL, get_parser_options (), self->problems);
      normalize_newlines (self->text);
      g_strchomp (self->text);
    }

  self->subject = g_strdup ("");
  self->from = g_strdup ("");
  self->to = g_strdup ("");
  self->cc = g_strdup ("");
  self->reply_to = g_strdup ("");
  self->preview = _surat_text_make_preview (self->text, PREVIEW_CHARS);

  return TRUE;
}

/**
 * surat_message_new_from_file:
 * @path: a message file (RFC 5322)
 * @error: return location for a #GError
 *
 * Parses @path. The content of the parts stays on disk (the file is kept
 * open) until it is needed. Fails only when the file cannot be read.
 *
 * Returns: (transfer full): the message, or %NULL
 */
SuratMessage *
surat_message_new_from_file (const char  *path,
                             GError     **error)
{
  g_autoptr(SuratMessage) self = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      if (fd >= 0)
        close (fd);
      g_set_error (error, SURAT_STORE_ERROR, saved_errno == ENOENT ? SURAT_STORE_ERROR_NOT_FOUND
                                                                   : SURAT_STORE_ERROR_IO,
                   _("Could not read the message “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (SURAT_TYPE_MESSAGE, NULL);
  self->path = g_strdup (path);
  self->file_size = (guint64) st.st_size;
  self->file_time = (gint64) st.st_mtime;
  /* The stream owns the fd; the parser leaves the content in the file.
   * Small files are mapped, because GMime's file stream seeks before
   * every read (two system calls per 4 KB, the main cost of indexing a
   * fetch); a Maildir file is never rewritten in place, only renamed, so
   * the mapping stays valid. A big one is read through the file stream:
   * every mapped page the parser touches counts as resident, and a 25 MB
   * attachment must not cost 25 MB of memory. An empty file cannot be
   * mapped. */
  stream = st.st_size > 0 && st.st_size <= MAX_MAPPED_SIZE
             ? g_mime_stream_mmap_new (fd, PROT_READ, MAP_PRIVATE) : NULL;
  if (stream == NULL)
    stream = g_mime_stream_fs_new (fd);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_persist_stream (parser, TRUE);

  g_private_set (&current_message, self);
  self->message = g_mime_parser_construct_message (parser, get_parser_options ());
  if (self->message != NULL)
    parse_tree (self);
  g_private_set (&current_message, NULL);

  if (self->message == NULL)
    {
      /* GMime's warnings for this ("invalid header") say less than ours. */
      g_ptr_array_set_size (self->problems, 0);
      if (!load_not_a_message (self, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  SuratMessage *message;

  if (g_task_return_error_if_cancelled (task))
    return;

  message = surat_message_new_from_file (task_data, &error);
  if (message == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, message, g_object_unref);
}

void
surat_message_load_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, surat_message_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

SuratMessage *
surat_message_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == surat_message_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_surat_message_get_file_info (SuratMessage *self,
                              guint64      *size,
                              gint64       *mtime)
{
  *size = self->file_size;
  *mtime = self->file_time;
}

GMimeObject *
_surat_message_lookup_cid (SuratMessage *self,
                           const char   *content_id)
{
  return g_hash_table_lookup (self->cid_parts, content_id);
}

const char *
surat_message_get_path (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->path;
}

const char *
surat_message_get_subject (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->subject;
}

const char *
surat_message_get_from (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->from;
}

const char *
surat_message_get_to (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->to;
}

const char *
surat_message_get_cc (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->cc;
}

const char *
surat_message_get_reply_to (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->reply_to;
}

const char *
surat_message_get_message_id (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->message_id;
}

const char *
surat_message_get_in_reply_to (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->in_reply_to;
}

GDateTime *
surat_message_get_date (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->date;
}

const char *
surat_message_get_text (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->text;
}

const char *
surat_message_get_html (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->html;
}

const char *
surat_message_get_preview (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->preview;
}

GPtrArray *
surat_message_get_attachments (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->attachments;
}

GPtrArray *
surat_message_get_attached_messages (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->attached_messages;
}

GPtrArray *
surat_message_get_problems (SuratMessage *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE (self), NULL);
  return self->problems;
}
