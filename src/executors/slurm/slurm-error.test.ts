import { describe, expect, it } from "vitest";
import { localizeError } from "../../domain/localized-error.js";
import { SlurmError } from "./slurm-error.js";

describe("SlurmError", () => {
  it("frames Slurm's refusal in Korean and quotes Slurm's own words as they are", () => {
    const error = new SlurmError({
      failure: "refused",
      operation: "POST /slurm/v0.0.38/job/submit",
      httpStatus: 500,
      slurmErrors: [{ errorNumber: 2017, error: "Invalid job id specified", description: null }],
    });
    expect(localizeError(error, "ko").detail).toBe("slurmrestd POST /slurm/v0.0.38/job/submit: 요청 거부 (HTTP 500): Invalid job id specified");
    expect(localizeError(error, "en").detail).toBe("slurmrestd POST /slurm/v0.0.38/job/submit: refused (HTTP 500): Invalid job id specified");
  });

  it("keeps a detail the caller wrote in both languages", () => {
    const error = new SlurmError({ failure: "timeout", operation: "GET /slurm/v0.0.38/ping", detail: "no answer", detailKo: "응답 없음" });
    expect(localizeError(error, "ko").detail).toBe("응답 없음");
  });
});
