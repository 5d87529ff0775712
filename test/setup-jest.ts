import { Testing } from 'cdktf';

// toHaveResource, toHaveResourceWithProperties (snake_case keys), toBeValidTerraform, ...
Testing.setupJest();
