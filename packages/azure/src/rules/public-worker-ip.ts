import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { Rule, RuleFinding, RuleSeverity } from 'cdktf-prefect';

/** PF-AZ-001: a container group with a public IP address. */
export const PUBLIC_WORKER_IP_RULE = new Rule({
  ruleId: 'PF-AZ-001',
  title: 'worker with a public IP',
  severity: RuleSeverity.WARNING,
  rationale: 'A Prefect worker only makes outbound calls (to the Prefect API and to Azure). A container group with a public IP address exposes its open ports, for AciWorker the health endpoint on 8080, to the whole internet for no benefit.',
  fix: 'prefer AciNetwork.none() or AciNetwork.privateSubnets(subnetIds)',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      if (!(construct instanceof TerraformResource) || construct.terraformResourceType !== 'azurerm_container_group') return [];
      const byName: any = Object.values(construct.toTerraform().resource?.azurerm_container_group ?? {})[0];
      if (byName?.ip_address_type !== 'Public') return [];
      const ports = [].concat(...(byName.container ?? []).map((c: any) => c.ports ?? [])).map((p: any) => p.port).filter((p: unknown) => typeof p === 'number');
      return [{ message: `the container group gets a public IP${ports.length ? ` with port(s) ${ports.join(', ')} open to the internet` : ''}; a worker needs no inbound traffic` }];
    },
  },
});
