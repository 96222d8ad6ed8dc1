/* surat-fake-smtp.h — a scripted SMTP server on loopback, for tests
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "surat-fake-server.h"

G_BEGIN_DECLS

/*
 * A SuratFakeServer (surat-fake-server.h: its threading, its steps, what it
 * records) with SMTP's shorthands and a step that reads a message after
 * DATA's 354, up to the CRLF.CRLF that ends it, and keeps it.
 *
 *   g_autoptr(SuratFakeServer) fake = surat_fake_smtp_new ();
 *
 *   surat_fake_smtp_greet (fake);
 *   surat_fake_smtp_expect_ehlo (fake, "PIPELINING\nSIZE 1000000");
 *   surat_fake_server_expect (fake, "MAIL FROM:<alice@example.org> SIZE=*", "250 OK\r\n");
 *   surat_fake_server_expect (fake, "RCPT TO:<bob@example.org>", "250 OK\r\n");
 *   surat_fake_server_expect (fake, "DATA", "354 Go ahead\r\n");
 *   surat_fake_smtp_expect_data (fake, "250 2.0.0 Queued\r\n");
 *   surat_fake_server_expect (fake, "QUIT", "221 Bye\r\n");
 *   port = surat_fake_server_start (fake);
 *   …
 *   message = surat_fake_smtp_get_message (fake, 0);
 */

SuratFakeServer *surat_fake_smtp_new                  (void);

/* "220 fake.example ESMTP ready\r\n". */
void             surat_fake_smtp_greet                (SuratFakeServer *self);
/* The 250 reply to EHLO announcing @extensions, one per line ("PIPELINING\n
 * SIZE 1000\nAUTH PLAIN LOGIN"); NULL or "" for none. */
char            *surat_fake_smtp_ehlo_reply           (const char      *extensions);
/* An expect of "EHLO *" answered with surat_fake_smtp_ehlo_reply(). */
void             surat_fake_smtp_expect_ehlo          (SuratFakeServer *self,
                                                       const char      *extensions);
/* Reads a message up to the line "." and keeps it, then sends @reply as
 * it is (NULL: nothing). An empty message is a "." right away. */
void             surat_fake_smtp_expect_data          (SuratFakeServer *self,
                                                       const char      *reply);
/* Reads at least @count bytes of a message and drops the connection
 * (surat_fake_server_drop()); keeps what it read. */
void             surat_fake_smtp_expect_data_then_drop (SuratFakeServer *self,
                                                       gsize            count);
/* Reads at least @count bytes of a message, sends @reply before the
 * message has ended (which no real server should), and drops. */
void             surat_fake_smtp_expect_data_early_reply (SuratFakeServer *self,
                                                       gsize            count,
                                                       const char      *reply);

/* How many messages the expect_data steps read (also the partial ones). */
guint            surat_fake_smtp_get_n_messages       (SuratFakeServer *self);
/* (transfer full) (nullable): message @index as it came over the wire:
 * CRLF line ends, dot-stuffed, without the final ".\r\n". */
GBytes          *surat_fake_smtp_get_message          (SuratFakeServer *self,
                                                       guint            index);

G_END_DECLS
