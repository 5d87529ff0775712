// Preloaded into jsii-pacmak (node -r) when it generates a provider-sized package.
// codemaker saves every generated file at once (Promise.all over all files); for
// @cdktf/provider-aws that is ~100,000 files, and the open() calls that wait longer than
// graceful-fs's 60 s retry window fail with EMFILE. This caps the saves in flight.
'use strict';
const path = require('path');

const pacmakDir = path.dirname(require.resolve('jsii-pacmak/package.json'));
const codemakerDir = path.dirname(require.resolve('codemaker/package.json', { paths: [pacmakDir] }));
const FileBuffer = require(path.join(codemakerDir, 'lib', 'filebuff.js')).default;

const LIMIT = 64;
let active = 0;
const waiting = [];
const release = () => {
  active--;
  const next = waiting.shift();
  if (next) next();
};
const acquire = () => new Promise((resolve) => {
  if (active < LIMIT) {
    active++;
    resolve();
  } else {
    waiting.push(() => { active++; resolve(); });
  }
});

const save = FileBuffer.prototype.save;
FileBuffer.prototype.save = async function limitedSave(rootDir) {
  await acquire();
  try {
    return await save.call(this, rootDir);
  } finally {
    release();
  }
};
