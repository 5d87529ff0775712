// Configuration and secrets for flows:
//   - Prefect variables of each JSON type (string, number, boolean, list, object), which flows
//     read with `Variable.get(...)` and deployments with `{{ prefect.variables.<name> }}`;
//   - a block with plain, non-secret data (where flow results are written);
//   - a `secret` block holding a GitHub token. The token comes from a sensitive Terraform
//     variable and goes to the block's write-only `data_wo`: it is never in cdk.tf.json, the
//     plan or the state (Terraform >= 1.11);
//   - a deployment whose git-clone pull step uses that secret block as its access token, so the
//     worker loads the token at run time.
//
//   TF_VAR_github_token=... cdktf deploy      (PREFECT_API_URL, and PREFECT_API_KEY for Cloud)
//
// To rotate the token: set the new value and bump `secretDataVersion` (Terraform cannot see a
// change in a write-only value by itself).
//
// This app uses the library by path (the compiled ../../lib); a real app would
// `import { ... } from 'cdktf-prefect'`.
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  BaseJobTemplate,
  Block,
  BlockSecretValue,
  BlockType,
  Flow,
  PullStep,
  Schedule,
  Variable,
  VariableValue,
  WorkPool,
} from '../../lib';
import { PrefectProvider } from '../../lib/.gen/providers/prefect/provider';

export class SecretsAndVariablesStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The stack owns the provider; endpoint and key come from PREFECT_API_URL / PREFECT_API_KEY.
    new PrefectProvider(this, 'prefect', {});

    // --- variables: plain configuration, visible to anyone who can read the workspace -----------
    const region = new Variable(this, 'DefaultRegion', {
      variableName: 'default_region',
      value: VariableValue.fromString('eu-central-1'),
      tags: ['platform'],
    });
    new Variable(this, 'MaxParallelDownloads', {
      variableName: 'max_parallel_downloads',
      value: VariableValue.fromNumber(8),
    });
    new Variable(this, 'MaintenanceMode', {
      variableName: 'maintenance_mode',
      value: VariableValue.fromBoolean(false),
      tags: ['platform', 'switch'],
    });
    new Variable(this, 'ReportRecipients', {
      variableName: 'report_recipients',
      value: VariableValue.fromList(['data-team@acme.example', 'finance-ops@acme.example']),
    });
    // flows read it whole: Variable.get('warehouse')["schemas"]["marts"]
    new Variable(this, 'Warehouse', {
      variableName: 'warehouse',
      value: VariableValue.fromObject({
        account: 'acme-prod',
        database: 'ANALYTICS',
        schemas: { staging: 'STG', marts: 'MART' },
        query_timeout_seconds: 900,
        use_cache: true,
      }),
    });

    // --- a block with non-secret data: shared result storage on the workers' volume ------------
    new Block(this, 'Results', {
      blockName: 'flow-results',
      blockType: BlockType.LOCAL_FILE_SYSTEM,
      data: { basepath: '/mnt/prefect-results' },
    });

    // --- a secret block, fed from a sensitive (and ephemeral) Terraform variable --------------
    const githubToken = new TerraformVariable(this, 'github_token', {
      type: 'string',
      sensitive: true,
      description: 'fine-grained GitHub token with read access to acme/private-flows',
    });
    const token = new Block(this, 'GitHubToken', {
      blockName: 'github-flows-token',
      blockType: BlockType.SECRET,
      secretData: { value: BlockSecretValue.fromVariable(githubToken) },
      secretDataVersion: 1,
    });

    // --- a deployment that clones a private repository with that token ------------------------
    const pool = new WorkPool(this, 'Pool', {
      workPoolName: 'reporting-process',
      baseJobTemplate: BaseJobTemplate.process({ workingDir: '/opt/prefect' }),
    });

    new Flow(this, 'ReportFlow', { flowName: 'finance-report' })
      .addDeployment('Monthly', {
        deploymentName: 'monthly',
        entrypoint: 'reports/finance.py:finance_report',
        workPool: pool,
        pullSteps: [
          PullStep.gitClone({
            repository: 'https://github.com/acme/private-flows.git',
            branch: 'release',
            accessToken: token, // rendered as {{ prefect.blocks.secret.github-flows-token }}
          }),
          PullStep.workingDirectory('private-flows'),
          PullStep.pipInstallRequirements({ requirementsFile: 'reports/requirements.txt' }),
        ],
        // variables referenced in job variables are resolved by the worker at run time
        jobVariables: {
          env: {
            AWS_DEFAULT_REGION: region.templateReference,
          },
        },
      })
      .addSchedule('FirstOfMonth', Schedule.cron('0 6 1 * *', { timezone: 'Europe/Berlin' }));
  }
}

const app = new App();
new SecretsAndVariablesStack(app, 'secrets-and-variables');
app.synth();
