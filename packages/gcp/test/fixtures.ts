import { GoogleProvider } from '../src/.gen/providers/google/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Deployment, Flow } from 'cdktf-prefect';
import { newStack } from '../../../test/support/synth';

/** A stack with the google and Prefect providers, as users configure it. */
export function gcpStack(): TerraformStack {
  return newStack((stack) => new GoogleProvider(stack, 'google', { project: 'acme-data', region: 'europe-west1' }));
}

/** A deployment of a flow `ingest`, for the automation. */
export function ingestDeployment(scope: Construct, id = 'Ingest'): Deployment {
  const flow = new Flow(scope, `${id}Flow`, { flowName: 'ingest' });
  return new Deployment(scope, id, { flow, deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });
}

/** How many resources of each type a synthesized stack has. */
export function resourceCounts(json: any): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, r]) => [type, Object.keys(r as object).length]));
}

/** A reference to a construct's attribute, as synthesized (`${type.id.attr}`). */
export function ref(type: string, construct: { friendlyUniqueId: string }, attr: string): string {
  return `\${${type}.${construct.friendlyUniqueId}.${attr}}`;
}
