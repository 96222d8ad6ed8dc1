/* surat-attachment-bar.c — a message's attachments: open, save, preview
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "surat-attachment-bar-private.h"

/* Pictures larger than this get an icon, not a thumbnail: decoding them
 * would cost more than the preview is worth. */
#define THUMBNAIL_MAX_BYTES (16 * 1024 * 1024)
#define THUMBNAIL_SIZE      48

struct _SuratAttachmentBar
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkFlowBox   *tiles;
  GtkWidget    *save_all;
  GtkWidget    *error_box;
  GtkLabel     *error_label;

  SuratMessage *message;
  GPtrArray    *shown;        /* SuratAttachment, in tile order */
  GPtrArray    *thumbnails;   /* GtkImage per tile, or NULL */
  guint         thumbnail_next;
  guint         thumbnail_idle;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SuratAttachmentBar, surat_attachment_bar, GTK_TYPE_WIDGET)

static void launch_default (GtkWidget  *parent,
                            const char *uri,
                            void      (*done) (GtkWidget *, const GError *));

static SuratAttachmentLaunchFunc launcher = launch_default;

static void
show_error (SuratAttachmentBar *self,
            const char         *text)
{
  /* A launcher or a dialog may answer after the bar was disposed. */
  if (self->error_box == NULL)
    return;
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (self->error_box, text != NULL);
  if (text != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/* Errors come back after the bar may have gone; the launcher only keeps
 * the widget pointer, so find the bar again from it. */
static void
launch_done (GtkWidget    *parent,
             const GError *error)
{
  SuratAttachmentBar *self;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SURAT_ATTACHMENT_BAR (parent);
  {
    g_autofree char *text = g_strdup_printf (_("Could not open the attachment: %s"),
                                             error->message);
    show_error (self, text);
  }
}

typedef struct {
  GtkWidget *parent;
  void     (*done) (GtkWidget *, const GError *);
} LaunchData;

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LaunchData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    data->done (data->parent, error);
  g_object_unref (data->parent);
  g_free (data);
}

static void
launch_default (GtkWidget  *parent,
                const char *uri,
                void      (*done) (GtkWidget *, const GError *))
{
  LaunchData *data = g_new0 (LaunchData, 1);
  GtkRoot *root = gtk_widget_get_root (parent);

  data->parent = g_object_ref (parent);
  data->done = done;
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     NULL, show_uri_cb, data);
}

void
_surat_attachment_bar_set_launcher (SuratAttachmentLaunchFunc func)
{
  launcher = func ? func : launch_default;
}

/* Copies made for Open are for the app that opened them; a week later
 * nobody needs them, and the cache would otherwise only grow. */
#define CACHE_KEEP_SECONDS (7 * 24 * 3600)

static void
clean_cache_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "surat", "attachments",
                                              NULL);
  g_autoptr(GDir) dirs = g_dir_open (parent, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dirs != NULL && (name = g_dir_read_name (dirs)) != NULL)
    {
      g_autofree char *dir = g_build_filename (parent, name, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *file;

      while (files != NULL && (file = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, file, NULL);
          GStatBuf st;

          if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
              now - (gint64) st.st_mtime > CACHE_KEEP_SECONDS)
            g_unlink (path);
        }
      /* Fails, as it should, while the folder still holds a copy. */
      g_rmdir (dir);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * surat_attachment_bar_clean_cache:
 *
 * Removes, on a worker thread, the copies Open made more than a week ago.
 */
void
surat_attachment_bar_clean_cache (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, surat_attachment_bar_clean_cache);
  g_task_run_in_thread (task, clean_cache_thread);
}

/* $XDG_CACHE_HOME/surat/attachments/<hash of the Message-ID>: private
 * (0700) so the copies we hand to other apps are not readable by other
 * users of the machine. */
static char *
cache_dir (SuratAttachmentBar  *self,
           GError             **error)
{
  const char *id = surat_message_get_message_id (self->message);
  g_autofree char *hash = NULL;
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "surat", "attachments",
                                              NULL);
  g_autofree char *dir = NULL;

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                        id ? id : surat_message_get_path (self->message), -1);
  hash[32] = '\0';
  dir = g_build_filename (parent, hash, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (parent, 0700) != 0 ||
      g_chmod (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* A fresh private copy of @attachment in the cache: mode 0600, named by
 * the core's safe file name (no directories, no leading dot). */
static char *
write_cache_copy (SuratAttachmentBar  *self,
                  SuratAttachment     *attachment,
                  GError             **error)
{
  g_autofree char *dir = cache_dir (self, error);
  g_autofree char *old = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return NULL;

  /* The core never replaces a file; an earlier copy goes first so the
   * app we launch sees the plain name. */
  old = g_build_filename (dir, surat_attachment_get_filename (attachment), NULL);
  if (g_unlink (old) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not replace “%s”: %s"), old, g_strerror (saved_errno));
      return NULL;
    }

  path = surat_message_save_attachment (self->message, attachment, dir, error);
  if (path == NULL)
    return NULL;
  if (g_chmod (path, 0600) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not protect “%s”: %s"), path, g_strerror (saved_errno));
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
_surat_attachment_bar_open (SuratAttachmentBar *self,
                            guint               n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (SURAT_IS_ATTACHMENT_BAR (self), NULL);
  g_return_val_if_fail (n < self->shown->len, NULL);

  show_error (self, NULL);
  path = write_cache_copy (self, g_ptr_array_index (self->shown, n), &error);
  if (path == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the attachment: %s"),
                                               error->message);
      show_error (self, text);
      return NULL;
    }

  uri = g_filename_to_uri (path, NULL, &error);
  if (uri == NULL)
    {
      launch_done (GTK_WIDGET (self), error);
      return g_steal_pointer (&path);
    }
  launcher (GTK_WIDGET (self), uri, launch_done);
  return g_steal_pointer (&path);
}

void
_surat_attachment_bar_save_all_to (SuratAttachmentBar *self,
                                   GFile              *folder)
{
  g_autofree char *dir = NULL;
  g_autoptr(GString) errors = g_string_new (NULL);

  g_return_if_fail (SURAT_IS_ATTACHMENT_BAR (self));
  g_return_if_fail (G_IS_FILE (folder));

  show_error (self, NULL);
  dir = g_file_get_path (folder);
  if (dir == NULL || self->message == NULL)
    {
      show_error (self, _("Attachments can only be saved into a local folder."));
      return;
    }

  /* Each one on its own: one failure does not lose the others. The core
   * adds " (2)" to a name that is taken, so nothing is overwritten. */
  for (guint i = 0; i < self->shown->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = surat_message_save_attachment (self->message,
                                                             g_ptr_array_index (self->shown, i),
                                                             dir, &error);

      if (path == NULL)
        {
          if (errors->len > 0)
            g_string_append_c (errors, '\n');
          g_string_append (errors, error->message);
        }
    }

  if (errors->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Some attachments were not saved:\n%s"),
                                               errors->str);
      show_error (self, text);
    }
}

const char *
_surat_attachment_bar_get_error (SuratAttachmentBar *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT_BAR (self), NULL);

  if (!gtk_widget_get_visible (self->error_box))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

GPtrArray *
_surat_attachment_bar_get_shown (SuratAttachmentBar *self)
{
  g_return_val_if_fail (SURAT_IS_ATTACHMENT_BAR (self), NULL);
  return self->shown;
}

/* Save As: the core writes into the chosen folder (never replacing), then
 * the copy takes the chosen name; the file chooser has already asked
 * before replacing a file of that name. */
static void
save_as_response_cb (GtkNativeDialog    *native,
                     int                 response,
                     SuratAttachmentBar *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SuratAttachment *attachment = g_object_get_data (G_OBJECT (native), "attachment");

  if (response != GTK_RESPONSE_ACCEPT || self->message == NULL ||
      !g_ptr_array_find (self->shown, attachment, NULL))
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  parent = file ? g_file_get_parent (file) : NULL;
  dir = parent ? g_file_get_path (parent) : NULL;
  if (dir == NULL)
    {
      show_error (self, _("Attachments can only be saved into a local folder."));
      goto out;
    }

  path = surat_message_save_attachment (self->message, attachment, dir, &error);
  if (path != NULL)
    {
      written = g_file_new_for_path (path);
      if (!g_file_equal (written, file) &&
          !g_file_move (written, file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                        NULL, NULL, NULL, &error))
        g_file_delete (written, NULL, NULL);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the attachment: %s"),
                                               error->message);
      show_error (self, text);
    }

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static GtkWindow *
parent_window (SuratAttachmentBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
save_as (SuratAttachmentBar *self,
         SuratAttachment    *attachment)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Attachment"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                     surat_attachment_get_filename (attachment));
  g_object_set_data_full (G_OBJECT (native), "attachment", g_object_ref (attachment),
                          g_object_unref);
  g_signal_connect (native, "response", G_CALLBACK (save_as_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_all_response_cb (GtkNativeDialog    *native,
                      int                 response,
                      SuratAttachmentBar *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL)
        _surat_attachment_bar_save_all_to (self, folder);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
save_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SuratAttachmentBar *self = SURAT_ATTACHMENT_BAR (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save All Attachments"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (save_all_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SuratAttachmentBar *self = SURAT_ATTACHMENT_BAR (widget);
  guint n = g_variant_get_uint32 (parameter);
  g_autofree char *path = NULL;

  if (n < self->shown->len)
    path = _surat_attachment_bar_open (self, n);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SuratAttachmentBar *self = SURAT_ATTACHMENT_BAR (widget);
  guint n = g_variant_get_uint32 (parameter);

  if (n < self->shown->len)
    save_as (self, g_ptr_array_index (self->shown, n));
}

static void
dismiss_error_cb (GtkButton          *button,
                  SuratAttachmentBar *self)
{
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), self->shown->len > 0);
}

static void
tile_activated_cb (GtkFlowBox         *box,
                   GtkFlowBoxChild    *child,
                   SuratAttachmentBar *self)
{
  g_autofree char *path = NULL;
  int n = gtk_flow_box_child_get_index (child);

  if (n >= 0 && (guint) n < self->shown->len)
    path = _surat_attachment_bar_open (self, n);
}

/* Thumbnails: the picture is decoded from the message into memory on the
 * main thread (the message is not shared between threads; nothing is
 * written to disk for a preview), then its image decoded and scaled on a
 * worker, one at a time, with the loader of its declared type only (a
 * "PNG" is never handed to the XPM loader). */
typedef struct {
  GBytes *content;
  char   *mime_type;
} ThumbnailJob;

static void
thumbnail_job_free (ThumbnailJob *job)
{
  g_bytes_unref (job->content);
  g_free (job->mime_type);
  g_free (job);
}

static void
thumbnail_size_cb (GdkPixbufLoader *loader,
                   int              width,
                   int              height,
                   gpointer         user_data)
{
  double scale;

  if (width <= 0 || height <= 0)
    return;
  scale = MIN ((double) THUMBNAIL_SIZE / width, (double) THUMBNAIL_SIZE / height);
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)),
                                MAX (1, (int) (height * scale)));
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailJob *job = task_data;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  loader = gdk_pixbuf_loader_new_with_mime_type (job->mime_type, &error);
  if (loader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (thumbnail_size_cb), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, job->content, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no picture");
      return;
    }
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void schedule_thumbnail (SuratAttachmentBar *self);

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SuratAttachmentBar *self = SURAT_ATTACHMENT_BAR (object);
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);
  guint n = GPOINTER_TO_UINT (user_data);

  /* A job for a message no longer shown: its index means nothing now. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  /* A picture that does not decode keeps its icon. */
  if (texture != NULL && n < self->thumbnails->len && g_ptr_array_index (self->thumbnails, n))
    gtk_image_set_from_paintable (g_ptr_array_index (self->thumbnails, n),
                                  GDK_PAINTABLE (texture));
  schedule_thumbnail (self);
}

static gboolean
thumbnail_idle_cb (gpointer user_data)
{
  SuratAttachmentBar *self = user_data;

  self->thumbnail_idle = 0;
  while (self->thumbnail_next < self->shown->len)
    {
      guint n = self->thumbnail_next++;
      SuratAttachment *attachment = g_ptr_array_index (self->shown, n);
      g_autoptr(GTask) task = NULL;
      ThumbnailJob *job;
      GBytes *content;

      if (g_ptr_array_index (self->thumbnails, n) == NULL)
        continue;
      content = surat_message_get_attachment_content (self->message, attachment, NULL);
      if (content == NULL)
        continue;

      job = g_new0 (ThumbnailJob, 1);
      job->content = content;
      job->mime_type = g_strdup (surat_attachment_get_mime_type (attachment));
      task = g_task_new (self, self->cancellable, thumbnail_cb, GUINT_TO_POINTER (n));
      g_task_set_source_tag (task, thumbnail_idle_cb);
      g_task_set_task_data (task, job, (GDestroyNotify) thumbnail_job_free);
      g_task_run_in_thread (task, thumbnail_thread);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_thumbnail (SuratAttachmentBar *self)
{
  if (self->thumbnail_idle == 0 && self->thumbnail_next < self->shown->len)
    self->thumbnail_idle = g_idle_add_full (G_PRIORITY_LOW, thumbnail_idle_cb, self, NULL);
}

static gboolean
wants_thumbnail (SuratAttachment *attachment)
{
  const char *type = surat_attachment_get_mime_type (attachment);
  static const char *const types[] = {
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", NULL
  };

  return g_strv_contains (types, type) &&
         surat_attachment_get_size (attachment) <= THUMBNAIL_MAX_BYTES;
}

static GtkWidget *
make_tile (SuratAttachmentBar *self,
           SuratAttachment    *attachment,
           guint               n,
           GtkImage          **thumbnail)
{
  const char *name = surat_attachment_get_filename (attachment);
  const char *mime_type = surat_attachment_get_mime_type (attachment);
  g_autofree char *content_type = g_content_type_from_mime_type (mime_type);
  g_autofree char *description = NULL;
  g_autofree char *size = g_format_size (surat_attachment_get_size (attachment));
  g_autofree char *accessible = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  GtkWidget *child;
  GtkWidget *box;
  GtkWidget *text;
  GtkWidget *image;
  GtkWidget *label;
  GtkWidget *button;

  if (content_type == NULL)
    content_type = g_strdup (mime_type);
  description = g_content_type_get_description (content_type);
  icon = g_content_type_get_icon (content_type);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 2);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  image = gtk_image_new_from_gicon (icon);
  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_widget_set_size_request (image, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_box_append (GTK_BOX (box), image);
  *thumbnail = wants_thumbnail (attachment) ? GTK_IMAGE (image) : NULL;
  if (*thumbnail != NULL)
    gtk_image_set_pixel_size (GTK_IMAGE (image), THUMBNAIL_SIZE);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  /* A fixed width (minimum = natural): a GtkFlowBox of children whose
   * width can shrink keeps re-allocating itself. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_widget_set_tooltip_text (label, name);
  gtk_box_append (GTK_BOX (text), label);
  label = gtk_label_new (size);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (box), text);

  item = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (item, "attachment.open", "u", n);
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Save As…"), NULL);
  g_menu_item_set_action_and_target (item, "attachment.save-as", "u", n);
  g_menu_append_item (menu, item);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open or Save"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open or Save"), -1);
  gtk_box_append (GTK_BOX (box), button);

  child = gtk_flow_box_child_new ();
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_widget_add_css_class (child, "card");
  /* TRANSLATORS: an attachment for screen readers: "report.pdf, PDF document, 120 kB" */
  accessible = g_strdup_printf (_("%s, %s, %s"), name, description, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_tooltip_text (child, accessible);
  return child;
}

/* Inline images the HTML shows by "cid:" belong to the text, not to the
 * list of files (as in the index's has-attachments). */
static gboolean
is_shown_by_html (SuratMessage    *message,
                  SuratAttachment *attachment)
{
  const char *html = surat_message_get_html (message);
  const char *cid = surat_attachment_get_content_id (attachment);
  g_autofree char *needle = NULL;
  g_autofree char *lower = NULL;

  if (html == NULL || cid == NULL || !surat_attachment_is_inline (attachment))
    return FALSE;
  /* RFC 2392 §2: the "cid:" scheme name is case-insensitive. */
  needle = g_ascii_strdown (cid, -1);
  lower = g_ascii_strdown (html, -1);
  for (const char *p = strstr (lower, "cid:"); p != NULL; p = strstr (p + 4, "cid:"))
    if (g_str_has_prefix (p + 4, needle))
      return TRUE;
  return FALSE;
}

static void
clear (SuratAttachmentBar *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->thumbnail_idle, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);
  g_ptr_array_set_size (self->shown, 0);
  g_ptr_array_set_size (self->thumbnails, 0);
  self->thumbnail_next = 0;
  show_error (self, NULL);
}

static void
surat_attachment_bar_dispose (GObject *object)
{
  SuratAttachmentBar *self = (SuratAttachmentBar *) object;

  if (self->tiles != NULL)
    clear (self);
  g_clear_object (&self->message);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->tiles = NULL;
  self->save_all = NULL;
  self->error_box = NULL;
  self->error_label = NULL;

  G_OBJECT_CLASS (surat_attachment_bar_parent_class)->dispose (object);
}

static void
surat_attachment_bar_finalize (GObject *object)
{
  SuratAttachmentBar *self = (SuratAttachmentBar *) object;

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_ptr_array_unref);

  G_OBJECT_CLASS (surat_attachment_bar_parent_class)->finalize (object);
}

static void
surat_attachment_bar_class_init (SuratAttachmentBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_attachment_bar_dispose;
  object_class->finalize = surat_attachment_bar_finalize;

  gtk_widget_class_install_action (widget_class, "attachment.open", "u", open_action);
  gtk_widget_class_install_action (widget_class, "attachment.save-as", "u", save_as_action);
  gtk_widget_class_install_action (widget_class, "attachment.save-all", NULL, save_all_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attachmentbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
surat_attachment_bar_init (SuratAttachmentBar *self)
{
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *label;

  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->thumbnails = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 10);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->box), row);

  self->tiles = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->tiles, GTK_SELECTION_NONE);
  gtk_flow_box_set_activate_on_single_click (self->tiles, TRUE);
  gtk_flow_box_set_column_spacing (self->tiles, 6);
  gtk_flow_box_set_row_spacing (self->tiles, 6);
  gtk_flow_box_set_max_children_per_line (self->tiles, 8);
  gtk_flow_box_set_homogeneous (self->tiles, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->tiles), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->tiles), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tiles), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Attachments"), -1);
  g_signal_connect (self->tiles, "child-activated", G_CALLBACK (tile_activated_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->tiles));

  self->save_all = gtk_button_new_with_mnemonic (_("Save _All…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_all), "attachment.save-all");
  gtk_widget_set_valign (self->save_all, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->save_all, 12);
  gtk_box_append (GTK_BOX (row), self->save_all);

  self->error_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->error_box);
  gtk_box_append (GTK_BOX (self->error_box), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  label = gtk_label_new (NULL);
  self->error_label = GTK_LABEL (label);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_wrap_mode (self->error_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_box_append (GTK_BOX (self->error_box), label);
  button = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dismiss"), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (dismiss_error_cb), self);
  gtk_box_append (GTK_BOX (self->error_box), button);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
surat_attachment_bar_new (void)
{
  return g_object_new (SURAT_TYPE_ATTACHMENT_BAR, NULL);
}

void
surat_attachment_bar_set_message (SuratAttachmentBar *self,
                                  SuratMessage       *message)
{
  GPtrArray *attachments;

  g_return_if_fail (SURAT_IS_ATTACHMENT_BAR (self));
  g_return_if_fail (message == NULL || SURAT_IS_MESSAGE (message));

  clear (self);
  g_set_object (&self->message, message);
  if (message == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  attachments = surat_message_get_attachments (message);
  for (guint i = 0; i < attachments->len; i++)
    {
      SuratAttachment *attachment = g_ptr_array_index (attachments, i);
      GtkImage *thumbnail = NULL;

      if (is_shown_by_html (message, attachment))
        continue;
      gtk_flow_box_append (self->tiles, make_tile (self, attachment, self->shown->len,
                                                   &thumbnail));
      g_ptr_array_add (self->shown, g_object_ref (attachment));
      g_ptr_array_add (self->thumbnails, thumbnail);
    }

  gtk_widget_set_visible (self->save_all, self->shown->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self), self->shown->len > 0);
  schedule_thumbnail (self);
}
