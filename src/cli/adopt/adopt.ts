import { Construct } from 'constructs';
import { FlowRunState } from '../../automations/flow-run-state';
import { BaseJobTemplate } from '../../work-pools/base-job-template';
import { bool, call, camel, construct, Expr, literal, member, method, num, pascal, props, ref, Stmt, str, THIS, unique } from '../convert/code';
import { Estate, Obj } from './estate';

/** What narrows the adoption (all given filters must match a deployment). */
export interface AdoptFilters {
  /** Only this work pool, its queues and its deployments. */
  readonly workPool?: string;
  /** Only deployments (and variables) with this tag. */
  readonly tag?: string;
  /** Only objects whose name matches this glob (`*`, `?`); a deployment also by `flow/deployment`. */
  readonly name?: string;
}

/** Options of an adoption. */
export interface AdoptOptions extends AdoptFilters {
  /**
   * Declare what the provider cannot import (the deployments' schedules, and compound and
   * sequence automations) in the app, to replace the server's copies: the old ones must be
   * deleted right before the first apply (`--delete-replaced`).
   */
  readonly replaceSchedules?: boolean;
}

/** One line of the report. */
export interface ReportItem {
  /** `not-adopted`: stays on the server, unmanaged; `note`: adopted, with a caveat; `replaced`: re-created by the first apply. */
  readonly kind: 'not-adopted' | 'note' | 'replaced';
  /** What it is about, e.g. `deployment adopt-etl/adopt-nightly`. */
  readonly subject: string;
  readonly message: string;
}

/** A schedule on the server that the first apply replaces with the app's copy. */
export interface OldSchedule {
  readonly deploymentId: string;
  /** `flow/deployment`. */
  readonly deployment: string;
  readonly scheduleId: string;
  readonly slug?: string;
  readonly schedule: Obj;
}

/** An automation the provider cannot import, which the first apply replaces with the app's copy. */
export interface OldAutomation {
  readonly id: string;
  readonly name: string;
}

/** An object the first apply imports. */
export interface Adopted {
  readonly kind: string;
  readonly name: string;
  /** The ID `importFrom` is given (the provider's import ID format). */
  readonly importId: string;
}

/** The result: the stack's body and everything around it. */
export interface Adoption {
  readonly body: Stmt[];
  readonly imports: Set<string>;
  readonly adopted: Adopted[];
  readonly report: ReportItem[];
  readonly oldSchedules: OldSchedule[];
  readonly oldAutomations: OldAutomation[];
  /** Counts of what the filters left out, by kind. */
  readonly filteredOut: { [kind: string]: number };
  /** The sensitive Terraform variables the app declares for secret block fields. */
  readonly secrets: SecretVariable[];
  /** Classes of cdktf the body uses. */
  readonly cdktfImports: Set<string>;
}

/** A sensitive Terraform variable that supplies one secret field of an adopted block. */
export interface SecretVariable {
  /** The Terraform variable's name (`TF_VAR_<name>` supplies it). */
  readonly name: string;
  /** `type/name` of the block. */
  readonly block: string;
  readonly field: string;
}

/** The block types the library lists as `BlockType` constants, by slug. */
const BLOCK_TYPES: { [slug: string]: string } = {
  'secret': 'SECRET', 'slack-webhook': 'SLACK_WEBHOOK', 'ms-teams-webhook': 'MICROSOFT_TEAMS_WEBHOOK', 'local-file-system': 'LOCAL_FILE_SYSTEM',
  'github-credentials': 'GITHUB_CREDENTIALS', 'gitlab-credentials': 'GITLAB_CREDENTIALS', 'bitbucket-credentials': 'BITBUCKET_CREDENTIALS',
  'aws-credentials': 'AWS_CREDENTIALS', 'minio-credentials': 'MINIO_CREDENTIALS', 's3-bucket': 'S3_BUCKET', 'gcp-credentials': 'GCP_CREDENTIALS',
  'gcs-bucket': 'GCS_BUCKET', 'azure-blob-storage-credentials': 'AZURE_BLOB_STORAGE_CREDENTIALS',
  'azure-container-instance-credentials': 'AZURE_CONTAINER_INSTANCE_CREDENTIALS', 'docker-registry-credentials': 'DOCKER_REGISTRY_CREDENTIALS',
};

/** The work pool types with a typed job template factory in the library. */
const TYPED_TEMPLATES: { [type: string]: () => BaseJobTemplate } = {
  process: () => BaseJobTemplate.process(),
  docker: () => BaseJobTemplate.docker(),
  kubernetes: () => BaseJobTemplate.kubernetes(),
  ecs: () => BaseJobTemplate.ecs(),
};

/** The `WorkPoolType` constants, by the type's name. */
const POOL_TYPES: { [type: string]: string } = {
  'process': 'PROCESS', 'docker': 'DOCKER', 'kubernetes': 'KUBERNETES', 'ecs': 'ECS', 'ecs:push': 'ECS_PUSH',
  'cloud-run': 'CLOUD_RUN', 'cloud-run-v2': 'CLOUD_RUN_V2', 'cloud-run:push': 'CLOUD_RUN_PUSH', 'cloud-run-v2:push': 'CLOUD_RUN_V2_PUSH',
  'azure-container-instance': 'AZURE_CONTAINER_INSTANCE', 'azure-container-instance:push': 'AZURE_CONTAINER_INSTANCE_PUSH',
  'vertex-ai': 'VERTEX_AI', 'modal:push': 'MODAL_PUSH', 'coiled:push': 'COILED_PUSH', 'prefect:managed': 'PREFECT_MANAGED',
};

/** Deployment fields the app writes, or reports; anything else the server returns is read-only state. */
const DEPLOYMENT_FIELDS_IGNORED = new Set(['id', 'created', 'updated', 'flow_id', 'labels', 'work_queue_id', 'last_polled', 'status',
  'created_by', 'updated_by', 'schedules', 'name', 'work_pool_name', 'work_queue_name']);

/**
 * Turns an estate into an app on the L2 constructs, with an `importFrom` for every object the
 * provider can import, and a report of everything else.
 */
export function adoptEstate(estate: Estate, options: AdoptOptions = {}): Adoption {
  return new Adopter(estate, options).run();
}

class Adopter {
  private readonly body: Stmt[] = [];
  private readonly imports = new Set<string>();
  private readonly adopted: Adopted[] = [];
  private readonly report: ReportItem[] = [];
  private readonly oldSchedules: OldSchedule[] = [];
  private readonly oldAutomations: OldAutomation[] = [];
  private readonly filteredOut: { [kind: string]: number } = {};
  private readonly secrets: SecretVariable[] = [];
  private readonly cdktfImports = new Set<string>();
  private readonly variableNames = new Set<string>();
  private readonly names = new Set<string>();
  private readonly stackIds = new Set<string>();
  private readonly poolRefs = new Map<string, string>();
  /** `pool/queue` → the queue's variable. */
  private readonly queueRefs = new Map<string, string>();
  private readonly flowRefs = new Map<string, string>();
  private readonly limitRefs = new Map<string, string>();
  /** Server id → the adopted construct (pools, queues, deployments, automations), for actions that name one. */
  private readonly idRefs = new Map<string, Expr>();
  private readonly flowsById: Map<string, Obj>;

  constructor(private readonly estate: Estate, private readonly options: AdoptOptions) {
    this.flowsById = new Map(estate.flows.map((f) => [f.id, f]));
  }

  public run(): Adoption {
    const deployments = byName(this.estate.deployments, (d) => this.deploymentName(d)).filter((d) => this.count('deployments', this.selected(d)));
    const filtering = this.options.workPool !== undefined || this.options.tag !== undefined || this.options.name !== undefined;
    const usedPools = new Set(deployments.map((d) => d.work_pool_name).filter(Boolean));
    const pools = byName(this.estate.workPools, (p) => p.name).filter((p) => this.count('work pools', this.options.workPool !== undefined
      ? p.name === this.options.workPool
      : !filtering || usedPools.has(p.name) || this.nameGiven(p.name)));
    const usedLimits = new Set(deployments.map((d) => d.global_concurrency_limit?.id).filter(Boolean));
    const limits = byName(this.estate.globalConcurrencyLimits, (l) => l.name).filter((l) => !this.ownedByDeployment(l))
      .filter((l) => this.count('global concurrency limits', !filtering || usedLimits.has(l.id) || (this.options.workPool === undefined && this.nameGiven(l.name))));
    const usedFlows = new Set(deployments.map((d) => d.flow_id));
    const flows = byName(this.estate.flows, (f) => f.name).filter((f) => this.count('flows', !filtering || usedFlows.has(f.id)));
    const variables = byName(this.estate.variables, (v) => v.name).filter((v) => this.count('variables', !filtering
      || (this.options.workPool === undefined && this.nameMatches(v.name) && this.tagMatches(v.tags))));

    this.section('Work pools and their queues');
    for (const pool of pools) this.workPool(pool);
    this.section('Global concurrency limits');
    for (const limit of limits) this.globalConcurrencyLimit(limit);
    // task-run limits are per tag: kept when unfiltered, or when --name (and no --work-pool) matches the tag
    const taskLimits = byName(this.estate.taskRunConcurrencyLimits ?? [], (l) => l.tag)
      .filter((l) => this.count('task-run concurrency limits', !filtering || (this.options.workPool === undefined && this.nameGiven(l.tag))));
    if (taskLimits.length > 0) this.section('Task-run concurrency limits (per tag)');
    for (const limit of taskLimits) this.taskRunConcurrencyLimit(limit);
    this.section('Variables');
    for (const variable of variables) this.variable(variable);
    const blocks = byName(this.estate.blocks.filter((b) => !b.is_anonymous), (b) => `${b.block_type?.slug}/${b.name}`)
      .filter((b) => this.count('blocks', !filtering || (this.options.workPool === undefined && this.nameGiven(b.name))));
    if (blocks.length > 0) this.section('Blocks (secret fields come from sensitive Terraform variables: README.md)');
    for (const block of blocks) this.block(block);
    this.section('Flows and their deployments');
    const automations = byName(this.estate.automations, (a) => a.name)
      .filter((a) => this.count('automations', !filtering || (this.options.workPool === undefined && this.nameGiven(a.name))));
    for (const flow of flows) {
      this.flow(flow);
      for (const d of deployments.filter((x) => x.flow_id === flow.id)) this.deployment(d);
    }
    if (automations.length > 0) this.section('Automations');
    for (const a of automations) this.automation(a);
    return {
      body: this.body,
      imports: this.imports,
      adopted: this.adopted,
      report: this.report,
      oldSchedules: this.oldSchedules,
      oldAutomations: this.oldAutomations,
      filteredOut: this.filteredOut,
      secrets: this.secrets,
      cdktfImports: this.cdktfImports,
    };
  }

  // ---- objects ------------------------------------------------------------------------------

  private workPool(pool: Obj): void {
    const subject = `work pool ${pool.name}`;
    const name = this.local(`${pool.name}-pool`);
    this.imports.add('WorkPool');
    const type = String(pool.type);
    const poolType = POOL_TYPES[type] ? member(ref('WorkPoolType'), POOL_TYPES[type]) : call('WorkPoolType.custom', str(type));
    this.imports.add('WorkPoolType');
    this.const(name, construct('WorkPool', THIS, str(this.stackId(pool.name)), props([
      ['workPoolName', str(pool.name)],
      ['workPoolType', poolType],
      ['description', pool.description ? str(pool.description) : undefined],
      ['paused', pool.is_paused ? bool(true) : undefined],
      ['concurrencyLimit', typeof pool.concurrency_limit === 'number' ? num(pool.concurrency_limit) : undefined],
      ['baseJobTemplate', this.jobTemplate(pool, subject)],
    ])));
    this.importFrom(name, 'work pool', pool.name, pool.name);
    this.poolRefs.set(pool.name, name);
    this.idRefs.set(pool.id, ref(name));
    if (pool.storage_configuration && Object.values(pool.storage_configuration).some((v) => v !== null && v !== undefined)) {
      this.item('not-adopted', subject, 'storage_configuration: prefecthq/prefect 3.4.1 has no attribute for it; it stays as it is on the server');
    }
    const queueIds = new Set<string>();
    for (const queue of byName(this.estate.workQueues[pool.name] ?? [], (q) => q.name)) {
      if (queue.name === 'default') {
        this.queueRefs.set(`${pool.name}/default`, '');
        this.idRefs.set(queue.id, method(ref(name), 'defaultQueue'));
        const changed = queue.priority !== 1 || queue.concurrency_limit !== null || queue.is_paused;
        if (changed) {
          this.item('not-adopted', `work queue ${pool.name}/default`, `settings of the default queue (priority ${queue.priority}, concurrency limit ${queue.concurrency_limit}, paused ${queue.is_paused}): the library references the default queue (pool.defaultQueue()) without managing it`);
        }
        continue;
      }
      const q = this.local(`${pool.name}-${queue.name}-queue`);
      queueIds.add(q);
      this.const(q, method(ref(name), 'addQueue', str(pascal(queue.name)), props([
        ['workQueueName', str(queue.name)],
        ['description', queue.description ? str(queue.description) : undefined],
        ['priority', typeof queue.priority === 'number' ? num(queue.priority) : undefined],
        ['concurrencyLimit', typeof queue.concurrency_limit === 'number' ? num(queue.concurrency_limit) : undefined],
        ['paused', queue.is_paused ? bool(true) : undefined],
      ])));
      this.importFrom(q, 'work queue', `${pool.name}/${queue.name}`, `${pool.name},${queue.name}`);
      this.queueRefs.set(`${pool.name}/${queue.name}`, q);
      this.idRefs.set(queue.id, ref(q));
      if (queue.filter) this.item('not-adopted', `work queue ${pool.name}/${queue.name}`, `filter ${show(queue.filter)}: deprecated by Prefect and not in the provider`);
    }
    this.body.push({ k: 'blank' });
  }

  /** The typed factory when the server's template is one, with changed defaults at most; else fromObject. */
  private jobTemplate(pool: Obj, subject: string): Expr | undefined {
    const template = pool.base_job_template;
    if (!template || Object.keys(template).length === 0) return undefined;
    const serverDefault = this.estate.defaultTemplates?.[pool.type];
    if (serverDefault && canonical(serverDefault) === canonical(template)) {
      this.item('note', subject, `its base job template is the server's default for ${pool.type} workers: the app leaves it out, so Terraform does not track it (set baseJobTemplate to manage it)`);
      return undefined;
    }
    this.item('note', subject, 'the provider does not read a pool\'s base job template on import, so the first apply writes it once (an update in place, with the same document)');
    const factory = TYPED_TEMPLATES[pool.type];
    if (factory) {
      const scope = new Construct(undefined as any, 'adopt');
      const typed = factory().render(scope);
      if (canonical(typed) === canonical(template)) {
        this.imports.add('BaseJobTemplate');
        return call(`BaseJobTemplate.${camel(pool.type)}`);
      }
      const defaults = changedDefaults(typed, template);
      if (defaults && canonical(factory().withVariableDefaults(defaults).render(scope)) === canonical(template)) {
        this.imports.add('BaseJobTemplate');
        return method(call(`BaseJobTemplate.${camel(pool.type)}`), 'withVariableDefaults', literal(defaults));
      }
      this.item('note', subject, `its base job template differs from the library's ${pool.type} template beyond variable defaults: written with BaseJobTemplate.fromObject`);
    }
    this.imports.add('BaseJobTemplate');
    const nulls = countNulls(template);
    if (nulls > 0) {
      this.item('note', subject, `its base job template holds ${nulls} null value(s): a Python, Java or Go app cannot pass them (jsii hands a None in a dict over as no key at all), so there the first apply writes the template without them; a TypeScript app keeps them`);
    }
    const type = POOL_TYPES[pool.type] ? member(ref('WorkPoolType'), POOL_TYPES[pool.type]) : call('WorkPoolType.custom', str(String(pool.type)));
    return call('BaseJobTemplate.fromObject', literal(template), type);
  }

  private globalConcurrencyLimit(limit: Obj): void {
    const name = this.local(`${limit.name}-limit`);
    this.imports.add('GlobalConcurrencyLimit');
    this.const(name, construct('GlobalConcurrencyLimit', THIS, str(this.stackId(limit.name)), props([
      ['globalConcurrencyLimitName', str(limit.name)],
      ['limit', num(limit.limit)],
      ['active', limit.active === false ? bool(false) : undefined],
      ['slotDecayPerSecond', limit.slot_decay_per_second ? num(limit.slot_decay_per_second) : undefined],
    ])));
    this.importFrom(name, 'global concurrency limit', limit.name, limit.id);
    this.limitRefs.set(limit.id, name);
    if (limit.active_slots) {
      this.item('note', `global concurrency limit ${limit.name}`, `${limit.active_slots} slot(s) were in use when it was read; the app does not set active slots (runtime state)`);
    }
    this.body.push({ k: 'blank' });
  }

  private taskRunConcurrencyLimit(limit: Obj): void {
    const name = this.local(`${limit.tag}-task-limit`);
    this.imports.add('TaskRunConcurrencyLimit');
    this.const(name, construct('TaskRunConcurrencyLimit', THIS, str(this.stackId(`${limit.tag}-tasks`)), props([
      ['tag', str(limit.tag)],
      ['concurrencyLimit', num(limit.concurrency_limit)],
    ])));
    this.importFrom(name, 'task-run concurrency limit', limit.tag, limit.id);
    if (Array.isArray(limit.active_slots) && limit.active_slots.length > 0) {
      this.item('note', `task-run concurrency limit ${limit.tag}`, `${limit.active_slots.length} slot(s) were in use when it was read; the app does not set active slots (runtime state)`);
    }
    this.body.push({ k: 'blank' });
  }

  private variable(variable: Obj): void {
    const name = this.local(`${variable.name}-variable`);
    this.imports.add('Variable');
    this.imports.add('VariableValue');
    this.const(name, construct('Variable', THIS, str(this.stackId(variable.name)), props([
      ['variableName', str(variable.name)],
      ['value', variableValue(variable.value)],
      ['tags', variable.tags?.length ? { k: 'arr', items: variable.tags.map(str) } : undefined],
    ])));
    this.importFrom(name, 'variable', variable.name, variable.id);
    this.body.push({ k: 'blank' });
  }

  /**
   * A block document: its non-secret data as read, each top-level secret field from a sensitive
   * Terraform variable (the API masks secret values; adopt never asks for them).
   */
  private block(block: Obj): void {
    const slug = String(block.block_type?.slug ?? block.block_type_name);
    const subject = `block ${slug}/${block.name}`;
    const secretFields: string[] = [...new Set<string>(block.block_schema?.fields?.secret_fields ?? [])];
    const nested = secretFields.filter((f) => f.includes('.'));
    const references = Object.keys(block.block_document_references ?? {});
    if (nested.length > 0 || references.length > 0) {
      const why = references.length > 0 ? `it nests other blocks (${references.join(', ')})` : `it has nested secret fields (${nested.join(', ')})`;
      this.item('not-adopted', subject, `${why}, which this version of adopt does not write (importable as prefect_block with id ${block.id})`);
      return;
    }
    const plain: Obj = {};
    for (const [field, value] of Object.entries(block.data ?? {})) if (!secretFields.includes(field)) plain[field] = value;
    const secretData: Array<[string, Expr]> = [];
    for (const field of secretFields.filter((f) => f in (block.data ?? {}))) {
      const variable = this.terraformVariable(`${block.name}_${field}`);
      this.cdktfImports.add('TerraformVariable');
      this.imports.add('BlockSecretValue');
      const local = this.local(`${block.name}-${field}`);
      this.const(local, construct('TerraformVariable', THIS, str(variable), props([
        ['type', str('string')],
        ['sensitive', bool(true)],
        ['description', str(`${field} of the ${slug} block ${block.name}`)],
      ])));
      secretData.push([field, call('BlockSecretValue.fromVariable', ref(local))]);
      this.secrets.push({ name: variable, block: `${slug}/${block.name}`, field });
    }
    const name = this.local(`${block.name}-block`);
    this.imports.add('Block');
    this.imports.add('BlockType');
    const known = BLOCK_TYPES[slug];
    const type = known ? member(ref('BlockType'), known)
      : call('BlockType.custom', str(slug), ...(secretFields.length > 0 ? [props([['secretFields', { k: 'arr', items: secretFields.map(str) }]])] : []));
    this.const(name, construct('Block', THIS, str(this.stackId(block.name)), props([
      ['blockName', str(block.name)],
      ['blockType', type],
      ['data', nonEmpty(plain) || secretData.length === 0 ? literal(plain) : undefined],
      ['secretData', secretData.length > 0 ? { k: 'props', entries: secretData } : undefined],
    ])));
    this.importFrom(name, 'block', `${slug}/${block.name}`, block.id);
    this.idRefs.set(block.id, ref(name));
    if (secretData.length > 0) {
      this.item('note', subject, `its secret field(s) ${secretData.map(([f]) => f).join(', ')} come from sensitive Terraform variables (${secretData.map(([f]) => `TF_VAR_${this.secrets.find((x) => x.block === `${slug}/${block.name}` && x.field === f)!.name}`).join(', ')}); the provider does not import write-only data, so the first apply writes the block's data once with the values you supply`);
    }
    this.body.push({ k: 'blank' });
  }

  /** A unique Terraform variable name (letters, digits, underscores). */
  private terraformVariable(base: string): string {
    const name = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^([0-9])/, '_$1');
    let out = name;
    for (let i = 2; this.variableNames.has(out); i++) out = `${name}_${i}`;
    this.variableNames.add(out);
    return out;
  }

  private flow(flow: Obj): void {
    const name = this.local(`${flow.name}-flow`);
    this.imports.add('Flow');
    this.const(name, construct('Flow', THIS, str(this.stackId(flow.name)), props([
      ['flowName', str(flow.name)],
      ['tags', flow.tags?.length ? { k: 'arr', items: flow.tags.map(str) } : undefined],
    ])));
    this.importFrom(name, 'flow', flow.name, flow.id);
    this.flowRefs.set(flow.id, name);
    if (flow.labels && Object.keys(flow.labels).length > 0) this.item('not-adopted', `flow ${flow.name}`, `labels ${show(flow.labels)}: not in the provider`);
  }

  private deployment(d: Obj): void {
    const full = this.deploymentName(d);
    const subject = `deployment ${full}`;
    const flowRef = this.flowRefs.get(d.flow_id)!;
    const name = this.local(`${this.flowsById.get(d.flow_id)?.name ?? 'flow'}-${d.name}`);
    const pool = d.work_pool_name ? this.poolRefs.get(d.work_pool_name) : undefined;
    const queueKey = `${d.work_pool_name}/${d.work_queue_name}`;
    const queue = pool && d.work_queue_name ? this.queueRefs.get(queueKey) : undefined;
    let workTarget: Array<[string, Expr | undefined]>;
    if (pool) {
      const queueExpr = d.work_queue_name === 'default' ? method(ref(pool), 'defaultQueue')
        : queue ? ref(queue) : undefined;
      workTarget = [['workPool', ref(pool)], ['workQueue', queueExpr]];
      if (d.work_queue_name && !queueExpr) workTarget.push(['workQueueName', str(d.work_queue_name)]);
    } else {
      workTarget = [['workPoolName', d.work_pool_name ? str(d.work_pool_name) : undefined], ['workQueueName', d.work_pool_name && d.work_queue_name ? str(d.work_queue_name) : undefined]];
      if (d.work_pool_name) this.item('note', subject, `its work pool ${d.work_pool_name} is not adopted (filtered out or missing): referenced by name`);
    }
    const gcl = d.global_concurrency_limit && !this.ownedByDeployment(d.global_concurrency_limit) ? d.global_concurrency_limit : undefined;
    const limitRef = gcl ? this.limitRefs.get(gcl.id) : undefined;
    if (gcl && !limitRef) {
      this.item('not-adopted', subject, `its global concurrency limit ${gcl.name} is not adopted (filtered out): the deployment is written without it`);
    }
    const collision = d.concurrency_options?.collision_strategy;
    if (collision) this.imports.add('CollisionStrategy');
    const pullSteps = this.pullSteps(d, subject);
    this.const(name, method(ref(flowRef), 'addDeployment', str(pascal(d.name)), props([
      ['deploymentName', str(d.name)],
      ['entrypoint', d.entrypoint ? str(d.entrypoint) : undefined],
      ['path', d.path ? str(d.path) : undefined],
      ['description', d.description ? str(d.description) : undefined],
      ['version', d.version ? str(d.version) : undefined],
      ['tags', d.tags?.length ? { k: 'arr', items: d.tags.map(str) } : undefined],
      ['paused', d.paused ? bool(true) : undefined],
      ['parameters', nonEmpty(d.parameters) ? literal(d.parameters) : undefined],
      ['parameterOpenApiSchema', nonEmpty(d.parameter_openapi_schema) ? literal(d.parameter_openapi_schema) : undefined],
      ['enforceParameterSchema', d.enforce_parameter_schema === false ? bool(false) : undefined],
      ['jobVariables', nonEmpty(d.job_variables) ? literal(d.job_variables) : undefined],
      ...workTarget,
      ['concurrencyLimit', limitRef ? undefined : deploymentLimit(d)],
      ['globalConcurrencyLimit', limitRef ? ref(limitRef) : undefined],
      ['collisionStrategy', collision ? member(ref('CollisionStrategy'), String(collision)) : undefined],
      ['storageDocumentId', d.storage_document_id ? this.blockId(d.storage_document_id) : undefined],
      ['pullSteps', pullSteps.length > 0 ? { k: 'arr', items: pullSteps } : undefined],
    ])));
    this.importFrom(name, 'deployment', full, d.id);
    this.idRefs.set(d.id, ref(name));
    if (d.infrastructure_document_id) this.item('not-adopted', subject, 'infrastructure_document_id: a Prefect 2 infrastructure block, not in the provider');
    if (d.concurrency_options?.grace_period_seconds !== undefined && d.concurrency_options?.grace_period_seconds !== null) {
      this.item('not-adopted', subject, `concurrency_options.grace_period_seconds ${d.concurrency_options.grace_period_seconds}: not in provider 3.4.1`);
    }
    for (const key of Object.keys(d)) {
      if (DEPLOYMENT_FIELDS_IGNORED.has(key) || KNOWN_DEPLOYMENT_FIELDS.has(key)) continue;
      if (d[key] !== null && d[key] !== undefined) this.item('not-adopted', subject, `field ${key} ${show(d[key])}: adopt does not know it`);
    }
    this.schedules(d, name, subject);
    this.body.push({ k: 'blank' });
  }

  private schedules(d: Obj, deployment: string, subject: string): void {
    // in the order they were made (the order of the prefect.yaml or of the app that made them), then by slug
    const schedules: Obj[] = [...(d.schedules ?? [])].sort((a, b) => String(a.created ?? '').localeCompare(String(b.created ?? ''))
      || String(a.slug ?? a.id).localeCompare(String(b.slug ?? b.id)));
    if (schedules.length === 0) return;
    if (!this.options.replaceSchedules) {
      for (const s of schedules) {
        this.item('not-adopted', subject, `schedule ${s.slug ?? s.id} (${describeSchedule(s.schedule)}): the provider cannot import schedules; it stays on the server, unmanaged. Re-run with --replace-unimportable to declare it in the app (the old copy is then deleted right before the first apply)`);
      }
      return;
    }
    const ids = new Set<string>();
    schedules.forEach((s, i) => {
      const rendered = this.schedule(s, subject);
      if (!rendered) {
        this.item('not-adopted', subject, `schedule ${s.slug ?? s.id} ${show(s.schedule)}: not expressible with Schedule.cron/interval/rrule; it stays on the server, unmanaged, and is not deleted`);
        return;
      }
      let id = s.slug ? pascal(s.slug) : `Schedule${i + 1}`;
      while (ids.has(id)) id = `${id}${i + 1}`;
      ids.add(id);
      this.body.push({ k: 'expr', value: method(ref(deployment), 'addSchedule', str(id), rendered) });
      this.oldSchedules.push({
        deploymentId: d.id, deployment: this.deploymentName(d), scheduleId: s.id, slug: s.slug ?? undefined, schedule: s.schedule,
      });
      this.item('replaced', subject, `schedule ${s.slug ?? s.id} (${describeSchedule(s.schedule)}): declared in the app; the server's copy (id ${s.id}) is deleted right before the first apply and the apply creates it again with a new id`);
    });
  }

  private schedule(s: Obj, subject: string): Expr | undefined {
    const sch = s.schedule ?? {};
    const common: Array<[string, Expr | undefined]> = [
      ['active', s.active === false ? bool(false) : undefined],
      ['maxScheduledRuns', typeof s.max_scheduled_runs === 'number' ? num(s.max_scheduled_runs) : undefined],
      ['parameters', nonEmpty(s.parameters) ? literal(s.parameters) : undefined],
      ['slug', s.slug ? str(s.slug) : undefined],
    ];
    const timezone: [string, Expr | undefined] = ['timezone', sch.timezone && sch.timezone !== 'UTC' ? str(sch.timezone) : undefined];
    if (typeof sch.cron === 'string') {
      if (sch.day_or === false) return undefined;
      this.imports.add('Schedule');
      return call('Schedule.cron', str(sch.cron), props([timezone, ...common]));
    }
    if (typeof sch.interval === 'number') {
      this.imports.add('Schedule');
      this.imports.add('Duration');
      if (!Number.isInteger(sch.interval)) this.item('note', subject, `interval ${sch.interval} s is not a whole number of seconds`);
      return call('Schedule.interval', call('Duration.seconds', num(sch.interval)), props([['anchorDate', sch.anchor_date ? str(sch.anchor_date) : undefined], timezone, ...common]));
    }
    if (typeof sch.rrule === 'string') {
      this.imports.add('Schedule');
      return call('Schedule.rrule', str(sch.rrule), props([timezone, ...common]));
    }
    return undefined;
  }

  /** Pull steps the library has a `PullStep` factory for; the rest are reported. */
  private pullSteps(d: Obj, subject: string): Expr[] {
    const out: Expr[] = [];
    for (const step of d.pull_steps ?? []) {
      const [key] = Object.keys(step);
      const args = step[key] ?? {};
      const rendered = pullStep(key, args);
      if (rendered) {
        this.imports.add('PullStep');
        out.push(rendered);
      } else {
        this.item('not-adopted', subject, `pull step ${show(step)}: no PullStep factory writes it the same way; the apply would drop it, so add it by hand (deployment.addPullStep) before applying`);
      }
    }
    return out;
  }

  /**
   * An automation: event, compound and sequence triggers (nested too), and its actions, with the
   * objects they act on as references to the adopted constructs. What adopt cannot write keeps the
   * whole automation out of the app, with each reason in the report.
   */
  private automation(a: Obj): void {
    const subject = `automation ${a.name}`;
    const problems: string[] = [];
    const importsBefore = new Set(this.imports);
    const trigger = this.trigger(a.trigger ?? {}, 'its trigger', problems);
    const actions = (list: Obj[] | undefined, which: string): Expr | undefined => {
      const items = (list ?? []).map((x, i) => this.action(x, `${which} ${i + 1} (${x.type})`, problems));
      return items.length > 0 ? { k: 'arr', items: items.filter((x): x is Expr => x !== undefined) } : undefined;
    };
    const rendered = [actions(a.actions, 'action'), actions(a.actions_on_trigger, 'action on trigger'), actions(a.actions_on_resolve, 'action on resolve')];
    // provider 3.4.1 crashes importing these: its read carries `require` over from the state,
    // which an import does not have (a nil pointer in mapAutomationAPIToTerraform)
    const composite = a.trigger?.type === 'compound' || a.trigger?.type === 'sequence';
    if (composite && !this.options.replaceSchedules) {
      problems.push(`prefecthq/prefect 3.4.1 cannot import a ${a.trigger.type} automation (its import crashes); re-run with --replace-unimportable to declare it in the app (the old copy is then deleted right before the first apply, and the automation gets a new id)`);
    }
    if (problems.length > 0 || trigger === undefined) {
      // nothing of it is written: the imports it would have needed go too
      this.imports.clear();
      importsBefore.forEach((i) => this.imports.add(i));
      this.item('not-adopted', subject, composite ? problems.join('; ') : `${problems.join('; ')}; importable as prefect_automation with id ${a.id}`);
      return;
    }
    this.imports.add('Automation');
    const name = this.local(`${a.name}-automation`);
    this.const(name, construct('Automation', THIS, str(this.stackId(a.name)), props([
      ['automationName', str(a.name)],
      ['description', a.description ? str(a.description) : undefined],
      ['enabled', a.enabled === false ? bool(false) : undefined],
      ['trigger', trigger],
      ['actions', rendered[0]],
      ['actionsOnTrigger', rendered[1]],
      ['actionsOnResolve', rendered[2]],
    ])));
    if (composite) {
      this.oldAutomations.push({ id: a.id, name: a.name });
      this.item('replaced', subject, `prefecthq/prefect 3.4.1 cannot import a ${a.trigger.type} automation: the app declares it anew, and adopt --delete-replaced deletes the server's copy (id ${a.id}) right before the first apply; the new one gets a new id`);
    } else {
      this.importFrom(name, 'automation', a.name, a.id);
    }
    this.idRefs.set(a.id, ref(name));
    if (a.tags?.length) this.item('not-adopted', subject, `tags ${show(a.tags)}: not in provider 3.4.1`);
    this.body.push({ k: 'blank' });
  }

  /** `Trigger.event/compound/sequence(...)`, or undefined with the reason in `problems`. */
  private trigger(t: Obj, where: string, problems: string[]): Expr | undefined {
    this.imports.add('Trigger');
    const within = (seconds: unknown): Expr | undefined => {
      if (!seconds) return undefined;
      this.imports.add('Duration');
      return call('Duration.seconds', num(Number(seconds)));
    };
    const children = (): Expr[] | undefined => {
      const list: Obj[] = Array.isArray(t.triggers) ? t.triggers : [];
      const out = list.map((x, i) => this.trigger(x, `${where}'s trigger ${i + 1}`, problems));
      return out.every((x): x is Expr => x !== undefined) ? out : undefined;
    };
    switch (t.type) {
      case 'event': {
        if (Array.isArray(t.match_related) && t.match_related.length > 0) {
          problems.push(`${where} matches a list of related resources, which adopt does not write yet`);
          return undefined;
        }
        const strings = (v: unknown): Expr | undefined => (Array.isArray(v) && v.length > 0 ? { k: 'arr', items: v.map((x) => str(String(x))) } : undefined);
        if (t.posture === 'Proactive') this.imports.add('Posture');
        return call('Trigger.event', props([
          ['expect', strings(t.expect)],
          ['after', strings(t.after)],
          ['forEach', strings(t.for_each)],
          ['match', nonEmpty(t.match) ? literal(t.match) : undefined],
          ['matchRelated', nonEmpty(t.match_related) && !Array.isArray(t.match_related) ? literal(t.match_related) : undefined],
          ['posture', t.posture === 'Proactive' ? member(ref('Posture'), 'PROACTIVE') : undefined],
          ['threshold', typeof t.threshold === 'number' && t.threshold !== 1 ? num(t.threshold) : undefined],
          ['within', within(t.within)],
        ]));
      }
      case 'compound': {
        const triggers = children();
        const require = t.require === 'any' ? member(ref('CompoundRequire'), 'ANY')
          : t.require === 'all' ? member(ref('CompoundRequire'), 'ALL')
            : typeof t.require === 'number' ? call('CompoundRequire.atLeast', num(t.require)) : undefined;
        if (require === undefined) problems.push(`${where} is a compound trigger with require ${show(t.require)}, which adopt does not know`);
        if (!triggers || !require) return undefined;
        this.imports.add('CompoundRequire');
        return call('Trigger.compound', props([['require', require], ['triggers', { k: 'arr', items: triggers }], ['within', within(t.within)]]));
      }
      case 'sequence': {
        const triggers = children();
        if (!triggers) return undefined;
        const options = within(t.within);
        return options ? call('Trigger.sequence', { k: 'arr', items: triggers }, props([['within', options]])) : call('Trigger.sequence', { k: 'arr', items: triggers });
      }
      default:
        problems.push(`${where} is a ${t.type} trigger, which adopt does not write yet${t.type === 'metric' ? ' (a Prefect Cloud feature)' : ''}`);
        return undefined;
    }
  }

  /** An `Action.xxx(...)` call, or undefined with the reason in `problems`. */
  private action(x: Obj, where: string, problems: string[]): Expr | undefined {
    this.imports.add('Action');
    const simple = simpleAction(x);
    if (simple) return call(simple);
    const selected = (idField: string, what: string): Expr | undefined | null => {
      if (x.source !== 'selected') return null;
      const target = this.idRefs.get(String(x[idField]));
      if (!target) problems.push(`${where} acts on ${what} ${x[idField]}, which is not in this adoption (adopt it too, or write the action by hand)`);
      return target;
    };
    const TARGETED: { [type: string]: [string, string, string] } = {
      'pause-deployment': ['Action.pauseDeployment', 'deployment_id', 'deployment'],
      'resume-deployment': ['Action.resumeDeployment', 'deployment_id', 'deployment'],
      'pause-work-queue': ['Action.pauseWorkQueue', 'work_queue_id', 'work queue'],
      'resume-work-queue': ['Action.resumeWorkQueue', 'work_queue_id', 'work queue'],
      'pause-work-pool': ['Action.pauseWorkPool', 'work_pool_id', 'work pool'],
      'resume-work-pool': ['Action.resumeWorkPool', 'work_pool_id', 'work pool'],
      'pause-automation': ['Action.pauseAutomation', 'automation_id', 'automation'],
      'resume-automation': ['Action.resumeAutomation', 'automation_id', 'automation'],
    };
    const targeted = TARGETED[String(x.type)];
    if (targeted) {
      const target = selected(targeted[1], targeted[2]);
      return target === undefined ? undefined : target === null ? call(targeted[0]) : call(targeted[0], target);
    }
    if (x.type === 'run-deployment') {
      const target = selected('deployment_id', 'deployment');
      if (target === undefined) return undefined;
      return call('Action.runDeployment', props([
        ['deployment', target ?? undefined],
        ['parameters', nonEmpty(x.parameters) ? literal(x.parameters) : undefined],
        ['jobVariables', nonEmpty(x.job_variables) ? literal(x.job_variables) : undefined],
      ]));
    }
    if (x.type === 'change-flow-run-state' && typeof x.state === 'string') {
      const state = FLOW_RUN_STATES.find(([, st]) => st.stateType === x.state && st.name === x.name);
      if (!state) {
        problems.push(`${where} sets state ${show(x.name)} of type ${x.state}, which is not one of FlowRunState's named states`);
        return undefined;
      }
      this.imports.add('FlowRunState');
      return call('Action.changeFlowRunState', props([
        ['state', member(ref('FlowRunState'), state[0])],
        ['message', x.message ? str(x.message) : undefined],
      ]));
    }
    problems.push(`${where}: adopt does not write this action with these settings yet (${show(x)})`);
    return undefined;
  }

  /** A block's id: `<adopted block>.blockId` when the block is in the adoption, else the id as it is. */
  private blockId(id: string): Expr {
    const block = this.idRefs.get(id);
    return block ? member(block, 'blockId') : str(id);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private importFrom(variable: string, kind: string, name: string, importId: string): void {
    this.body.push({ k: 'expr', value: method(member(ref(variable), 'resource'), 'importFrom', str(importId)) });
    this.adopted.push({ kind, name, importId });
  }

  private const(name: string, value: Expr): void {
    this.body.push({ k: 'const', name, value });
  }

  private section(title: string): void {
    if (this.body.length > 0 && this.body[this.body.length - 1].k !== 'blank') this.body.push({ k: 'blank' });
    this.body.push({ k: 'comment', lines: [`---- ${title}`] });
  }

  private item(kind: ReportItem['kind'], subject: string, message: string): void {
    this.report.push({ kind, subject, message });
  }

  /** A unique camelCase variable name. */
  private local(base: string): string {
    return unique(this.names, camel(base));
  }

  /** A unique construct ID in the stack's scope. */
  private stackId(base: string): string {
    return unique(this.stackIds, pascal(base));
  }

  private deploymentName(d: Obj): string {
    return `${this.flowsById.get(d.flow_id)?.name ?? d.flow_id}/${d.name}`;
  }

  private selected(d: Obj): boolean {
    if (this.options.workPool !== undefined && d.work_pool_name !== this.options.workPool) return false;
    if (!this.tagMatches(d.tags)) return false;
    if (this.options.name !== undefined && !this.nameMatches(d.name) && !this.nameMatches(this.deploymentName(d))) return false;
    return true;
  }

  private tagMatches(tags: string[] | undefined): boolean {
    return this.options.tag === undefined || (tags ?? []).includes(this.options.tag);
  }

  /** True when --name is given and matches. */
  private nameGiven(name: string): boolean {
    return this.options.name !== undefined && this.nameMatches(name);
  }

  private nameMatches(name: string): boolean {
    return this.options.name === undefined || glob(this.options.name).test(name);
  }

  /** The limits Prefect makes for a deployment's `concurrency_limit` are the deployment's. */
  private ownedByDeployment(limit: Obj): boolean {
    return /^deployment:[0-9a-f-]{36}$/.test(String(limit.name));
  }

  private count(kind: string, keep: boolean, n = 1): boolean {
    if (!keep) this.filteredOut[kind] = (this.filteredOut[kind] ?? 0) + n;
    return keep;
  }
}

const KNOWN_DEPLOYMENT_FIELDS = new Set(['version', 'description', 'paused', 'concurrency_limit', 'global_concurrency_limit', 'concurrency_options',
  'job_variables', 'parameters', 'tags', 'parameter_openapi_schema', 'path', 'pull_steps', 'entrypoint', 'storage_document_id',
  'infrastructure_document_id', 'enforce_parameter_schema']);

/**
 * The deployment's own concurrency limit: Prefect 3 keeps it as a global limit named
 * `deployment:<id>` and answers `concurrency_limit: null`.
 */
function deploymentLimit(d: Obj): Expr | undefined {
  const owned = d.global_concurrency_limit;
  if (owned && /^deployment:/.test(String(owned.name)) && typeof owned.limit === 'number') return num(owned.limit);
  return typeof d.concurrency_limit === 'number' ? num(d.concurrency_limit) : undefined;
}

/** The `Action` factory for an action without settings (`do-nothing`, a flow run's, or an inferred pause/resume), or undefined. */
function simpleAction(action: Obj): string | undefined {
  const keys = Object.keys(action).filter((k) => action[k] !== null && k !== 'type');
  const factory = SIMPLE_ACTIONS[String(action.type)];
  if (!factory) return undefined;
  if (keys.length === 0) return factory;
  return keys.length === 1 && action.source === 'inferred' && /^(pause|resume)-/.test(action.type) ? factory : undefined;
}

/** FlowRunState's named states: [its constant, the state]. */
const FLOW_RUN_STATES = Object.entries(FlowRunState).filter((e): e is [string, FlowRunState] => e[1] instanceof FlowRunState);

const SIMPLE_ACTIONS: { [type: string]: string } = {
  'do-nothing': 'Action.doNothing', 'cancel-flow-run': 'Action.cancelFlowRun', 'suspend-flow-run': 'Action.suspendFlowRun',
  'resume-flow-run': 'Action.resumeFlowRun', 'pause-deployment': 'Action.pauseDeployment', 'resume-deployment': 'Action.resumeDeployment',
  'pause-work-queue': 'Action.pauseWorkQueue', 'resume-work-queue': 'Action.resumeWorkQueue', 'pause-work-pool': 'Action.pauseWorkPool',
  'resume-work-pool': 'Action.resumeWorkPool', 'pause-automation': 'Action.pauseAutomation', 'resume-automation': 'Action.resumeAutomation',
};

/** A `PullStep` factory call for a step the library writes the same way, or undefined. */
function pullStep(key: string, args: Obj): Expr | undefined {
  const only = (...allowed: string[]) => Object.keys(args).every((k) => allowed.includes(k));
  switch (key) {
    case 'prefect.deployments.steps.set_working_directory':
      return only('directory') && typeof args.directory === 'string' ? call('PullStep.workingDirectory', str(args.directory)) : undefined;
    default:
      return undefined;
  }
}

/** A `VariableValue` factory call for a JSON value. */
function variableValue(v: unknown): Expr {
  if (typeof v === 'string') return call('VariableValue.fromString', str(v));
  if (typeof v === 'number') return call('VariableValue.fromNumber', num(v));
  if (typeof v === 'boolean') return call('VariableValue.fromBoolean', bool(v));
  if (Array.isArray(v)) return call('VariableValue.fromList', literal(v));
  if (v === null) return call('VariableValue.of', { k: 'null' });
  return call('VariableValue.fromObject', literal(v));
}

/**
 * The variable defaults of `actual` that differ from `typed`, when nothing else differs (the
 * result is checked by rendering the typed template with them); undefined otherwise.
 */
function changedDefaults(typed: Obj, actual: Obj): Obj | undefined {
  const a = actual?.variables?.properties;
  const t = typed?.variables?.properties;
  if (!a || !t || canonical(Object.keys(a).sort()) !== canonical(Object.keys(t).sort())) return undefined;
  const out: Obj = {};
  for (const key of Object.keys(a)) {
    if (canonical(a[key].default) !== canonical(t[key].default) && a[key].default !== undefined) out[key] = a[key].default;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function describeSchedule(s: Obj | undefined): string {
  if (!s) return 'no schedule';
  const tz = s.timezone ? ` ${s.timezone}` : '';
  if (s.cron) return `cron "${s.cron}"${tz}`;
  if (s.interval !== undefined) return `every ${s.interval} s${s.anchor_date ? ` from ${s.anchor_date}` : ''}${tz}`;
  if (s.rrule) return `rrule "${s.rrule}"${tz}`;
  return show(s);
}

/** How many nulls a JSON value holds, at any depth (not counting array items: jsii keeps those). */
function countNulls(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + (x === null ? 0 : countNulls(x)), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + (x === null ? 1 : countNulls(x)), 0);
  return 0;
}

function nonEmpty(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && Object.keys(v).length > 0;
}

function byName<T extends Obj>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

/** A glob (`*`, `?`) as an anchored regular expression. */
export function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
}

export function canonical(v: unknown): string {
  const sorted = (x: any): any => (Array.isArray(x) ? x.map(sorted)
    : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted(x[k])])) : x);
  return JSON.stringify(sorted(v)) ?? 'undefined';
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 100 ? `${s.slice(0, 97)}...` : s;
}
