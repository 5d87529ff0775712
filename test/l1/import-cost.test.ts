import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { testUnless } from '../support/skip';

// Requiring the package must not load the generated bindings: they are large, and a user
// pays for every module a require pulls in. Measured on the compiled package (lib/), which
// is what users install; `npm test` builds it first.

const lib = path.join(__dirname, '../../lib');

function loadedBindings(script: string): string[] {
  const out = execFileSync(process.execPath, ['-e', `${script}
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('/lib/.gen/')).map((k) => k.split('/lib/.gen/')[1])));`], {
    cwd: path.join(__dirname, '../..'),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const built = fs.existsSync(path.join(lib, 'index.js'));
const maybe = testUnless(built ? undefined : 'lib/ is not built; run npm test (it builds first)');
if (!built) {
  // eslint-disable-next-line no-console
  console.warn('import-cost: lib/ is not built; run npm test (it builds first)');
}

describe('import cost', () => {
  maybe('requiring the package root loads no provider barrel and only the bindings the constructs use', () => {
    const loaded = loadedBindings("require('./lib');");
    expect(loaded.filter((f) => f.endsWith('providers/prefect/index.js') || f.endsWith('lazy-index.js'))).toEqual([]);
    const total = fs.readdirSync(path.join(lib, '.gen/providers/prefect')).filter((d) => !d.endsWith('.js') && !d.endsWith('.ts')).length;
    expect(total).toBe(48);
    // the L2 constructs deep-import the bindings they wrap; the rest stays unloaded
    expect(loaded.length).toBeLessThan(total / 2);
  });

  maybe('the l1 namespace loads one binding on first use', () => {
    const before = loadedBindings("const p = require('./lib'); globalThis.x = p;");
    const after = loadedBindings("const p = require('./lib'); p.l1.team.Team;");
    const added = after.filter((f) => !before.includes(f));
    expect(added).toEqual(['providers/prefect/team/index.js']);
  });

  maybe('the core loads no AWS code, and cdktf-prefect-aws loads each pattern\'s AWS classes on first use', () => {
    const script = (entry: string, use: string) => `const p = require('${entry}'); ${use}
      const aws = Object.keys(require.cache).filter((k) => k.includes('/providers/aws/'));
      console.log(JSON.stringify({ aws: aws.length, sqs: aws.some((k) => k.includes('/sqs-queue/')), names: Object.keys(p) }));`;
    const run = (entry: string, use: string) => JSON.parse(execFileSync(process.execPath, ['-e', script(entry, use)], { cwd: path.join(__dirname, '../..'), encoding: 'utf8' }).trim().split('\n').pop()!);
    // the core: no AWS pattern, no AWS class, whatever is used
    const core = run('./lib', 'p.ScheduledDeployment; p.l1.workPool.WorkPool;');
    expect(core.aws).toBe(0);
    expect(core.names).not.toEqual(expect.arrayContaining(['EcsWorker']));
    // the AWS package: nothing of AWS until a pattern is used, then only that pattern's classes
    const idle = run('cdktf-prefect-aws', '');
    expect(idle.aws).toBe(0);
    expect(idle.names).toEqual(expect.arrayContaining(['EcsWorker', 'S3BucketSensor', 'PrefectAuth', 'l1']));
    const used = run('cdktf-prefect-aws', "if (p.EcsWorker !== require('cdktf-prefect-aws/lib/ecs-worker').EcsWorker) throw new Error('not the same class');");
    expect(used.aws).toBeGreaterThan(0);
    expect(used.sqs).toBe(false);
    expect(used.names).toEqual(idle.names);
    expect(run('cdktf-prefect-aws', 'p.S3BucketSensor;').sqs).toBe(true);
  });

  maybe('source maps are files next to the modules, not inline text they carry', () => {
    const js: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.js')) js.push(path.join(dir, e.name));
      }
    };
    walk(lib);
    expect(js.length).toBeGreaterThan(100);
    for (const file of js) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, inline: text.includes('sourceMappingURL=data:') }).toEqual({ file, inline: false });
      expect(text.trimEnd().endsWith(`//# sourceMappingURL=${path.basename(file)}.map`)).toBe(true);
      expect(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))).toMatchObject({ version: 3, file: path.basename(file), sources: [expect.stringMatching(/\.ts$/)] });
    }
  });

  maybe('a deep import loads exactly one binding', () => {
    expect(loadedBindings("require('./lib/.gen/providers/prefect/webhook');")).toEqual(['providers/prefect/webhook/index.js']);
  });
});
