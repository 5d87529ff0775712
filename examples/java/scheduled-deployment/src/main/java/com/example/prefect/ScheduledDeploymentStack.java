package com.example.prefect;

import com.hashicorp.cdktf.TerraformStack;
import io.github.cdktfprefect.BaseJobTemplate;
import io.github.cdktfprefect.CronScheduleOptions;
import io.github.cdktfprefect.Duration;
import io.github.cdktfprefect.GitCloneOptions;
import io.github.cdktfprefect.IntervalScheduleOptions;
import io.github.cdktfprefect.PipInstallRequirementsOptions;
import io.github.cdktfprefect.ProcessJobTemplateOptions;
import io.github.cdktfprefect.PullStep;
import io.github.cdktfprefect.Schedule;
import io.github.cdktfprefect.ScheduledDeployment;
import io.github.cdktfprefect.WorkPool;
import io.github.cdktfprefect.WorkQueue;
import io.github.cdktfprefect.WorkQueueOptions;
import io.github.cdktfprefect.l1.provider.PrefectProvider;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A nightly ETL flow, deployed to a process work pool with two schedules: the same stack as
 * examples/scheduled-deployment (TypeScript).
 *
 * <p>{@code cdktf deploy} (PREFECT_API_URL points at your server; PREFECT_API_KEY for Cloud)
 */
public class ScheduledDeploymentStack extends TerraformStack {
    public ScheduledDeploymentStack(final Construct scope, final String id) {
        super(scope, id);

        // The stack owns the provider. With no endpoint here, it reads PREFECT_API_URL
        // (and PREFECT_API_KEY for Prefect Cloud) from the environment: no secrets in code.
        PrefectProvider.Builder.create(this, "prefect").build();

        final WorkPool pool = WorkPool.Builder.create(this, "EtlPool")
                .workPoolName("etl-process")
                .description("process workers for the ETL flows")
                .concurrencyLimit(4)
                .baseJobTemplate(BaseJobTemplate.process(ProcessJobTemplateOptions.builder()
                        .workingDir("/opt/flows")
                        .streamOutput(true)
                        .env(Map.of("PREFECT_LOGGING_LEVEL", "INFO"))
                        .build()))
                .build();
        final WorkQueue critical = pool.addQueue("Critical", WorkQueueOptions.builder()
                .workQueueName("critical")
                .priority(1)
                .concurrencyLimit(2)
                .description("runs that must not wait behind backfills")
                .build());

        ScheduledDeployment.Builder.create(this, "NightlyEtl")
                .flowName("etl")
                .deploymentName("nightly")
                .description("loads yesterday's orders into the warehouse")
                .version("1.4.0")
                .tags(List.of("etl", "orders"))
                .entrypoint("flows/etl.py:etl")
                .workPool(pool)
                .workQueue(critical)
                .pullSteps(List.of(
                        PullStep.gitClone(GitCloneOptions.builder()
                                .repository("https://github.com/acme/data-flows.git")
                                .branch("main")
                                .build()),
                        PullStep.pipInstallRequirements(PipInstallRequirementsOptions.builder()
                                .requirementsFile("requirements.txt")
                                .build())))
                // JSON objects cross the language boundary as maps and lists
                .parameters(Map.of("source", "s3://acme-raw/orders", "batch_size", 500, "dry_run", false))
                .parameterOpenApiSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "source", Map.of("type", "string"),
                                "batch_size", Map.of("type", "integer", "minimum", 1),
                                "dry_run", Map.of("type", "boolean")),
                        "required", List.of("source")))
                .jobVariables(Map.of("env", Map.of("WAREHOUSE", "analytics")))
                .schedules(List.of(
                        Schedule.cron("0 2 * * *", CronScheduleOptions.builder()
                                .timezone("Europe/Berlin")
                                .slug("nightly")
                                .build()),
                        Schedule.interval(Duration.hours(6), IntervalScheduleOptions.builder()
                                .anchorDate("2026-01-01T00:30:00Z")
                                .timezone("UTC")
                                .slug("catch-up")
                                .active(false)
                                .parameters(Map.of("dry_run", true))
                                .build())))
                .build();
    }
}
