#!/usr/bin/env node
// Completes the setup.py that jsii-pacmak generates for the Python package with what jsii does
// not carry over from package.json: the keywords, and the issue tracker and homepage next to
// the source repository in the project URLs (PyPI shows them in the sidebar).
//
//   node scripts/pypi-metadata.js <path to setup.py> [package dir]   (default: the core, the root)
//
// setup.py holds its arguments as one JSON document: kwargs = json.loads("""{...}""").
const fs = require('fs');
const path = require('path');

const file = process.argv[2];
const pkg = JSON.parse(fs.readFileSync(path.join(process.argv[3] ?? path.join(__dirname, '..'), 'package.json'), 'utf8'));
const text = fs.readFileSync(file, 'utf8');
const m = text.match(/json\.loads\(\s*"""\n([\s\S]*?)\n"""\s*\)/);
if (!m) {
  console.error(`[cdktf-prefect] pypi-metadata: no json.loads("""...""") block in ${file}; jsii-pacmak changed its setup.py`);
  process.exit(1);
}
const kwargs = JSON.parse(m[1]);
kwargs.keywords = pkg.keywords;
kwargs.project_urls = {
  Homepage: pkg.homepage,
  Source: pkg.repository.url,
  Issues: pkg.bugs.url,
  ...kwargs.project_urls,
};
const json = JSON.stringify(kwargs, null, 4);
if (json.includes('"""')) throw new Error('package metadata must not contain """');
fs.writeFileSync(file, text.replace(m[1], json));
