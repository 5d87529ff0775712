// A nightly ETL flow, deployed to a process work pool with two schedules: the Go
// counterpart of examples/scheduled-deployment (TypeScript), synthesizing the same stack.
//
//	cdktf deploy            (PREFECT_API_URL points at your server; PREFECT_API_KEY for Cloud)
package main

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	prefect "github.com/cdktf-prefect/cdktf-prefect-go/cdktfprefect"
	"github.com/cdktf-prefect/cdktf-prefect-go/cdktfprefect/l1/provider"
)

func NewScheduledDeploymentStack(scope constructs.Construct, id string) cdktf.TerraformStack {
	stack := cdktf.NewTerraformStack(scope, &id)

	// The stack owns the provider. With no endpoint here, it reads PREFECT_API_URL
	// (and PREFECT_API_KEY for Prefect Cloud) from the environment: no secrets in code.
	provider.NewPrefectProvider(stack, jsii.String("prefect"), &provider.PrefectProviderConfig{})

	pool := prefect.NewWorkPool(stack, jsii.String("EtlPool"), &prefect.WorkPoolProps{
		WorkPoolName:     jsii.String("etl-process"),
		Description:      jsii.String("process workers for the ETL flows"),
		ConcurrencyLimit: jsii.Number(4),
		BaseJobTemplate: prefect.BaseJobTemplate_Process(&prefect.ProcessJobTemplateOptions{
			WorkingDir:   jsii.String("/opt/flows"),
			StreamOutput: jsii.Bool(true),
			Env:          &map[string]*string{"PREFECT_LOGGING_LEVEL": jsii.String("INFO")},
		}),
	})
	critical := pool.AddQueue(jsii.String("Critical"), &prefect.WorkQueueOptions{
		WorkQueueName:    jsii.String("critical"),
		Priority:         jsii.Number(1),
		ConcurrencyLimit: jsii.Number(2),
		Description:      jsii.String("runs that must not wait behind backfills"),
	})

	prefect.NewScheduledDeployment(stack, jsii.String("NightlyEtl"), &prefect.ScheduledDeploymentProps{
		FlowName:       jsii.String("etl"),
		DeploymentName: jsii.String("nightly"),
		Description:    jsii.String("loads yesterday's orders into the warehouse"),
		Version:        jsii.String("1.4.0"),
		Tags:           jsii.Strings("etl", "orders"),
		Entrypoint:     jsii.String("flows/etl.py:etl"),
		WorkPool:       pool,
		WorkQueue:      critical,
		PullSteps: &[]prefect.PullStep{
			prefect.PullStep_GitClone(&prefect.GitCloneOptions{
				Repository: jsii.String("https://github.com/acme/data-flows.git"),
				Branch:     jsii.String("main"),
			}),
			prefect.PullStep_PipInstallRequirements(&prefect.PipInstallRequirementsOptions{
				RequirementsFile: jsii.String("requirements.txt"),
			}),
		},
		// JSON objects cross the language boundary as maps; numbers are float64 in jsii
		Parameters: &map[string]interface{}{
			"source":     "s3://acme-raw/orders",
			"batch_size": 500,
			"dry_run":    false,
		},
		ParameterOpenApiSchema: &map[string]interface{}{
			"type": "object",
			"properties": map[string]interface{}{
				"source":     map[string]interface{}{"type": "string"},
				"batch_size": map[string]interface{}{"type": "integer", "minimum": 1},
				"dry_run":    map[string]interface{}{"type": "boolean"},
			},
			"required": []string{"source"},
		},
		JobVariables: &map[string]interface{}{
			"env": map[string]interface{}{"WAREHOUSE": "analytics"},
		},
		Schedules: &[]prefect.Schedule{
			prefect.Schedule_Cron(jsii.String("0 2 * * *"), &prefect.CronScheduleOptions{
				Timezone: jsii.String("Europe/Berlin"),
				Slug:     jsii.String("nightly"),
			}),
			prefect.Schedule_Interval(prefect.Duration_Hours(jsii.Number(6)), &prefect.IntervalScheduleOptions{
				AnchorDate: jsii.String("2026-01-01T00:30:00Z"),
				Timezone:   jsii.String("UTC"),
				Slug:       jsii.String("catch-up"),
				Active:     jsii.Bool(false),
				Parameters: &map[string]interface{}{"dry_run": true},
			}),
		},
	})

	return stack
}

func main() {
	app := cdktf.NewApp(nil)
	NewScheduledDeploymentStack(app, "scheduled-deployment")
	app.Synth()
}
