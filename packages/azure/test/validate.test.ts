import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack, ValidateResult } from '../../../test/e2e/support/terraform';
import { describeUnless } from '../../../test/support/skip';
import { AzurermProvider } from '../src/.gen/providers/azurerm/provider';
import { DataAzurermResourceGroup } from '../src/.gen/providers/azurerm/data-azurerm-resource-group';

// `terraform validate` with the real hashicorp/azurerm 4.55.0 and prefecthq/prefect 3.4.1 schemas,
// found the way the toolchain finds every provider. Skipped, with the reason, when either is missing.
const withProviders = describeUnless(missingProviders('prefect', 'azurerm'));

function validate(build: (stack: TerraformStack) => void): ValidateResult {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'validate');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000000' });
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  build(stack);
  return validateStack(Testing.synth(stack, true));
}

withProviders('terraform validate: cdktf-prefect-azure (real azurerm 4.55.0 and Prefect 3.4.1 providers)', () => {
  test('the generated azurerm classes', () => {
    const result = validate((stack) => {
      new DataAzurermResourceGroup(stack, 'rg', { name: 'acme-data' });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });
});
