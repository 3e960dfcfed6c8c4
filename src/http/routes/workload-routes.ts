/** Routes for workloads: submit to a project, list, show with history, output, cancel. */
import { z } from "zod";
import { LIFECYCLE_CLAUSE_KEYS, WORKLOAD_STATES, WorkloadInput, type LifecycleClauseKey } from "../../domain/workloads/index.js";
import { WAIT_CLAUSE_KEYS } from "../../scheduler/index.js";
import type { WaitClauseKey } from "../../scheduler/index.js";
import { WorkloadListQuery } from "../../services/workloads/workload-service.js";
import { route, type RouteSpec } from "../route.js";
import { Id, Instant, pageOf } from "../schemas.js";

const Seconds = z.string().regex(/^-?[0-9]+$/).describe("accelerator-seconds, as a decimal string");

const WaitClause = z
  .object({
    key: z.enum(WAIT_CLAUSE_KEYS as [WaitClauseKey, ...WaitClauseKey[]]).describe("Stable key of the fact; new keys may be added, none is renamed"),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .describe("The fact's figures: accelerator counts, names (project, class, model, cluster, workload), durations in whole seconds (names ending in Seconds); target null means any GPU"),
  })
  .describe("One fact of a waiting reason");

const LifecycleClause = z
  .object({
    key: z.enum(LIFECYCLE_CLAUSE_KEYS as [LifecycleClauseKey, ...LifecycleClauseKey[]]).describe("Stable key of the fact; new keys may be added, none is renamed"),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
      .describe("The fact's figures: cluster, model, node and job names, counts, seconds and minutes, exit codes; clusterReason is the cluster's own words (null: none given)"),
  })
  .describe("One fact of a lifecycle reason (submitted, placed, running, preempting, cancelled, how a run ended or was requeued)");

const LifecycleClauses = z
  .array(LifecycleClause)
  .nullable()
  .describe("The reason as facts when it is not a waiting reason, in order (e.g. node-failure then gave-up); null while waiting, and for reasons written before facts were kept");

const ReasonText = z
  .object({ ko: z.string().describe("Korean"), en: z.string().describe("English: reason, with the names below in place of ids") })
  .nullable()
  .describe(
    "The reason in Korean and English, rendered from waitClauses or lifecycleClauses with the workload's own project named by its title, programs (cohorts) by their names and workloads of its organization by their names where reason has their ids (another tenant's project or workload stays an id); null when it exists in English only (written before facts were kept)",
  );

export const WorkloadView = z.object({
  id: Id,
  projectId: Id,
  organizationId: Id,
  name: z.string(),
  acceleratorClass: z.string(),
  model: z.string().nullable(),
  acceleratorsPerNode: z.number().int(),
  nodes: z.number().int(),
  accelerators: z.number().int(),
  timeLimitMinutes: z.number().int(),
  priorityTier: z.number().int(),
  preemptible: z.boolean(),
  state: z.enum(WORKLOAD_STATES),
  reason: z.string().nullable().describe("Why it waits, where it runs, or how it ended, in English words a person reads (reasonText has Korean)"),
  waitCode: z.string().nullable().describe("The scheduler's stable code while queued (quota, capacity, topology, ...)"),
  reasonText: ReasonText,
  waitClauses: z
    .array(WaitClause)
    .nullable()
    .describe("While queued: the waiting reason as facts, in order (e.g. capacity-cluster then reserved), for programs that render or act on it themselves"),
  lifecycleClauses: LifecycleClauses,
  attempt: z.number().int(),
  runId: z.string().nullable().describe("<workload>.<attempt>: the current run, one cluster job"),
  cluster: z.string().nullable(),
  placedModel: z.string().nullable(),
  nodeNames: z.array(z.string()),
  jobId: z.string().nullable(),
  linuxUser: z.string(),
  submittedAt: Instant,
  dispatchedAt: Instant.nullable(),
  startedAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  exitCode: z.number().int().nullable(),
  cancelRequested: z.boolean(),
  reservedAcceleratorSeconds: Seconds,
  meteredAcceleratorSeconds: Seconds,
  spec: z.object({
    script: z.string(),
    image: z.string().nullable(),
    environment: z.record(z.string(), z.string()),
    datasets: z.array(z.string()),
    expectedDurationSeconds: z.number().int().nullable(),
  }),
});

const WorkloadDetail = WorkloadView.extend({
  events: z.array(
    z.object({
      at: Instant,
      state: z.string(),
      attempt: z.number().int(),
      reason: z.string().nullable().describe("What happened, in English"),
      reasonText: ReasonText,
      lifecycleClauses: LifecycleClauses,
      actor: z.string(),
    }),
  ),
});

const ProjectParams = z.strictObject({ projectId: Id });
const WorkloadParams = z.strictObject({ workloadId: z.string().max(100) });

export const workloadRoutes: RouteSpec[] = [
  route({
    method: "POST",
    url: "/api/v1/projects/:projectId/workloads",
    operationId: "submitWorkload",
    summary: "Submit a workload to a project; time limit x accelerators is reserved against the allocation",
    tag: "workloads",
    auth: "person",
    creates: true,
    params: ProjectParams,
    body: WorkloadInput,
    bodyParsedByService: true,
    example: {
      name: "llm-finetune",
      model: "h100-sxm",
      acceleratorsPerNode: 8,
      nodes: 2,
      timeLimitMinutes: 240,
      script: "#!/bin/bash\nsrun python train.py --config ko-llm.yaml\n",
      environment: { OMP_NUM_THREADS: "8" },
    },
    response: WorkloadView,
    handler: ({ services, actor, params, body, idempotencyKey }) => services.workloads.submit(actor, params.projectId, body, { idempotencyKey }),
  }),
  route({
    method: "GET",
    url: "/api/v1/workloads",
    operationId: "listWorkloads",
    summary: "Workloads you can see, filtered by project, organization or state",
    tag: "workloads",
    auth: "person",
    query: WorkloadListQuery,
    response: pageOf(WorkloadView),
    handler: ({ services, actor, query }) => services.workloads.list(actor, query),
  }),
  route({
    method: "GET",
    url: "/api/v1/workloads/:workloadId",
    operationId: "getWorkload",
    summary: "A workload with its state history",
    tag: "workloads",
    auth: "person",
    params: WorkloadParams,
    response: WorkloadDetail,
    handler: ({ services, actor, params }) => services.workloads.get(actor, params.workloadId),
  }),
  route({
    method: "GET",
    url: "/api/v1/workloads/:workloadId/output",
    operationId: "getWorkloadOutput",
    summary: "What the workload's current or last run printed (stdout and stderr)",
    tag: "workloads",
    auth: "person",
    params: WorkloadParams,
    response: z.object({ runId: z.string().nullable(), stdout: z.string(), stderr: z.string(), truncated: z.boolean() }),
    handler: ({ services, actor, params }) => services.workloads.output(actor, params.workloadId),
  }),
  route({
    method: "POST",
    url: "/api/v1/workloads/:workloadId/cancel",
    operationId: "cancelWorkload",
    summary: "Cancel a workload: a queued one ends at once, a running one is stopped on its cluster",
    tag: "workloads",
    auth: "person",
    params: WorkloadParams,
    response: WorkloadView,
    handler: ({ services, actor, params }) => services.workloads.cancel(actor, params.workloadId),
  }),
];
