import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { newStack } from '../support/synth';
import { BaseJobTemplate } from '../../src/work-pools';
import { describeUnless } from '../support/skip';

// Prefect ships the default template of each worker type; ours must declare the same variables
// and the same job_configuration keys, so deployments' job_variables mean the same thing.
const METADATA = join(__dirname, '../../.toolchain/venv/lib/python3.11/site-packages/prefect/server/api/collections_data/views/aggregate-worker-metadata.json');
const present = existsSync(METADATA);

const cases: Array<[string, string, () => BaseJobTemplate]> = [
  ['prefect', 'process', () => BaseJobTemplate.process()],
  ['prefect-docker', 'docker', () => BaseJobTemplate.docker()],
  ['prefect-kubernetes', 'kubernetes', () => BaseJobTemplate.kubernetes()],
  ['prefect-aws', 'ecs', () => BaseJobTemplate.ecs()],
  ['prefect-azure', 'azure-container-instance', () => BaseJobTemplate.azureContainerInstance()],
  ['prefect-gcp', 'cloud-run-v2', () => BaseJobTemplate.cloudRunV2()],
];

describeUnless(present ? undefined : `${METADATA} is absent: run scripts/toolchain.sh, which installs Prefect`)('default templates match the installed Prefect worker metadata', () => {
  const metadata = present ? JSON.parse(readFileSync(METADATA, 'utf8')) : {};

  it.each(cases)('%s/%s', (collection, type, make) => {
    const upstream = metadata[collection][type].default_base_job_configuration;
    const ours = make().render(newStack());
    expect(Object.keys(ours.variables.properties).sort()).toEqual(Object.keys(upstream.variables.properties).sort());
    expect(Object.keys(ours.job_configuration).sort()).toEqual(Object.keys(upstream.job_configuration).sort());
    // the same JSON types and worker defaults for every variable
    for (const [name, schema] of Object.entries<any>(upstream.variables.properties)) {
      expect([name, ours.variables.properties[name].type, ours.variables.properties[name].default])
        .toEqual([name, schema.type, schema.default]);
    }
    // and the same placeholders wherever they sit in job_configuration
    const placeholders = (doc: unknown) => [...JSON.stringify(doc).matchAll(/{{\s*([\w.\-[\]$]+)\s*}}/g)].map((m) => m[1]).sort();
    expect(placeholders(ours.job_configuration)).toEqual(placeholders(upstream.job_configuration));
  });
});

