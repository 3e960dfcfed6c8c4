/**
 * The `highway` command. Every failure prints one line, `error CODE: detail`, and exits non-zero
 * (1 for a refused operation, 2 for a usage mistake). The detail is in Korean for a Korean locale
 * or `--lang ko`; the `error CODE:` prefix stays the same in every language, for scripts.
 */
import { Command, CommanderError, Option } from "commander";
import { HighwayError, isHighwayError } from "../domain/errors.js";
import { localizeError } from "../domain/localized-error.js";
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
import { cliLanguage } from "./cli-language.js";
import type { GlobalOptions } from "./target.js";

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command("highway")
    .description("AI Highway: the control plane of the national AI compute and data platform")
    .version(VERSION)
    .option("--api <url>", "talk to this server's API (HIGHWAY_API); found automatically for the local data directory")
    .option("--token <token>", "API token for --api (HIGHWAY_TOKEN)")
    .option("--data-dir <dir>", "data directory (HIGHWAY_DATA, default ./.highway)")
    .addOption(new Option("--lang <language>", "language of messages (default from LC_ALL, LC_MESSAGES or LANG; English otherwise)").choices(["en", "ko"]))
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
    const failure = isHighwayError(error) ? error : internalError(error);
    const text = localizeError(failure, cliLanguage(program.opts<GlobalOptions>().lang, process.env));
    const fields = text.violations.length > 1 ? ` [${text.violations.map((v) => `${v.field}: ${v.rule}`).join("; ")}]` : "";
    process.stderr.write(`error ${failure.code}: ${text.detail}${fields}\n`);
    process.exitCode = 1;
  }
}

/** An unexpected failure as INTERNAL; its own message (from a library or the OS) is quoted in both languages. */
function internalError(error: unknown): HighwayError {
  const message = error instanceof Error ? error.message : String(error);
  return new HighwayError("INTERNAL", { detail: message, detailKo: `예상하지 못한 오류가 발생했습니다: ${message}`, cause: error });
}
