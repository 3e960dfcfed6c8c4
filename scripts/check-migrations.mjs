#!/usr/bin/env node
// Fails when the committed migrations do not match the schema: copies them to a scratch folder,
// lets drizzle-kit generate against the copy, and reports any migration it had to write.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const committed = "src/store/migrations";
// drizzle-kit only accepts an output folder relative to the project.
mkdirSync(".tmp", { recursive: true });
const scratch = mkdtempSync(join(".tmp", "migration-check-"));
try {
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const output = execFileSync(
    "npx",
    ["drizzle-kit", "generate", "--dialect", "postgresql", "--schema", "./src/store/schema/index.ts", "--out", scratch, "--name", "check"],
    { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  // drizzle-kit can print an error and still exit 0: insist on one of its two success outcomes.
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length === 0 && !output.includes("No schema changes")) {
    console.error(output);
    console.error("drizzle-kit did not confirm the schema; see its output above.");
    process.exit(1);
  }
  if (added.length > 0) {
    console.error(`migrations are out of step with the schema: drizzle-kit wrote ${added.join(", ")}.`);
    console.error("Run `npm run db:generate -- --name <what-changed>` and commit the result.");
    process.exit(1);
  }
  console.log("migrations match the schema");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
