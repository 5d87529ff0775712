import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Schedule, ScheduledDeployment } from '../../src';

// The README's sample error must be what the library prints for the README's sample app: the
// test takes both from the README, runs the app's code in a stack named MyStack, and compares.
const README = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
const SAMPLE = README.match(/the error names the construct, the bad value and the fix\. This app:\n\n```ts\n([\s\S]*?)```\n\n(?:```python\n[\s\S]*?```\n\n)?in a stack named `(\w+)` fails at synth with:\n\n```\n(.*)\n```/);

test('the README shows a sample app and its error', () => {
  expect(SAMPLE).not.toBeNull();
});

test('the library prints exactly the README\'s sample error for the README\'s sample app', () => {
  const [, snippet, stackName, shown] = SAMPLE!;
  // the lines rosetta needs to type-check the snippet (hidden in the rendered README) are not code to run
  const code = snippet.replace(/\/\/\/ !hide\n[\s\S]*?\/\/\/ !show\n/, '');
  const stack = new TerraformStack(new App(), stackName);
  // the snippet is TypeScript without type annotations, so it runs as JavaScript
  const app = new Function('stack', 'ScheduledDeployment', 'Schedule', code);
  let message: string | undefined;
  try {
    app(stack, ScheduledDeployment, Schedule);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toBe(shown);
});
