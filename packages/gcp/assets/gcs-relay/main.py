"""Relay of Cloud Storage notifications to a self-hosted Prefect server (cdktf-prefect-gcp).

A Pub/Sub push subscription delivers the envelope of a JSON_API_V1 notification here (with an
OIDC token that Cloud Run checks before this code runs). The relay turns it into the Prefect
event GcsBucketSensor's webhook template makes on Prefect Cloud, and POSTs it to the server's
`POST /api/events`:

    event     "GCS <eventType>"
    resource  prefect.resource.id "gcs.bucket.<bucketId>", object-key, object-generation,
              pubsub-message-id
    occurred  the notification's eventTime (else the message's publishTime)
    id        a UUID derived from the Pub/Sub message ID, so a redelivered message is the same event

Configuration (environment): PREFECT_API_URL (".../api"), and PREFECT_API_AUTH_STRING
("user:password", from Secret Manager) or PREFECT_API_KEY when the server needs one.
Only Python's standard library: no dependency to install or pin.
"""
import base64
import json
import os
import urllib.request
import uuid

NAMESPACE = uuid.UUID("5b0e1c33-6f2a-4c7e-9a53-3f1d2b8c9e41")


class BadEnvelope(ValueError):
    """Not the push envelope of a Cloud Storage notification: answered 400, never retried into the server."""


def to_event(envelope):
    """The Prefect event of one push envelope (a dict)."""
    message = envelope.get("message") if isinstance(envelope, dict) else None
    attributes = (message or {}).get("attributes") or {}
    missing = [k for k in ("bucketId", "objectId", "eventType") if not attributes.get(k)]
    if message is None or missing:
        raise BadEnvelope(f"not a Cloud Storage notification: missing {', '.join(missing) or 'message'}")
    message_id = message.get("messageId") or message.get("message_id") or ""
    resource = {
        "prefect.resource.id": f"gcs.bucket.{attributes['bucketId']}",
        "object-key": attributes["objectId"],
        "object-generation": attributes.get("objectGeneration", ""),
        "pubsub-message-id": message_id,
    }
    event = {
        "id": str(uuid.uuid5(NAMESPACE, f"pubsub:{message_id}")) if message_id else str(uuid.uuid4()),
        "event": f"GCS {attributes['eventType']}",
        "occurred": attributes.get("eventTime") or message.get("publishTime") or message.get("publish_time"),
        "resource": resource,
    }
    if event["occurred"] is None:
        del event["occurred"]
    return event


def _headers():
    headers = {"Content-Type": "application/json"}
    auth = os.environ.get("PREFECT_API_AUTH_STRING")
    key = os.environ.get("PREFECT_API_KEY")
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    elif key:
        headers["Authorization"] = "Bearer " + key
    return headers


def post_event(event, api_url=None, timeout=20):
    """POSTs one event to <PREFECT_API_URL>/events; raises on a non-2xx answer (Pub/Sub retries)."""
    url = (api_url or os.environ["PREFECT_API_URL"]).rstrip("/") + "/events"
    request = urllib.request.Request(url, data=json.dumps([event]).encode(), headers=_headers(), method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def relay(request):
    """The function's entry point (a Flask request, as Cloud Functions gives it)."""
    try:
        event = to_event(request.get_json(silent=True))
    except BadEnvelope as error:
        print(json.dumps({"severity": "WARNING", "message": str(error)}))
        return (str(error), 400)
    post_event(event)
    print(json.dumps({"severity": "INFO", "message": f"relayed {event['event']} of {event['resource']['object-key']}", "event_id": event["id"]}))
    return ("", 204)
