/* surat-maildir.h — one Maildir folder, with durable delivery
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "surat-store-error.h"

G_BEGIN_DECLS

/*
 * File names follow the Maildir conventions (https://cr.yp.to/proto/maildir.html
 * and Dovecot's extensions):
 *
 *   <sec>.M<usec>P<pid>Q<n>.<host>,S=<size>[,U=<pop3-uid>][:2,<flags>]
 *
 * U= carries the message's POP3 unique-id, percent-encoded (RFC 1939 allows
 * 0x21–0x7E; '/', ':', ',' and '%' are escaped), so the set of UIDs this
 * device already holds can always be rebuilt from the files alone. A UID
 * whose escaped form would be longer than 100 characters (only possible
 * when most of it must be escaped) is written as ",B=<base64url>" instead,
 * so that every name stays within the 255 bytes a file name may have. In
 * <host>, '/', ':' and ',' are written "\057", "\072" and "\054" (and
 * '\' or anything but printable ASCII likewise, in octal). Files
 * are addressed by their path relative to the Maildir: "new/<name>" or
 * "cur/<name>:2,<flags>".
 *
 * Errors are SURAT_STORE_ERROR_IO and name the file and the reason ("No
 * space left on device"). A SuratMaildir holds no state besides its path:
 * any thread may use it.
 */

#define SURAT_TYPE_MAILDIR (surat_maildir_get_type ())

G_DECLARE_FINAL_TYPE (SuratMaildir, surat_maildir, SURAT, MAILDIR, GObject)

SuratMaildir *surat_maildir_new                (const char    *path);
const char   *surat_maildir_get_path           (SuratMaildir  *self);
/* Creates the folder with tmp/, new/ and cur/ (mode 0700) when missing. */
gboolean      surat_maildir_ensure             (SuratMaildir  *self,
                                                GError       **error);

/* Delivery, step 1: a new file in tmp/ (O_EXCL, 0600, read-write so the
 * writer can read back what it wrote). Returns its fd and
 * (in @tmp_name) its name inside tmp/. */
int           surat_maildir_create_tmp         (SuratMaildir  *self,
                                                const char    *pop3_uid,
                                                char         **tmp_name,
                                                GError       **error);
/* Step 2: fsync and close @fd (always closed), add the size to the name,
 * rename tmp/<name> to new/<name>. Returns "new/<name>". The directory is
 * not synced yet: a batch of deliveries ends with surat_maildir_sync().
 * On failure the tmp file is removed as well: do not call abort_tmp(). */
char         *surat_maildir_commit_tmp         (SuratMaildir  *self,
                                                int            fd,
                                                const char    *tmp_name,
                                                GError       **error);
/* The same, giving the message the POP3 UID @pop3_uid only now: for a
 * UID known once the content is (a server without UIDL). @tmp_name must
 * have been created without one. */
char         *surat_maildir_commit_tmp_with_uid (SuratMaildir *self,
                                                 int           fd,
                                                 const char   *tmp_name,
                                                 const char   *pop3_uid,
                                                 GError      **error);
/* Throws away an unfinished delivery (closes @fd, unlinks the tmp file). */
void          surat_maildir_abort_tmp          (SuratMaildir  *self,
                                                int            fd,
                                                const char    *tmp_name);
/* fsync new/ and cur/, so the renames before it survive a power cut. */
gboolean      surat_maildir_sync               (SuratMaildir  *self,
                                                GError       **error);
/* Steps 1, 2 and sync for bytes already in memory (or a file's contents,
 * streamed); returns "new/<name>". */
char         *surat_maildir_deliver_bytes      (SuratMaildir  *self,
                                                GBytes        *bytes,
                                                const char    *pop3_uid,
                                                GError       **error);
char         *surat_maildir_deliver_file       (SuratMaildir  *self,
                                                const char    *source_path,
                                                GError       **error);

/* Every message file, as relative paths, in no particular order. */
GPtrArray    *surat_maildir_list               (SuratMaildir  *self,
                                                GError       **error);
/* Absolute path of @file; when @file moved (another Maildir client read it:
 * new/ → cur/, flags changed) finds it again by its unique part. NULL and
 * SURAT_STORE_ERROR_NOT_FOUND when it is gone. */
char         *surat_maildir_resolve            (SuratMaildir  *self,
                                                const char    *file,
                                                GError       **error);
/* Moves @file into @dest (same file system), keeping its name; returns the
 * new relative path. Both directories are synced. */
char         *surat_maildir_move_to            (SuratMaildir  *self,
                                                const char    *file,
                                                SuratMaildir  *dest,
                                                GError       **error);
/* Renames into cur/ with ":2,<flags>" (flags sorted, e.g. "FS"); returns
 * the new relative path. Not fsynced: after a power cut the file has its
 * old name or the new one, and resolve() finds it under either. */
char         *surat_maildir_set_flags          (SuratMaildir  *self,
                                                const char    *file,
                                                const char    *flags,
                                                GError       **error);
gboolean      surat_maildir_remove             (SuratMaildir  *self,
                                                const char    *file,
                                                GError       **error);
/* Removes files left in tmp/ by a delivery that died: ours whose process
 * is gone, and any older than 36 hours (the Maildir rule). Returns how many. */
guint         surat_maildir_clean_tmp          (SuratMaildir  *self);

/* Pure helpers on names (exposed for tests). */
char         *surat_maildir_make_name          (const char    *pop3_uid);
char         *surat_maildir_name_get_uid       (const char    *file);
char         *surat_maildir_name_get_flags     (const char    *file);
/* The part before ":2," without the directory: stable across renames. */
char         *surat_maildir_name_get_unique    (const char    *file);
/* The delivery time (Unix seconds) the name starts with; 0 if none. */
gint64        surat_maildir_name_get_time      (const char    *file);

G_END_DECLS
