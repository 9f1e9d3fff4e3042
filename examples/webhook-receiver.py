#!/usr/bin/env python3
"""A webhook receiver for sztpd's dynamic callouts (docs/integration.md), Python 3 standard library only.

    python3 examples/webhook-receiver.py --port 8088
    python3 examples/webhook-receiver.py --port 8443 --cert server.pem --key server-key.pem --client-ca sztpd-client-ca.pem

It prints one JSON line per request on standard output and answers:
  POST /relay-notification       204 (a progress report; the Idempotency-Key header tells a resent one apart)
  POST /verify-device-ownership  200, "success" for every serial number not starting with "stolen"
  POST /get-bootstrapping-data   200, onboarding information naming the device in its configuration
"""
import argparse
import base64
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MEDIA = "application/yang-data+json"


class Receiver(BaseHTTPRequestHandler):
    seen_keys = set()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        given = body.get("wn-sztpd-rpcs:input", {})
        key = self.headers.get("Idempotency-Key")
        print(json.dumps({"path": self.path, "idempotency-key": key, "input": given}), flush=True)
        if self.path == "/relay-notification":
            # At least once: a message whose answer was lost comes again with the same key.
            Receiver.seen_keys.add(key)
            self.answer(204, None)
        elif self.path == "/verify-device-ownership":
            results = [{"serial-number": sn, "result": "failure" if sn.startswith("stolen") else "success"}
                       for sn in given.get("serial-number", [])]
            self.answer(200, {"wn-sztpd-rpcs:output": {"verification-results": {"verification-result": results}}})
        elif self.path == "/get-bootstrapping-data":
            config = f"<config><hostname>{given.get('serial-number', '')}</hostname></config>\n".encode()
            self.answer(200, {"ietf-sztp-conveyed-info:onboarding-information": {
                "configuration-handling": "merge", "configuration": base64.b64encode(config).decode()}})
        else:
            self.answer(404, {"ietf-restconf:errors": {"error": [{"error-type": "application", "error-tag": "invalid-value",
                                                                  "error-message": f"No callout at {self.path}."}]}})

    def answer(self, status, document):
        data = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        if document is not None:
            self.send_header("Content-Type", MEDIA)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        print(format % args, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", help="server certificate (PEM); HTTPS when given")
    parser.add_argument("--key", help="the server certificate's key (PEM)")
    parser.add_argument("--client-ca", help="demand a client certificate chaining to these CAs (PEM)")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.address, args.port), Receiver)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on {args.address}:{args.port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
