import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TOOLCHAIN } from './env';

// The image tools of scripts/image-tools.sh for the e2e tests that build images: buildah and
// podman (daemonless), the machine's docker CLI against podman's Docker-compatible API service,
// and Debian's docker-registry on 127.0.0.1.

/** Where scripts/image-tools.sh unpacks the tools. */
export const IMAGE_TOOLS = path.join(TOOLCHAIN, 'image-tools');
const SCRIPT = path.join(ROOT, 'scripts', 'image-tools.sh');

let installed: { stderr: string } | undefined;
/** Runs scripts/image-tools.sh install once per process (idempotent, well under a second when done). */
function install(): { stderr: string } {
  installed ??= spawnSync('bash', [SCRIPT, 'install'], { encoding: 'utf8' });
  return installed;
}

/**
 * Why `tool` cannot build here, or undefined: the install's status, then a scratch image built
 * the way the tests build (vfs storage, chroot isolation).
 */
export function builderMissing(tool: 'buildah' | 'podman'): string | undefined {
  const r0 = install();
  const file = path.join(IMAGE_TOOLS, tool === 'buildah' ? 'status' : 'status-podman');
  const status = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : `scripts/image-tools.sh install failed: ${r0.stderr.trim().split('\n').pop()}`;
  if (status !== 'ok') return status;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-prefect-${tool}-probe-`));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /probe\n');
    const r = spawnSync(path.join(IMAGE_TOOLS, 'bin', tool), ['--storage-driver', 'vfs', '--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'),
      tool === 'buildah' ? 'bud' : 'build', '--isolation', 'chroot', '-q', '-t', 'probe:1', dir], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `${tool} (vfs, chroot) cannot build here: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The docker CLI on the PATH, or undefined. */
export const DOCKER_CLI = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'docker')).find((f) => fs.existsSync(f));

/**
 * Why the docker CLI cannot build here, or undefined: it needs the CLI and podman's API service
 * (started in a scratch directory, a scratch image built through it, stopped).
 */
export function dockerMissing(): string | undefined {
  if (!DOCKER_CLI) return 'no docker CLI on the PATH (docker builds run the docker CLI against podman\'s Docker-compatible service)';
  const podman = builderMissing('podman');
  if (podman) return `docker builds need podman's API service: ${podman}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-docker-probe-'));
  try {
    const service = spawnSync('bash', [SCRIPT, 'docker-service-start', path.join(dir, 'service')], { encoding: 'utf8' });
    if (service.status !== 0) return `podman system service cannot start here: ${service.stderr.trim().split('\n').pop()}`;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /probe\n');
    const r = spawnSync(DOCKER_CLI, ['--host', service.stdout.trim(), 'build', '-q', '-t', 'probe:1', dir], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `docker build through podman system service fails here: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  } finally {
    spawnSync('bash', [SCRIPT, 'docker-service-stop', path.join(dir, 'service')]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a registry with its files in `dir`, stopped with this process at the latest; returns host:port. */
export function startRegistry(dir: string): string {
  return execFileSync('bash', [SCRIPT, 'registry-start', dir, '--owner-pid', String(process.pid)], { encoding: 'utf8' }).trim();
}

/**
 * Starts podman's Docker-compatible API service with its files in `dir`, pushing to `registry`
 * over plain HTTP, stopped with this process at the latest; returns its DOCKER_HOST.
 */
export function startDockerService(dir: string, registry: string): string {
  return execFileSync('bash', [SCRIPT, 'docker-service-start', dir, '--insecure-registry', registry, '--owner-pid', String(process.pid)], { encoding: 'utf8' }).trim();
}

/** Stops what startRegistry or startDockerService started in `dir` (nothing if nothing runs). */
export function stopImageService(dir: string): void {
  spawnSync('bash', [SCRIPT, 'registry-stop', dir]);
}
