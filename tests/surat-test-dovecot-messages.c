/* surat-test-dovecot-messages.c — realistic messages, delivered into and read
 * back from Maildirs
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "surat-test-dovecot-private.h"

/* The pieces messages are made of: plain words, words a charset must carry,
 * and lines that start with "." (RFC 1939 §3: the server byte-stuffs them,
 * the client must unstuff them; a lone "." would otherwise end the reply). */
static const char * const words[] = {
  "the", "meeting", "report", "invoice", "schedule", "please", "find", "attached",
  "thanks", "regards", "project", "deadline", "review", "budget", "tomorrow", "office",
  "server", "update", "question", "answer", "draft", "final", "version", "holiday",
  "garden", "weather", "train", "ticket", "coffee", "lunch", "customer", "order",
  "delivery", "address", "phone", "call", "week", "month", "quarter", "numbers",
  "and", "or", "but", "with", "for", "from", "about", "into", "over", "under",
  "a", "an", "to", "of", "in", "on", "at", "by", "we", "you", "they", "it",
};

static const char * const utf8_words[] = {
  "naïve", "façade", "Grüße", "smörgåsbord", "crème", "día", "Ελλάδα", "привет",
  "日本語", "señor", "Ærø", "łódź", "€", "café", "Zürich", "İstanbul",
};

static const char * const dot_lines[] = {
  ".",
  "..",
  "...",
  ".hidden files are not shown by ls",
  "..and a line that starts with two dots",
  ". a dot, a space, then words",
};

typedef struct {
  const char *name;     /* UTF-8 */
  const char *address;
} Person;

static const Person people[] = {
  { "Alice Example", "alice@example.org" },
  { "Zoë Müller", "zoe.mueller@example.de" },
  { "Jean-François Dupont", "jf.dupont@example.fr" },
  { "田中太郎", "tanaka@example.jp" },
  { "O'Brien, Pat", "pat.obrien@example.ie" },
  { "Ольга Петрова", "olga@example.ru" },
  { NULL, "noreply@notifications.example.com" },
  { "Bob", "bob@example.net" },
};

static const char * const subjects[] = {
  "Quarterly report draft",
  "Re: Lunch on Friday?",
  "Grüße aus München",
  "Café meeting — agenda",
  "Счёт за октябрь",
  "会議の議事録",
  "Fwd: Photos from the trip 📷",
  "Résumé attached",
  "Your order has shipped",
  "[team] Weekly status: all green",
};

static const char * const mailers[] = {
  "X-Mailer: Microsoft Outlook 16.0",
  "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.4.1",
  "User-Agent: Mutt/2.2.9 (2022-11-12)",
  "X-Mailer: Apple Mail (2.3731.700.6)",
};

static const char * const attachment_types[][3] = {
  { "application/pdf", "report", "pdf" },
  { "image/png", "photo", "png" },
  { "application/octet-stream", "data", "bin" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "budget", "xlsx" },
};

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* RFC 2047 §2: an encoded-word is at most 75 characters, and §5 (3): it may
 * not split a multi-byte character. Long texts become several words joined
 * by folding white space. */
static void
append_encoded_words (GString    *out,
                      const char *utf8,
                      gboolean    use_q,
                      const char *charset)
{
  g_autofree char *converted = NULL;
  const char *text = utf8;
  gsize len;
  gboolean first = TRUE;

  if (g_ascii_strcasecmp (charset, "UTF-8") != 0)
    {
      converted = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, NULL);
      if (converted == NULL)
        charset = "UTF-8";
      else
        text = converted;
    }
  len = strlen (text);

  while (len > 0)
    {
      gsize chunk = MIN (len, use_q ? 18 : 42);

      /* Back up to a character boundary (only UTF-8 has multi-byte ones). */
      if (converted == NULL)
        while (chunk < len && (text[chunk] & 0xC0) == 0x80)
          chunk--;

      if (!first)
        g_string_append (out, "\n ");
      first = FALSE;

      g_string_append_printf (out, "=?%s?%c?", charset, use_q ? 'Q' : 'B');
      if (use_q)
        {
          for (gsize i = 0; i < chunk; i++)
            {
              guchar c = text[i];

              /* RFC 2047 §4.2 (2), (3), and §5 (3)'s safe set. */
              if (c == ' ')
                g_string_append_c (out, '_');
              else if (g_ascii_isalnum (c) || strchr ("!*+-/", c) != NULL)
                g_string_append_c (out, c);
              else
                g_string_append_printf (out, "=%02X", c);
            }
        }
      else
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) text, chunk);

          g_string_append (out, b64);
        }
      g_string_append (out, "?=");

      text += chunk;
      len -= chunk;
    }
}

static void
append_phrase (GString    *out,
               const char *utf8,
               GRand      *rand)
{
  if (is_ascii (utf8))
    {
      /* RFC 5322 §3.2.3: "," and "'" are fine in a quoted string. */
      if (strpbrk (utf8, ",.;:@<>()[]\\\"") != NULL)
        g_string_append_printf (out, "\"%s\"", utf8);
      else
        g_string_append (out, utf8);
    }
  else
    {
      append_encoded_words (out, utf8, g_rand_boolean (rand), "UTF-8");
    }
}

static void
append_mailbox (GString      *out,
                const Person *person,
                GRand        *rand)
{
  if (person->name == NULL)
    {
      g_string_append (out, person->address);
      return;
    }

  append_phrase (out, person->name, rand);
  g_string_append_printf (out, " <%s>", person->address);
}

/* RFC 5322 §3.3 in English whatever the locale. */
static void
append_date (GString *out,
             gint64   unix_time,
             int      offset_minutes)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time + offset_minutes * 60);
  int abs_offset = ABS (offset_minutes);

  g_string_append_printf (out, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (dt) - 1],
                          g_date_time_get_day_of_month (dt),
                          months[g_date_time_get_month (dt) - 1],
                          g_date_time_get_year (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt),
                          offset_minutes < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
}

/* Paragraphs of words wrapped at 72 columns until @body holds @target more
 * bytes, with a line starting with "." every few lines; always at least a
 * lone "." and a ".." line. */
static void
append_text (GString  *body,
             gsize     target,
             gboolean  utf8,
             GRand    *rand)
{
  gsize start = body->len;
  gsize line_start = body->len;
  guint lines = 0;
  const int n_dot_lines = G_N_ELEMENTS (dot_lines);

  g_string_append (body, "Hello,\n\n");
  g_string_append (body, ".\n");
  line_start = body->len;

  while (body->len - start < target || lines < 4)
    {
      const char *word;

      if (utf8 && g_rand_int_range (rand, 0, 8) == 0)
        word = utf8_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (utf8_words))];
      else
        word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (body->len > line_start && body->len - line_start + 1 + strlen (word) > 72)
        {
          g_string_append_c (body, '\n');
          lines++;
          if (g_rand_int_range (rand, 0, 12) == 0)
            g_string_append (body, "\n");
          if (lines == 2)
            g_string_append (body, "..\n");
          else if (g_rand_int_range (rand, 0, 15) == 0)
            g_string_append_printf (body, "%s\n", dot_lines[g_rand_int_range (rand, 0, n_dot_lines)]);
          line_start = body->len;
        }
      else if (body->len > line_start)
        {
          g_string_append_c (body, ' ');
        }
      g_string_append (body, word);
    }

  g_string_append (body, "\n\n-- \nSent from a test\n");
}

/* RFC 2045 §6.7: lines of at most 76 characters, soft breaks as "=", no
 * trailing white space, "=" and 8-bit bytes as =XX. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  gsize col = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;
      char piece[4];

      if (c == '\n')
        {
          g_string_append_c (out, '\n');
          col = 0;
          continue;
        }

      if ((c == ' ' || c == '\t') && (p[1] == '\n' || p[1] == '\0'))
        g_snprintf (piece, sizeof piece, "=%02X", c);
      else if (c == '=' || c >= 0x7F || (c < 0x20 && c != '\t'))
        g_snprintf (piece, sizeof piece, "=%02X", c);
      else
        g_snprintf (piece, sizeof piece, "%c", c);

      if (col + strlen (piece) > 75)
        {
          g_string_append (out, "=\n");
          col = 0;
        }
      g_string_append (out, piece);
      col += strlen (piece);
    }
}

static void
append_base64_lines (GString *out,
                     gsize    n_bytes,
                     GRand   *rand)
{
  /* 57 bytes make one 76-character line (RFC 2045 §6.8). */
  guchar raw[57];

  while (n_bytes > 0)
    {
      gsize n = MIN (n_bytes, sizeof raw);
      g_autofree char *line = NULL;

      for (gsize i = 0; i < n; i += 4)
        {
          guint32 r = g_rand_int (rand);

          memcpy (raw + i, &r, MIN (4, n - i));
        }
      line = g_base64_encode (raw, n);
      g_string_append (out, line);
      g_string_append_c (out, '\n');
      n_bytes -= n;
    }
}

static void
append_html (GString    *out,
             const char *text)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n\n", -1);

  g_string_append (out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n");
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (paragraphs[i], -1);

      /* Keep the source lines, so lines starting with "." survive here too. */
      g_string_append_printf (out, "<p>%s</p>\n", escaped);
    }
  g_string_append (out, "</body></html>\n");
}

GBytes *
surat_test_generate_message (GRand *rand,
                             guint  index,
                             gsize  approx_size)
{
  static gint counter;
  g_autoptr(GString) m = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *boundary = NULL;
  const Person *from = &people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))];
  const char *subject = subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))];
  static const int offsets[] = { 0, -300, 60, 330, 540, -480, 120 };
  int offset = offsets[g_rand_int_range (rand, 0, G_N_ELEMENTS (offsets))];
  gint64 when = 1700000000 + (gint64) index * 3571 + g_rand_int_range (rand, 0, 600);
  guint kind = index % 4;
  guint n_received = g_rand_int_range (rand, 1, 4);
  gsize body_target;

  g_return_val_if_fail (rand != NULL, NULL);

  g_string_append_printf (m, "Return-Path: <%s>\n", from->address);
  g_string_append (m, "Delivered-To: tester@example.net\n");
  for (guint i = 0; i < n_received; i++)
    {
      g_string_append_printf (m, "Received: from mx%u.example.com (mx%u.example.com "
                                 "[192.0.2.%u])\n\tby mail.example.net (Postfix) with "
                                 "ESMTPS id %08X%04X\n\tfor <tester@example.net>; ",
                              i + 1, i + 1, g_rand_int_range (rand, 1, 255),
                              g_rand_int (rand), g_rand_int_range (rand, 0, 0x10000));
      append_date (m, when + (n_received - i) * 2, offset);
      g_string_append_c (m, '\n');
    }

  g_string_append (m, "Date: ");
  append_date (m, when, offset);
  g_string_append (m, "\nFrom: ");
  append_mailbox (m, from, rand);
  g_string_append (m, "\nTo: Test User <tester@example.net>");
  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      g_string_append (m, ",\n ");
      append_mailbox (m, &people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))], rand);
    }
  g_string_append_c (m, '\n');
  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      g_string_append (m, "Cc: ");
      append_mailbox (m, &people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))], rand);
      g_string_append_c (m, '\n');
    }
  if (g_rand_int_range (rand, 0, 6) == 0)
    g_string_append_printf (m, "Reply-To: %s\n", from->address);

  g_string_append (m, "Subject: ");
  if (is_ascii (subject))
    g_string_append (m, subject);
  else
    append_encoded_words (m, subject, g_rand_boolean (rand),
                          strcmp (subject, "Résumé attached") == 0 ? "ISO-8859-1" : "UTF-8");
  g_string_append_printf (m, " (#%u)\n", index);

  /* Unique within the process by the counter, across processes by the PID
   * and the random part. */
  g_string_append_printf (m, "Message-ID: <%08x%08x.%u.%d.%d@surat-test.example.org>\n",
                          g_rand_int (rand), g_rand_int (rand), index, (int) getpid (),
                          g_atomic_int_add (&counter, 1));
  if (g_str_has_prefix (subject, "Re:"))
    {
      g_autofree char *parent = g_strdup_printf ("<%08x.%u@example.org>", g_rand_int (rand), index);

      g_string_append_printf (m, "In-Reply-To: %s\nReferences: %s\n", parent, parent);
    }
  if (g_str_has_prefix (subject, "[team]"))
    g_string_append (m, "List-Id: Team discussion <team.lists.example.org>\n");
  g_string_append_printf (m, "%s\n", mailers[g_rand_int_range (rand, 0, G_N_ELEMENTS (mailers))]);
  g_string_append (m, "MIME-Version: 1.0\n");

  body_target = approx_size > m->len + 300 ? approx_size - m->len - 300 : 200;
  boundary = g_strdup_printf ("=_surat_%08x_%u", g_rand_int (rand), index);

  switch (kind)
    {
    case 0:
      append_text (text, body_target, FALSE, rand);
      g_string_append (m, "Content-Type: text/plain; charset=us-ascii\n"
                          "Content-Transfer-Encoding: 7bit\n\n");
      g_string_append (m, text->str);
      break;

    case 1:
      /* The HTML part carries about 1.5 times the text part's bytes. */
      append_text (text, body_target * 2 / 5, TRUE, rand);
      g_string_append_printf (m, "Content-Type: multipart/alternative; boundary=\"%s\"\n\n"
                                 "This is a multi-part message in MIME format.\n\n"
                                 "--%s\n"
                                 "Content-Type: text/plain; charset=utf-8; format=flowed\n"
                                 "Content-Transfer-Encoding: 8bit\n\n",
                              boundary, boundary);
      g_string_append (m, text->str);
      g_string_append_printf (m, "\n--%s\n"
                                 "Content-Type: text/html; charset=utf-8\n"
                                 "Content-Transfer-Encoding: 8bit\n\n",
                              boundary);
      append_html (m, text->str);
      g_string_append_printf (m, "\n--%s--\n", boundary);
      break;

    case 2:
      {
        guint type = g_rand_int_range (rand, 0, G_N_ELEMENTS (attachment_types));
        gsize text_target = MAX (body_target / 8, 200);
        gsize encoded = body_target > text_target ? body_target - text_target : 100;
        g_autofree char *filename = g_strdup_printf ("%s-%u.%s", attachment_types[type][1],
                                                     index, attachment_types[type][2]);

        append_text (text, text_target, FALSE, rand);
        g_string_append_printf (m, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n"
                                   "--%s\n"
                                   "Content-Type: text/plain; charset=us-ascii\n"
                                   "Content-Transfer-Encoding: 7bit\n\n",
                                boundary, boundary);
        g_string_append (m, text->str);
        g_string_append_printf (m, "\n--%s\nContent-Type: %s", boundary, attachment_types[type][0]);
        /* Every other attachment has a non-ASCII name, RFC 2231 style. */
        if (index % 8 == 2)
          g_string_append_printf (m, "\nContent-Disposition: attachment;\n"
                                     " filename*=UTF-8''%%C3%%9Cbersicht-%s\n", filename);
        else
          g_string_append_printf (m, "; name=\"%s\"\nContent-Disposition: attachment; "
                                     "filename=\"%s\"\n", filename, filename);
        g_string_append (m, "Content-Transfer-Encoding: base64\n\n");
        append_base64_lines (m, encoded / 77 * 57 + 1, rand);
        g_string_append_printf (m, "\n--%s--\n", boundary);
      }
      break;

    default:
      append_text (text, body_target * 9 / 10, TRUE, rand);
      g_string_append (m, "Content-Type: text/plain; charset=utf-8\n"
                          "Content-Transfer-Encoding: quoted-printable\n\n");
      append_quoted_printable (m, text->str);
      break;
    }

  return g_string_free_to_bytes (g_steal_pointer (&m));
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

char *
surat_test_dovecot_deliver (SuratTestDovecot  *self,
                            const char        *user,
                            GBytes            *message,
                            GError           **error)
{
  g_autofree char *maildir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *new_path = NULL;
  gint64 now = g_get_real_time ();
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  int fd;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  if (!g_hash_table_contains (self->passwords, user))
    {
      g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                   "No user “%s” on this Dovecot", user);
      return NULL;
    }

  /* Maildir's unique name: time.MusecPpidQseq.host. The zero-padded
   * sequence makes file-name order delivery order. */
  maildir = surat_test_dovecot_get_maildir (self, user);
  name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%08u.surat-test",
                          now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC),
                          (int) getpid (), ++self->delivery_seq);
  tmp_path = g_build_filename (maildir, "tmp", name, NULL);
  new_path = g_build_filename (maildir, "new", name, NULL);

  fd = open (tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                   "Could not create %s: %s", tmp_path, g_strerror (errno));
      return NULL;
    }

  /* Owned by the mail uid, as if its delivery agent wrote it: Dovecot must
   * be able to rename it into cur/ and delete it. No fsync: a test's
   * Maildir needs no durability, and the benchmark seeds thousands. */
  if (!write_all (fd, data, len) ||
      (self->as_root && fchown (fd, self->mail_uid, self->mail_gid) != 0))
    {
      g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                   "Could not write %s: %s", tmp_path, g_strerror (errno));
      close (fd);
      g_unlink (tmp_path);
      return NULL;
    }
  close (fd);

  if (g_rename (tmp_path, new_path) != 0)
    {
      g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                   "Could not move %s into new/: %s", tmp_path, g_strerror (errno));
      g_unlink (tmp_path);
      return NULL;
    }

  return g_steal_pointer (&name);
}

GPtrArray *
surat_test_dovecot_seed (SuratTestDovecot  *self,
                         const char        *user,
                         guint              n_messages,
                         gsize              approx_size,
                         GError           **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr(GBytes) message = surat_test_generate_message (rand, i, approx_size);
      g_autofree char *name = surat_test_dovecot_deliver (self, user, message, error);

      if (name == NULL)
        return NULL;
      g_ptr_array_add (written, g_steal_pointer (&message));
    }

  return g_steal_pointer (&written);
}

GPtrArray *
surat_test_dovecot_list_messages (SuratTestDovecot  *self,
                                  const char        *user,
                                  GError           **error)
{
  g_autofree char *maildir = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  maildir = surat_test_dovecot_get_maildir (self, user);
  return surat_test_read_maildir (maildir, error);
}

/* Orders paths by their file name up to the ":2,FLAGS" info, which changes
 * when Dovecot moves a message from new/ into cur/. */
static int
compare_maildir_paths (gconstpointer a,
                       gconstpointer b)
{
  const char *name_a = strrchr (*(const char * const *) a, '/') + 1;
  const char *name_b = strrchr (*(const char * const *) b, '/') + 1;
  gsize len_a = strcspn (name_a, ":");
  gsize len_b = strcspn (name_b, ":");
  int cmp = strncmp (name_a, name_b, MIN (len_a, len_b));

  if (cmp != 0)
    return cmp;
  return (len_a > len_b) - (len_a < len_b);
}

/* One pass; FALSE with *vanished set when a file disappeared between the
 * listing and the read. */
static GPtrArray *
read_maildir_once (const char  *maildir,
                   gboolean    *vanished,
                   GError     **error)
{
  static const char * const subdirs[] = { "new", "cur" };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  *vanished = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir_path = g_build_filename (maildir, subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, error);
      const char *name;

      if (dir == NULL)
        return NULL;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
    }

  g_ptr_array_sort (paths, compare_maildir_paths);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *contents;
      gsize len;

      if (!g_file_get_contents (paths->pdata[i], &contents, &len, &local_error))
        {
          *vanished = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (messages, g_bytes_new_take (contents, len));
    }

  return g_steal_pointer (&messages);
}

GPtrArray *
surat_test_read_maildir (const char  *maildir,
                         GError     **error)
{
  g_return_val_if_fail (maildir != NULL, NULL);

  /* A Maildir is read while its owner may rename files (Dovecot moves new/
   * to cur/ when a session opens the mailbox): a file that vanished
   * between listing and reading means "list again". */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean vanished;
      GPtrArray *messages = read_maildir_once (maildir, &vanished, &local_error);

      if (messages != NULL)
        return messages;
      if (!vanished || attempt == 50)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_usleep (10 * 1000);
    }
}
