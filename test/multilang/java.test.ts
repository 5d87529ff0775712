import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './support/app';
import { describeSameStack, LIB_BUILT, runScript } from './support/same-stack';
import { describeUnless, libNotBuilt } from '../support/skip';

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

describeUnless(LIB_BUILT ? undefined : libNotBuilt())('Java: the Maven artifact in dist/java (built by the tests above)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dir = path.join(ROOT, 'dist', 'java', 'io', 'github', 'cdktf-prefect', 'cdktf-prefect', pkg.version);
  const artifact = `cdktf-prefect-${pkg.version}`;
  /** the text of each element at this path of the pom (a/b/c), in order */
  const pomValues = (pom: string, elementPath: string): string[] => {
    const names = elementPath.split('/');
    let scopes = [pom];
    for (const name of names) {
      scopes = scopes.flatMap((s) => [...s.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1].trim()));
    }
    return scopes;
  };

  test('jar, sources, javadoc and pom, as Maven Central requires', () => {
    const files = fs.readdirSync(dir).filter((f) => /\.(jar|pom)$/.test(f)).sort();
    expect(files).toEqual([`${artifact}-javadoc.jar`, `${artifact}-sources.jar`, `${artifact}.jar`, `${artifact}.pom`]);
  });

  test('the pom carries the coordinates and the metadata Maven Central requires', () => {
    const pom = fs.readFileSync(path.join(dir, `${artifact}.pom`), 'utf8').replace(/<dependencies>[\s\S]*<\/dependencies>|<build>[\s\S]*<\/build>/g, '');
    expect(pomValues(pom, 'groupId')).toEqual(['io.github.cdktf-prefect']);
    expect(pomValues(pom, 'artifactId')).toEqual(['cdktf-prefect']);
    expect(pomValues(pom, 'description')).toEqual([pkg.description]);
    expect(pomValues(pom, 'url')[0]).toBe(pkg.homepage ?? pkg.repository.url);
    expect(pomValues(pom, 'licenses/license/name')).toEqual(['Apache License 2.0']);
    expect(pomValues(pom, 'developers/developer/name')).toEqual([pkg.author.name]);
    expect(pomValues(pom, 'developers/developer/email')).toEqual([pkg.author.email]);
    expect(pomValues(pom, 'scm/url')).toEqual([pkg.repository.url]);
  });
});
