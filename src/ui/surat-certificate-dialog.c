/* surat-certificate-dialog.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-certificate-dialog.h"

struct _SuratCertificateDialog
{
  AdwMessageDialog  parent_instance;

  SuratCertificate *certificate;

  GtkLabel         *subject_label;
  GtkLabel         *issuer_label;
  GtkLabel         *validity_label;
  GtkLabel         *hosts_label;
  GtkLabel         *fingerprint_label;
};

G_DEFINE_FINAL_TYPE (SuratCertificateDialog, surat_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  /* Translators: a certificate's validity date, see g_date_time_format(). */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

/* What is wrong, in plain words: from the error's code where it says
 * more than "untrusted", else from the certificate itself. */
static char *
describe_problem (SuratCertificate *certificate,
                  const char       *host,
                  const GError     *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int code = error != NULL && error->domain == SURAT_TLS_ERROR ? error->code : -1;

  if (code == SURAT_TLS_ERROR_CERTIFICATE_CHANGED)
    return g_strdup (_("The server shows a different certificate from the one you trusted "
                       "last time."));
  if (code == SURAT_TLS_ERROR_CERTIFICATE_EXPIRED ||
      g_date_time_compare (now, surat_certificate_get_not_after (certificate)) > 0)
    {
      g_autofree char *date = format_date (surat_certificate_get_not_after (certificate));

      /* Translators: %s is a date. */
      return g_strdup_printf (_("The certificate has expired: it was valid until %s."), date);
    }
  if (code == SURAT_TLS_ERROR_CERTIFICATE_NOT_ACTIVATED ||
      g_date_time_compare (now, surat_certificate_get_not_before (certificate)) < 0)
    {
      g_autofree char *date = format_date (surat_certificate_get_not_before (certificate));

      /* Translators: %s is a date. */
      return g_strdup_printf (_("The certificate is not valid yet: it is valid from %s. "
                                "Check that this computer’s clock is right."), date);
    }
  if (code == SURAT_TLS_ERROR_CERTIFICATE_BAD_IDENTITY)
    /* Translators: %s is the server's host name. */
    return g_strdup_printf (_("The certificate is for other host names, not for %s."), host);
  if (surat_certificate_is_self_signed (certificate))
    return g_strdup (_("The certificate is self-signed: the server vouches for itself, and no "
                       "authority you trust confirms who it is."));
  if (code == SURAT_TLS_ERROR_CERTIFICATE_UNTRUSTED)
    return g_strdup (_("The certificate was issued by an authority this computer does not "
                       "know."));
  if (error != NULL)
    return g_strdup (error->message);
  return g_strdup (_("This computer does not trust the certificate."));
}

static void
show_certificate (SuratCertificateDialog *self)
{
  SuratCertificate *certificate = self->certificate;
  const char * const *hosts = surat_certificate_get_hosts (certificate);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *from = format_date (surat_certificate_get_not_before (certificate));
  g_autofree char *until = format_date (surat_certificate_get_not_after (certificate));
  g_autofree char *validity = NULL;
  g_autofree char *host_list = NULL;

  gtk_label_set_text (self->subject_label, surat_certificate_get_subject (certificate));
  gtk_label_set_text (self->issuer_label, surat_certificate_get_issuer (certificate));
  if (surat_certificate_is_self_signed (certificate))
    {
      g_autofree char *text = g_strdup_printf (_("%s (itself: self-signed)"),
                                               surat_certificate_get_issuer (certificate));

      gtk_label_set_text (self->issuer_label, text);
    }

  if (g_date_time_compare (now, surat_certificate_get_not_after (certificate)) > 0)
    {
      /* Translators: the dates a certificate was valid, then that it is over. */
      validity = g_strdup_printf (_("%s until %s (expired)"), from, until);
      gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "error");
    }
  else if (g_date_time_compare (now, surat_certificate_get_not_before (certificate)) < 0)
    {
      validity = g_strdup_printf (_("%s until %s (not valid yet)"), from, until);
      gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "error");
    }
  else
    {
      /* Translators: "1 March 2026, 10:00 until 1 March 2027, 10:00". */
      validity = g_strdup_printf (_("%s until %s"), from, until);
    }
  gtk_label_set_text (self->validity_label, validity);

  if (hosts[0] != NULL)
    host_list = g_strjoinv (", ", (char **) hosts);
  else if (surat_certificate_get_common_name (certificate) != NULL)
    host_list = g_strdup (surat_certificate_get_common_name (certificate));
  else
    host_list = g_strdup (_("no host names"));
  gtk_label_set_text (self->hosts_label, host_list);

  gtk_label_set_text (self->fingerprint_label, surat_certificate_get_fingerprint (certificate));
}

static void
surat_certificate_dialog_dispose (GObject *object)
{
  SuratCertificateDialog *self = (SuratCertificateDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SURAT_TYPE_CERTIFICATE_DIALOG);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (surat_certificate_dialog_parent_class)->dispose (object);
}

static void
surat_certificate_dialog_class_init (SuratCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = surat_certificate_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/surat/Surat/surat-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SuratCertificateDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, SuratCertificateDialog, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, SuratCertificateDialog, validity_label);
  gtk_widget_class_bind_template_child (widget_class, SuratCertificateDialog, hosts_label);
  gtk_widget_class_bind_template_child (widget_class, SuratCertificateDialog, fingerprint_label);
}

static void
surat_certificate_dialog_init (SuratCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
surat_certificate_dialog_new (GtkWindow        *parent,
                              const char       *host,
                              const GError     *error,
                              SuratCertificate *certificate)
{
  SuratCertificateDialog *self;
  g_autofree char *body = NULL;
  g_autofree char *reason = NULL;
  const char *advice;
  gboolean changed;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (SURAT_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (SURAT_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->certificate = g_object_ref (certificate);

  changed = error != NULL && g_error_matches (error, SURAT_TLS_ERROR,
                                              SURAT_TLS_ERROR_CERTIFICATE_CHANGED);
  if (changed)
    {
      /* Translators: %s is the server's host name. */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (self),
                                         _("The Certificate of %s Has Changed"), host);
      advice = _("This is what an attacker between you and your provider would look like. "
                 "Trust the new certificate only if your provider told you that it changed "
                 "and its fingerprint matches the one they publish. Once trusted, Surat "
                 "accepts this certificate and no other for the server.");
    }
  else
    {
      /* Translators: %s is the server's host name. */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (self),
                                         _("Trust the Certificate of %s?"), host);
      advice = _("Someone may be pretending to be this server. Trust the certificate only "
                 "if its fingerprint matches the one your provider publishes. Once trusted, "
                 "Surat accepts this certificate and no other for the server.");
    }
  reason = describe_problem (certificate, host, error);
  body = g_strconcat (reason, "\n\n", advice, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  if (changed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "certificate-changed");

  show_certificate (self);

  return GTK_WIDGET (self);
}

SuratCertificate *
surat_certificate_dialog_get_certificate (SuratCertificateDialog *self)
{
  g_return_val_if_fail (SURAT_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->certificate;
}
