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
