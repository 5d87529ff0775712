import { describePackagePythonTwin } from '../../../test/multilang/support/package-python';

// cdktf-prefect-kubernetes in Python: the Python twin of examples/kubernetes-worker (server,
// worker and exporter) synthesizes the same Terraform JSON as the TypeScript app, from the wheels
// built here (no helm provider package: its classes are part of the wheel).
describePackagePythonTwin('kubernetes', 'kubernetes-worker', 'kubernetes-worker');
