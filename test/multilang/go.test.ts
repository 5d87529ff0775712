import { describeSameStack, runScript } from './support/cdktf-app';

// The Go module of the library, used by a Go cdktf app that builds the same stack as the
// TypeScript example. scripts/package-go.sh builds the module into dist/go with jsii-pacmak
// (and, the first time, the AWS provider's Go module, which the module proxy does not serve:
// ~5 min, cached in .toolchain/jsii-upstream). The app runs with `go run .` from its cdktf.json,
// with a local modfile (scripts/go-modfile.sh) that replaces the modules built here.

const APP = 'examples/go/scheduled-deployment';
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
