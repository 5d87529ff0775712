#!/usr/bin/env python
"""A self-hosted Prefect on Kubernetes: server, worker (and its work pool) and exporter.

The Python twin of packages/kubernetes/examples/kubernetes-worker (TypeScript): the same
constructs, the same construct IDs, the same Terraform JSON.

    bash ../../../../../scripts/python-example.sh   (once: builds both wheels, makes .venv)
    cdktf deploy
"""
from cdktf import App, TerraformOutput, TerraformStack
from constructs import Construct

from cdktf_prefect import KubernetesJobTemplateOptions
from cdktf_prefect.l1.provider import PrefectProvider
from cdktf_prefect_kubernetes import (
    ExporterServiceMonitor,
    KubernetesAuth,
    KubernetesWorker,
    PrefectExporter,
    PrefectServer,
    ServerDatabase,
    ServerIngress,
)
from cdktf_prefect_kubernetes.l1.provider import HelmProvider, HelmProviderKubernetes


class KubernetesWorkerStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # the stack owns the providers; credentials come from the kubeconfig and the environment
        HelmProvider(self, "helm", kubernetes=HelmProviderKubernetes(config_path="~/.kube/config"))
        PrefectProvider(self, "prefect")

        server = PrefectServer(
            self,
            "Server",
            database=ServerDatabase.external_from_secret("prefect-db"),
            auth=KubernetesAuth.basic_auth_from_secret("prefect-auth"),
            ingress=ServerIngress(
                hostname="prefect.example.com",
                class_name="nginx",
                tls=True,
                annotations={"cert-manager.io/cluster-issuer": "letsencrypt"},
            ),
            release_name="prefect",
            namespace="prefect",
            create_namespace=False,
            replicas=2,
        )

        worker = KubernetesWorker(
            self,
            "Worker",
            api=server.api,
            auth=server.auth,
            work_pool_name="k8s",
            release_name="prefect-worker",
            namespace="prefect",
            create_namespace=False,
            replicas=2,
            worker_limit=20,
            job_template=KubernetesJobTemplateOptions(
                image="ghcr.io/acme/flows:2026.12.1",
                service_account_name="flow-runner",
                cpu_request="500m",
                memory_limit="4Gi",
                finished_job_ttl=3600,
            ),
        )

        PrefectExporter(
            self,
            "Exporter",
            api=server.api,
            auth=server.auth,
            release_name="prefect-exporter",
            namespace="prefect",
            create_namespace=False,
            service_monitor=ExporterServiceMonitor(labels={"release": "kube-prometheus-stack"}),
        )

        TerraformOutput(self, "api_url", value=server.api_url)
        TerraformOutput(self, "work_pool_name", value=worker.work_pool.work_pool_name)


app = App()
KubernetesWorkerStack(app, "kubernetes-worker")
app.synth()
