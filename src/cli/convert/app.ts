import { Stmt } from './code';
import { PythonPrinter, quote, TypeScriptPrinter } from './printer';

/** The languages the converter and `init` write apps in. */
export type Language = 'typescript' | 'python';

/** What a generated app is made of. */
export interface AppSpec {
  /** The stack's class name and ID. */
  readonly stackName: string;
  /** The lines at the top of the main file (without comment marks). */
  readonly header: string[];
  readonly body: Stmt[];
  /** Classes of cdktf-prefect the body uses. */
  readonly imports: Set<string>;
  /** Classes of cdktf-prefect-aws the body uses. */
  readonly awsImports?: Set<string>;
  /** Classes of cdktf the body uses, besides App and TerraformStack (e.g. TerraformVariable). */
  readonly cdktfImports?: Set<string>;
  readonly usesEnvironment?: boolean;
  readonly usesAppPath?: boolean;
  /** The version of cdktf-prefect to depend on. */
  readonly version: string;
}

/** The files of a cdktf app: name -> content. */
export function appFiles(language: Language, spec: AppSpec): Record<string, string> {
  return language === 'python' ? pythonApp(spec) : typescriptApp(spec);
}

function typescriptApp(spec: AppSpec): Record<string, string> {
  const images = spec.imports.has('DeploymentImage');
  const names = [...spec.imports, 'l1', ...(images ? ['l1Null'] : [])].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  const lines = [
    ...spec.header.map((l) => `// ${l}`.trimEnd()),
    ...(spec.usesAppPath ? ["import * as path from 'path';"] : []),
    `import { ${cdktfNames(spec)} } from 'cdktf';`,
    "import { Construct } from 'constructs';",
    `import { ${names.join(', ')} } from 'cdktf-prefect';`,
    ...(spec.awsImports && spec.awsImports.size > 0 ? [`import { ${[...spec.awsImports].sort().join(', ')} } from 'cdktf-prefect-aws';`] : []),
    '',
  ];
  if (spec.usesEnvironment) {
    lines.push(
      '/** An environment variable prefect.yaml read as {{ $NAME }}; synth fails when it is not set. */',
      'function fromEnvironment(name: string): string {',
      '  const value = process.env[name];',
      '  if (value === undefined) throw new Error(`environment variable ${name} is not set (prefect.yaml reads it as {{ $${name} }})`);',
      '  return value;',
      '}',
      '',
    );
  }
  lines.push(
    `class ${spec.stackName} extends TerraformStack {`,
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    '    // The endpoint and key come from PREFECT_API_URL / PREFECT_API_KEY.',
    "    new l1.provider.PrefectProvider(this, 'prefect', {});",
    ...(images ? ['    // DeploymentImage builds and pushes with a null_resource.', "    new l1Null.provider.NullProvider(this, 'null', {});"] : []),
    '',
    ...new TypeScriptPrinter().statements(trimBlank(spec.body), '    '),
    '  }',
    '}',
    '',
    'const app = new App();',
    `new ${spec.stackName}(app, ${quote(stackId(spec.stackName), "'")});`,
    'app.synth();',
    '',
  );
  return {
    'main.ts': lines.join('\n'),
    'cdktf.json': json({ language: 'typescript', app: 'npx ts-node main.ts', terraformProviders: [], sendCrashReports: false, context: {} }),
    'package.json': json({
      name: stackId(spec.stackName),
      private: true,
      scripts: { synth: 'cdktf synth', deploy: 'cdktf deploy', plan: 'cdktf diff' },
      dependencies: {
        'cdktf': '^0.21.0',
        'cdktf-prefect': `^${spec.version}`,
        ...(spec.awsImports && spec.awsImports.size > 0 ? { 'cdktf-prefect-aws': `^${spec.version}` } : {}),
        'constructs': '^10.4.2',
      },
      devDependencies: { '@types/node': '^20', 'cdktf-cli': '^0.21.0', 'ts-node': '^10', 'typescript': '^5' },
    }),
    'tsconfig.json': json({
      compilerOptions: { target: 'ES2020', module: 'commonjs', lib: ['es2020'], strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
      include: ['main.ts'],
    }),
  };
}

function pythonApp(spec: AppSpec): Record<string, string> {
  const images = spec.imports.has('DeploymentImage');
  const names = [...spec.imports, 'l1', ...(images ? ['l1_null'] : [])].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  const lines = [
    ...spec.header.map((l) => `# ${l}`.trimEnd()),
    ...(spec.usesAppPath || spec.usesEnvironment ? ['import os', ''] : []),
    `from cdktf import ${cdktfNames(spec)}`,
    'from constructs import Construct',
    `from cdktf_prefect import ${names.join(', ')}`,
    ...(spec.awsImports && spec.awsImports.size > 0 ? [`from cdktf_prefect_aws import ${[...spec.awsImports].sort().join(', ')}`] : []),
    '',
  ];
  if (spec.usesAppPath) lines.push('APP_DIR = os.path.dirname(os.path.abspath(__file__))', '');
  if (spec.usesEnvironment) {
    lines.push(
      '',
      'def from_environment(name: str) -> str:',
      '    """An environment variable prefect.yaml read as {{ $NAME }}; synth fails when it is not set."""',
      '    if name not in os.environ:',
      '        raise RuntimeError(f"environment variable {name} is not set (prefect.yaml reads it as {{{{ ${name} }}}})")',
      '    return os.environ[name]',
      '',
    );
  }
  lines.push(
    '',
    `class ${spec.stackName}(TerraformStack):`,
    '    def __init__(self, scope: Construct, id: str):',
    '        super().__init__(scope, id)',
    '        # The endpoint and key come from PREFECT_API_URL / PREFECT_API_KEY.',
    '        l1.provider.PrefectProvider(self, "prefect")',
    ...(images ? ['        # DeploymentImage builds and pushes with a null_resource.', '        l1_null.provider.NullProvider(self, "null")'] : []),
    '',
    ...new PythonPrinter().statements(trimBlank(spec.body), '        ').map((l) => l.replace(/\t/g, '    ')),
    '',
    '',
    'app = App()',
    `${spec.stackName}(app, ${quote(stackId(spec.stackName), '"')})`,
    'app.synth()',
    '',
  );
  return {
    'main.py': lines.join('\n'),
    'cdktf.json': json({ language: 'python', app: 'python3 main.py', terraformProviders: [], sendCrashReports: false, context: {} }),
    'requirements.txt': [
      'cdktf>=0.21.0,<0.22',
      `cdktf-prefect>=${spec.version}`,
      ...(spec.awsImports && spec.awsImports.size > 0 ? [`cdktf-prefect-aws>=${spec.version}`] : []),
      'constructs>=10.4.2,<11',
      '',
    ].join('\n'),
  };
}

/** What the app imports from cdktf, sorted. */
function cdktfNames(spec: AppSpec): string {
  return ['App', 'TerraformStack', ...spec.cdktfImports ?? []].sort().join(', ');
}

/** `MyProjectStack` -> `my-project`. */
function stackId(className: string): string {
  return className.replace(/Stack$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() || 'prefect';
}

function trimBlank(body: Stmt[]): Stmt[] {
  const out = [...body];
  while (out.length > 0 && out[out.length - 1].k === 'blank') out.pop();
  return out;
}

function json(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}
