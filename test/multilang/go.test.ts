import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './support/app';
import { describeSameStack, LIB_BUILT, runScript } from './support/same-stack';
import { describeUnless, libNotBuilt } from '../support/skip';

// The Go module of the library, used by a Go cdktf app that builds the same stack as the
// TypeScript example. scripts/package-go.sh builds the module into dist/go with jsii-pacmak
// (and, the first time, the AWS provider's Go module, which the module proxy does not serve:
// ~5 min, cached in .toolchain/jsii-upstream). The app runs `go run .` from its cdktf.json, with
// a local modfile (scripts/go-modfile.sh) that replaces the modules built here.

const APP = 'examples/go/scheduled-deployment';
const MODULE_DIR = path.join(ROOT, 'dist', 'go', 'cdktfprefect');
const MINUTES = 60_000;

describeSameStack({
  language: 'Go',
  app: APP,
  typescriptApp: 'examples/scheduled-deployment',
  stack: 'scheduled-deployment',
  minutes: 60,
  prepare: async () => {
    await runScript('bash scripts/package-go.sh', 40 * MINUTES);
    const modfile = (await runScript(`bash scripts/go-modfile.sh ${APP}`, MINUTES)).trim();
    return { GOFLAGS: `${process.env.GOFLAGS ?? ''} -modfile=${modfile} -mod=mod`.trim() };
  },
});

// a Go module has no metadata file: its path, its package comment, README.md and LICENSE are it
describeUnless(LIB_BUILT ? undefined : libNotBuilt())('Go: the module in dist/go (built by the tests above)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const read = (file: string) => fs.readFileSync(path.join(MODULE_DIR, file), 'utf8');

  test('module path from .projenrc.ts publishToGo, requiring cdktf and constructs', () => {
    const gomod = read('go.mod');
    expect(gomod).toMatch(/^module github\.com\/cdktf-prefect\/cdktf-prefect-go\/cdktfprefect$/m);
    expect(gomod).toMatch(/^\tgithub\.com\/hashicorp\/terraform-cdk-go\/cdktf v0\.21\.\d+$/m);
    expect(gomod).toMatch(/^\tgithub\.com\/aws\/constructs-go\/constructs\/v10 v10\.\d+\.\d+$/m);
  });

  test('package comment is the description; LICENSE and README are the repository\'s', () => {
    expect(read('main.go').split('\n')[0]).toBe(`// ${pkg.description}`);
    expect(read('LICENSE')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
    expect(read('README.md')).toContain('cdktf-prefect');
    expect(read('version').trim()).toBe(pkg.version);
  });
});
