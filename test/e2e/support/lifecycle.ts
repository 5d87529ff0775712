import { TerraformWorkdir } from './terraform';

/**
 * The lifecycle every e2e stack goes through: init and apply in beforeAll, then the test
 * file asserts (empty re-plan, read-back), and `destroyAndCheck` last. If a test fails
 * half-way, afterAll still destroys what is left.
 */
export function applyLifecycle(synth: () => string, extraEnv: Record<string, string> = {}): () => TerraformWorkdir {
  let tf: TerraformWorkdir | undefined;
  beforeAll(() => {
    tf = TerraformWorkdir.fromStackJson(synth(), extraEnv);
    tf.init();
    tf.apply();
  });
  afterAll(() => {
    if (tf && tf.stateList().length > 0) tf.destroy();
    tf?.remove();
  });
  return () => {
    if (!tf) throw new Error('the stack was not applied (see the beforeAll error above)');
    return tf;
  };
}

/** Asserts `terraform plan -detailed-exitcode` reports no changes, showing the plan if not. */
export function expectEmptyPlan(tf: TerraformWorkdir): void {
  const plan = tf.planChanges();
  expect({ exitCode: plan.code, plan: plan.code === 0 ? '' : plan.stdout }).toEqual({ exitCode: 0, plan: '' });
}
