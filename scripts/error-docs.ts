// Prints docs/errors.md from the catalogue: npx tsx scripts/error-docs.ts > docs/errors.md
import { ERROR_CATALOGUE } from "../src/domain/errors.js";
const lines = ["# Error codes", "", "Every failure the API reports is an RFC 9457 problem+json document whose `code` is one of these", "stable codes; the CLI prints `error CODE: detail`. `errors[]` names each failing field and rule.", "A test (`src/domain/errors.test.ts`) keeps this table and the catalogue in `src/domain/errors.ts` in step.", "", "| code | HTTP status | meaning |", "| --- | --- | --- |"];
for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) lines.push(`| \`${code}\` | ${spec.status} | ${spec.message} |`);
console.log(lines.join("\n"));
