/* surat-test-dovecot-ports.c — free loopback ports, and whether Dovecot listens
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "surat-test-dovecot-private.h"

static gboolean
bind_port (int         family,
           const char *address,
           guint16     port,
           int        *fd_out,
           guint16    *port_out,
           int        *errno_out)
{
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);

  *fd_out = -1;
  *errno_out = 0;
  if (fd < 0)
    {
      *errno_out = errno;
      return FALSE;
    }

  if (family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;

      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      inet_pton (AF_INET, address, &sin->sin_addr);
      len = sizeof *sin;
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
      int one = 1;

      setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      inet_pton (AF_INET6, address, &sin6->sin6_addr);
      len = sizeof *sin6;
    }

  if (bind (fd, (struct sockaddr *) &ss, len) != 0)
    {
      *errno_out = errno;
      close (fd);
      return FALSE;
    }

  len = sizeof ss;
  getsockname (fd, (struct sockaddr *) &ss, &len);
  *port_out = ntohs (family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                       : ((struct sockaddr_in6 *) &ss)->sin6_port);
  *fd_out = fd;
  return TRUE;
}

/* Dovecot takes port numbers, not sockets: let the kernel pick a free port
 * on the IPv4 address, check it is free on ::1 too, and keep the sockets
 * bound until both ports are chosen so they differ. Someone may still take
 * a port before Dovecot binds it; the caller then tries again. */
gboolean
_surat_test_dovecot_pick_ports (const char  *host,
                                gboolean    *ipv6,
                                guint16     *plain_port,
                                guint16     *tls_port,
                                GError     **error)
{
  int fds[4] = { -1, -1, -1, -1 };
  guint16 ports[2] = { 0, 0 };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < 2; i++)
    {
      for (guint attempt = 0; attempt < 50; attempt++)
        {
          int err;

          if (!bind_port (AF_INET, host, 0, &fds[2 * i], &ports[i], &err))
            {
              g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                           "Could not bind a port on %s: %s", host, g_strerror (err));
              ok = FALSE;
              break;
            }

          if (!*ipv6 ||
              bind_port (AF_INET6, "::1", ports[i], &fds[2 * i + 1], &ports[i], &err))
            break;

          /* No IPv6 on this machine's loopback: serve IPv4 alone. */
          if (err == EADDRNOTAVAIL || err == EAFNOSUPPORT)
            {
              *ipv6 = FALSE;
              break;
            }

          close (fds[2 * i]);
          fds[2 * i] = -1;
          ports[i] = 0;
        }

      if (ok && ports[i] == 0)
        {
          g_set_error (error, SURAT_TEST_DOVECOT_ERROR, SURAT_TEST_DOVECOT_ERROR_SETUP,
                       "Found no port free on both %s and ::1", host);
          ok = FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    if (fds[i] >= 0)
      close (fds[i]);

  *plain_port = ports[0];
  *tls_port = ports[1];
  return ok;
}

static gboolean
port_accepts (const char *address,
              guint16     port)
{
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  gboolean ipv6 = strchr (address, ':') != NULL;
  int fd = socket (ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;

  if (ipv6)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;

      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      inet_pton (AF_INET6, address, &sin6->sin6_addr);
      len = sizeof *sin6;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;

      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      inet_pton (AF_INET, address, &sin->sin_addr);
      len = sizeof *sin;
    }

  /* Loopback connects (or is refused) at once: no timeout needed. */
  ok = connect (fd, (struct sockaddr *) &ss, len) == 0;
  close (fd);
  return ok;
}

/* Whether a socket listens on @address:@port, from /proc/net/tcp or tcp6;
 * -1 when that cannot be read. Unlike a test connection, looking does not
 * make Dovecot start login processes, which would make a stop soon after
 * take 6 s instead of 1. */
static int
proc_net_listening (const char *address,
                    guint16     port)
{
  gboolean ipv6 = strchr (address, ':') != NULL;
  guint8 bytes[16];
  g_autoptr(GString) wanted = g_string_new (NULL);
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp", &table, NULL, NULL))
    return -1;

  /* The kernel prints each 32-bit word of the address in host order. */
  inet_pton (ipv6 ? AF_INET6 : AF_INET, address, bytes);
  for (guint i = 0; i < (ipv6 ? 16u : 4u); i += 4)
    {
      guint32 word;

      memcpy (&word, bytes + i, 4);
      g_string_append_printf (wanted, "%08X", word);
    }

  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char local[65];
      guint local_port;
      guint state;

      if (sscanf (lines[i], " %*u: %64[0-9A-Fa-f]:%x %*64[0-9A-Fa-f]:%*x %x",
                  local, &local_port, &state) == 3 &&
          local_port == port && state == 0x0A /* TCP_LISTEN */ &&
          g_ascii_strcasecmp (local, wanted->str) == 0)
        return 1;
    }

  return 0;
}

gboolean
_surat_test_dovecot_listening (const char *address,
                               guint16     port)
{
  int known = proc_net_listening (address, port);

  return known >= 0 ? known : port_accepts (address, port);
}
