import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { NullProvider } from '../../src/.gen/providers/null/provider';
import { newStack } from '../support/synth';

/** A fresh build context with a Dockerfile and a flow file (and `extra` files), removed after the test file. */
export function makeContext(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-image-'));
  const files: Record<string, string> = {
    'Dockerfile': 'FROM scratch\nCOPY flows /opt/prefect/flows\n',
    'flows/hello.py': 'print("hello")\n',
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  created.push(dir);
  return dir;
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** newStack() with the null provider too, as a stack with a DeploymentImage has. */
export function imageStack(configure?: (stack: TerraformStack) => void): TerraformStack {
  return newStack((stack) => {
    new NullProvider(stack, 'null');
    configure?.(stack);
  });
}
