import { describePackagePythonTwin } from '../../../test/multilang/support/package-python';

// cdktf-prefect-aws in Python: the Python twin of examples/ecs-worker synthesizes the same
// Terraform JSON as the TypeScript app, from the wheels built here (no AWS provider package:
// its classes are part of the wheel).
describePackagePythonTwin('aws', 'ecs-worker', 'ecs-worker');
