/** `highway admin`, `highway token` and `highway org`: identity from the command line. */
import type { Command } from "commander";
import type { FirstAdmin } from "../../services/identity/bootstrap.js";
import type { OrganizationView } from "../../services/identity/organizations.js";
import type { NewTokenView, TokenView } from "../../services/identity/tokens.js";
import { printJson, printRecord, printTable } from "../output.js";
import { act, actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

function show<T extends object>(options: Opts, value: T): void {
  if (options.json) printJson(value);
  else printRecord(value as Record<string, unknown>);
}

/** Registers the identity commands on the program. */
export function registerIdentityCommands(program: Command, globals: () => GlobalOptions): void {
  const admin = program.command("admin").description("platform administrators");
  admin
    .command("create")
    .description("create a platform administrator (with --bootstrap-token while a server runs)")
    .requiredOption("--email <email>", "e-mail address")
    .requiredOption("--name <name>", "full name")
    .option("--password <password>", "portal password (at least 12 characters)")
    .option("--bootstrap-token <token>", "the one-time token the server printed at its first start")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const input = { email: options.email, name: options.name, ...(options.password ? { password: options.password } : {}) };
      const created = await act<FirstAdmin>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/bootstrap", { ...input, bootstrapToken: options.bootstrapToken ?? "" }),
        direct: (runtime) => runtime.services.bootstrap.createAdministrator(input),
      });
      if (options.json) return printJson(created);
      process.stdout.write(`created administrator ${created.person.email} (${created.person.id})\n`);
      process.stdout.write(`API token (shown once): ${created.token}\n`);
      process.stdout.write(`use it with: export HIGHWAY_TOKEN=${created.token}\n`);
    });

  const token = program.command("token").description("API tokens");
  token
    .command("create")
    .description("issue an API token; the secret is shown once")
    .requiredOption("--name <name>", "what the token is for")
    .option("--expires-in-days <days>", "lifetime in days (1-365)", "90")
    .option("--person <id>", "issue for another person (administrators, or the local operator)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const input = { name: options.name, expiresInDays: Number(options.expiresInDays), ...(options.person ? { personId: options.person } : {}) };
      const created = await act<NewTokenView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/tokens", input),
        direct: async (runtime, actor) => (await runtime.services.tokens.create(actor, input)).value,
      });
      show(options, created);
    });
  token
    .command("list")
    .description("list your API tokens (the local operator lists a person's with --person)")
    .option("--person <id>", "whose tokens (local operator)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const items = await actList<TokenView>({ ...globals(), ...options }, "/api/v1/tokens", (runtime, actor, page) =>
        runtime.services.tokens.list(actor, page, options.person as string | undefined),
      );
      if (options.json) printJson(items);
      else printTable(items as unknown as Record<string, unknown>[], ["id", "name", "prefix", "expiresAt", "revokedAt", "lastUsedAt"]);
    });
  token
    .command("revoke <id>")
    .description("revoke an API token")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const revoked = await act<TokenView>({ ...globals(), ...options }, {
        api: (client) => client.request("DELETE", `/api/v1/tokens/${encodeURIComponent(id)}`),
        direct: (runtime, actor) => runtime.services.tokens.revoke(actor, id),
      });
      show(options, revoked);
    });

  const people = program.command("people").description("people");
  people
    .command("list")
    .description("list every person (platform administrators and auditors)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const items = await actList({ ...globals(), ...options }, "/api/v1/people", (runtime, actor, page) => runtime.services.people.list(actor, page));
      if (options.json) printJson(items);
      else printTable(items, ["id", "email", "name", "platformRoles", "linuxUser"]);
    });
  people
    .command("set-linux-user <personId> <linuxUser>")
    .description("map the Linux user a person's jobs run as on the clusters (platform administrators); 'none' removes it")
    .option("--json", "print JSON")
    .action(async (personId: string, linuxUser: string, options: Opts) => {
      const body = { linuxUser: linuxUser === "none" ? null : linuxUser };
      const person = await act<Record<string, unknown>>({ ...globals(), ...options }, {
        api: (client) => client.request("PUT", `/api/v1/people/${encodeURIComponent(personId)}/linux-user`, body),
        direct: async (runtime, actor) => ({ ...(await runtime.services.people.setLinuxUser(actor, personId, body)) }),
      });
      if (options.json) printJson(person);
      else printRecord(person);
    });

  const org = program.command("org").description("organizations");
  org
    .command("create")
    .description("register an organization")
    .requiredOption("--name <name>", "name (Korean)")
    .option("--name-en <name>", "name in English")
    .requiredOption("--type <type>", "startup, sme, midsize, large, university, research_institute, hospital, public_agency, nonprofit")
    .requiredOption("--brn <number>", "사업자등록번호, e.g. 124-81-00998")
    .requiredOption("--region <code>", "ISO 3166-2:KR code, e.g. KR-11")
    .requiredOption("--sector <letter>", "KSIC section letter, e.g. C")
    .requiredOption("--founded-on <date>", "founding date, YYYY-MM-DD")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const input = {
        name: options.name,
        ...(options.nameEn ? { nameEn: options.nameEn } : {}),
        type: options.type,
        businessRegistrationNumber: options.brn,
        region: options.region,
        sector: options.sector,
        foundedOn: options.foundedOn,
      };
      const created = await act<OrganizationView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/organizations", input),
        direct: async (runtime, actor) => (await runtime.services.organizations.create(actor, input)).value,
      });
      show(options, created);
    });
  org
    .command("list")
    .description("list organizations")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const items = await actList<OrganizationView>({ ...globals(), ...options }, `/api/v1/organizations`, (runtime, actor, page) => runtime.services.organizations.list(actor, page));
      if (options.json) printJson(items);
      else printTable(items as unknown as Record<string, unknown>[], ["id", "name", "type", "businessRegistrationNumber", "region", "sector"]);
    });
  org
    .command("members <id>")
    .description("list an organization's members")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const items = await actList({ ...globals(), ...options }, `/api/v1/organizations/${encodeURIComponent(id)}/members`, (runtime, actor, page) => runtime.services.organizations.listMembers(actor, id, page));
      if (options.json) return printJson(items);
      printTable(
        items.map((m) => ({ ...(m.person as Record<string, unknown>), role: m.role })),
        ["id", "email", "name", "role"],
      );
    });
  org
    .command("show <id>")
    .description("show one organization")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const found = await act<OrganizationView>({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/organizations/${encodeURIComponent(id)}`),
        direct: (runtime, actor) => runtime.services.organizations.get(actor, id),
      });
      show(options, found);
    });
}
