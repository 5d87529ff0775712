"""Prints what the demo deployed, read back from the Prefect REST API, with UI links."""
import json
import sys
import urllib.request

api, ui = sys.argv[1], sys.argv[2]


def call(method, route, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(api + route, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)


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
