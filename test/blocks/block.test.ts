import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Block, BlockSecretValue, BlockType } from '../../src/blocks';
import { resolveTokens } from '../../src/core/tokens';
import { warnings } from './warnings';
import { newStack, onlyResource, resourcesOf, synthJson } from '../support/synth';

const SECRET = 'hunter2-do-not-leak';

function sensitiveVariable(stack: TerraformStack, id: string): TerraformVariable {
  return new TerraformVariable(stack, id, { type: 'string', sensitive: true });
}

describe('Block with plain data', () => {
  test('name, type slug and data land in prefect_block', () => {
    const stack = newStack();
    const block = new Block(stack, 'Bucket', {
      blockName: 'flows-bucket',
      blockType: BlockType.S3_BUCKET,
      data: { bucket_name: 'flows', bucket_folder: 'prod' },
    });
    const res = onlyResource(synthJson(stack), 'prefect_block');
    expect(res).toEqual({
      name: 'flows-bucket',
      type_slug: 's3-bucket',
      data: '{"bucket_folder":"prod","bucket_name":"flows"}',
    });
    expect(block.node.findChild('Resource')).toBe(block.resource);
    expect(block.blockName).toBe('flows-bucket');
    expect(block.blockTypeSlug).toBe('s3-bucket');
    expect(block.templateReference).toBe('{{ prefect.blocks.s3-bucket.flows-bucket }}');
    expect(resolveTokens(stack, block.blockId)).toMatch(/^\$\{prefect_block\.\w+\.id\}$/);
  });

  test('a block without data has neither data nor data_wo', () => {
    const stack = newStack();
    new Block(stack, 'Fs', { blockName: 'local', blockType: BlockType.LOCAL_FILE_SYSTEM });
    expect(onlyResource(synthJson(stack), 'prefect_block')).toEqual({ name: 'local', type_slug: 'local-file-system' });
  });

  test('data with tokens goes through jsonencode', () => {
    const stack = newStack();
    const bucket = new TerraformVariable(stack, 'bucket', { type: 'string' });
    new Block(stack, 'Json', { blockName: 'cfg', blockType: BlockType.custom('json'), data: { value: { bucket: bucket.stringValue, n: 2 } } });
    expect(onlyResource(synthJson(stack), 'prefect_block').data).toBe('${jsonencode({"value" = {"bucket" = var.bucket, "n" = 2}})}');
  });

  test('Block.reference nests another block by ID', () => {
    const stack = newStack();
    const key = sensitiveVariable(stack, 'aws_secret');
    const creds = new Block(stack, 'Creds', {
      blockName: 'aws',
      blockType: BlockType.AWS_CREDENTIALS,
      data: { aws_access_key_id: 'AKIAEXAMPLE', region_name: 'eu-west-1' },
      secretData: { aws_secret_access_key: BlockSecretValue.fromVariable(key) },
    });
    new Block(stack, 'Bucket', { blockName: 'flows', blockType: BlockType.S3_BUCKET, data: { bucket_name: 'flows', credentials: Block.reference(creds) } });
    const blocks = resourcesOf(synthJson(stack), 'prefect_block');
    const credsId = Object.keys(blocks).find((k) => blocks[k].name === 'aws');
    const bucket = Object.values(blocks).find((b: any) => b.name === 'flows') as any;
    expect(bucket.data).toBe(`\${jsonencode({"bucket_name" = "flows", "credentials" = {"$ref" = {"block_document_id" = prefect_block.${credsId}.id}}})}`);
  });

  test('custom block types', () => {
    const stack = newStack();
    const type = BlockType.custom('my-api-client', { secretFields: ['api_key'], requiredFields: ['base_url'] });
    new Block(stack, 'Api', { blockName: 'api', blockType: type, data: { base_url: 'https://api.example.com' } });
    expect(onlyResource(synthJson(stack), 'prefect_block').type_slug).toBe('my-api-client');
    expect(type.secretFields).toEqual(['api_key']);
  });
});

describe('Block with secret data', () => {
  test('secret fields go to data_wo by reference, never as literals', () => {
    const stack = newStack();
    const password = sensitiveVariable(stack, 'db_password');
    new Block(stack, 'Secret', {
      blockName: 'db-password',
      blockType: BlockType.SECRET,
      secretData: { value: BlockSecretValue.fromVariable(password) },
    });
    const out = Testing.synth(stack, true);
    const json = JSON.parse(out);
    expect(onlyResource(json, 'prefect_block')).toEqual({
      name: 'db-password',
      type_slug: 'secret',
      data_wo: '${jsonencode({"value" = var.db_password})}',
      data_wo_version: 1,
    });
    // the variable is sensitive and ephemeral (Terraform >= 1.11)
    expect(json.variable.db_password).toMatchObject({ sensitive: true, ephemeral: true, type: 'string' });
    expect(json.resource.prefect_block).not.toHaveProperty('data');
  });

  test('no secret literal appears anywhere in the synthesized JSON', () => {
    const stack = newStack();
    const token = sensitiveVariable(stack, 'gh_token');
    const gcpKey = sensitiveVariable(stack, 'gcp_key');
    new Block(stack, 'GitHub', { blockName: 'github', blockType: BlockType.GITHUB_CREDENTIALS, secretData: { token: BlockSecretValue.fromVariable(token) } });
    new Block(stack, 'Gcp', {
      blockName: 'gcp',
      blockType: BlockType.GCP_CREDENTIALS,
      data: { project: 'my-project' },
      secretData: { service_account_info: BlockSecretValue.fromJsonVariable(gcpKey) },
    });
    // every way of passing the secret as a literal is refused, and leaves nothing behind
    const attempts = [
      () => new Block(stack, 'A1', { blockName: 'a1', blockType: BlockType.SECRET, data: { value: SECRET } }),
      () => new Block(stack, 'A2', { blockName: 'a2', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken(SECRET) } }),
      () => new Block(stack, 'A3', { blockName: 'a3', blockType: BlockType.GITHUB_CREDENTIALS, data: { token: SECRET } }),
      () => new Block(stack, 'A4', { blockName: 'a4', blockType: BlockType.AWS_CREDENTIALS, data: { aws_secret_access_key: SECRET } }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(/must not be a literal|is a literal string/);
    const out = Testing.synth(stack);
    expect(out).not.toContain(SECRET);
    const blocks = Object.values(resourcesOf(JSON.parse(out), 'prefect_block')) as any[];
    expect(blocks.map((b) => b.data_wo).sort()).toEqual([
      '${jsonencode({"project" = "my-project", "service_account_info" = jsondecode(var.gcp_key)})}',
      '${jsonencode({"token" = var.gh_token})}',
    ]);
    expect(blocks.every((b) => b.data === undefined)).toBe(true);
  });

  test('secretDataVersion is written to data_wo_version', () => {
    const stack = newStack();
    new Block(stack, 'S', {
      blockName: 'rotated',
      blockType: BlockType.SECRET,
      secretData: { value: BlockSecretValue.fromVariable(sensitiveVariable(stack, 'pw')) },
      secretDataVersion: 4,
    });
    expect(onlyResource(synthJson(stack), 'prefect_block').data_wo_version).toBe(4);
  });

  test('ephemeral can be turned off for a variable used elsewhere too', () => {
    const stack = newStack();
    const pw = sensitiveVariable(stack, 'pw');
    new Block(stack, 'S', { blockName: 's', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromVariable(pw, { ephemeral: false }) } });
    expect(synthJson(stack).variable.pw.ephemeral).toBeUndefined();
  });

  test('fromToken takes any reference, e.g. a resource attribute', () => {
    const stack = newStack();
    const source = new Block(stack, 'Source', { blockName: 'source', blockType: BlockType.custom('string'), data: { value: 'x' } });
    new Block(stack, 'S', { blockName: 's', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken(source.resource.id) } });
    const blocks = Object.values(resourcesOf(synthJson(stack), 'prefect_block')) as any[];
    expect(blocks.find((b) => b.name === 's').data_wo).toMatch(/^\$\{jsonencode\(\{"value" = prefect_block\.\w+\.id\}\)\}$/);
    expect(warnings(stack)).toEqual([]);
  });

  test('fromToken warns when the token is a non-sensitive variable', () => {
    const stack = newStack();
    const plain = new TerraformVariable(stack, 'plain', { type: 'string' });
    new Block(stack, 'S', { blockName: 's', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken(plain.stringValue) } });
    synthJson(stack);
    expect(warnings(stack)).toEqual([expect.stringMatching(/^Stack\/S: secretData field "value" comes from the Terraform variable "Stack\/plain", which is not sensitive; declare it with sensitive: true .*\[PF-SEC-006\]$/)]);
    expect(synthJson(stack).variable.plain.ephemeral).toBeUndefined();
  });

  test('a secret field given as a token in data warns that it reaches the state', () => {
    const stack = newStack();
    const pw = sensitiveVariable(stack, 'pw');
    new Block(stack, 'S', { blockName: 's', blockType: BlockType.SECRET, data: { value: pw.stringValue } });
    synthJson(stack);
    expect(warnings(stack)).toEqual([expect.stringMatching(/is secret but given in data, so Terraform stores it in its state; move the field to secretData.*\[PF-SEC-004\]$/)]);
  });

  test('a secret-looking literal in a custom block warns', () => {
    const stack = newStack();
    new Block(stack, 'S', { blockName: 's', blockType: BlockType.custom('thing'), data: { api_key: 'abc' } });
    synthJson(stack);
    expect(warnings(stack)).toEqual([expect.stringMatching(/block field "api_key" looks like a secret.*\[PF-SEC-005\]$/)]);
  });

  test('snapshot', () => {
    const stack = newStack();
    const token = sensitiveVariable(stack, 'github_token');
    new Block(stack, 'GitHub', { blockName: 'github', blockType: BlockType.GITHUB_CREDENTIALS, secretData: { token: BlockSecretValue.fromVariable(token) } });
    new Block(stack, 'Config', { blockName: 'config', blockType: BlockType.custom('json'), data: { value: { env: 'prod' } } });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe('Block.fromBlockName', () => {
  test('looks the block up by type and name', () => {
    const stack = newStack();
    const block = Block.fromBlockName(stack, 'Imported', BlockType.AWS_CREDENTIALS, 'prod-aws');
    const json = synthJson(stack);
    const lookups = Object.entries(json.data.prefect_block) as [string, any][];
    expect(lookups).toEqual([[expect.any(String), { name: 'prod-aws', type_slug: 'aws-credentials' }]]);
    expect(resolveTokens(stack, block.blockId)).toBe(`\${data.prefect_block.${lookups[0][0]}.id}`);
    expect(block.blockName).toBe('prod-aws');
    expect(block.blockTypeSlug).toBe('aws-credentials');
    expect(block.templateReference).toBe('{{ prefect.blocks.aws-credentials.prod-aws }}');
    expect(json.resource?.prefect_block).toBeUndefined();
  });

  test('an imported block can be referenced from data', () => {
    const stack = newStack();
    const creds = Block.fromBlockName(stack, 'Creds', BlockType.GCP_CREDENTIALS, 'gcp');
    new Block(stack, 'Bucket', { blockName: 'b', blockType: BlockType.GCS_BUCKET, data: { bucket: 'b', gcp_credentials: Block.reference(creds) } });
    expect(onlyResource(synthJson(stack), 'prefect_block').data).toMatch(/"block_document_id" = data\.prefect_block\.\w+\.id/);
  });
});
