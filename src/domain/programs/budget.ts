/**
 * The program budget as a ledger of commitments: a budget (KRW and accelerator-hours per class) and
 * what awards have committed against it. Every award and allocation change is a signed delta; an
 * increase that would take any line past its budget is refused, so the budget is never
 * over-committed. The service applies the delta under a row lock on the program in the transaction
 * that writes the allocation, so concurrent decisions serialize on this check.
 */
import { formatWonEn, formatWonKo } from "../money.js";
import { failAll, ok, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** KRW and accelerator-hours per class: a budget, a commitment or (signed) a delta. */
export interface BudgetAmounts {
  readonly krw: bigint;
  readonly acceleratorHours: Readonly<Record<string, bigint>>;
}

/** Nothing at all. */
export const ZERO_AMOUNTS: BudgetAmounts = Object.freeze({ krw: 0n, acceleratorHours: Object.freeze({}) });

/** Sum of two amounts, class by class; classes at zero are kept only when present in either input. */
export function addAmounts(a: BudgetAmounts, b: BudgetAmounts): BudgetAmounts {
  const hours: Record<string, bigint> = { ...a.acceleratorHours };
  for (const [cls, h] of Object.entries(b.acceleratorHours)) hours[cls] = (ownValue(hours, cls) ?? 0n) + h;
  return { krw: a.krw + b.krw, acceleratorHours: sortedRecord(hours) };
}

/** `a` with every amount negated. */
export function negateAmounts(a: BudgetAmounts): BudgetAmounts {
  return { krw: -a.krw, acceleratorHours: sortedRecord(Object.fromEntries(Object.entries(a.acceleratorHours).map(([c, h]) => [c, -h]))) };
}

/** What is left: budget minus committed, class by class over the budget's classes. */
export function remainingBudget(budget: BudgetAmounts, committed: BudgetAmounts): BudgetAmounts {
  const hours: Record<string, bigint> = {};
  for (const [cls, h] of Object.entries(budget.acceleratorHours)) hours[cls] = h - (ownValue(committed.acceleratorHours, cls) ?? 0n);
  return { krw: budget.krw - committed.krw, acceleratorHours: sortedRecord(hours) };
}

/**
 * Applies a signed delta to the committed amounts. An increase on a line (KRW, or one class's
 * hours) that would end above its budget is refused with PROGRAM_BUDGET_EXCEEDED, every such line
 * named; decreases are always accepted (even when a budget cut left the line above its budget). A
 * class the budget does not fund has a budget of zero. A commitment can never go negative: that is
 * a programming error and throws.
 */
export function commitBudget(budget: BudgetAmounts, committed: BudgetAmounts, delta: BudgetAmounts): RuleResult<BudgetAmounts> {
  const next = addAmounts(committed, delta);
  const violations: ProgramViolation[] = [];
  if (delta.krw > 0n && next.krw > budget.krw) {
    violations.push(
      violation(
        "PROGRAM_BUDGET_EXCEEDED",
        "budget.krw",
        `committing ${formatWonEn(delta.krw)} would take the commitment to ${formatWonEn(next.krw)}, above the budget of ${formatWonEn(budget.krw)}`,
        `${formatWonKo(delta.krw)}을 확정하면 확정액이 ${formatWonKo(next.krw)}이 되어 예산 ${formatWonKo(budget.krw)}을 넘습니다`,
      ),
    );
  }
  for (const [cls, d] of Object.entries(delta.acceleratorHours)) {
    const limit = ownValue(budget.acceleratorHours, cls) ?? 0n;
    const total = ownValue(next.acceleratorHours, cls) ?? 0n;
    if (d > 0n && total > limit) {
      violations.push(
        violation(
          "PROGRAM_BUDGET_EXCEEDED",
          `budget.acceleratorHours.${cls}`,
          `committing ${d} ${cls} accelerator-hours would take the commitment to ${total}, above the budget of ${limit}`,
          `${cls} 가속기 ${d}시간을 확정하면 확정량이 ${total}시간이 되어 예산 ${limit}시간을 넘습니다`,
        ),
      );
    }
  }
  if (next.krw < 0n || Object.values(next.acceleratorHours).some((h) => h < 0n)) {
    throw new RangeError("a budget commitment cannot go below zero");
  }
  return violations.length > 0 ? failAll(violations) : ok(next);
}

/**
 * Whether a revised budget still covers what is committed: every line (KRW, each class's hours,
 * including classes the revision drops) must stay at or above its commitment. Every short line is
 * named with PROGRAM_BUDGET_BELOW_COMMITTED.
 */
export function checkBudgetRevision(revised: BudgetAmounts, committed: BudgetAmounts): RuleResult<BudgetAmounts> {
  const violations: ProgramViolation[] = [];
  if (revised.krw < committed.krw) {
    violations.push(
      violation(
        "PROGRAM_BUDGET_BELOW_COMMITTED",
        "budget.krw",
        `the program has committed ${formatWonEn(committed.krw)}; the budget cannot fall to ${formatWonEn(revised.krw)}`,
        `사업이 이미 ${formatWonKo(committed.krw)}을 확정했으므로 예산을 ${formatWonKo(revised.krw)}으로 줄일 수 없습니다`,
      ),
    );
  }
  for (const [cls, h] of Object.entries(committed.acceleratorHours)) {
    const limit = ownValue(revised.acceleratorHours, cls) ?? 0n;
    if (h > limit) {
      violations.push(
        violation(
          "PROGRAM_BUDGET_BELOW_COMMITTED",
          `budget.acceleratorHours.${cls}`,
          `the program has committed ${h} ${cls} accelerator-hours; the budget cannot fall to ${limit}`,
          `사업이 이미 ${cls} 가속기 ${h}시간을 확정했으므로 예산을 ${limit}시간으로 줄일 수 없습니다`,
        ),
      );
    }
  }
  return violations.length > 0 ? failAll(violations) : ok(revised);
}

/** A record with its keys in code-point order, so equal amounts serialize equally. */
export function sortedRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
