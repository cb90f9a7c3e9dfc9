// validate.mjs — checks OpenAPI documents with @seriousme/openapi-schema-validator
// (the official OpenAPI 3.x JSON schemas through ajv), then resolves every $ref.
// Used by tests/http/test_openapi.py; `npm ci` in this folder installs it.
//   node validate.mjs FILE...   prints one line per file: "FILE: valid 3.1" or
//   "FILE: invalid" and the errors as JSON; exits 1 when any file is invalid.
import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

let bad = 0;
for (const file of process.argv.slice(2)) {
  const validator = new Validator();
  const res = await validator.validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  let errors = res.valid ? null : res.errors;
  if (!errors) {
    try { validator.resolveRefs(); } catch (e) { errors = [String(e.message || e)]; }
  }
  if (errors) {
    bad++;
    console.log(`${file}: invalid`);
    console.log(JSON.stringify(errors, null, 1).slice(0, 4000));
  } else {
    console.log(`${file}: valid ${validator.version}`);
  }
}
process.exit(bad ? 1 : 0);
