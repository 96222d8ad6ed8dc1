/* surat-message-builder.c — a message to send, built with GMime
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

/* How much of a file g_content_type_guess() looks at: the magic numbers
 * of the shared MIME database sit in the first few hundred bytes. */
#define SNIFF_SIZE 4096

G_DEFINE_FINAL_TYPE (SuratMessageBuilder, surat_message_builder, G_TYPE_OBJECT)

static void
item_free (Item *item)
{
  g_free (item->path);
  g_free (item->filename);
  g_free (item->mime_type);
  g_free (item);
}

static void
text_free (Text *text)
{
  if (text == NULL)
    return;
  g_free (text->data);
  g_free (text);
}

static InternetAddressList **
list_for_field (SuratMessageBuilder *self,
                SuratMessageField    field)
{
  switch (field)
    {
    case SURAT_MESSAGE_FIELD_FROM:     return &self->from;
    case SURAT_MESSAGE_FIELD_TO:       return &self->to;
    case SURAT_MESSAGE_FIELD_CC:       return &self->cc;
    case SURAT_MESSAGE_FIELD_BCC:      return &self->bcc;
    case SURAT_MESSAGE_FIELD_REPLY_TO: return &self->reply_to;
    default:                           return NULL;
    }
}

static gboolean
is_address_field (SuratMessageField field)
{
  return field == SURAT_MESSAGE_FIELD_TO || field == SURAT_MESSAGE_FIELD_CC ||
         field == SURAT_MESSAGE_FIELD_BCC || field == SURAT_MESSAGE_FIELD_REPLY_TO;
}

/* A message ID as RFC 5322 §3.6.4 has it, without its <>: id-left "@"
 * id-right, printable ASCII without spaces or specials that would end it. */
static char *
normalize_message_id (const char         *message_id,
                      SuratMessageField   field,
                      int                 index,
                      GError            **error)
{
  g_autofree char *id = NULL;
  const char *at;

  if (!_surat_check_one_line (message_id, -1, field, index, error))
    return NULL;

  id = g_strstrip (g_strdup (message_id));
  if (id[0] == '<' && g_str_has_suffix (id, ">"))
    {
      memmove (id, id + 1, strlen (id) - 2);
      id[strlen (id) - 2] = '\0';
    }

  at = strchr (id, '@');
  if (at == NULL || at == id || at[1] == '\0' || strlen (id) > 250)
    goto invalid;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p >= 0x7f || strchr ("<>\"(),;:\\", *p) != NULL)
        goto invalid;
    }
  return g_steal_pointer (&id);

invalid:
  _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MESSAGE_ID,
                                    field, index, 0, 0,
                                    _("“%s” in %s is not a message ID"), message_id,
                                    _surat_message_field_describe (field));
  return NULL;
}

static Text *
text_new (const char         *data,
          gssize              length,
          SuratMessageField   field,
          GError            **error)
{
  Text *text;
  gsize len = length < 0 ? strlen (data) : (gsize) length;
  const char *nul = memchr (data, '\0', len);
  const char *end;
  GString *normalized;

  if (nul != NULL)
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_CONTROL_CHARACTER,
                                        field, -1, nul - data, nul - data + 1,
                                        _("The message text cannot contain NUL characters"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, &end))
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_UTF8,
                                        field, -1, end - data, end - data + 1,
                                        _("The message text is not valid UTF-8"));
      return NULL;
    }

  /* RFC 5322 §2.3: CR and LF only as a pair; stored with LF (Maildir),
   * sent as CRLF. A lone CR is a line end someone's editor made. */
  normalized = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r')
        {
          g_string_append_c (normalized, '\n');
          if (i + 1 < len && data[i + 1] == '\n')
            i++;
        }
      else
        {
          g_string_append_c (normalized, data[i]);
        }
    }

  /* Text is lines, each with its end: without a last one, SMTP (RFC 5321
   * §4.1.1.4) or GMime's quoted-printable encoder would add it anyway. */
  if (normalized->len > 0 && normalized->str[normalized->len - 1] != '\n')
    g_string_append_c (normalized, '\n');

  text = g_new0 (Text, 1);
  text->len = normalized->len;
  text->data = g_string_free (normalized, FALSE);
  _surat_text_scan_init (&text->scan);
  _surat_text_scan_update (&text->scan, (const guchar *) text->data, text->len);
  _surat_text_scan_finish (&text->scan);

  return text;
}

static void
surat_message_builder_finalize (GObject *object)
{
  SuratMessageBuilder *self = SURAT_MESSAGE_BUILDER (object);

  g_clear_object (&self->from);
  g_clear_object (&self->to);
  g_clear_object (&self->cc);
  g_clear_object (&self->bcc);
  g_clear_object (&self->reply_to);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->in_reply_to, g_free);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_pointer (&self->text, text_free);
  g_clear_pointer (&self->html, text_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_message_builder_parent_class)->finalize (object);
}

static void
surat_message_builder_class_init (SuratMessageBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_message_builder_finalize;
}

static void
surat_message_builder_init (SuratMessageBuilder *self)
{
  self->from = internet_address_list_new ();
  self->to = internet_address_list_new ();
  self->cc = internet_address_list_new ();
  self->bcc = internet_address_list_new ();
  self->reply_to = internet_address_list_new ();
  self->references = g_ptr_array_new_with_free_func (g_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}

/**
 * surat_message_builder_new:
 *
 * Returns: (transfer full): an empty message: no sender, no recipients,
 *   for a server without 8BITMIME or SMTPUTF8
 */
SuratMessageBuilder *
surat_message_builder_new (void)
{
  return g_object_new (SURAT_TYPE_MESSAGE_BUILDER, NULL);
}

void
surat_message_builder_set_8bitmime (SuratMessageBuilder *self,
                                    gboolean             eightbitmime)
{
  g_return_if_fail (SURAT_IS_MESSAGE_BUILDER (self));

  self->eightbitmime = !!eightbitmime;
}

/**
 * surat_message_builder_set_keep_bcc:
 *
 * Writes the Bcc header too: for the sender's own copies (Outbox, Sent,
 * Drafts), never for what goes on the wire as it is. Off by default.
 */
void
surat_message_builder_set_keep_bcc (SuratMessageBuilder *self,
                                    gboolean             keep_bcc)
{
  g_return_if_fail (SURAT_IS_MESSAGE_BUILDER (self));

  self->keep_bcc = !!keep_bcc;
}

void
surat_message_builder_set_smtputf8 (SuratMessageBuilder *self,
                                    gboolean             smtputf8)
{
  g_return_if_fail (SURAT_IS_MESSAGE_BUILDER (self));

  self->smtputf8 = !!smtputf8;
}

static InternetAddress *
make_mailbox (SuratMessageField   field,
              const char         *display_name,
              const char         *address,
              GError            **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *name = NULL;

  if (display_name != NULL)
    {
      if (!_surat_check_one_line (display_name, -1, field, -1, error))
        return NULL;
      name = g_strstrip (g_strdup (display_name));
      if (strlen (name) > 500)
        {
          _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_ADDRESS,
                                            field, -1, 0, 0,
                                            _("The name in %s is too long"),
                                            _surat_message_field_describe (field));
          return NULL;
        }
    }

  normalized = _surat_address_normalize (address, field, -1, 0, 0, error);
  if (normalized == NULL)
    return NULL;

  return internet_address_mailbox_new (name != NULL && *name != '\0' ? name : NULL, normalized);
}

gboolean
surat_message_builder_set_from (SuratMessageBuilder  *self,
                                const char           *display_name,
                                const char           *address,
                                GError              **error)
{
  g_autoptr(InternetAddress) mailbox = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mailbox = make_mailbox (SURAT_MESSAGE_FIELD_FROM, display_name, address, error);
  if (mailbox == NULL)
    return FALSE;

  internet_address_list_clear (self->from);
  internet_address_list_add (self->from, mailbox);
  return TRUE;
}

gboolean
surat_message_builder_set_addresses (SuratMessageBuilder  *self,
                                     SuratMessageField     field,
                                     const char           *text,
                                     gssize                length,
                                     GError              **error)
{
  g_autoptr(InternetAddressList) parsed = NULL;
  InternetAddressList **list;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (is_address_field (field), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = surat_message_builder_parse_addresses (text, length, field, error);
  if (parsed == NULL)
    return FALSE;

  list = list_for_field (self, field);
  g_set_object (list, parsed);
  return TRUE;
}

gboolean
surat_message_builder_add_address (SuratMessageBuilder  *self,
                                   SuratMessageField     field,
                                   const char           *display_name,
                                   const char           *address,
                                   GError              **error)
{
  g_autoptr(InternetAddress) mailbox = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (is_address_field (field), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mailbox = make_mailbox (field, display_name, address, error);
  if (mailbox == NULL)
    return FALSE;

  internet_address_list_add (*list_for_field (self, field), mailbox);
  return TRUE;
}

InternetAddressList *
surat_message_builder_get_addresses (SuratMessageBuilder *self,
                                     SuratMessageField    field)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), NULL);
  g_return_val_if_fail (is_address_field (field) || field == SURAT_MESSAGE_FIELD_FROM, NULL);

  return *list_for_field (self, field);
}

gboolean
surat_message_builder_set_subject (SuratMessageBuilder  *self,
                                   const char           *subject,
                                   gssize                length,
                                   GError              **error)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (subject == NULL)
    {
      g_clear_pointer (&self->subject, g_free);
      return TRUE;
    }
  if (length < 0)
    length = strlen (subject);

  if (!_surat_check_one_line (subject, length, SURAT_MESSAGE_FIELD_SUBJECT, -1, error))
    return FALSE;

  g_free (self->subject);
  self->subject = g_strndup (subject, length);
  return TRUE;
}

void
surat_message_builder_set_date (SuratMessageBuilder *self,
                                GDateTime           *date)
{
  g_return_if_fail (SURAT_IS_MESSAGE_BUILDER (self));

  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    self->date = g_date_time_ref (date);
}

gboolean
surat_message_builder_set_message_id (SuratMessageBuilder  *self,
                                      const char           *message_id,
                                      GError              **error)
{
  char *id = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (message_id != NULL)
    {
      id = normalize_message_id (message_id, SURAT_MESSAGE_FIELD_MESSAGE_ID, -1, error);
      if (id == NULL)
        return FALSE;
    }

  g_free (self->message_id);
  self->message_id = id;
  return TRUE;
}

const char *
surat_message_builder_get_message_id (SuratMessageBuilder *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), NULL);

  return self->message_id;
}

gboolean
surat_message_builder_set_in_reply_to (SuratMessageBuilder  *self,
                                       const char           *message_id,
                                       GError              **error)
{
  char *id = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (message_id != NULL)
    {
      id = normalize_message_id (message_id, SURAT_MESSAGE_FIELD_IN_REPLY_TO, -1, error);
      if (id == NULL)
        return FALSE;
    }

  g_free (self->in_reply_to);
  self->in_reply_to = id;
  return TRUE;
}

gboolean
surat_message_builder_set_references (SuratMessageBuilder  *self,
                                      const char * const   *message_ids,
                                      GError              **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; message_ids != NULL && message_ids[i] != NULL; i++)
    {
      char *id = normalize_message_id (message_ids[i], SURAT_MESSAGE_FIELD_REFERENCES, i, error);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (ids, id);
    }

  g_ptr_array_unref (self->references);
  self->references = g_steal_pointer (&ids);
  return TRUE;
}

/* The IDs in a References or In-Reply-To value: each "<…>", malformed
 * ones left out (GMime's parser would stop at the first bit of junk). */
static void
append_parsed_ids (GPtrArray  *ids,
                   const char *value)
{
  const char *p = value;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *close = strchr (p, '>');
      const char *reopen = strchr (p + 1, '<');
      g_autofree char *candidate = NULL;
      char *id;

      if (close == NULL)
        break;
      if (reopen != NULL && reopen < close)
        {
          p = reopen;
          continue;
        }

      candidate = g_strndup (p, close - p + 1);
      id = normalize_message_id (candidate, SURAT_MESSAGE_FIELD_REFERENCES, -1, NULL);
      if (id != NULL)
        g_ptr_array_add (ids, id);
      p = close + 1;
    }
}

gboolean
surat_message_builder_set_reply_parent (SuratMessageBuilder  *self,
                                        const char           *parent_message_id,
                                        const char           *parent_references,
                                        const char           *parent_in_reply_to,
                                        GError              **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) in_reply_to = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *parent = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (parent_message_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parent = normalize_message_id (parent_message_id, SURAT_MESSAGE_FIELD_IN_REPLY_TO, -1, error);
  if (parent == NULL)
    return FALSE;

  /* RFC 5322 §3.6.4: the parent's References, or else its In-Reply-To
   * when that is a single ID; then the parent's Message-ID. */
  append_parsed_ids (ids, parent_references);
  if (ids->len == 0)
    {
      append_parsed_ids (in_reply_to, parent_in_reply_to);
      if (in_reply_to->len == 1)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (in_reply_to, 0)));
    }
  g_ptr_array_add (ids, g_strdup (parent));

  g_free (self->in_reply_to);
  self->in_reply_to = g_steal_pointer (&parent);
  g_ptr_array_unref (self->references);
  self->references = g_steal_pointer (&ids);
  return TRUE;
}

gboolean
surat_message_builder_set_text (SuratMessageBuilder  *self,
                                const char           *text,
                                gssize                length,
                                GError              **error)
{
  Text *new_text = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text != NULL)
    {
      new_text = text_new (text, length, SURAT_MESSAGE_FIELD_TEXT, error);
      if (new_text == NULL)
        return FALSE;
    }

  text_free (self->text);
  self->text = new_text;
  return TRUE;
}

gboolean
surat_message_builder_set_html (SuratMessageBuilder  *self,
                                const char           *html,
                                gssize                length,
                                GError              **error)
{
  Text *new_html = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (html != NULL)
    {
      new_html = text_new (html, length, SURAT_MESSAGE_FIELD_HTML, error);
      if (new_html == NULL)
        return FALSE;
    }

  text_free (self->html);
  self->html = new_html;
  return TRUE;
}

/* Opens @path to read, refusing what is not a regular file; errors name
 * the file as the person chose it. */
int
_surat_open_attachment (const char  *path,
                        GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot attach “%s”: %s"), shown, g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      gboolean dir = S_ISDIR (st.st_mode);

      close (fd);
      g_set_error (error, G_IO_ERROR, dir ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   dir ? _("Cannot attach “%s”: it is a folder")
                       : _("Cannot attach “%s”: it is not a regular file"), shown);
      return -1;
    }

  return fd;
}

static char *
sniff_mime_type (int         fd,
                 const char *filename)
{
  guchar head[SNIFF_SIZE];
  gssize n;
  g_autofree char *content_type = NULL;
  char *mime_type;

  do
    n = read (fd, head, sizeof head);
  while (n < 0 && errno == EINTR);

  content_type = g_content_type_guess (filename, n > 0 ? head : NULL, MAX (n, 0), NULL);
  mime_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;

  if (mime_type == NULL || strchr (mime_type, '/') == NULL)
    {
      g_free (mime_type);
      mime_type = g_strdup ("application/octet-stream");
    }

  return mime_type;
}

static gboolean
valid_mime_type (const char *mime_type)
{
  static const char tspecials[] = "()<>@,;:\\\"/[]?=";
  const char *slash = strchr (mime_type, '/');

  /* RFC 2045 §5.1: type "/" subtype, each a token. */
  if (slash == NULL || slash == mime_type || slash[1] == '\0' || strchr (slash + 1, '/') != NULL)
    return FALSE;
  for (const char *p = mime_type; *p != '\0'; p++)
    {
      if (p == slash)
        continue;
      if (*p <= ' ' || *p >= 0x7f || strchr (tspecials, *p) != NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
surat_message_builder_add_attachment (SuratMessageBuilder  *self,
                                      const char           *path,
                                      const char           *filename,
                                      const char           *mime_type,
                                      GError              **error)
{
  g_autofree char *name = NULL;
  Item *item;
  int index;
  int fd;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  index = self->items->len;
  name = filename != NULL ? g_strdup (filename) : g_filename_display_basename (path);
  if (!_surat_check_one_line (name, -1, SURAT_MESSAGE_FIELD_ATTACHMENT, index, error))
    return FALSE;
  if (mime_type != NULL && !valid_mime_type (mime_type))
    {
      _surat_message_builder_set_error (error, SURAT_MESSAGE_BUILDER_ERROR_INVALID_MIME_TYPE,
                                        SURAT_MESSAGE_FIELD_ATTACHMENT, index, 0, 0,
                                        _("“%s” is not a MIME type"), mime_type);
      return FALSE;
    }

  fd = _surat_open_attachment (path, error);
  if (fd < 0)
    return FALSE;

  item = g_new0 (Item, 1);
  item->path = g_strdup (path);
  item->filename = g_steal_pointer (&name);
  item->mime_type = mime_type != NULL ? g_ascii_strdown (mime_type, -1)
                                      : sniff_mime_type (fd, item->filename);
  close (fd);

  /* RFC 2046 §5.2: a "message/…" part is never base64. An attached .eml goes
   * as a message/rfc822 part, as forwarded messages do; anything else
   * claiming to be a message goes as plain data. */
  if (g_str_has_prefix (item->mime_type, "message/"))
    {
      g_autoptr(GMimeMessage) message = NULL;

      if (strcmp (item->mime_type, "message/rfc822") == 0)
        message = _surat_mime_parse_file (path, NULL);
      item->forward = message != NULL;
      g_free (item->mime_type);
      item->mime_type = g_strdup (message != NULL ? "message/rfc822" : "application/octet-stream");
    }

  g_ptr_array_add (self->items, item);
  return TRUE;
}

/* A file name from a subject: what a person would call the message on
 * disk, without what file systems refuse. */
static char *
filename_from_subject (const char *subject)
{
  GString *name = g_string_new (NULL);

  for (const char *p = subject != NULL ? subject : ""; *p != '\0' && name->len < 60;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", c) != NULL)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  g_strstrip (name->str);
  g_string_set_size (name, strlen (name->str));
  if (name->len == 0 || name->str[0] == '.')
    g_string_prepend (name, "message");
  g_string_append (name, ".eml");

  return g_string_free (name, FALSE);
}

gboolean
surat_message_builder_add_forwarded_message (SuratMessageBuilder  *self,
                                             const char           *path,
                                             GError              **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  Item *item;

  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  message = _surat_mime_parse_file (path, error);
  if (message == NULL)
    {
      if (error != NULL && *error != NULL && (*error)->domain == SURAT_MESSAGE_BUILDER_ERROR)
        {
          g_autoptr(GError) plain = g_steal_pointer (error);

          _surat_message_builder_set_error (error, plain->code, SURAT_MESSAGE_FIELD_ATTACHMENT,
                                            self->items->len, 0, 0, "%s", plain->message);
        }
      return FALSE;
    }

  item = g_new0 (Item, 1);
  item->forward = TRUE;
  item->path = g_strdup (path);
  item->filename = filename_from_subject (g_mime_message_get_subject (message));
  g_ptr_array_add (self->items, item);
  return TRUE;
}

gboolean
surat_message_builder_needs_smtputf8 (SuratMessageBuilder *self)
{
  g_return_val_if_fail (SURAT_IS_MESSAGE_BUILDER (self), FALSE);

  return _surat_address_list_needs_smtputf8 (self->from, self->smtputf8) ||
         _surat_address_list_needs_smtputf8 (self->to, self->smtputf8) ||
         _surat_address_list_needs_smtputf8 (self->cc, self->smtputf8) ||
         _surat_address_list_needs_smtputf8 (self->bcc, self->smtputf8) ||
         _surat_address_list_needs_smtputf8 (self->reply_to, self->smtputf8);
}

