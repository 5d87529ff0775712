import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, toolchainEnv } from './env';

const TERRAFORM_SH = path.join(ROOT, 'scripts', 'terraform.sh');

/** A terraform command started by `runAsync`. */
export interface RunningCommand {
  readonly done: Promise<TfResult>;
  readonly signal: (sig: NodeJS.Signals) => void;
}

/** The result of one terraform command. */
export interface TfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs terraform (or tofu, whichever the toolchain picked) on a synthesized stack through
 * scripts/terraform.sh: the project's CLI config (mirrors, then the registry), and the project's
 * explanation when `init` cannot get a provider.
 */
export class TerraformWorkdir {
  /** Writes the stack JSON into a fresh temporary directory. */
  static fromStackJson(stackJson: string, extraEnv: Record<string, string> = {}): TerraformWorkdir {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-e2e-'));
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), stackJson);
    return new TerraformWorkdir(dir, extraEnv);
  }

  private readonly env: NodeJS.ProcessEnv;

  constructor(public readonly dir: string, extraEnv: Record<string, string> = {}) {
    const tc = toolchainEnv();
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: tc.TF_CLI_CONFIG_FILE,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // One change at a time by default: under Terraform's default parallelism (10) the shared
      // SQLite server answers 503 "database is locked", and the provider's retries made an apply
      // or destroy of a small stack take 25-40 s instead of 1-5 s (upgrade-safety: 110 s -> 40 s).
      // A test that wants the default passes TF_CLI_ARGS_apply / TF_CLI_ARGS_destroy as ''.
      TF_CLI_ARGS_apply: '-parallelism=1',
      TF_CLI_ARGS_destroy: '-parallelism=1',
      ...extraEnv,
    };
  }

  run(...args: string[]): TfResult {
    return this.runWith({}, ...args);
  }

  /** `run` with more environment variables (TF_LOG, TF_LOG_PATH, ...). */
  runWith(env: Record<string, string>, ...args: string[]): TfResult {
    // maxBuffer: the plan of a few thousand resources prints more than spawnSync's default 1 MB,
    // and spawnSync kills the child when its output passes the limit
    const r = spawnSync('bash', [TERRAFORM_SH, ...args], { cwd: this.dir, env: { ...this.env, ...env }, encoding: 'utf8', timeout: 600_000, maxBuffer: 512 * 1024 * 1024 });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /**
   * Starts a command without waiting for it: `onLine` sees each line of its stdout as it comes;
   * `done` settles with the whole result when it exits; `signal` sends terraform a signal
   * (scripts/terraform.sh execs it for every command but init).
   */
  runAsync(env: Record<string, string>, args: string[], onLine: (line: string) => void): RunningCommand {
    const child = spawn('bash', [TERRAFORM_SH, ...args], { cwd: this.dir, env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const done = new Promise<TfResult>((resolve) => child.on('close', (code) => {
      if (pending) onLine(pending);
      resolve({ code: code ?? -1, stdout, stderr });
    }));
    return { done, signal: (sig) => { child.kill(sig); } };
  }

  /** Runs a command that must exit 0, and returns its stdout. */
  ok(...args: string[]): string {
    const r = this.run(...args);
    if (r.code !== 0) {
      throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    }
    return r.stdout;
  }

  init(): void {
    this.ok('init', '-no-color', '-input=false');
  }

  apply(): void {
    this.ok('apply', '-no-color', '-input=false', '-auto-approve');
  }

  /** `plan -detailed-exitcode`: 0 = no changes, 2 = changes (returned with the plan text). */
  planChanges(): TfResult {
    const r = this.run('plan', '-no-color', '-input=false', '-detailed-exitcode');
    if (r.code === 1) throw new Error(`terraform plan failed\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  destroy(): void {
    this.ok('destroy', '-no-color', '-input=false', '-auto-approve');
  }

  /** The resources left in state; none when nothing was ever applied (no state file). */
  stateList(): string[] {
    const r = this.run('state', 'list');
    if (r.code !== 0 && /No state file was found/.test(r.stderr)) return [];
    if (r.code !== 0) throw new Error(`terraform state list exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout.split('\n').filter(Boolean);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What `terraform validate -json` said about a stack. */
export interface ValidateResult {
  readonly valid: boolean;
  readonly diagnostics: string[];
}

/**
 * Synthesizes a stack (with validations) and runs `terraform init` + `validate -json` on it
 * with the real providers from the project's mirrors.
 */
export function validateStack(stackJson: string): ValidateResult {
  const tf = TerraformWorkdir.fromStackJson(stackJson);
  try {
    tf.init();
    const out = JSON.parse(tf.run('validate', '-json').stdout);
    return { valid: out.valid, diagnostics: (out.diagnostics ?? []).map((d: any) => `${d.severity}: ${d.summary} ${d.detail ?? ''}`) };
  } finally {
    tf.remove();
  }
}
