import * as path from 'path';
import { describeSameStack, ROOT, runScript } from './support/cdktf-app';

// The Maven artifact of the library, used by a Java (Maven) cdktf app that builds the same stack
// as the TypeScript example. scripts/package-java.sh builds it into dist/java with jsii-pacmak's
// Maven build and installs it into the project's local Maven repository .toolchain/m2 (the first
// time also cdktf 0.21.0 and the classes we use of the AWS provider 20.1.0, which Maven Central
// does not serve: ~10 min, cached). The app runs `mvn compile exec:java` from its cdktf.json on
// that repository.

const MINUTES = 60_000;

describeSameStack({
  language: 'Java',
  app: 'examples/java/scheduled-deployment',
  typescriptApp: 'examples/scheduled-deployment',
  stack: 'scheduled-deployment',
  minutes: 60,
  prepare: async () => {
    await runScript('bash scripts/package-java.sh', 50 * MINUTES);
    const repo = path.join(process.env.CDKTF_PREFECT_TOOLCHAIN ?? path.join(ROOT, '.toolchain'), 'm2');
    return { MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${repo}`.trim() };
  },
});
