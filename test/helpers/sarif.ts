import * as fs from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { ErrorObject } from "ajv";

/** Validates a parsed SARIF log against the official SARIF 2.1.0 schema; returns the schema errors (none when valid). */
export function sarifSchemaErrors(log: unknown): ErrorObject[] {
  const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
  return validate(log) ? [] : [...(validate.errors ?? [])];
}
