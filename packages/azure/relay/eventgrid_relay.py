"""Relays Azure Event Grid deliveries of blob events to a self-hosted Prefect server.

Event Grid cannot reshape a body, and a self-hosted Prefect server has no webhooks: it takes
events only as ``POST <api>/events`` with a JSON list of Prefect events. This relay turns each
Event Grid event (Event Grid schema or CloudEvents 1.0, one event or a batch) into the event
AzureBlobSensor's webhook template makes on Prefect Cloud, keeps Event Grid's event ID as the
Prefect event ID (a redelivery is the same event), posts the list, and answers both validation
handshakes (the Event Grid schema's SubscriptionValidationEvent and CloudEvents' OPTIONS).

Standard library only. ``handle()`` is the whole logic; ``serve()`` runs it as an HTTP server
(loopback by default), which is how the tests run it. Configuration comes from the environment:
PREFECT_API_URL (required), PREFECT_API_AUTH_STRING (``user:password``, optional).
"""
import base64
import json
import os
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent"
SUBJECT = "/blobServices/default/containers/"


def prefect_event(e):
    """The Prefect event of one Event Grid event (either schema), as the webhook template makes it."""
    cloud = "specversion" in e
    event_type = e["type"] if cloud else e["eventType"]
    source = e["source"] if cloud else e["topic"]
    time = e.get("time") if cloud else e.get("eventTime")
    subject = e.get("subject") or ""
    account = source.split("/")[-1]
    parts = subject.split("/") if subject else []
    data = e.get("data")
    labels = {
        "prefect.resource.id": "azure.storage." + account,
        "prefect.resource.name": account,
        "container": parts[4] if len(parts) > 6 else "",
        "blob-name": "/".join(parts[6:]) if len(parts) > 6 else "",
        "blob-url": data.get("url", "") if isinstance(data, dict) else "",
        "eventgrid-event-id": e["id"],
    }
    event = {
        "id": e["id"],
        "event": event_type,
        "resource": labels,
        "payload": {"subject": e.get("subject"), "time": time, "data": data},
    }
    if time:
        event["occurred"] = occurred(time)
    return event


def occurred(time):
    """Azure writes seven fractional digits; Prefect takes at most six."""
    head, _, frac = time.rstrip("Z").partition(".")
    return head + ("." + frac[:6] if frac else "") + "Z"


def handle(method, headers, body, post_events):
    """One request: returns (status, response headers, response body).

    ``post_events(list)`` sends the Prefect events and returns the server's HTTP status.
    """
    headers = {k.lower(): v for k, v in headers.items()}
    if method == "OPTIONS":
        origin = headers.get("webhook-request-origin")
        if not origin:
            return 400, {}, b"no WebHook-Request-Origin"
        return 200, {"WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*"}, b""
    if method != "POST":
        return 405, {}, b""
    try:
        delivery = json.loads(body)
    except ValueError:
        return 400, {}, b"not JSON"
    events = delivery if isinstance(delivery, list) else [delivery]
    for e in events:
        if not isinstance(e, dict):
            return 400, {}, b"not an event"
        if e.get("eventType") == VALIDATION:
            code = (e.get("data") or {}).get("validationCode")
            return 200, {"Content-Type": "application/json"}, json.dumps({"validationResponse": code}).encode()
    try:
        prefect = [prefect_event(e) for e in events]
    except (KeyError, AttributeError, TypeError) as error:
        return 400, {}, ("not an Event Grid event: %r" % (error,)).encode()
    status = post_events(prefect)
    # a failure answers 5xx, so Event Grid retries and then dead-letters
    return (200, {}, b"") if 200 <= status < 300 else (502, {}, ("Prefect answered %d" % status).encode())


def poster(api_url, auth_string=None, timeout=10):
    """A post_events for handle(): POST <api_url>/events."""
    def post(events):
        request = urllib.request.Request(api_url.rstrip("/") + "/events", data=json.dumps(events).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        if auth_string:
            request.add_header("Authorization", "Basic " + base64.b64encode(auth_string.encode()).decode())
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, TimeoutError):
            return 503
    return post


def serve(port, api_url, auth_string=None, host="127.0.0.1"):
    """Runs the relay as an HTTP server until killed; prints its port."""
    post = poster(api_url, auth_string)

    class Handler(BaseHTTPRequestHandler):
        def _run(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, headers, body = handle(self.command, dict(self.headers), self.rfile.read(length), post)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_OPTIONS = do_GET = _run

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0, os.environ["PREFECT_API_URL"], os.environ.get("PREFECT_API_AUTH_STRING"))
