// Validates a Jipyo data package with the Frictionless reference
// implementation (npm `datapackage`): the descriptor against the Data
// Package profile, then every resource's rows against its Table Schema
// (types, required, enum, pattern, primary and foreign keys).
// Usage: node tests/pkg/validate.js DIR
'use strict';
const path = require('path');
const { Package } = require('datapackage');

async function main(dir) {
  const pkg = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir });
  if (!pkg.valid) {
    for (const e of pkg.errors) console.error(`descriptor: ${e.message}`);
    return 1;
  }
  let rows = 0;
  for (const resource of pkg.resources) {
    try {
      const data = await resource.read({ keyed: true, relations: true, cast: true });
      rows += data.length;
    } catch (err) {
      const errors = err.multiple ? err.errors : [err];
      for (const e of errors) console.error(`${resource.name}: ${e.message}`);
      return 1;
    }
  }
  console.log(`frictionless: ${dir} valid (${pkg.resources.length} resources, ${rows} rows)`);
  return 0;
}

main(process.argv[2]).then((code) => process.exit(code), (err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
