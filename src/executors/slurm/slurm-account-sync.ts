/**
 * `syncAccounts` on Slurm: reads the cluster's associations and users from slurmdbd through
 * slurmrestd, plans with `planAccountSync`, and applies the plan over dbv0.0.38 — except changing
 * an existing account's limits, which 22.05's slurmrestd cannot do and goes through sacctmgr.
 */
import { HighwayError } from "../../domain/errors.js";
import { withParticle } from "../../domain/korean-particles.js";
import { formatLimits, planAccountSync, type ClusterAccount } from "../account-sync.js";
import type { AccountSpec, AccountSyncReport } from "../cluster-executor.js";
import { modifyAccountLimitsArgs, runSacctmgr, type SacctmgrRunner } from "./account-admin.js";
import type { SlurmApiVersion } from "./slurm-api-version.js";
import { SlurmError } from "./slurm-error.js";
import type { HttpCall, SlurmTransport } from "./slurmrestd-client.js";

/** What the sync needs of its executor. */
export interface SlurmAccountSyncContext {
  readonly transport: SlurmTransport;
  readonly api: SlurmApiVersion;
  /** The token's user; Slurm must know it as an administrator (the SlurmUser is). */
  readonly serviceUser: string;
  /** Slurm's ClusterName. */
  readonly cluster: string;
  /** The platform's parent account. */
  readonly parent: string;
  readonly sacctmgr: SacctmgrRunner | null;
}

/** Makes the accounts under the parent exactly `desired`; see ClusterExecutor.syncAccounts. */
export async function syncSlurmAccounts(ctx: SlurmAccountSyncContext, desired: readonly AccountSpec[]): Promise<AccountSyncReport> {
  const { api, cluster, parent } = ctx;
  const send = (call: HttpCall): Promise<unknown> => ctx.transport.send(call, ctx.serviceUser);
  const [current, users] = await Promise.all([readAccounts(ctx), readOrEmpty(ctx, api.listUsers(), (b) => api.readUsers(b))]);
  const plan = planAccountSync(parent, current, desired);

  const needsSacctmgr = plan.setLimits.length > 0 && api.setAccountLimits(cluster, plan.setLimits[0]!.account, {}) === null;
  if (needsSacctmgr && ctx.sacctmgr === null) {
    // Refuse before changing anything: a half-applied sync would hide the drift it could not repair.
    throw new HighwayError("SERVICE_UNAVAILABLE", {
      detail: `cluster ${cluster}: limits of ${plan.setLimits.map((c) => c.account).join(", ")} differ, and slurmrestd ${api.name} cannot change an existing account's limits; configure sacctmgr`,
      detailKo: `클러스터 ${cluster}: 계정 ${plan.setLimits.map((c) => c.account).join(", ")}의 한도가 다르지만 slurmrestd ${api.name} API는 기존 계정의 한도를 바꿀 수 없습니다. sacctmgr를 설정하십시오`,
      field: "sacctmgr",
      rule: "slurm_account_limits_need_sacctmgr",
    });
  }

  const repairs: string[] = [];
  if (plan.createParent) {
    await send(api.addAccounts([{ name: parent, description: "AI Highway projects", organization: parent }]));
    await send(api.addAccountAssociation(cluster, parent, "root", {}));
    repairs.push(`created parent account ${parent} under root`);
  }
  if (plan.create.length > 0) {
    await send(api.addAccounts(plan.create.map((a) => ({ name: a.name, description: a.description, organization: parent }))));
    for (const a of plan.create) {
      await send(api.addAccountAssociation(cluster, a.name, parent, a.gpuMinutes));
      repairs.push(`created account ${a.name} under ${parent} with GrpTRESMins ${formatLimits(a.gpuMinutes)}`);
    }
  }
  for (const change of plan.setLimits) {
    const clear = Object.keys(change.before).filter((t) => !Object.hasOwn(change.after, t));
    const call = api.setAccountLimits(cluster, change.account, change.after);
    if (call) await send(call);
    else await runSacctmgr(ctx.sacctmgr!, modifyAccountLimitsArgs(cluster, change.account, change.after, clear));
    repairs.push(`set GrpTRESMins of ${change.account} to ${formatLimits(change.after)} (was ${formatLimits(change.before)})`);
  }
  if (plan.addUsers.length > 0) {
    const known = new Set(users);
    const missing = [...new Set(plan.addUsers.map((m) => m.user))].filter((u) => !known.has(u)).sort();
    if (missing.length > 0) {
      await send(api.addUsers(missing));
      repairs.push(`created Slurm users ${missing.join(", ")}`);
    }
    await send(api.addUserAssociations(cluster, plan.addUsers));
    for (const m of plan.addUsers) repairs.push(`added ${m.user} to ${m.account}`);
  }
  for (const m of plan.removeUsers) {
    await send(api.removeUserAssociation(cluster, m.account, m.user));
    repairs.push(`removed ${m.user} from ${m.account}`);
  }
  if (repairs.length > 0) {
    // slurmdbd answers some changes with success and does not make them (see README.md): read back.
    const after = planAccountSync(parent, await readAccounts(ctx), desired);
    const left = [...after.create.map((a) => `${a.name} missing`), ...after.setLimits.map((c) => `${c.account} has ${formatLimits(c.before)}`), ...after.addUsers.map((m) => `${m.user} not in ${m.account}`), ...after.removeUsers.map((m) => `${m.user} still in ${m.account}`)];
    const leftKo = [
      ...after.create.map((a) => `${withParticle(a.name, "이/가")} 없음`),
      ...after.setLimits.map((c) => `${c.account}의 한도 ${formatLimits(c.before)}`),
      ...after.addUsers.map((m) => `${withParticle(m.user, "이/가")} ${m.account}에 없음`),
      ...after.removeUsers.map((m) => `${withParticle(m.user, "이/가")} 아직 ${m.account}에 있음`),
    ];
    if (left.length > 0) {
      throw new HighwayError("SERVICE_UNAVAILABLE", {
        detail: `cluster ${cluster}: Slurm accepted the account changes but does not show them: ${left.join("; ")}`,
        detailKo: `클러스터 ${cluster}: Slurm이 계정 변경을 받아들였지만 반영되지 않았습니다: ${leftKo.join("; ")}`,
        field: "accounts",
        rule: "slurm_account_sync_not_applied",
      });
    }
  }
  return {
    created: plan.create.map((a) => a.name),
    updated: plan.setLimits,
    usersAdded: plan.addUsers,
    usersRemoved: plan.removeUsers,
    notDesired: plan.notDesired,
    repairs,
  };
}

/** The cluster's accounts (own associations) with their members. */
async function readAccounts(ctx: SlurmAccountSyncContext): Promise<ClusterAccount[]> {
  const associations = await readOrEmpty(ctx, ctx.api.listAssociations(ctx.cluster), (b) => ctx.api.readAssociations(b));
  const accounts = new Map<string, { parent: string | null; gpuMinutes: Readonly<Record<string, number>>; users: string[] }>();
  for (const a of associations) if (a.user === null) accounts.set(a.account, { parent: a.parentAccount, gpuMinutes: a.gpuMinutes, users: [] });
  for (const a of associations) if (a.user !== null) accounts.get(a.account)?.users.push(a.user);
  return [...accounts].map(([name, a]) => ({ name, ...a }));
}

/** A list call whose empty answer 22.05 phrases as an error ("Nothing found"). */
async function readOrEmpty<T>(ctx: SlurmAccountSyncContext, call: HttpCall, read: (body: unknown) => T[]): Promise<T[]> {
  let body: unknown;
  try {
    body = await ctx.transport.send(call, ctx.serviceUser);
  } catch (error) {
    if (error instanceof SlurmError && error.failure === "refused" && ctx.api.isEmptyAccountingAnswer(error.slurmErrors)) return [];
    throw error;
  }
  try {
    return read(body);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const operation = `${call.method} ${call.path}`;
    throw new SlurmError({ failure: "malformed", operation, detail: error.message, detailKo: `slurmrestd ${operation}: 응답을 읽을 수 없습니다: ${error.message}`, cause: error });
  }
}
