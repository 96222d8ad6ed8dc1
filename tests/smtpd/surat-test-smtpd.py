# surat-test-smtpd.py — a real SMTP submission server (aiosmtpd) for Surat's
# tests, started and stopped by tests/surat-test-smtpd.c
#
# Copyright 2026 The Surat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run as: /usr/bin/python3 surat-test-smtpd.py CONFIG.json
#
# CONFIG names the server's directory and files (see surat-test-smtpd.c).
# The server listens on two loopback ports it asks the kernel for:
#   "starttls": STARTTLS required (RFC 3207), then AUTH (RFC 4954) required;
#   "tls":      implicit TLS (RFC 8314), AUTH required.
# AUTH mechanisms: PLAIN, LOGIN (aiosmtpd's own) and CRAM-MD5 (RFC 2195,
# here). When both listen it prints one JSON line to stdout:
#   {"starttls_port": N, "tls_port": M}
# Each accepted message is delivered into a Maildir per recipient (the
# routes file, else the default) as that Maildir's owner, and its envelope
# appended to the envelopes file as one JSON line, before the 250 reply.
#
# Its stdin is a pipe only the test process holds: end of input means the
# test is over (or died): the server stops and removes its directory.

import sys

try:
    import aiosmtpd
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, MISSING, auth_mechanism
except ImportError as error:
    print("surat-test-smtpd: cannot import aiosmtpd ({}): install the Debian package "
          "python3-aiosmtpd and run this with /usr/bin/python3".format(error), file=sys.stderr)
    sys.exit(3)

import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import socket
import ssl
import time
import warnings

EXIT_NOT_INSTALLED = 3
EXIT_CONFIG = 4


class State:
    def __init__(self, config):
        self.config = config
        self.sequence = 0

    def _read_json(self, key):
        try:
            with open(self.config[key], encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    # Read at every use: the test adds users and routes while we run.
    def password(self, user):
        return self._read_json("users").get(user)

    def route(self, address):
        routes = self._read_json("routes")
        if address in routes:
            return True, routes[address]
        for key, maildir in routes.items():
            if key.lower() == address.lower():
                return True, maildir
        return False, self.config.get("maildir")

    def record(self, entry):
        with open(self.config["envelopes"], "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=True) + "\n")
            f.flush()

    def deliver(self, maildir, data):
        """Maildir delivery: tmp/, fsync, owner, rename into new/."""
        self.sequence += 1
        now = time.time()
        name = "{}.M{}P{}Q{}.surat-test-smtpd".format(
            int(now), int((now % 1) * 1000000), os.getpid(), self.sequence)
        tmp = os.path.join(maildir, "tmp", name)
        new = os.path.join(maildir, "new", name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        # Dovecot's mail processes run as the Maildir's owner (nobody when
        # the tests run as root) and must be able to read what we wrote.
        st = os.stat(maildir)
        if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
            os.chown(tmp, st.st_uid, st.st_gid)
        os.rename(tmp, new)
        return new


class Handler:
    def __init__(self, state, listener):
        self.state = state
        self.listener = listener

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        expected = self.state.password(login)
        if expected is not None and hmac.compare_digest(expected.encode(), password.encode()):
            return AuthResult(success=True, auth_data=auth_data)
        logging.info("%s: AUTH %s failed for %r", self.listener, mechanism, login)
        return AuthResult(success=False, handled=False)

    @auth_mechanism("CRAM-MD5")
    async def auth_CRAM_MD5(self, server, args):
        # RFC 2195: the challenge is a unique msg-id; the answer is the user
        # name, a space and HMAC-MD5(password, challenge) in lower-case hex.
        if len(args) > 1:
            await server.push("501 5.5.4 CRAM-MD5 takes no initial response")
            return AuthResult(success=False, handled=True)
        challenge = "<{}.{}@localhost>".format(secrets.randbits(48), int(time.time())).encode()
        response = await server.challenge_auth(challenge)
        if response is MISSING:
            return AuthResult(success=False, handled=True)
        user, _, digest = response.decode("utf-8", "replace").rpartition(" ")
        password = self.state.password(user)
        if password is not None:
            expected = hmac.new(password.encode(), challenge, hashlib.md5).hexdigest()
            if hmac.compare_digest(expected, digest.lower()):
                return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        logging.info("%s: AUTH CRAM-MD5 failed for %r", self.listener, user)
        return AuthResult(success=False, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        routed, maildir = self.state.route(address)
        if routed and maildir is None:
            return "550 5.1.1 <{}>: Recipient address rejected (test route)".format(address)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        # As an MDA stores it: LF line ends (Dovecot sends them as CRLF).
        stored = data.replace(b"\r\n", b"\n")
        maildirs = []
        for address in envelope.rcpt_tos:
            _, maildir = self.state.route(address)
            if maildir is not None and maildir not in maildirs:
                maildirs.append(maildir)
        delivered = [self.state.deliver(maildir, stored) for maildir in maildirs]

        body = None
        size = None
        for option in envelope.mail_options:
            key, _, value = option.partition("=")
            if key == "BODY":
                body = value
            elif key == "SIZE":
                size = int(value)
        login = session.login_data
        self.state.record({
            "listener": self.listener,
            "auth_user": login.decode("utf-8", "replace") if isinstance(login, bytes) else login,
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "rcpt_options": envelope.rcpt_options,
            "smtputf8": bool(envelope.smtp_utf8),
            "body": body,
            "size": size,
            "data_size": len(data),
            "data_sha256": hashlib.sha256(data).hexdigest(),
            "delivered": delivered,
        })
        return "250 2.0.0 OK: queued as {}".format(len(delivered))


def bind_loopback():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    return sock


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        config = json.load(f)

    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # aiosmtpd warns that AUTH without STARTTLS is unsafe: on the implicit
    # TLS port it is TLS all along (it only counts STARTTLS as TLS).
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(config["cert_chain"], config["key"])

    state = State(config)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory(listener, starttls):
        handler = Handler(state, listener)
        kwargs = dict(hostname="localhost", ident="Surat test SMTP (aiosmtpd {})".format(
                          aiosmtpd.__version__),
                      data_size_limit=config["data_size_limit"],
                      enable_SMTPUTF8=config["smtputf8"],
                      authenticator=handler.authenticate,
                      auth_required=True,
                      auth_exclude_mechanism=config.get("auth_exclude", []),
                      loop=loop)
        if starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(auth_require_tls=False)
        return lambda: SMTP(handler, **kwargs)

    plain_sock = bind_loopback()
    tls_sock = bind_loopback()
    servers = [
        loop.run_until_complete(loop.create_server(factory("starttls", True), sock=plain_sock)),
        loop.run_until_complete(loop.create_server(factory("tls", False), sock=tls_sock,
                                                   ssl=context)),
    ]

    def on_stdin():
        if os.read(sys.stdin.fileno(), 4096) == b"":
            loop.stop()

    loop.add_reader(sys.stdin.fileno(), on_stdin)

    sys.stdout.write(json.dumps({"starttls_port": plain_sock.getsockname()[1],
                                 "tls_port": tls_sock.getsockname()[1]}) + "\n")
    sys.stdout.flush()
    # Nothing more goes there: the test may have closed its end.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    logging.info("listening: starttls %d, tls %d", plain_sock.getsockname()[1],
                 tls_sock.getsockname()[1])

    try:
        loop.run_forever()
    finally:
        for server in servers:
            server.close()
        logging.info("test process gone or done: stopping")
        # The directory is ours; the test's Maildirs elsewhere are not.
        shutil.rmtree(config["dir"], ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except (KeyError, ValueError, OSError, ssl.SSLError) as error:
        print("surat-test-smtpd: cannot start: {}".format(error), file=sys.stderr)
        sys.exit(EXIT_CONFIG)
