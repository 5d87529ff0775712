import * as fs from 'fs';
import * as path from 'path';

// The package layout (issue 12): the core depends on cdktf and constructs only; every cloud
// package in packages/ is a jsii package in lockstep with the core, which it takes as a peer,
// and carries its own provider classes instead of a prebuilt @cdktf/provider-* package.
const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const core = read('package.json');
const clouds = fs.readdirSync(path.join(ROOT, 'packages')).filter((d) => fs.existsSync(path.join(ROOT, 'packages', d, 'package.json')));
const PROVIDER_PACKAGE = /^@cdktf\/provider-/;

test('the core depends on cdktf and constructs only (and bundles ajv, rrule and yaml): no provider package at all', () => {
  expect(Object.keys(core.peerDependencies).sort()).toEqual(['cdktf', 'constructs']);
  expect(Object.keys(core.dependencies).sort()).toEqual(['ajv', 'rrule', 'yaml']);
  expect(core.bundledDependencies.sort()).toEqual(['ajv', 'rrule', 'yaml']);
  expect(Object.keys(core.devDependencies).filter((d) => PROVIDER_PACKAGE.test(d))).toEqual([]);
});

test('every cloud package is a workspace of the root', () => {
  expect(clouds.length).toBeGreaterThan(0);
  expect(core.workspaces.sort()).toEqual(clouds.map((c) => `packages/${c}`).sort());
});

test.each(clouds)('packages/%s: jsii, in lockstep with the core as a peer, and no prebuilt provider package', (cloud) => {
  const pkg = read(`packages/${cloud}/package.json`);
  expect(pkg.name).toBe(`cdktf-prefect-${cloud}`);
  expect(pkg.version).toBe(core.version);
  expect(pkg.peerDependencies['cdktf-prefect']).toBe(`^${core.version}`);
  expect(pkg.peerDependencies.cdktf).toBe(core.peerDependencies.cdktf);
  expect(pkg.peerDependencies.constructs).toBe(core.peerDependencies.constructs);
  const all = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies };
  expect(Object.keys(all).filter((d) => PROVIDER_PACKAGE.test(d))).toEqual([]);
  expect(pkg.jsii.targets.python.distName).toBe(`cdktf-prefect-${cloud}`);
  // its provider classes come from a committed, trimmed schema of each pinned provider it names
  // (packages/<cloud>/schema/<provider>-<version>.schema.json; e.g. packages/kubernetes: helm)
  const cdktfJson = read(`packages/${cloud}/cdktf.json`);
  const pins = fs.readFileSync(path.join(ROOT, 'scripts', 'providers.tsv'), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  expect(cdktfJson.terraformProviders.length).toBeGreaterThan(0);
  for (const provider of cdktfJson.terraformProviders as string[]) {
    const [source, version] = provider.split('@');
    const row = pins.find((r) => r[1] === source);
    expect([provider, row?.[2]]).toEqual([provider, version]);
    expect([provider, fs.existsSync(path.join(ROOT, 'packages', cloud, 'schema', `${row![0]}-${version}.schema.json`))]).toEqual([provider, true]);
  }
});

test('the compiled core assembly depends on cdktf and constructs only', () => {
  const jsii = path.join(ROOT, '.jsii');
  if (!fs.existsSync(jsii)) throw new Error('.jsii is missing: npm test builds it first');
  expect(Object.keys(read('.jsii').dependencyClosure ?? {}).sort()).toEqual(['cdktf', 'constructs']);
});
