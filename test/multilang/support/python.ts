import { spawnSync } from 'child_process';
import * as path from 'path';
import { EXAMPLES, ROOT } from './app';

/** The Python twin of examples/scheduled-deployment. */
export const PYTHON_EXAMPLE = path.join(EXAMPLES, 'python', 'scheduled-deployment');

/**
 * Time for a first setup on a fresh machine (the wheel, then ~60 MB from PyPI installed and
 * byte-compiled), and a Python synth: the hook that prepares the example gets this long.
 */
export const PYTHON_SETUP_TIMEOUT = 1_200_000;

/**
 * Builds the wheel when the library changed and installs it into the example's virtualenv
 * (scripts/python-example.sh; seconds when nothing changed). Returns how long it took, in seconds.
 */
export function preparePythonExample(dir: string = PYTHON_EXAMPLE): number {
  const start = Date.now();
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'python-example.sh'), dir], { encoding: 'utf8', timeout: PYTHON_SETUP_TIMEOUT });
  if (r.status !== 0) {
    throw new Error(`scripts/python-example.sh exited ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`);
  }
  return (Date.now() - start) / 1000;
}

/** The ```python blocks of a Markdown file, in order. */
export function pythonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * A Python program that runs the Python blocks of docs/constructs.md for real: each block in
 * the constructor of its own stack, in its own App (flow names are unique per app), after a
 * prelude that makes the names the guide's earlier sections make (the Python twin of the
 * `declare const` list that scripts/docs-python.js compiles the TypeScript with). Each App is
 * synthesized, so the constructs' synth-time validation runs. Prints "ran N".
 */
export function docSnippetsProgram(blocks: string[], outdir: string): string {
  const indent = (code: string) => code.trimEnd().split('\n').map((l) => `        ${l}`).join('\n');
  return [
    'import os',
    'from cdktf import App, Fn, TerraformStack, TerraformVariable, Token',
    'from cdktf_prefect import *',
    'from cdktf_prefect import l1',
    '',
    'def prelude(stack):',
    '    pool = WorkPool(stack, "PreludePool", work_pool_name="prelude-pool", work_pool_type=WorkPoolType.KUBERNETES)',
    '    critical = pool.add_queue("PreludeCritical", work_queue_name="prelude-critical")',
    '    warehouse = GlobalConcurrencyLimit(stack, "PreludeLimit", global_concurrency_limit_name="prelude-limit", limit=1)',
    '    etl = Flow(stack, "PreludeFlow", flow_name="prelude-etl")',
    '    hourly = etl.add_deployment("PreludeHourly", deployment_name="prelude-hourly", entrypoint="flows/etl.py:etl", work_pool=pool)',
    '    ingest = etl.add_deployment("PreludeIngest", deployment_name="prelude-ingest", entrypoint="flows/etl.py:ingest", work_pool=pool)',
    '    secret = lambda name: BlockSecretValue.from_variable(TerraformVariable(stack, name, type="string", sensitive=True))',
    '    token = Block(stack, "PreludeToken", block_name="prelude-token", block_type=BlockType.SECRET, secret_data={"value": secret("prelude_token")})',
    '    slack = Block(stack, "PreludeSlack", block_name="prelude-slack", block_type=BlockType.SLACK_WEBHOOK, secret_data={"url": secret("prelude_slack")})',
    '    imported = lambda id, name: Deployment.from_deployment_attributes(stack, id, deployment_id="0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f", deployment_name=name, flow_name="etl")',
    '    return pool, critical, warehouse, etl, hourly, token, slack, ingest, imported("Orders", "orders"), imported("Payments", "payments"), imported("Report", "report")',
    '',
    ...blocks.flatMap((block, i) => [
      `class Snippet${i + 1}(TerraformStack):`,
      '    def __init__(self, scope, id):',
      '        super().__init__(scope, id)',
      '        l1.provider.PrefectProvider(self, "prefect")',
      '        pool, critical, warehouse, etl, hourly, token, slack, ingest, orders, payments, report = prelude(self)',
      indent(block),
      '',
      `os.makedirs(${JSON.stringify(path.join(outdir, String(i + 1)))})`,
      `app = App(outdir=${JSON.stringify(path.join(outdir, String(i + 1)))})`,
      `Snippet${i + 1}(app, "snippet-${i + 1}")`,
      'app.synth()',
      '',
    ]),
    `print("ran ${blocks.length}")`,
    '',
  ].join('\n');
}
