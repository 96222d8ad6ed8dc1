/* surat-test-dovecot-private.h — what the harness's files share
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "surat-test-dovecot.h"

G_BEGIN_DECLS

struct _SuratTestDovecot
{
  SuratTestDovecotFlags flags;

  char       *dovecot_path;
  char       *openssl_path;

  char       *dir;
  char       *conf_path;
  char       *log_path;
  char       *stderr_path;
  char       *passwd_dir;
  char       *cert_path;
  char       *key_path;
  char       *fingerprint;

  const char *host;
  gboolean    ipv6;
  guint16     pop3_port;
  guint16     pop3s_port;

  /* As root the mail processes run as nobody/nogroup; otherwise as us. */
  gboolean    as_root;
  uid_t       mail_uid;
  gid_t       mail_gid;

  GHashTable *passwords;     /* user → password */
  GPid        pid;
  GPid        watchdog_pid;
  int         watchdog_fd;
  guint       delivery_seq;
};

/* surat-test-dovecot-ports.c */

/* Two different ports free on @host and, while *@ipv6, on ::1 too; clears
 * *@ipv6 when this machine's loopback has no IPv6. */
gboolean _surat_test_dovecot_pick_ports (const char  *host,
                                         gboolean    *ipv6,
                                         guint16     *plain_port,
                                         guint16     *tls_port,
                                         GError     **error);
/* Whether something listens on @address:@port. */
gboolean _surat_test_dovecot_listening  (const char  *address,
                                         guint16      port);

G_END_DECLS
