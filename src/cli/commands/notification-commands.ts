/** `highway webhook list` and `highway delivery list`: the notification lists from the command line. */
import type { Command } from "commander";
import { printJson, printTable } from "../output.js";
import { actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

/** The API path prefix of a scope: an organization's, or the platform's. */
function base(org: string | undefined): string {
  return org === undefined ? "/api/v1/platform" : `/api/v1/organizations/${encodeURIComponent(org)}`;
}

/** Registers the notification commands. */
export function registerNotificationCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command("webhook")
    .description("notification webhooks")
    .command("list")
    .description("list the webhooks of an organization (--org) or the platform")
    .option("--org <id>", "organization id; the platform's webhooks without it")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const org = options.org as string | undefined;
      const items = await actList({ ...globals(), ...options }, `${base(org)}/webhooks`, (runtime, actor, page) => runtime.services.notifications.listWebhooks(actor, org ?? null, page));
      if (options.json) printJson(items);
      else printTable(items, ["id", "name", "url", "eventTypes", "createdAt"]);
    });
  program
    .command("delivery")
    .description("notification deliveries")
    .command("list")
    .description("list deliveries with their state, attempts and last error")
    .option("--org <id>", "organization id; the platform's (with e-mail) without it")
    .option("--state <state>", "only this state (pending, delivered, dead)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const org = options.org as string | undefined;
      const state = options.state as string | undefined;
      const filter = state === undefined ? {} : { state };
      const items = await actList({ ...globals(), ...options }, `${base(org)}/notification-deliveries${state ? `?state=${encodeURIComponent(state)}` : ""}`, (runtime, actor, page) => runtime.services.notifications.listDeliveries(actor, org ?? null, filter, page));
      if (options.json) printJson(items);
      else printTable(items, ["id", "eventType", "channel", "state", "attempts", "lastError"]);
    });
}
