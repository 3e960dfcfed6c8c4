#!/usr/bin/env node
// Prints vitest's JSON result as one plain closing line ("label: N passed, N failed, N skipped")
// and fails when no test ran.
import { readFileSync } from "node:fs";

const [label, file] = process.argv.slice(2);
const result = JSON.parse(readFileSync(file, "utf8"));
const passed = result.numPassedTests;
const failed = result.numFailedTests;
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
