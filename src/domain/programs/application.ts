/**
 * What an applicant sends: a title and summary, the team, the requested resources and period, and
 * attachment metadata (the files themselves live in object storage; here only their names, types,
 * sizes and digests). The request is checked against the round's limits and the program's
 * eligibility at submission, not at drafting.
 */
import { z } from "zod";
import { NonNegativeBigIntInput } from "../money.js";
import { checkMessage } from "../zod-korean.js";
import { AcceleratorClassInput } from "./program.js";
import { SeoulTimeInput, type ApplicationRequest } from "./round.js";

/** Roles in a project team, as the award will create them. */
export const PROJECT_ROLES = ["pi", "manager", "member"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** One requested accelerator class. */
export const RequestedGrantInput = z.strictObject({
  acceleratorClass: AcceleratorClassInput,
  acceleratorHours: NonNegativeBigIntInput.refine((h) => h > 0n, checkMessage("must be positive", "0보다 커야 합니다")),
  maxConcurrent: z.number().int().min(1).max(100_000),
});

/** The shape a client sends to create or update a draft application. */
export const ApplicationInput = z
  .strictObject({
    title: z.string().trim().min(1).max(300),
    summary: z.string().trim().max(10_000).default(""),
    team: z
      .array(z.strictObject({ email: z.email().max(320), role: z.enum(PROJECT_ROLES) }))
      .min(1)
      .max(200)
      .refine((team) => team.filter((m) => m.role === "pi").length === 1, checkMessage("the team has exactly one pi", "팀에는 pi가 정확히 한 명 있어야 합니다"))
      .refine((team) => new Set(team.map((m) => m.email.toLowerCase())).size === team.length, checkMessage("each member appears once", "구성원은 한 번씩만 나와야 합니다")),
    request: z.strictObject({
      grants: z
        .array(RequestedGrantInput)
        .min(1)
        .max(10)
        .refine((g) => new Set(g.map((x) => x.acceleratorClass)).size === g.length, checkMessage("each class appears once", "가속기 클래스는 한 번씩만 나와야 합니다")),
      startsAt: SeoulTimeInput,
      endsAt: SeoulTimeInput,
    }),
    attachments: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(255),
          mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i).max(100),
          sizeBytes: z.number().int().min(0).max(100 * 1024 * 1024),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      )
      .max(20)
      .default([]),
  })
  .refine((a) => Date.parse(a.request.endsAt) > Date.parse(a.request.startsAt), {
    ...checkMessage("the period must end after it starts", "기간은 시작한 뒤에 끝나야 합니다"),
    path: ["request", "endsAt"],
  });
export type ApplicationInput = z.input<typeof ApplicationInput>;
export type ApplicationSettings = z.output<typeof ApplicationInput>;

/** Requested hours per class, as eligibility and the concentration cap read them. */
export function requestedHoursByClass(request: ApplicationRequest): Record<string, bigint> {
  return Object.fromEntries(request.grants.map((g) => [g.acceleratorClass, g.acceleratorHours]));
}
