/**
 * Account synchronisation shared by the adapters: checking the platform's desired accounts, and the
 * plan that turns a cluster's accounts under the platform's parent into them. Pure: the adapter
 * reads its cluster's state, asks for a plan, and applies it.
 */
import { HighwayError, type Violation } from "../domain/errors.js";
import { withParticle } from "../domain/korean-particles.js";
import { violationsDetail } from "../domain/validation.js";
import type { AccountLimitChange, AccountMember, AccountSpec } from "./cluster-executor.js";

/** A Slurm account name as the platform writes it (Slurm lower-cases account names). */
export const ACCOUNT_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
/** A Linux user name. */
export const USER_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;
/** A GRES type name. */
export const GRES_TYPE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** One account of the cluster as an adapter reads it. */
export interface ClusterAccount {
  readonly name: string;
  /** Its parent account; null for the root. */
  readonly parent: string | null;
  readonly gpuMinutes: Readonly<Record<string, number>>;
  readonly users: readonly string[];
}

/** What to change, in the order to apply it. */
export interface AccountSyncPlan {
  readonly createParent: boolean;
  readonly create: readonly AccountSpec[];
  readonly setLimits: readonly AccountLimitChange[];
  readonly addUsers: readonly AccountMember[];
  readonly removeUsers: readonly AccountMember[];
  readonly notDesired: readonly string[];
}

/** Checks desired accounts; throws VALIDATION_FAILED naming every bad field (`accounts.<i>.<field>`). */
export function checkAccountSpecs(desired: readonly AccountSpec[], parent: string): void {
  const v: Violation[] = [];
  const seen = new Set<string>();
  desired.forEach((a, i) => {
    const at = `accounts.${i}`;
    if (typeof a.name !== "string" || !ACCOUNT_NAME_PATTERN.test(a.name)) {
      v.push({
        field: `${at}.name`,
        rule: "slurm_account_name",
        message: `${JSON.stringify(a.name)} is not a lower-case Slurm account name`,
        messageKo: `${JSON.stringify(a.name)}은(는) 소문자 Slurm 계정 이름이 아닙니다`,
      });
    } else if (a.name === parent || a.name === "root") {
      v.push({ field: `${at}.name`, rule: "slurm_account_reserved", message: `${a.name} is the parent or root account`, messageKo: `${withParticle(a.name, "은/는")} 상위 계정 또는 root 계정입니다` });
    } else if (seen.has(a.name)) {
      v.push({ field: `${at}.name`, rule: "slurm_account_duplicate", message: `${a.name} appears twice`, messageKo: `${withParticle(a.name, "이/가")} 두 번 나옵니다` });
    }
    seen.add(a.name);
    if (typeof a.description !== "string" || a.description.length < 1 || a.description.length > 200 || /[\p{Cc}]/u.test(a.description)) {
      v.push({ field: `${at}.description`, rule: "slurm_account_description", message: "must be 1 to 200 characters without control characters", messageKo: "제어 문자 없이 1~200자여야 합니다" });
    }
    const users = new Set<string>();
    (Array.isArray(a.users) ? a.users : []).forEach((u, j) => {
      if (typeof u !== "string" || !USER_NAME_PATTERN.test(u) || u === "root") {
        v.push({
          field: `${at}.users.${j}`,
          rule: "slurm_user_name",
          message: `${JSON.stringify(u)} is not a Linux user name jobs may run as (never root)`,
          messageKo: `${JSON.stringify(u)}은(는) 작업을 실행할 수 있는 Linux 사용자 이름이 아닙니다(root는 허용되지 않습니다)`,
        });
      } else if (users.has(u)) {
        v.push({ field: `${at}.users.${j}`, rule: "slurm_user_duplicate", message: `${u} appears twice`, messageKo: `${withParticle(u, "이/가")} 두 번 나옵니다` });
      }
      users.add(String(u));
    });
    if (!Array.isArray(a.users)) v.push({ field: `${at}.users`, rule: "required", message: "must be a list of user names", messageKo: "사용자 이름의 목록이어야 합니다" });
    for (const [type, minutes] of Object.entries(a.gpuMinutes ?? {})) {
      if (!GRES_TYPE_NAME_PATTERN.test(type)) v.push({ field: `${at}.gpuMinutes.${type}`, rule: "slurm_gres_type", message: `${type} is not a GRES type name`, messageKo: `${withParticle(type, "은/는")} GRES 유형 이름이 아닙니다` });
      if (!Number.isSafeInteger(minutes) || minutes < 0) {
        v.push({
          field: `${at}.gpuMinutes.${type}`,
          rule: "slurm_gpu_minutes",
          message: `${minutes} is not a non-negative integer number of GPU minutes`,
          messageKo: `${withParticle(String(minutes), "은/는")} 0 이상의 정수(GPU 분)가 아닙니다`,
        });
      }
    }
  });
  if (v.length > 0) throw new HighwayError("VALIDATION_FAILED", { ...violationsDetail(v), violations: v });
}

/**
 * The plan that makes the accounts under `parent` exactly `desired`. Throws VALIDATION_FAILED
 * (`slurm_account_outside_parent`) when a desired account exists elsewhere in the tree: it belongs
 * to someone else and is never touched.
 */
export function planAccountSync(parent: string, current: readonly ClusterAccount[], desired: readonly AccountSpec[]): AccountSyncPlan {
  checkAccountSpecs(desired, parent);
  const byName = new Map(current.map((a) => [a.name, a]));
  const outside: Violation[] = [];
  desired.forEach((d, i) => {
    const have = byName.get(d.name);
    if (have && have.parent !== parent) {
      outside.push({
        field: `accounts.${i}.name`,
        rule: "slurm_account_outside_parent",
        message: `account ${d.name} exists under ${have.parent ?? "no parent"}, not ${parent}`,
        messageKo: `계정 ${withParticle(d.name, "이/가")} ${parent} 아래가 아니라 ${have.parent === null ? "상위 계정 없이" : `${have.parent} 아래에`} 있습니다`,
      });
    }
  });
  if (outside.length > 0) throw new HighwayError("VALIDATION_FAILED", { ...violationsDetail(outside), violations: outside });

  const create: AccountSpec[] = [];
  const setLimits: AccountLimitChange[] = [];
  const addUsers: AccountMember[] = [];
  const removeUsers: AccountMember[] = [];
  for (const d of desired) {
    const have = byName.get(d.name);
    const after = sortedLimits(d.gpuMinutes);
    if (!have) {
      create.push(d);
    } else if (!sameLimits(have.gpuMinutes, after)) {
      setLimits.push({ account: d.name, before: sortedLimits(have.gpuMinutes), after });
    }
    const members = new Set(have?.users ?? []);
    for (const user of [...d.users].sort()) if (!members.has(user)) addUsers.push({ account: d.name, user });
    const wanted = new Set(d.users);
    for (const user of [...members].sort()) if (!wanted.has(user)) removeUsers.push({ account: d.name, user });
  }
  const named = new Set(desired.map((d) => d.name));
  const notDesired = current.filter((a) => a.parent === parent && !named.has(a.name)).map((a) => a.name).sort();
  return { createParent: !byName.has(parent), create, setLimits, addUsers, removeUsers, notDesired };
}

/** Limits as `gres/gpu:h100=600,...`, in type order; `(none)` when empty. */
export function formatLimits(limits: Readonly<Record<string, number>>): string {
  const entries = Object.entries(sortedLimits(limits));
  return entries.length === 0 ? "(none)" : entries.map(([t, m]) => `gres/gpu:${t}=${m}`).join(",");
}

function sortedLimits(limits: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(limits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameLimits(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}
