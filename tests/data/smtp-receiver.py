#!/usr/bin/env python3
"""An SMTP server for sztpd's e-mail tests (aiosmtpd, Debian python3-aiosmtpd): prints one JSON line per message.

    smtp-receiver.py --port P [--cert C --key K] [--user U --password W]

With --cert it offers STARTTLS and demands it before AUTH and mail; with --user it demands AUTH (PLAIN or LOGIN).
"""
import argparse
import email
import json
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Printer:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        print(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "subject": message["Subject"],
                          "text": message.get_payload(decode=True).decode(), "tls": session.ssl is not None,
                          "user": session.auth_data}), flush=True)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

    controller = Controller(Printer(), hostname="127.0.0.1", port=args.port, tls_context=context,
                            require_starttls=context is not None, authenticator=authenticate if args.user else None,
                            auth_required=args.user is not None, auth_require_tls=context is not None)
    controller.start()
    print(f"listening on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
