/* surat-cli.h — what the commands of surat-cli share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "surat-core.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (int argc, char **argv);
} SuratCliCommand;

/* The command being run, for usage errors. */
extern const SuratCliCommand *surat_cli_current_command;

/* "surat-cli: <text>" on stderr, on one line whatever the text holds. */
void            surat_cli_print_error   (const char     *format,
                                         ...) G_GNUC_PRINTF (1, 2);
/* A usage error: printed, returns 2. */
int             surat_cli_usage_error   (GOptionContext *context,
                                         const char     *message);
GOptionContext *surat_cli_context       (const GOptionEntry *entries);
gboolean        surat_cli_parse         (GOptionContext *context,
                                         int            *argc,
                                         char         ***argv);
/* NULL after printing why. */
GPtrArray      *surat_cli_load_accounts (void);
SuratStore     *surat_cli_open_store    (void);
/* The account --account names, or the only one there is; NULL after
 * printing why. @need is "pop3-host" or "smtp-host" for the message. */
SuratAccount   *surat_cli_pick_account  (GPtrArray      *accounts,
                                         const char     *id,
                                         const char     *need);
char           *surat_cli_format_size   (guint64         bytes);
char           *surat_cli_column        (const char     *text,
                                         guint           width);
char           *surat_cli_format_date   (gint64          unix_time,
                                         gboolean        iso);
void            surat_cli_print_json    (JsonBuilder    *builder);
void            surat_cli_json_string   (JsonBuilder    *builder,
                                         const char     *name,
                                         const char     *value);
/* Runs the thread-default main context until an async call's result. */
GAsyncResult   *surat_cli_wait          (GAsyncResult  **result);
void            surat_cli_result_cb     (GObject        *source,
                                         GAsyncResult   *result,
                                         gpointer        user_data);

int surat_cli_fetch            (int argc, char **argv);
int surat_cli_list             (int argc, char **argv);
int surat_cli_show             (int argc, char **argv);
int surat_cli_save_attachments (int argc, char **argv);
int surat_cli_reindex          (int argc, char **argv);
int surat_cli_send             (int argc, char **argv);
int surat_cli_outbox           (int argc, char **argv);

G_END_DECLS
