/**
 * The `highway` command. Every failure prints one line, `error CODE: detail`, and exits non-zero
 * (1 for a refused operation, 2 for a usage mistake).
 */
import { Command, CommanderError } from "commander";
import { HighwayError, isHighwayError } from "../domain/errors.js";
import { VERSION } from "../version.js";
import { registerAccountingCommands } from "./commands/accounting-commands.js";
import { registerFleetCommands } from "./commands/fleet-commands.js";
import { registerIdentityCommands } from "./commands/identity-commands.js";
import { registerNodeCommands } from "./commands/node-commands.js";
import { registerNotificationCommands } from "./commands/notification-commands.js";
import { registerProgramCommands } from "./commands/program-commands.js";
import { registerSimulateCommand } from "./commands/simulate.js";
import { registerStoreCommands } from "./commands/store-commands.js";
import { registerWorkloadCommands } from "./commands/workload-commands.js";
import type { GlobalOptions } from "./target.js";

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command("highway")
    .description("AI Highway: the control plane of the national AI compute and data platform")
    .version(VERSION)
    .option("--api <url>", "talk to this server's API (HIGHWAY_API); found automatically for the local data directory")
    .option("--token <token>", "API token for --api (HIGHWAY_TOKEN)")
    .option("--data-dir <dir>", "data directory (HIGHWAY_DATA, default ./.highway)")
    .option("--lang <lang>", "ko or en for texts that exist in both, such as waiting reasons (default: ko when LC_ALL, LC_MESSAGES or LANG is ko_KR*)")
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  registerStoreCommands(program, globals);
  registerIdentityCommands(program, globals);
  registerFleetCommands(program, globals);
  registerNodeCommands(program, globals);
  registerProgramCommands(program, globals);
  registerNotificationCommands(program, globals);
  registerWorkloadCommands(program, globals);
  registerAccountingCommands(program, globals);
  registerSimulateCommand(program);
  return program;
}

/** Runs the CLI and turns every failure into one line and an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const failure = isHighwayError(error) ? error : new HighwayError("INTERNAL", { detail: error instanceof Error ? error.message : String(error) });
    const fields = failure.violations.length > 1 ? ` [${failure.violations.map((v) => `${v.field}: ${v.rule}`).join("; ")}]` : "";
    process.stderr.write(`error ${failure.code}: ${failure.detail}${fields}\n`);
    process.exitCode = 1;
  }
}
