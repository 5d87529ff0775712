"""Prints what the demo deployed, read back from the Prefect REST API, with UI links.

    show-deployed.py API_URL UI_URL                  what is there
    show-deployed.py API_URL UI_URL --expect-empty   after the destroy: counts what is left,
                                                     lists it and exits 1 unless it is nothing
"""
import json
import sys
import urllib.request

api, ui = sys.argv[1], sys.argv[2]
expect_empty = "--expect-empty" in sys.argv[3:]


def call(method, route, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(api + route, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)


if expect_empty:
    left = {
        "work pools": [p["name"] for p in call("POST", "/work_pools/filter", {})],
        "deployments": [d["name"] for d in call("POST", "/deployments/filter", {})],
        "flows": [f["name"] for f in call("POST", "/flows/filter", {})],
        "automations": [a["name"] for a in call("POST", "/automations/filter", {})],
        "variables": [v["name"] for v in call("POST", "/variables/filter", {})],
    }
    print("  left on the server: " + ", ".join(f"{len(names)} {kind}" for kind, names in left.items()))
    for kind, names in left.items():
        for name in names:
            print(f"    {kind[:-1]:<11} {name}")
    sys.exit(1 if any(left.values()) else 0)

print()
print("Deployed to the local Prefect server (read back from its REST API):")
pools = call("POST", "/work_pools/filter", {})
for pool in pools:
    print(f"  work pool   {pool['name']} (type {pool['type']})        {ui}/work-pools/work-pool/{pool['name']}")
    for queue in call("POST", f"/work_pools/{pool['name']}/queues/filter", {}):
        print(f"    queue     {queue['name']} (priority {queue['priority']})")
flows = {f["id"]: f for f in call("POST", "/flows/filter", {})}
for dep in call("POST", "/deployments/filter", {}):
    flow = flows.get(dep["flow_id"], {}).get("name", "?")
    print(f"  deployment  {flow}/{dep['name']}  pool={dep.get('work_pool_name')} tags={dep.get('tags')}")
    print(f"              parameters={json.dumps(dep.get('parameters'))}")
    print(f"              {ui}/deployments/deployment/{dep['id']}")
    for s in call("GET", f"/deployments/{dep['id']}/schedules"):
        sched = s["schedule"]
        kind = "cron " + sched["cron"] if "cron" in sched else ("every %ss" % sched["interval"] if "interval" in sched else "rrule " + sched.get("rrule", ""))
        print(f"    schedule  {kind} ({sched.get('timezone')}) active={s['active']}")
print()
print(f"Prefect UI: {ui}")
print()
