#!/usr/bin/env node
// @ts-check
// Creates a flow run of a Prefect deployment and, when asked, waits for it to finish. Run by the
// `local-exec` provisioner of a `DeploymentRun` (cdktf-prefect), with Node's built-in fetch and
// nothing else, so it runs from wherever cdktf copied it (cdktf.out/stacks/<stack>/assets/...).
//
// Input: CDKTF_PREFECT_RUN (the literal options) and CDKTF_PREFECT_RUN_REFS (those holding
// references, from jsonencode), JSON objects written by the construct (no secret in them):
//   deployment_id, idempotency_key, parameters?, job_variables?, flow_run_name?, tags?,
//   work_queue_name?, scheduled_time? (ISO 8601) or delay_seconds?, wait, timeout_seconds?,
//   poll_seconds, api_url? (the construct's apiUrl prop)
// Credentials, as the prefecthq/prefect provider reads them: PREFECT_API_URL (when api_url is
// not given; default Prefect Cloud), PREFECT_API_KEY (Bearer) or PREFECT_BASIC_AUTH_KEY (Basic,
// self-hosted), PREFECT_CLOUD_ACCOUNT_ID and PREFECT_CLOUD_WORKSPACE_ID (for Cloud, to scope an
// account-level URL to the workspace).
'use strict';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);
const CLOUD_API = 'https://api.prefect.cloud';

function die(message) {
  process.stderr.write(`cdktf-prefect run-deployment: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stdout.write(`cdktf-prefect run-deployment: ${message}\n`);
}

/** The workspace-scoped API URL, ending in /api or /api/accounts/<a>/workspaces/<w>. */
function apiUrl(spec, env) {
  let url = (spec.api_url || env.PREFECT_API_URL || CLOUD_API).replace(/\/+$/, '');
  if (!/\/api(\/|$)/.test(url)) url += '/api';
  const cloud = /^https:\/\/api\.prefect\.(cloud|dev)\b/.test(url);
  if (!/\/accounts\/[^/]+\/workspaces\/[^/]+/.test(url)) {
    const account = env.PREFECT_CLOUD_ACCOUNT_ID;
    const workspace = env.PREFECT_CLOUD_WORKSPACE_ID;
    if (account && workspace) {
      url += `/accounts/${account}/workspaces/${workspace}`;
    } else if (cloud) {
      die(`${url} is Prefect Cloud's account-level API: set PREFECT_API_URL to the workspace's URL (https://api.prefect.cloud/api/accounts/<account id>/workspaces/<workspace id>), or set PREFECT_CLOUD_ACCOUNT_ID and PREFECT_CLOUD_WORKSPACE_ID`);
    }
  }
  return url;
}

/** Where a person looks at the run: the Cloud UI, or a self-hosted server's UI beside its API. */
function uiUrl(api, flowRunId) {
  const cloud = api.match(/^https:\/\/api\.prefect\.(cloud|dev)\/api\/accounts\/([^/]+)\/workspaces\/([^/]+)/);
  if (cloud) return `https://app.prefect.${cloud[1]}/account/${cloud[2]}/workspace/${cloud[3]}/runs/flow-run/${flowRunId}`;
  return `${api.replace(/\/api$/, '')}/runs/flow-run/${flowRunId}`;
}

function headers(env) {
  const h = { 'content-type': 'application/json', accept: 'application/json' };
  if (env.PREFECT_API_KEY) h.authorization = `Bearer ${env.PREFECT_API_KEY}`;
  else if (env.PREFECT_BASIC_AUTH_KEY) h.authorization = `Basic ${Buffer.from(env.PREFECT_BASIC_AUTH_KEY).toString('base64')}`;
  return h;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One request, retried on a connection error and on 503 (a self-hosted server on SQLite
 * answers 503 "database is locked" while Terraform writes in parallel) and 429. Every request
 * is a read or a create with an idempotency key, so a retry never duplicates a run.
 */
async function request(env, method, url, body) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(url, { method, headers: headers(env), body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      if (attempt >= 5) die(`${method} ${url} failed: ${e && e.cause ? e.cause.message || e.cause : e}`);
      await sleep(500 * attempt);
      continue;
    }
    const text = await res.text();
    if ((res.status === 503 || res.status === 429) && attempt < 8) {
      await sleep(500 * attempt);
      continue;
    }
    if (!res.ok) {
      const hint = res.status === 401 || res.status === 403 ? ' (check PREFECT_API_KEY)' : res.status === 404 ? ' (is the API URL the workspace-scoped one, and does the deployment exist?)' : '';
      die(`${method} ${url}: HTTP ${res.status}${hint}: ${text.slice(0, 2000)}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
}

function stateOf(run) {
  const state = run.state || {};
  return { type: state.type || run.state_type || 'UNKNOWN', name: state.name || run.state_name || state.type || 'Unknown', message: state.message || '' };
}

async function main() {
  const env = process.env;
  if (!env.CDKTF_PREFECT_RUN) die('CDKTF_PREFECT_RUN is not set (this script is run by a DeploymentRun\'s local-exec provisioner)');
  // literals, and the values that hold references (the deployment ID, the key) apart
  const spec = { ...JSON.parse(env.CDKTF_PREFECT_RUN), ...(env.CDKTF_PREFECT_RUN_REFS ? JSON.parse(env.CDKTF_PREFECT_RUN_REFS) : {}) };
  const api = apiUrl(spec, env);

  const body = { idempotency_key: spec.idempotency_key };
  if (spec.parameters) body.parameters = spec.parameters;
  if (spec.job_variables) body.job_variables = spec.job_variables;
  if (spec.flow_run_name) body.name = spec.flow_run_name;
  if (spec.tags) body.tags = spec.tags;
  if (spec.work_queue_name) body.work_queue_name = spec.work_queue_name;
  const scheduled = spec.scheduled_time
    ? new Date(spec.scheduled_time)
    : spec.delay_seconds ? new Date(Date.now() + spec.delay_seconds * 1000) : undefined;
  if (scheduled) body.state = { type: 'SCHEDULED', state_details: { scheduled_time: scheduled.toISOString() } };

  const run = await request(env, 'POST', `${api}/deployments/${spec.deployment_id}/create_flow_run`, body);
  const ui = uiUrl(api, run.id);
  const where = `${ui} (API ${api}/flow_runs/${run.id})`;
  log(`flow run ${JSON.stringify(run.name)} (${run.id}) of deployment ${spec.deployment_id}, idempotency key ${spec.idempotency_key}: ${where}`);
  if (!spec.wait) return;

  const timeoutMs = (spec.timeout_seconds || 3600) * 1000;
  const pollMs = Math.max(100, (spec.poll_seconds || 5) * 1000);
  const deadline = Date.now() + timeoutMs;
  let current = run;
  let last = '';
  for (;;) {
    const state = stateOf(current);
    if (state.name !== last) {
      log(`flow run ${JSON.stringify(current.name)} is ${state.name}`);
      last = state.name;
    }
    if (TERMINAL.has(state.type)) {
      if (state.type === 'COMPLETED') return;
      die(`flow run ${JSON.stringify(current.name)} (${current.id}) ended in state ${state.name} (${state.type})${state.message ? `: ${state.message}` : ''}; see ${where}`);
    }
    if (Date.now() >= deadline) {
      die(`flow run ${JSON.stringify(current.name)} (${current.id}) did not finish within ${timeoutMs / 1000} s: it is still ${state.name} (${state.type}); see ${where}. Is a worker polling its work pool?`);
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    current = await request(env, 'GET', `${api}/flow_runs/${run.id}`);
  }
}

main().catch((e) => die(e && e.stack ? e.stack : String(e)));
