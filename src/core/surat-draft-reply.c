/* surat-draft-reply.c — drafts made from a message: reply, reply to all, forward
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-draft-private.h"
#include "surat-gmime-autocleanups.h"
#include "surat-message-builder-private.h"

/* --- subjects --------------------------------------------------------------- */

/* The length of the prefixes at the start of @subject that say "reply"
 * (@forward FALSE: "Re:", "RE:", "Aw:", "Re[2]:", "Sv:", "Antw:") or
 * "forward" ("Fwd:", "Fw:", "Wg:"), with the spaces after them. */
static gsize
prefix_length (const char *subject,
               gboolean    forward)
{
  static const char * const reply_words[] = { "re", "aw", "sv", "antw", NULL };
  static const char * const forward_words[] = { "fwd", "fw", "wg", NULL };
  const char * const *words = forward ? forward_words : reply_words;
  const char *p = subject;
  const char *end = subject;

  for (;;)
    {
      const char *q = p;
      gboolean found = FALSE;

      while (*q == ' ' || *q == '\t')
        q++;
      for (guint i = 0; words[i] != NULL && !found; i++)
        {
          gsize n = strlen (words[i]);

          if (g_ascii_strncasecmp (q, words[i], n) == 0)
            {
              const char *r = q + n;

              /* "Re[2]:" counts replies the old way. */
              if (*r == '[')
                {
                  r++;
                  while (g_ascii_isdigit (*r))
                    r++;
                  if (*r != ']')
                    continue;
                  r++;
                }
              if (*r == ':')
                {
                  q = r + 1;
                  found = TRUE;
                }
            }
        }
      if (!found)
        break;
      while (*q == ' ' || *q == '\t')
        q++;
      p = end = q;
    }
  return (gsize) (end - subject);
}

static char *
prefixed_subject (const char *subject,
                  gboolean    forward)
{
  const char *rest = subject + prefix_length (subject, forward);

  /* Not translated: "Re:" and "Fwd:" are what every mail program
   * recognizes, whatever language it speaks. */
  return g_strconcat (forward ? "Fwd: " : "Re: ", rest, NULL);
}

/* --- addresses -------------------------------------------------------------- */

static InternetAddressList *
parse_list (const char *text)
{
  InternetAddressList *list = NULL;

  if (text != NULL && *text != '\0')
    list = internet_address_list_parse (NULL, text);
  return list != NULL ? list : internet_address_list_new ();
}

/* Every mailbox of @list, group members included, into @out. */
static void
flatten (InternetAddressList *list,
         GPtrArray           *out)
{
  for (int i = 0; i < internet_address_list_length (list); i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_GROUP (address))
        flatten (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (address)), out);
      else
        g_ptr_array_add (out, g_object_ref (address));
    }
}

static gboolean
is_own (InternetAddress    *address,
        const char * const *own_addresses)
{
  const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));

  for (guint i = 0; own_addresses != NULL && own_addresses[i] != NULL; i++)
    if (g_ascii_strcasecmp (addr, own_addresses[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Adds the mailboxes of @text to @out unless they are in @seen (lower-
 * cased addresses) or, with @own_addresses, one's own. */
static void
add_recipients (InternetAddressList *out,
                GHashTable          *seen,
                const char          *text,
                const char * const  *own_addresses)
{
  g_autoptr(InternetAddressList) list = parse_list (text);
  g_autoptr(GPtrArray) mailboxes = g_ptr_array_new_with_free_func (g_object_unref);

  flatten (list, mailboxes);
  for (guint i = 0; i < mailboxes->len; i++)
    {
      InternetAddress *address = g_ptr_array_index (mailboxes, i);
      const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));
      char *key = g_ascii_strdown (addr, -1);

      if (*addr == '\0' || is_own (address, own_addresses) || g_hash_table_contains (seen, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      internet_address_list_add (out, address);
    }
}

static char *
list_to_text (InternetAddressList *list)
{
  if (internet_address_list_length (list) == 0)
    return g_strdup ("");
  return internet_address_list_to_string (list, NULL, FALSE);
}

/* The sender's name for the attribution line, else the address. */
static char *
sender_name (const char *from)
{
  g_autoptr(InternetAddressList) list = parse_list (from);
  InternetAddress *address;
  const char *name;

  if (internet_address_list_length (list) == 0)
    return g_strdup (from);
  address = internet_address_list_get_address (list, 0);
  name = internet_address_get_name (address);
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  if (INTERNET_ADDRESS_IS_MAILBOX (address))
    return g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
  return g_strdup (from);
}

/* --- the quoted text ---------------------------------------------------------- */

static char *
attribution (SuratMessage *original)
{
  g_autofree char *name = sender_name (surat_message_get_from (original));
  GDateTime *date = surat_message_get_date (original);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (date == NULL)
    /* TRANSLATORS: above the quoted text of a reply; %s is the sender */
    return g_strdup_printf (_("%s wrote:"), name);

  local = g_date_time_to_local (date);
  /* TRANSLATORS: a date for g_date_time_format(): "Tue, 3 Nov 2026 at 23:30" */
  when = g_date_time_format (local, _("%a, %-d %b %Y at %H:%M"));
  /* TRANSLATORS: above the quoted text of a reply: the date, the sender */
  return g_strdup_printf (_("On %s, %s wrote:"), when, name);
}

/* Each line of @text behind "> " (">" alone on an empty line, and one
 * more ">" before a line quoted already, as mail programs nest quotes). */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* The text has no trailing line break (SuratMessage strips it). */
  while (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      if (*lines[i] == '\0')
        g_string_append (out, ">\n");
      else if (*lines[i] == '>')
        g_string_append_printf (out, ">%s\n", lines[i]);
      else
        g_string_append_printf (out, "> %s\n", lines[i]);
    }
}

/* --- reply ------------------------------------------------------------------- */

/* RFC 5322 §3.6.4: the parent's References (or else its In-Reply-To when
 * it names one message), then the parent's Message-ID. */
static GStrv
reply_references (SuratMessage *original)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GMimeMessage) parsed = NULL;
  const char *references = NULL;
  GMimeReferences *refs = NULL;

  if (surat_message_get_path (original) != NULL)
    parsed = _surat_mime_parse_file (surat_message_get_path (original), NULL);
  /* A message attached to another one shares its parent's path: the
   * file's References are only this message's when its Message-ID is. */
  if (parsed != NULL &&
      g_strcmp0 (g_mime_message_get_message_id (parsed),
                 surat_message_get_message_id (original)) == 0)
    references = g_mime_object_get_header (GMIME_OBJECT (parsed), "References");

  if (references != NULL)
    refs = g_mime_references_parse (NULL, references);
  if (refs != NULL && g_mime_references_length (refs) > 0)
    {
      for (int i = 0; i < g_mime_references_length (refs); i++)
        g_strv_builder_add (ids, g_mime_references_get_message_id (refs, i));
    }
  else if (surat_message_get_in_reply_to (original) != NULL &&
           strchr (surat_message_get_in_reply_to (original), ' ') == NULL)
    g_strv_builder_add (ids, surat_message_get_in_reply_to (original));
  g_clear_pointer (&refs, g_mime_references_free);

  if (surat_message_get_message_id (original) != NULL)
    g_strv_builder_add (ids, surat_message_get_message_id (original));
  return g_strv_builder_end (ids);
}

SuratDraft *
surat_draft_new_reply (SuratAccount        *account,
                       SuratMessage        *original,
                       gboolean             all,
                       const char * const  *own_addresses)
{
  SuratDraft *self;
  g_autoptr(InternetAddressList) to = internet_address_list_new ();
  g_autoptr(InternetAddressList) cc = internet_address_list_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(InternetAddressList) from = NULL;
  g_autoptr(GPtrArray) from_mailboxes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *subject = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *cc_text = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) references = NULL;
  const char *reply_to;
  gboolean from_self;

  g_return_val_if_fail (SURAT_IS_MESSAGE (original), NULL);

  self = surat_draft_new (account);

  from = parse_list (surat_message_get_from (original));
  flatten (from, from_mailboxes);
  from_self = from_mailboxes->len > 0 &&
              is_own (g_ptr_array_index (from_mailboxes, 0), own_addresses);

  /* Reply-To names where replies go (RFC 5322 §3.6.2); a reply to one's
   * own message goes to its recipients again. */
  reply_to = surat_message_get_reply_to (original);
  if (*reply_to != '\0')
    add_recipients (to, seen, reply_to, NULL);
  else if (from_self)
    add_recipients (to, seen, surat_message_get_to (original), NULL);
  else
    add_recipients (to, seen, surat_message_get_from (original), NULL);

  if (all)
    {
      /* Never oneself, nobody twice. */
      if (*reply_to != '\0' || !from_self)
        add_recipients (cc, seen, surat_message_get_from (original), own_addresses);
      add_recipients (cc, seen, surat_message_get_to (original), own_addresses);
      add_recipients (cc, seen, surat_message_get_cc (original), own_addresses);
    }

  to_text = list_to_text (to);
  cc_text = list_to_text (cc);
  surat_draft_set_addresses (self, SURAT_MESSAGE_FIELD_TO, to_text);
  surat_draft_set_addresses (self, SURAT_MESSAGE_FIELD_CC, cc_text);

  subject = prefixed_subject (surat_message_get_subject (original), FALSE);
  surat_draft_set_subject (self, subject);

  line = attribution (original);
  g_string_append_printf (body, "%s\n", line);
  append_quoted (body, surat_message_get_text (original));
  surat_draft_set_body (self, body->str);

  references = reply_references (original);
  _surat_draft_set_threading (self, surat_message_get_message_id (original),
                              (const char * const *) references);

  _surat_draft_reset_revision (self);
  return self;
}

/* --- forward ----------------------------------------------------------------- */

static void
append_header_line (GString    *out,
                    const char *label,
                    const char *value)
{
  if (value != NULL && *value != '\0')
    g_string_append_printf (out, "%s %s\n", label, value);
}

static char *
forward_block (SuratMessage *original)
{
  GString *out = g_string_new ("\n");
  GDateTime *date = surat_message_get_date (original);
  g_autofree char *when = NULL;

  if (date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);

      /* TRANSLATORS: a date for g_date_time_format(): "Tue, 3 Nov 2026 at 23:30" */
      when = g_date_time_format (local, _("%a, %-d %b %Y at %H:%M"));
    }

  g_string_append_printf (out, "%s\n", _("-------- Forwarded message --------"));
  append_header_line (out, _("From:"), surat_message_get_from (original));
  append_header_line (out, _("Date:"), when);
  append_header_line (out, _("Subject:"), surat_message_get_subject (original));
  append_header_line (out, _("To:"), surat_message_get_to (original));
  append_header_line (out, _("Cc:"), surat_message_get_cc (original));
  g_string_append_c (out, '\n');
  g_string_append (out, surat_message_get_text (original));
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* A file that holds @original and nothing else: its own, or, for a
 * message attached to another (which shares its container's path), a
 * copy written into @store's private attachment dir. */
static char *
original_file (SuratMessage  *original,
               SuratStore    *store,
               const char    *name,
               GError       **error)
{
  const char *path = surat_message_get_path (original);
  const char *id = surat_message_get_message_id (original);
  g_autoptr(GMimeMessage) parsed = NULL;
  g_autoptr(GMimePartIter) iter = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GMimeStream) out = NULL;
  GMimeMessage *found = NULL;

  if (path == NULL || (parsed = _surat_mime_parse_file (path, NULL)) == NULL)
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND,
                   _("The message to forward is gone"));
      return NULL;
    }
  if (g_strcmp0 (g_mime_message_get_message_id (parsed), id) == 0)
    return g_strdup (path);

  iter = g_mime_part_iter_new (GMIME_OBJECT (parsed));
  do
    {
      GMimeObject *part = g_mime_part_iter_get_current (iter);

      if (GMIME_IS_MESSAGE_PART (part) &&
          g_mime_message_part_get_message (GMIME_MESSAGE_PART (part)) != NULL &&
          g_strcmp0 (g_mime_message_get_message_id (
                       g_mime_message_part_get_message (GMIME_MESSAGE_PART (part))), id) == 0)
        found = g_mime_message_part_get_message (GMIME_MESSAGE_PART (part));
    }
  while (found == NULL && g_mime_part_iter_next (iter));

  if (found == NULL || store == NULL)
    return g_strdup (path);

  dir = _surat_draft_make_attachment_dir (store, error);
  if (dir == NULL)
    return NULL;
  copy = g_build_filename (dir, name, NULL);
  out = g_mime_stream_fs_open (copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, NULL);
  if (out == NULL || g_mime_object_write_to_stream (GMIME_OBJECT (found), NULL, out) < 0 ||
      g_mime_stream_flush (out) != 0)
    {
      g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
                   _("Cannot write “%s”"), copy);
      return NULL;
    }
  return g_steal_pointer (&copy);
}

SuratDraft *
surat_draft_new_forward (SuratAccount      *account,
                         SuratMessage      *original,
                         SuratForwardMode   mode,
                         SuratStore        *store,
                         GError           **error)
{
  g_autoptr(SuratDraft) self = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (SURAT_IS_MESSAGE (original), NULL);
  g_return_val_if_fail (mode == SURAT_FORWARD_AS_ATTACHMENT || SURAT_IS_STORE (store), NULL);

  self = surat_draft_new (account);
  subject = prefixed_subject (surat_message_get_subject (original), TRUE);
  surat_draft_set_subject (self, subject);

  if (mode == SURAT_FORWARD_INLINE)
    {
      g_autofree char *block = forward_block (original);

      surat_draft_set_body (self, block);
      if (surat_message_get_attachments (original)->len > 0)
        {
          g_autofree char *dir = _surat_draft_make_attachment_dir (store, error);

          if (dir == NULL || !_surat_draft_take_attachments (self, original, dir, error))
            return NULL;
        }
    }
  else
    {
      g_autofree char *short_subject = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      GStatBuf st;

      /* 60 characters (240 bytes at most) keep the name within the 255
       * bytes a file name may have. */
      short_subject = g_utf8_substring (surat_message_get_subject (original), 0, 60);
      name = g_strdup_printf ("%s.eml", *short_subject != '\0'
                                          ? short_subject
                                          /* TRANSLATORS: the file name of a forwarded
                                           * message without a subject (.eml follows) */
                                          : _("Message"));
      g_strdelimit (name, "/\\", '_');
      path = original_file (original, store, name, error);
      if (path == NULL)
        return NULL;
      if (g_stat (path, &st) != 0)
        st.st_size = 0;
      _surat_draft_append_attachment (self, path, name, "message/rfc822",
                                      (guint64) st.st_size, TRUE);
    }

  _surat_draft_reset_revision (self);
  return g_steal_pointer (&self);
}
