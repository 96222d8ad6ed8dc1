/* surat-account-probe.c
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "surat-account-probe.h"
#include "surat-core.h"

#define N_SERVERS 2
#define GUESS_TIMEOUT 15 /* seconds */

typedef struct {
  char          *host;
  guint16        port;
  SuratSecurity  security;
} Candidate;

struct _SuratAccountProbe
{
  GObject       parent_instance;

  SuratAccount *account;
  SuratSecret  *password;     /* nullable */
  GPtrArray    *log;          /* char * */
  GPtrArray    *candidates[N_SERVERS]; /* Candidate *; empty: guess */
  GError       *errors[N_SERVERS];
  guint         timeout;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (SuratAccountProbe, surat_account_probe, G_TYPE_OBJECT)

G_DEFINE_QUARK (surat-account-probe-error-quark, surat_account_probe_error)

enum {
  SIGNAL_ATTEMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How close a failed candidate came to being the right one. When no
 * candidate works, the account gets the closest, so that what the person
 * sees to correct is most likely their provider's server. */
typedef enum {
  RANK_UNREACHABLE,   /* no such host, refused, timed out */
  RANK_ANSWERED,      /* something answered, but not usable as it is */
  RANK_CERTIFICATE,   /* the right kind of server, with a certificate to check */
  RANK_LOGIN_REFUSED, /* the server, and the password was wrong */
  RANK_WORKS,
} Rank;

static Candidate *
candidate_new (const char    *host,
               guint16        port,
               SuratSecurity  security)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->host = g_strdup (host);
  candidate->port = port;
  candidate->security = security;

  return candidate;
}

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->host);
  g_free (candidate);
}

static const char *
security_label (SuratSecurity security)
{
  switch (security)
    {
    case SURAT_SECURITY_TLS:
      return "TLS";
    case SURAT_SECURITY_STARTTLS:
      return "STARTTLS";
    case SURAT_SECURITY_NONE:
    default:
      return _("no encryption");
    }
}

static Rank
rank_of_error (const GError *error)
{
  if (error == NULL)
    return RANK_WORKS;

  if (g_error_matches (error, SURAT_POP3_ERROR, SURAT_POP3_ERROR_AUTH) ||
      g_error_matches (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_AUTH_FAILED))
    return RANK_LOGIN_REFUSED;

  if (error->domain == SURAT_TLS_ERROR && surat_tls_error_get_certificate (error) != NULL)
    return RANK_CERTIFICATE;

  if (error->domain == SURAT_TLS_ERROR || error->domain == SURAT_POP3_ERROR ||
      error->domain == SURAT_SMTP_ERROR)
    return RANK_ANSWERED;

  return RANK_UNREACHABLE;
}

static const char *
server_name (SuratAccountProbeServer server)
{
  return server == SURAT_ACCOUNT_PROBE_SMTP ? "SMTP" : "POP3";
}

/* --- one attempt: connect, log in, quit -------------------------------------- */

typedef struct {
  SuratAccountProbeServer  server;
  SuratConnection         *connection;
  SuratPop3Client         *pop3;
  SuratSmtpClient         *smtp;
  SuratSecret             *password;
  char                    *user;
  GError                  *outcome;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_clear_object (&attempt->pop3);
  g_clear_object (&attempt->smtp);
  g_clear_object (&attempt->connection);
  g_clear_pointer (&attempt->password, surat_secret_free);
  g_free (attempt->user);
  g_clear_error (&attempt->outcome);
  g_free (attempt);
}

static void
attempt_quit_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);

  /* What the server says to QUIT changes nothing about the settings. */
  if (attempt->pop3 != NULL)
    surat_pop3_client_quit_finish (attempt->pop3, result, NULL);
  else
    surat_smtp_client_quit_finish (attempt->smtp, result, NULL);

  if (attempt->outcome != NULL)
    g_task_return_error (task, g_steal_pointer (&attempt->outcome));
  else
    g_task_return_boolean (task, TRUE);
}

static void
attempt_quit (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);

  /* A cancelled probe must stop now, not after a polite goodbye. */
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (attempt->pop3 != NULL)
    surat_pop3_client_quit_async (attempt->pop3, NULL, attempt_quit_cb, task);
  else
    surat_smtp_client_quit_async (attempt->smtp, NULL, attempt_quit_cb, task);
}

static void
attempt_login_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);

  if (attempt->pop3 != NULL)
    surat_pop3_client_login_finish (attempt->pop3, result, &attempt->outcome);
  else
    surat_smtp_client_login_finish (attempt->smtp, result, &attempt->outcome);

  attempt_quit (task);
}

static void
attempt_connect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (attempt->pop3 != NULL)
    ok = surat_pop3_client_connect_finish (attempt->pop3, result, &error);
  else
    ok = surat_smtp_client_connect_finish (attempt->smtp, result, &error);

  if (!ok)
    {
      /* The session has ended already: nothing to say goodbye to. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (attempt->password == NULL)
    {
      attempt_quit (task);
      return;
    }

  if (attempt->pop3 != NULL)
    surat_pop3_client_login_async (attempt->pop3, attempt->user, attempt->password,
                                   g_task_get_cancellable (task), attempt_login_cb, task);
  else
    surat_smtp_client_login_async (attempt->smtp, attempt->user, attempt->password,
                                   g_task_get_cancellable (task), attempt_login_cb, task);
}

static void
attempt_async (SuratAccountProbe       *self,
               SuratAccountProbeServer  server,
               const Candidate         *candidate,
               gboolean                 use_pins,
               guint                    timeout,
               GCancellable            *cancellable,
               GAsyncReadyCallback      callback,
               gpointer                 user_data)
{
  GTask *task;
  Attempt *attempt;
  const char *pinned = NULL;
  gboolean smtp = server == SURAT_ACCOUNT_PROBE_SMTP;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, attempt_async);

  attempt = g_new0 (Attempt, 1);
  attempt->server = server;
  attempt->password = self->password ? surat_secret_dup (self->password) : NULL;
  attempt->user = g_strdup (smtp ? surat_account_get_smtp_user (self->account)
                                 : surat_account_get_pop3_user (self->account));
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);

  if (use_pins)
    pinned = smtp ? surat_account_get_smtp_pinned_sha256 (self->account)
                  : surat_account_get_pop3_pinned_sha256 (self->account);

  attempt->connection = surat_connection_new (candidate->host, candidate->port,
                                              candidate->security);
  surat_connection_set_timeout (attempt->connection, timeout);
  surat_connection_set_ca_file (attempt->connection, surat_account_get_ca_file (self->account));
  surat_connection_set_pinned_fingerprint (attempt->connection, pinned);

  if (smtp)
    {
      attempt->smtp = surat_smtp_client_new (attempt->connection);
      /* RFC 5321 §4.5.3.2 lets an MTA wait five minutes for a greeting; a
       * person waiting for a verdict on their settings should not. */
      surat_smtp_client_set_timeout (attempt->smtp, SURAT_SMTP_WAIT_GREETING, timeout);
      surat_smtp_client_connect_async (attempt->smtp, cancellable, attempt_connect_cb, task);
    }
  else
    {
      attempt->pop3 = surat_pop3_client_new (attempt->connection);
      surat_pop3_client_set_allow_apop (attempt->pop3,
                                        surat_account_get_pop3_apop (self->account));
      surat_pop3_client_connect_async (attempt->pop3, cancellable, attempt_connect_cb, task);
    }
}

static gboolean
attempt_finish (SuratAccountProbe  *self,
                GAsyncResult       *result,
                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == attempt_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- a run over both servers ------------------------------------------------- */

typedef struct {
  GTask                   *task;       /* the run's; not owned */
  SuratAccountProbeServer  server;
  GPtrArray               *candidates; /* Candidate *, owned */
  guint                    next;
  char                    *unresolved; /* host that did not resolve: skip its other ports */
  gboolean                 any_answer;
  Rank                     best_rank;
  Candidate               *best;       /* (nullable) in candidates */
  GError                  *best_error;
  gboolean                 done;
} ServerRun;

typedef struct {
  gboolean   guessing;
  guint      timeout;
  guint      pending;
  ServerRun  servers[N_SERVERS];
} Run;

static void
run_free (Run *run)
{
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_clear_pointer (&run->servers[i].candidates, g_ptr_array_unref);
      g_clear_error (&run->servers[i].best_error);
      g_free (run->servers[i].unresolved);
    }
  g_free (run);
}

static char *
domain_of (SuratAccount *account)
{
  const char *address = surat_account_get_address (account);
  const char *at = address ? strrchr (address, '@') : NULL;

  if (at == NULL || at[1] == '\0')
    return NULL;

  return g_ascii_strdown (at + 1, -1);
}

/* RFC 8314 §3.3: implicit TLS first, then the STARTTLS ports (RFC 2595
 * §4 for POP3's 110, RFC 6409 §3.1 for submission on 587). Port 25 and
 * plain text are never guessed. */
static GPtrArray *
guess_candidates (SuratAccountProbe       *self,
                  SuratAccountProbeServer  server)
{
  static const char * const pop3_prefixes[] = { "pop", "pop3", "mail", NULL };
  static const char * const smtp_prefixes[] = { "smtp", "mail", NULL };
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autofree char *domain = domain_of (self->account);
  gboolean smtp = server == SURAT_ACCOUNT_PROBE_SMTP;
  const char * const *prefixes = smtp ? smtp_prefixes : pop3_prefixes;

  if (domain == NULL)
    return candidates;

  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      g_autofree char *host = g_strconcat (prefixes[i], ".", domain, NULL);

      g_ptr_array_add (candidates, candidate_new (host, smtp ? 465 : 995, SURAT_SECURITY_TLS));
      g_ptr_array_add (candidates, candidate_new (host, smtp ? 587 : 110,
                                                  SURAT_SECURITY_STARTTLS));
    }

  /* Small providers often serve both from the domain's own name. */
  g_ptr_array_add (candidates, candidate_new (domain, smtp ? 465 : 995, SURAT_SECURITY_TLS));
  g_ptr_array_add (candidates, candidate_new (domain, smtp ? 587 : 110, SURAT_SECURITY_STARTTLS));

  return candidates;
}

/* The account's own settings, the only candidate of a test. */
static GPtrArray *
account_candidates (SuratAccountProbe       *self,
                    SuratAccountProbeServer  server)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  SuratAccount *account = self->account;

  if (server == SURAT_ACCOUNT_PROBE_SMTP && surat_account_get_smtp_host (account) != NULL)
    g_ptr_array_add (candidates, candidate_new (surat_account_get_smtp_host (account),
                                                surat_account_get_smtp_port (account),
                                                surat_account_get_smtp_security (account)));
  else if (server == SURAT_ACCOUNT_PROBE_POP3 && surat_account_get_pop3_host (account) != NULL)
    g_ptr_array_add (candidates, candidate_new (surat_account_get_pop3_host (account),
                                                surat_account_get_pop3_port (account),
                                                surat_account_get_pop3_security (account)));

  return candidates;
}

static GPtrArray *
copy_candidates (GPtrArray *from)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);

  for (guint i = 0; i < from->len; i++)
    {
      const Candidate *c = g_ptr_array_index (from, i);

      g_ptr_array_add (candidates, candidate_new (c->host, c->port, c->security));
    }

  return candidates;
}

static void
add_log (SuratAccountProbe *self,
         char              *line)
{
  g_ptr_array_add (self->log, line);
  g_signal_emit (self, signals[SIGNAL_ATTEMPT], 0, line);
}

static void
write_candidate (SuratAccountProbe       *self,
                 SuratAccountProbeServer  server,
                 const Candidate         *candidate)
{
  gboolean smtp = server == SURAT_ACCOUNT_PROBE_SMTP;

  g_object_set (self->account,
                smtp ? "smtp-host" : "pop3-host", candidate->host,
                smtp ? "smtp-port" : "pop3-port", (guint) candidate->port,
                smtp ? "smtp-security" : "pop3-security",
                surat_security_to_string (candidate->security),
                NULL);
}

/* "Found no POP3 server for example.org; tried pop.example.org and
 * mail.example.org on ports 995 and 110". */
static GError *
not_found_error (SuratAccountProbe *self,
                 ServerRun         *srun)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autoptr(GString) ports = g_string_new (NULL);
  g_autoptr(GString) host_list = g_string_new (NULL);
  g_autofree char *domain = domain_of (self->account);
  GArray *seen_ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  const char *name = server_name (srun->server);
  guint n_ports;

  for (guint i = 0; i < srun->candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (srun->candidates, i);
      gboolean seen = FALSE;

      if (!g_ptr_array_find_with_equal_func (hosts, c->host, g_str_equal, NULL))
        g_ptr_array_add (hosts, c->host);
      for (guint j = 0; j < seen_ports->len; j++)
        seen = seen || g_array_index (seen_ports, guint16, j) == c->port;
      if (!seen)
        g_array_append_val (seen_ports, c->port);
    }

  for (guint i = 0; i < hosts->len; i++)
    {
      if (i > 0)
        g_string_append (host_list, i + 1 == hosts->len ? _(" and ") : ", ");
      g_string_append (host_list, g_ptr_array_index (hosts, i));
    }
  for (guint i = 0; i < seen_ports->len; i++)
    {
      if (i > 0)
        g_string_append (ports, i + 1 == seen_ports->len ? _(" and ") : ", ");
      g_string_append_printf (ports, "%u", g_array_index (seen_ports, guint16, i));
    }
  n_ports = seen_ports->len;
  g_array_unref (seen_ports);

  if (hosts->len == 0)
    /* Translators: %s is "POP3" or "SMTP". */
    return g_error_new (SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND,
                        _("Cannot guess the %s server without an e-mail address"), name);

  /* Translators: "Found no POP3 server for example.org; tried
   * pop.example.org and mail.example.org on ports 995 and 110". */
  return g_error_new (SURAT_ACCOUNT_PROBE_ERROR, SURAT_ACCOUNT_PROBE_ERROR_NOT_FOUND,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Found no %s server for %s; tried %s on port %s",
                                   "Found no %s server for %s; tried %s on ports %s",
                                   n_ports),
                      name, domain ? domain : "?", host_list->str, ports->str);
}

static void run_next (ServerRun *srun);

static void
run_server_done (ServerRun *srun)
{
  GTask *task = srun->task;
  SuratAccountProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  srun->done = TRUE;

  g_clear_error (&self->errors[srun->server]);
  if (srun->best_rank == RANK_UNREACHABLE && run->guessing)
    /* Each candidate's own failure is in the log; in short, nothing is
     * there. */
    self->errors[srun->server] = not_found_error (self, srun);
  else if (srun->best_rank != RANK_WORKS && srun->best_error != NULL)
    self->errors[srun->server] = g_error_copy (srun->best_error);

  /* Guessing writes what it found, or what came closest, for the person
   * to look at and correct. */
  if (run->guessing && srun->best != NULL &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    write_candidate (self, srun->server, srun->best);

  if (--run->pending > 0)
    return;

  self->busy = FALSE;

  if (g_task_return_error_if_cancelled (task))
    ;
  else if (self->errors[SURAT_ACCOUNT_PROBE_POP3] != NULL)
    g_task_return_error (task, g_error_copy (self->errors[SURAT_ACCOUNT_PROBE_POP3]));
  else if (self->errors[SURAT_ACCOUNT_PROBE_SMTP] != NULL)
    g_task_return_error (task, g_error_copy (self->errors[SURAT_ACCOUNT_PROBE_SMTP]));
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
}

static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SuratAccountProbe *self = SURAT_ACCOUNT_PROBE (object);
  ServerRun *srun = user_data;
  Candidate *candidate = g_ptr_array_index (srun->candidates, srun->next - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  Rank rank;

  attempt_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run_server_done (srun);
      return;
    }

  rank = rank_of_error (error);

  if (error == NULL)
    what = g_strdup (self->password != NULL ? _("logged in") : _("found"));
  else
    what = surat_core_describe_error (error);

  add_log (self, g_strdup_printf ("%s %s:%u (%s): %s", server_name (srun->server),
                                  candidate->host, candidate->port,
                                  security_label (candidate->security), what));

  /* A name that does not resolve on one port will not on another. */
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    {
      g_free (srun->unresolved);
      srun->unresolved = g_strdup (candidate->host);
    }

  if (error != NULL)
    /* Translators: "POP3 server pop.example.org, port 995: <what failed>". */
    g_prefix_error (&error, _("%s server %s, port %u: "), server_name (srun->server),
                    candidate->host, candidate->port);

  if (srun->best == NULL || rank > srun->best_rank)
    {
      srun->best = candidate;
      srun->best_rank = rank;
      g_clear_error (&srun->best_error);
      srun->best_error = g_steal_pointer (&error);
    }

  if (rank == RANK_WORKS || rank == RANK_LOGIN_REFUSED)
    {
      run_server_done (srun);
      return;
    }

  run_next (srun);
}

static void
run_next (ServerRun *srun)
{
  GTask *task = srun->task;
  SuratAccountProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Candidate *candidate = NULL;

  while (srun->next < srun->candidates->len)
    {
      candidate = g_ptr_array_index (srun->candidates, srun->next++);

      if (srun->unresolved == NULL || g_ascii_strcasecmp (srun->unresolved, candidate->host) != 0)
        break;
      candidate = NULL;
    }

  if (candidate == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      run_server_done (srun);
      return;
    }

  attempt_async (self, srun->server, candidate, !run->guessing, run->timeout,
                 g_task_get_cancellable (task), attempt_cb, srun);
}

static void
start_run (SuratAccountProbe   *self,
           gboolean             guessing,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The servers are being tried already"));
      return;
    }

  run = g_new0 (Run, 1);
  run->guessing = guessing;
  run->timeout = self->timeout ? self->timeout
                               : guessing ? MIN (GUESS_TIMEOUT, surat_account_get_timeout (self->account))
                                          : surat_account_get_timeout (self->account);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      ServerRun *srun = &run->servers[i];

      srun->task = task;
      srun->server = i;
      if (self->candidates[i]->len > 0 && guessing)
        srun->candidates = copy_candidates (self->candidates[i]);
      else if (guessing)
        srun->candidates = guess_candidates (self, i);
      else
        srun->candidates = account_candidates (self, i);
      g_clear_error (&self->errors[i]);
    }

  if (!guessing && run->servers[0].candidates->len == 0 && run->servers[1].candidates->len == 0)
    {
      g_task_return_new_error (task, SURAT_ACCOUNT_PROBE_ERROR,
                               SURAT_ACCOUNT_PROBE_ERROR_INCOMPLETE,
                               _("The account has neither a POP3 nor an SMTP server"));
      return;
    }

  self->busy = TRUE;
  run->pending = N_SERVERS;
  /* The task holds itself until both servers are done. */
  g_object_ref (task);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      ServerRun *srun = &run->servers[i];

      /* A test skips a server the account does not have. */
      if (srun->candidates->len == 0 && !guessing)
        {
          srun->best_rank = RANK_WORKS;
          run_server_done (srun);
          continue;
        }
      run_next (srun);
    }
}

/* --- GObject ----------------------------------------------------------------- */

static void
surat_account_probe_finalize (GObject *object)
{
  SuratAccountProbe *self = (SuratAccountProbe *) object;

  g_clear_object (&self->account);
  g_clear_pointer (&self->password, surat_secret_free);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_clear_pointer (&self->candidates[i], g_ptr_array_unref);
      g_clear_error (&self->errors[i]);
    }

  G_OBJECT_CLASS (surat_account_probe_parent_class)->finalize (object);
}

static void
surat_account_probe_class_init (SuratAccountProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = surat_account_probe_finalize;

  signals[SIGNAL_ATTEMPT] =
    g_signal_new ("attempt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
surat_account_probe_init (SuratAccountProbe *self)
{
  self->log = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_SERVERS; i++)
    self->candidates[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
}

/* --- public API -------------------------------------------------------------- */

SuratAccountProbe *
surat_account_probe_new (SuratAccount *account,
                         const char   *password)
{
  SuratAccountProbe *self;

  g_return_val_if_fail (SURAT_IS_ACCOUNT (account), NULL);

  self = g_object_new (SURAT_TYPE_ACCOUNT_PROBE, NULL);
  self->account = g_object_ref (account);
  /* An empty password is no password: probe without logging in. */
  self->password = password != NULL && *password != '\0' ? surat_secret_dup (password) : NULL;

  return self;
}

SuratAccount *
surat_account_probe_get_account (SuratAccountProbe *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_PROBE (self), NULL);

  return self->account;
}

void
surat_account_probe_guess_async (SuratAccountProbe   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_ACCOUNT_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, TRUE, cancellable, callback, user_data, surat_account_probe_guess_async);
}

gboolean
surat_account_probe_guess_finish (SuratAccountProbe  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_PROBE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_account_probe_guess_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
surat_account_probe_test_async (SuratAccountProbe   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SURAT_IS_ACCOUNT_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, FALSE, cancellable, callback, user_data, surat_account_probe_test_async);
}

gboolean
surat_account_probe_test_finish (SuratAccountProbe  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_PROBE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        surat_account_probe_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
surat_account_probe_get_log (SuratAccountProbe *self)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_PROBE (self), NULL);

  return self->log;
}

const GError *
surat_account_probe_get_error (SuratAccountProbe       *self,
                               SuratAccountProbeServer  server)
{
  g_return_val_if_fail (SURAT_IS_ACCOUNT_PROBE (self), NULL);
  g_return_val_if_fail (server < N_SERVERS, NULL);

  return self->errors[server];
}

void
surat_account_probe_add_candidate (SuratAccountProbe       *self,
                                   SuratAccountProbeServer  server,
                                   const char              *host,
                                   guint16                  port,
                                   SuratSecurity            security)
{
  g_return_if_fail (SURAT_IS_ACCOUNT_PROBE (self));
  g_return_if_fail (server < N_SERVERS);
  g_return_if_fail (host != NULL);
  g_return_if_fail (port != 0);

  g_ptr_array_add (self->candidates[server], candidate_new (host, port, security));
}

void
surat_account_probe_set_timeout (SuratAccountProbe *self,
                                 guint              seconds)
{
  g_return_if_fail (SURAT_IS_ACCOUNT_PROBE (self));

  self->timeout = seconds;
}
