/**
 * `highway statement org|operator` and `highway balance`: monthly statements and allocation
 * balances from the command line. People get short tables with won written both ways
 * ("1,952원 (KRW 1,952)"), as the portal shows them; --json prints what the API returns and
 * --csv FILE writes the statement's CSV (UTF-8 with BOM, Korean and English headers).
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { formatWonEn, formatWonKoPlain } from "../../domain/money.js";
import { acceleratorHoursText } from "../../domain/metering/index.js";
import { printJson, printTable } from "../output.js";
import { act, type GlobalOptions, type Handlers } from "../target.js";

type Opts = GlobalOptions & { readonly month?: string; readonly csv?: string };
type Row = Record<string, unknown>;

/** An amount as the API (a decimal string) or a service (a bigint) gives it. */
const big = (value: unknown): bigint => BigInt(String(value));
const won = (value: unknown): string => `${formatWonKoPlain(big(value))} (${formatWonEn(big(value))})`;
const wonShort = (value: unknown): string => formatWonKoPlain(big(value));
const hours = (seconds: unknown): string => acceleratorHoursText(big(seconds));

/** Fetches a statement as CSV and writes it to `file`. */
async function writeCsv(options: Opts, apiPath: string, direct: Handlers<string>["direct"], file: string): Promise<void> {
  const text = await act<string>(options, { api: (client) => client.text(`${apiPath}?format=csv`, "text/csv"), direct });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}

/** Registers the accounting commands. */
export function registerAccountingCommands(program: Command, globals: () => GlobalOptions): void {
  const statement = program.command("statement").description("monthly statements (Asia/Seoul calendar months)");
  statement
    .command("org <organizationId>")
    .description("an organization's statement: usage, credits, government share, co-pay, 10 % VAT, total due")
    .requiredOption("--month <YYYY-MM>", "the month, in Asia/Seoul")
    .option("--csv <file>", "write the statement as CSV to this file")
    .option("--json", "print JSON")
    .action(async (organizationId: string, opts: Opts) => {
      const options = { ...globals(), ...opts };
      const month = opts.month!;
      const path = `/api/v1/organizations/${encodeURIComponent(organizationId)}/statements/${encodeURIComponent(month)}`;
      if (opts.csv !== undefined) return writeCsv(options, path, (runtime, actor) => runtime.services.statements.organizationStatementCsv(actor, organizationId, month), opts.csv);
      const s = await act<Row>(options, {
        api: (client) => client.request("GET", path),
        direct: async (runtime, actor) => ({ ...(await runtime.services.statements.organizationStatement(actor, organizationId, month)) }),
      });
      if (opts.json) return printJson(s);
      process.stdout.write(`기관 정산서 / Organization statement ${String(s.month)} (Asia/Seoul)\n`);
      process.stdout.write(`${String(s.organizationName)}  사업자등록번호 / BRN ${String(s.businessRegistrationNumber)}\n\n`);
      const lines = (s.lines as Row[]).map((l) => ({
        "과제 / project": String(l.projectId).slice(0, 8),
        "모델 / model": l.model,
        "시간 / hours": hours(l.usageSeconds),
        "사용 / usage": wonShort(l.usageKrw),
        "감면 / credits": wonShort(l.creditedKrw),
        "기관 부담 / co-pay": wonShort(l.coPayKrw),
      }));
      if (lines.length > 0) {
        printTable(lines, Object.keys(lines[0]!));
        process.stdout.write("\n");
      }
      const t = s.totals as Row;
      const totals: [string, string][] = [
        ["사용 / Usage", `${won(t.usageKrw)}, ${hours(t.usageSeconds)} h`],
        ["감면 / Credits", won(t.creditedKrw)],
        ["정부 지원 / Government share", won(t.governmentKrw)],
        ["공급가액 / Co-pay supply value", won(t.coPayKrw)],
        ["부가세 / VAT 10%", won(t.vatKrw)],
        ["납부 총액 / Total due", won(t.totalDueKrw)],
      ];
      printTable(
        totals.map(([item, amount]) => ({ "합계 / Totals": item, "금액 / Amount": amount })),
        ["합계 / Totals", "금액 / Amount"],
      );
    });
  statement
    .command("operator <operator>")
    .description("an operator's settlement: accelerator-hours delivered and their value, less credits for node failures")
    .requiredOption("--month <YYYY-MM>", "the month, in Asia/Seoul")
    .option("--csv <file>", "write the statement as CSV to this file")
    .option("--json", "print JSON")
    .action(async (operator: string, opts: Opts) => {
      const options = { ...globals(), ...opts };
      const month = opts.month!;
      const path = `/api/v1/operators/${encodeURIComponent(operator)}/statements/${encodeURIComponent(month)}`;
      if (opts.csv !== undefined) return writeCsv(options, path, (runtime, actor) => runtime.services.statements.operatorStatementCsv(actor, operator, month), opts.csv);
      const s = await act<Row>(options, {
        api: (client) => client.request("GET", path),
        direct: async (runtime, actor) => ({ ...(await runtime.services.statements.operatorStatement(actor, operator, month)) }),
      });
      if (opts.json) return printJson(s);
      process.stdout.write(`운영기관 정산서 / Operator settlement ${String(s.operator)} ${String(s.month)} (Asia/Seoul)\n\n`);
      const row = (label: Record<string, unknown>, a: Row) => ({
        ...label,
        "제공 시간 / hours delivered": hours(a.deliveredSeconds),
        "제공 금액 / delivered": wonShort(a.deliveredKrw),
        "감면 / credited": wonShort(a.creditedKrw),
        "정산 금액 / settlement": wonShort(a.settlementKrw),
      });
      const rows = [
        ...(s.lines as Row[]).map((l) => row({ "클러스터 / cluster": `${String(l.site)}/${String(l.cluster)}`, "모델 / model": l.model }, l)),
        row({ "클러스터 / cluster": "합계 / Total", "모델 / model": "" }, s.totals as Row),
      ];
      printTable(rows, Object.keys(rows[0]!));
    });

  program
    .command("balance <allocationId>")
    .description("an allocation's balance per accelerator class and the won charged so far")
    .option("--json", "print JSON")
    .action(async (allocationId: string, opts: Opts) => {
      const b = await act<Row>(
        { ...globals(), ...opts },
        {
          api: (client) => client.request("GET", `/api/v1/allocations/${encodeURIComponent(allocationId)}/balance`),
          direct: async (runtime, actor) => ({ ...(await runtime.services.statements.balance(actor, allocationId)) }),
        },
      );
      if (opts.json) return printJson(b);
      const rows = (b.classes as Row[]).map((c) => ({
        "분류 / class": c.acceleratorClass,
        "배정 / granted h": c.grantedHours,
        "사용 / used h": c.usedHours,
        "예약 / reserved h": c.reservedHours,
        "잔여 / unreserved h": c.unreservedHours,
        "청구 / charged": wonShort(c.chargedKrw),
        "기관 부담 / co-pay": wonShort(c.coPayKrw),
      }));
      if (rows.length > 0) printTable(rows, Object.keys(rows[0]!));
      const t = b.totals as Row;
      process.stdout.write(`\n청구 합계 / Charged so far: ${won(t.chargedKrw)}; 기관 부담 / co-pay ${won(t.coPayKrw)} (부가세 별도 / before VAT)\n`);
    });
}
