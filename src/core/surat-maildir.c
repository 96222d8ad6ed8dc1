/* surat-maildir.c — one Maildir folder, with durable delivery
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

/* renameat2() and RENAME_NOREPLACE (glibc ≥ 2.28). */
#define _GNU_SOURCE 1

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-maildir.h"
#include "surat-maildir-private.h"

/* NAME_MAX on every Linux file system we care about. */
#define MAX_NAME_LEN 255
/* Room a name must keep free for ",S=<20 digits>" and ":2,<flags>". */
#define NAME_RESERVE 40
/* The Maildir rule for abandoned files in tmp/. */
#define TMP_MAX_AGE (36 * 60 * 60)

struct _SuratMaildir
{
  GObject parent_instance;

  char *path;
};

G_DEFINE_FINAL_TYPE (SuratMaildir, surat_maildir, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const subdirs[] = { "new", "cur" };

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *what = NULL;

  /* @format is one of our own translated strings with a single %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  what = g_strdup_printf (format, display);
#pragma GCC diagnostic pop
  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
               "%s: %s", what, g_strerror (saved_errno));
}

/* Splits "new/<name>" or "cur/<name>"; nothing else is a message file of
 * ours (no "..", no deeper paths). */
static gboolean
split_file (const char  *file,
            const char **subdir,
            const char **name,
            GError     **error)
{
  const char *base;

  if (file != NULL &&
      (g_str_has_prefix (file, "new/") || g_str_has_prefix (file, "cur/")))
    {
      base = file + 4;
      if (*base != '\0' && *base != '.' && strchr (base, '/') == NULL)
        {
          *subdir = g_str_has_prefix (file, "new/") ? "new" : "cur";
          *name = base;
          return TRUE;
        }
    }

  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
               _("“%s” is not a message file of a Maildir"), file ? file : "");
  return FALSE;
}

static gboolean
fsync_dir (const char  *path,
           GError     **error)
{
  int fd;

  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Could not open the folder “%s”"), path);
      return FALSE;
    }

  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved_errno = errno;

      close (fd);
      set_errno_error (error, saved_errno, _("Could not save the folder “%s” to disk"), path);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Renames without ever replacing a file that is already there: two names
 * can only collide through a bug, and then losing a message is worse than
 * failing. Falls back to a checked rename() on file systems that lack
 * RENAME_NOREPLACE. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;

  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
    return -1;

  if (access (to, F_OK) == 0)
    {
      errno = EEXIST;
      return -1;
    }

  return rename (from, to);
}

static void
surat_maildir_finalize (GObject *object)
{
  SuratMaildir *self = (SuratMaildir *) object;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (surat_maildir_parent_class)->finalize (object);
}

static void
surat_maildir_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SuratMaildir *self = SURAT_MAILDIR (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_maildir_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SuratMaildir *self = SURAT_MAILDIR (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
surat_maildir_class_init (SuratMaildirClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_maildir_finalize;
  object_class->get_property = surat_maildir_get_property;
  object_class->set_property = surat_maildir_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
surat_maildir_init (SuratMaildir *self)
{
}

/**
 * surat_maildir_new:
 * @path: the folder (containing or to contain tmp/, new/ and cur/)
 *
 * Returns: (transfer full): a Maildir; nothing is touched on disk yet.
 */
SuratMaildir *
surat_maildir_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SURAT_TYPE_MAILDIR, "path", path, NULL);
}

const char *
surat_maildir_get_path (SuratMaildir *self)
{
  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);

  return self->path;
}

gboolean
surat_maildir_ensure (SuratMaildir  *self,
                      GError       **error)
{
  static const char * const all[] = { "tmp", "new", "cur" };

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *dir = g_build_filename (self->path, all[i], NULL);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          set_errno_error (error, errno, _("Could not create the folder “%s”"), dir);
          return FALSE;
        }
    }

  return TRUE;
}

int
surat_maildir_create_tmp (SuratMaildir  *self,
                          const char    *pop3_uid,
                          char         **tmp_name,
                          GError       **error)
{
  g_return_val_if_fail (SURAT_IS_MAILDIR (self), -1);
  g_return_val_if_fail (tmp_name != NULL, -1);

  *tmp_name = NULL;

  /* The counter makes every name of this process new; EEXIST can only be
   * a leftover of a process that had our pid before. */
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      g_autofree char *name = surat_maildir_make_name (pop3_uid);
      g_autofree char *path = NULL;
      int fd;

      if (strlen (name) + NAME_RESERVE > MAX_NAME_LEN)
        {
          g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_INVALID,
                       _("The message’s unique-id is too long to be kept in a file name "
                         "(%zu bytes; RFC 1939 allows 70)"),
                       strlen (pop3_uid));
          return -1;
        }

      path = g_build_filename (self->path, "tmp", name, NULL);
      fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          *tmp_name = g_steal_pointer (&name);
          return fd;
        }

      if (errno != EEXIST)
        {
          set_errno_error (error, errno, _("Could not create “%s”"), path);
          return -1;
        }
    }

  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_IO,
               _("Could not find a free file name in “%s”"), self->path);
  return -1;
}

/* "<unique before the first ','>,S=<size><the rest>": the size comes
 * first, as Dovecot writes it. */
static char *
name_add_size (const char *tmp_name,
               guint64     size)
{
  gsize base_len = strcspn (tmp_name, ",:");

  return g_strdup_printf ("%.*s,S=%" G_GUINT64_FORMAT "%s",
                          (int) base_len, tmp_name, size, tmp_name + base_len);
}

char *
surat_maildir_commit_tmp (SuratMaildir  *self,
                          int            fd,
                          const char    *tmp_name,
                          GError       **error)
{
  return surat_maildir_commit_tmp_with_uid (self, fd, tmp_name, NULL, error);
}

char *
surat_maildir_commit_tmp_with_uid (SuratMaildir  *self,
                                   int            fd,
                                   const char    *tmp_name,
                                   const char    *pop3_uid,
                                   GError       **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *new_path = NULL;
  struct stat st;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (tmp_name != NULL && strchr (tmp_name, '/') == NULL, NULL);

  tmp_path = g_build_filename (self->path, "tmp", tmp_name, NULL);

  /* The data must be on disk before the name in new/ says it is there. */
  if (fstat (fd, &st) != 0 || fsync (fd) != 0)
    {
      set_errno_error (error, errno, _("Could not write “%s”"), tmp_path);
      close (fd);
      g_unlink (tmp_path);
      return NULL;
    }

  /* Some file systems (NFS) report a failed write only here. */
  if (close (fd) != 0 && errno != EINTR)
    {
      set_errno_error (error, errno, _("Could not write “%s”"), tmp_path);
      g_unlink (tmp_path);
      return NULL;
    }

  name = name_add_size (tmp_name, (guint64) st.st_size);
  if (pop3_uid != NULL)
    {
      g_autofree char *uid_field = _surat_maildir_encode_uid_field (pop3_uid);
      g_autofree char *sized = g_steal_pointer (&name);

      name = g_strconcat (sized, uid_field, NULL);
    }
  new_path = g_build_filename (self->path, "new", name, NULL);

  if (rename_noreplace (tmp_path, new_path) != 0)
    {
      set_errno_error (error, errno, _("Could not move the new message into “%s”"), new_path);
      g_unlink (tmp_path);
      return NULL;
    }

  return g_strconcat ("new/", name, NULL);
}

void
surat_maildir_abort_tmp (SuratMaildir *self,
                         int           fd,
                         const char   *tmp_name)
{
  g_autofree char *tmp_path = NULL;

  g_return_if_fail (SURAT_IS_MAILDIR (self));

  if (fd >= 0)
    close (fd);

  if (tmp_name == NULL || strchr (tmp_name, '/') != NULL)
    return;

  tmp_path = g_build_filename (self->path, "tmp", tmp_name, NULL);
  g_unlink (tmp_path);
}

gboolean
surat_maildir_sync (SuratMaildir  *self,
                    GError       **error)
{
  g_return_val_if_fail (SURAT_IS_MAILDIR (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (self->path, subdirs[i], NULL);

      if (!fsync_dir (dir, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, _("Could not write “%s”"), path);
          return FALSE;
        }

      data += n;
      len -= (gsize) n;
    }

  return TRUE;
}

static char *
deliver_and_sync (SuratMaildir  *self,
                  int            fd,
                  const char    *tmp_name,
                  GError       **error)
{
  g_autofree char *file = NULL;

  file = surat_maildir_commit_tmp (self, fd, tmp_name, error);
  if (file == NULL)
    return NULL;

  if (!surat_maildir_sync (self, error))
    return NULL;

  return g_steal_pointer (&file);
}

char *
surat_maildir_deliver_bytes (SuratMaildir  *self,
                             GBytes        *bytes,
                             const char    *pop3_uid,
                             GError       **error)
{
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  const char *data;
  gsize len;
  int fd;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  fd = surat_maildir_create_tmp (self, pop3_uid, &tmp_name, error);
  if (fd < 0)
    return NULL;

  tmp_path = g_build_filename (self->path, "tmp", tmp_name, NULL);
  data = g_bytes_get_data (bytes, &len);

  if (!write_all (fd, data, len, tmp_path, error))
    {
      surat_maildir_abort_tmp (self, fd, tmp_name);
      return NULL;
    }

  return deliver_and_sync (self, fd, tmp_name, error);
}

char *
surat_maildir_deliver_file (SuratMaildir  *self,
                            const char    *source_path,
                            GError       **error)
{
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *buffer = NULL;
  int in_fd;
  int fd;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (source_path != NULL, NULL);

  in_fd = open (source_path, O_RDONLY | O_CLOEXEC);
  if (in_fd < 0)
    {
      set_errno_error (error, errno, _("Could not read “%s”"), source_path);
      return NULL;
    }

  fd = surat_maildir_create_tmp (self, NULL, &tmp_name, error);
  if (fd < 0)
    {
      close (in_fd);
      return NULL;
    }

  tmp_path = g_build_filename (self->path, "tmp", tmp_name, NULL);
  buffer = g_malloc (64 * 1024);

  /* Streamed: a message with a 25 MB attachment never sits in memory. */
  for (;;)
    {
      gssize n = read (in_fd, buffer, 64 * 1024);

      if (n == 0)
        break;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, _("Could not read “%s”"), source_path);
          goto fail;
        }

      if (!write_all (fd, buffer, (gsize) n, tmp_path, error))
        goto fail;
    }

  close (in_fd);
  return deliver_and_sync (self, fd, tmp_name, error);

fail:
  close (in_fd);
  surat_maildir_abort_tmp (self, fd, tmp_name);
  return NULL;
}

GPtrArray *
surat_maildir_list (SuratMaildir  *self,
                    GError       **error)
{
  g_autoptr(GPtrArray) files = NULL;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);

  files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir_path = g_build_filename (self->path, subdirs[i], NULL);
      struct dirent *entry;
      DIR *dir;

      dir = opendir (dir_path);
      if (dir == NULL)
        {
          set_errno_error (error, errno, _("Could not read the folder “%s”"), dir_path);
          return NULL;
        }

      while ((entry = readdir (dir)) != NULL)
        {
          /* Dot files are not messages (Maildir spec), and neither are
           * directories someone left there. */
          if (entry->d_name[0] == '.' || entry->d_type == DT_DIR)
            continue;

          g_ptr_array_add (files, g_strconcat (subdirs[i], "/", entry->d_name, NULL));
        }

      closedir (dir);
    }

  return g_steal_pointer (&files);
}

/* Looks for @unique in new/ and cur/; returns "<subdir>/<name>". */
static char *
find_by_unique (SuratMaildir *self,
                const char   *unique)
{
  gsize unique_len = strlen (unique);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir_path = g_build_filename (self->path, subdirs[i], NULL);
      struct dirent *entry;
      DIR *dir;

      dir = opendir (dir_path);
      if (dir == NULL)
        continue;

      while ((entry = readdir (dir)) != NULL)
        {
          if (strncmp (entry->d_name, unique, unique_len) == 0 &&
              (entry->d_name[unique_len] == '\0' || entry->d_name[unique_len] == ':'))
            {
              char *found = g_strconcat (subdirs[i], "/", entry->d_name, NULL);

              closedir (dir);
              return found;
            }
        }

      closedir (dir);
    }

  return NULL;
}

/* Like surat_maildir_resolve() but gives the relative path. */
static char *
resolve_relative (SuratMaildir  *self,
                  const char    *file,
                  GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *unique = NULL;
  const char *subdir, *name;
  char *found;

  if (!split_file (file, &subdir, &name, error))
    return NULL;

  path = g_build_filename (self->path, file, NULL);
  if (access (path, F_OK) == 0)
    return g_strdup (file);

  /* Another Maildir client (mutt, Dovecot) moved it from new/ to cur/ or
   * changed its flags; the unique part of the name never changes. */
  unique = surat_maildir_name_get_unique (name);
  found = find_by_unique (self, unique);
  if (found != NULL)
    return found;

  g_set_error (error, SURAT_STORE_ERROR, SURAT_STORE_ERROR_NOT_FOUND,
               _("The message file “%s” is no longer in “%s”"), name, self->path);
  return NULL;
}

char *
surat_maildir_resolve (SuratMaildir  *self,
                       const char    *file,
                       GError       **error)
{
  g_autofree char *relative = NULL;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  relative = resolve_relative (self, file, error);
  if (relative == NULL)
    return NULL;

  return g_build_filename (self->path, relative, NULL);
}

char *
surat_maildir_move_to (SuratMaildir  *self,
                       const char    *file,
                       SuratMaildir  *dest,
                       GError       **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from_dir = NULL;
  g_autofree char *to_dir = NULL;
  const char *subdir, *name;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (SURAT_IS_MAILDIR (dest), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  relative = resolve_relative (self, file, error);
  if (relative == NULL || !split_file (relative, &subdir, &name, error))
    return NULL;

  from = g_build_filename (self->path, relative, NULL);
  to = g_build_filename (dest->path, relative, NULL);

  if (rename_noreplace (from, to) != 0)
    {
      set_errno_error (error, errno, _("Could not move the message into “%s”"), to);
      return NULL;
    }

  /* Destination first: after a power cut the message is in one of the
   * two folders, at worst in both, never in neither. */
  to_dir = g_build_filename (dest->path, subdir, NULL);
  from_dir = g_build_filename (self->path, subdir, NULL);
  if (!fsync_dir (to_dir, error) || !fsync_dir (from_dir, error))
    return NULL;

  return g_steal_pointer (&relative);
}

/* Maildir spec: flags are ASCII letters, in ASCII order, each once. */
static char *
sort_flags (const char *flags)
{
  gboolean present[128] = { FALSE, };
  GString *s = g_string_new (NULL);

  for (const char *p = flags; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      present[(guchar) *p] = TRUE;

  for (guint c = 0; c < G_N_ELEMENTS (present); c++)
    if (present[c])
      g_string_append_c (s, (char) c);

  return g_string_free (s, FALSE);
}

char *
surat_maildir_set_flags (SuratMaildir  *self,
                         const char    *file,
                         const char    *flags,
                         GError       **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *sorted = NULL;
  g_autofree char *target = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), NULL);
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (flags != NULL, NULL);

  relative = resolve_relative (self, file, error);
  if (relative == NULL)
    return NULL;

  unique = surat_maildir_name_get_unique (relative);
  sorted = sort_flags (flags);
  target = g_strconcat ("cur/", unique, ":2,", sorted, NULL);

  if (g_str_equal (target, relative))
    return g_steal_pointer (&target);

  from = g_build_filename (self->path, relative, NULL);
  to = g_build_filename (self->path, target, NULL);

  /* No fsync: the rename is atomic, so after a power cut the file has
   * its old name or its new one, and surat_maildir_resolve() finds either.
   * At worst a flag change is lost, as with every Maildir client. */
  if (rename_noreplace (from, to) != 0)
    {
      set_errno_error (error, errno, _("Could not rename the message file “%s”"), from);
      return NULL;
    }

  return g_steal_pointer (&target);
}

gboolean
surat_maildir_remove (SuratMaildir  *self,
                      const char    *file,
                      GError       **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  relative = resolve_relative (self, file, error);
  if (relative == NULL)
    return FALSE;

  path = g_build_filename (self->path, relative, NULL);
  if (g_unlink (path) != 0)
    {
      set_errno_error (error, errno, _("Could not delete “%s”"), path);
      return FALSE;
    }

  /* A deleted message must not come back after a power cut. */
  dir = g_path_get_dirname (path);
  return fsync_dir (dir, error);
}

guint
surat_maildir_clean_tmp (SuratMaildir *self)
{
  g_autofree char *tmp_dir = NULL;
  struct dirent *entry;
  gint64 now;
  guint removed = 0;
  DIR *dir;
  int dir_fd;

  g_return_val_if_fail (SURAT_IS_MAILDIR (self), 0);

  tmp_dir = g_build_filename (self->path, "tmp", NULL);
  dir = opendir (tmp_dir);
  if (dir == NULL)
    return 0;

  dir_fd = dirfd (dir);
  now = g_get_real_time () / G_USEC_PER_SEC;

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;
      gboolean stale = FALSE;
      pid_t pid;

      if (g_str_equal (entry->d_name, ".") || g_str_equal (entry->d_name, ".."))
        continue;

      if (fstatat (dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          S_ISDIR (st.st_mode))
        continue;

      /* Maildir spec: anything untouched for 36 hours is garbage. */
      if (now - (gint64) st.st_mtime > TMP_MAX_AGE)
        stale = TRUE;

      /* A delivery of ours whose process died (a crash, a kill) will never
       * be finished; a live process may still be writing it. */
      pid = _surat_maildir_name_get_own_pid (entry->d_name);
      if (pid != 0 && pid != getpid () && kill (pid, 0) != 0 && errno == ESRCH)
        stale = TRUE;

      if (stale && unlinkat (dir_fd, entry->d_name, 0) == 0)
        removed++;
    }

  closedir (dir);

  return removed;
}
