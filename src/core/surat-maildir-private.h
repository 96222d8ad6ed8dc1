/* surat-maildir-private.h — name helpers shared by the Maildir code
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "surat-maildir.h"

G_BEGIN_DECLS

/* This host's name as it goes into file names (escaped). */
const char *_surat_maildir_get_host_part     (void);
/* The process id in a name this host's Surat made
 * ("<sec>.M<usec>P<pid>Q<n>.<host>…"), else 0. */
pid_t       _surat_maildir_name_get_own_pid  (const char *name);

/* ",U=<escaped uid>" (or ",B=<base64url>" when escaping makes it long). */
char       *_surat_maildir_encode_uid_field  (const char *uid);

G_END_DECLS
