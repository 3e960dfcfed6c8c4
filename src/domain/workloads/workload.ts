/**
 * A workload as a project submits it: what to run (script, optional container image, environment,
 * dataset references), on what (one accelerator model, or any model of a class), in what shape
 * (accelerators per node x nodes: Slurm's GRES is per node, so every node gets the same count),
 * for how long at most, and at which priority tier.
 */
import { z } from "zod";
import { checkMessage, patternCheck } from "../zod-korean.js";

/** The most a time limit may be: 30 days, Slurm's usual MaxTime on large clusters. */
export const MAX_TIME_LIMIT_MINUTES = 30 * 24 * 60;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Names the platform sets itself; a submission may not override them. */
const RESERVED_ENV = /^(HIGHWAY_|SLURM_)/;

export const WorkloadInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    /** One of `model` (e.g. `h100-sxm`) or `acceleratorClass` (e.g. `hopper`: any of its models). */
    model: z.string().min(1).max(64).optional(),
    acceleratorClass: z.string().min(1).max(32).optional(),
    acceleratorsPerNode: z.number().int().min(1).max(72),
    nodes: z.number().int().min(1).max(4096).default(1),
    timeLimitMinutes: z.number().int().min(1).max(MAX_TIME_LIMIT_MINUTES),
    /** Defaults to the allocation's tier; may not exceed it. */
    priorityTier: z.number().int().min(0).max(9).optional(),
    /** Preemptible work may be stopped (with a grace period) for non-preemptible work of its tier or higher. */
    preemptible: z.boolean().default(false),
    script: z
      .string()
      .min(3)
      .max(64 * 1024)
      .refine((s) => s.startsWith("#!"), checkMessage("must start with #! (a shebang line)", "#!(셔뱅 줄)로 시작해야 합니다")),
    image: z.string().min(1).max(512).optional(),
    environment: z
      .record(z.string().check(patternCheck(ENV_NAME, "must be a shell variable name", "셸 변수 이름이어야 합니다")).refine((n) => !RESERVED_ENV.test(n), checkMessage("HIGHWAY_ and SLURM_ variables are set by the platform", "HIGHWAY_, SLURM_ 변수는 플랫폼이 설정합니다")), z.string().max(4096))
      .refine((env) => Object.keys(env).length <= 100, checkMessage("at most 100 variables", "변수는 100개까지만 지정할 수 있습니다"))
      .default({}),
    /** Dataset ids; stored now, enforced by the data platform. */
    datasets: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** For simulated clusters and demos only: how long the job runs. */
    expectedDurationSeconds: z.number().int().min(0).max(MAX_TIME_LIMIT_MINUTES * 60).optional(),
  })
  .superRefine((w, ctx) => {
    if ((w.model === undefined) === (w.acceleratorClass === undefined)) {
      ctx.addIssue({ code: "custom", path: ["model"], ...checkMessage("give exactly one of model and acceleratorClass", "model과 acceleratorClass 중 정확히 하나를 지정하십시오") });
    }
  });
export type WorkloadInput = z.input<typeof WorkloadInput>;
export type WorkloadRequest = z.output<typeof WorkloadInput>;

/** What a workload runs; kept with it and handed to the cluster. */
export interface WorkloadSpec {
  readonly script: string;
  readonly image: string | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly datasets: readonly string[];
  readonly expectedDurationSeconds: number | null;
}

export function specOf(request: WorkloadRequest): WorkloadSpec {
  return {
    script: request.script,
    image: request.image ?? null,
    environment: request.environment,
    datasets: request.datasets,
    expectedDurationSeconds: request.expectedDurationSeconds ?? null,
  };
}

/**
 * The Slurm account of a project: `hw-` and the random tail of its UUIDv7 (the head is a timestamp,
 * shared by projects created in the same millisecond). Slurm account names are short and lowercase.
 */
export function slurmAccountOf(projectId: string): string {
  return `hw-${projectId.replaceAll("-", "").slice(-12).toLowerCase()}`;
}
