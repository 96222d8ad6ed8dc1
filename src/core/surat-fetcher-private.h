/* surat-fetcher-private.h — one run of SuratFetcher, shared by its files
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-fetcher.h"
#include "surat-maildir.h"
#include "surat-pop3-client.h"
#include "surat-secret.h"

G_BEGIN_DECLS

/* RETRs in flight at once; the POP3 client pipelines them when the server
 * allows (RFC 2449 §6.6). The window is refilled by halves, so the client
 * sends several commands in one write (one TLS record, one packet). */
#define RETR_WINDOW 16
/* Messages per durable batch (directory fsync + one index transaction). */
#define BATCH_SIZE 256
/* Longer than the 70 characters RFC 1939 §7 allows a server's unique-id,
 * so it can never collide with one. */
#define CONTENT_UID_PREFIX "X-Surat-SHA256-"

/* A message that is safe in new/ but not yet in the index. */
typedef struct {
  char    *file;
  guint    number;
} Delivered;

/* A RETR in flight. */
typedef struct {
  struct _FetchRun *run;
  SuratPop3Message *message;
  GOutputStream    *sink;
  char             *tmp_name;
  int               fd;
} Retrieval;

/* A batch on its way through the indexer thread. */
typedef struct {
  struct _FetchRun *run;
  GArray           *batch;   /* Delivered */
  GError           *error;
} IndexJob;

typedef struct _FetchRun {
  SuratFetcher      *self;            /* unowned: the outer task holds it */
  GMainContext      *caller_context;
  GCancellable      *cancellable;     /* ours, follows the caller's */
  gulong             cancelled_id;
  GCancellable      *caller_cancellable;

  char              *data_dir;
  SuratStore        *store;           /* our own connection, for this thread */
  SuratMaildir      *inbox;
  SuratAccount      *account;
  SuratPop3Client   *client;
  SuratSecret       *password;
  int                lock_fd;

  GHashTable        *known_uids;      /* uid → gint64* downloaded_at */
  GPtrArray         *server;          /* SuratPop3Message, all on the server */
  GPtrArray         *wanted;          /* SuratPop3Message (borrowed from server) */
  GArray            *deletable;       /* guint message numbers */
  GArray            *batch;           /* Delivered */
  gboolean           has_uidl;

  GMainContext      *context;         /* the download thread's */
  GThreadPool       *indexer;         /* one thread, batches in order */
  guint              batches_pending;
  gboolean           downloads_done;

  guint              next;            /* index into wanted of the next RETR */
  guint              in_flight;
  guint              pending_deletes;
  guint              done;
  guint64            bytes_total;
  guint64            bytes_done;
  guint              n_failed;
  char              *first_failure;
  guint              n_downloaded;
  guint              n_deleted;

  GError            *error;           /* the first fatal error */
  gboolean           finished;
} FetchRun;

/* surat-fetcher.c: the run's outcome and the caller's signals. */
void     _surat_fetch_emit_progress   (FetchRun   *run);
void     _surat_fetch_emit_warning    (FetchRun   *run,
                                       const char *text);
void     _surat_fetch_delete          (FetchRun   *run);
void     _surat_fetch_finish          (FetchRun   *run,
                                       GError     *error);

/* surat-fetcher-download.c: RETRs into tmp/, durable batches, indexing. */
void     _surat_fetch_retrieve        (FetchRun   *run);
void     _surat_fetch_index_job       (gpointer    data,
                                       gpointer    user_data);
void     _surat_fetch_delivered_clear (Delivered  *delivered);

G_END_DECLS
