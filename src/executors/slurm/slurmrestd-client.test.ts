import { describe, expect, it } from "vitest";
import { SlurmError } from "./slurm-error.js";
import { SlurmrestdClient } from "./slurmrestd-client.js";

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that records the request and answers with `status` and `body`. */
function fakeFetch(status: number, body: string, seen: Seen[] = []): typeof fetch {
  return (async (url: URL | string | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return new Response(body, { status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
}

describe("SlurmrestdClient", () => {
  it("sends the token and the user Slurm acts as, the query and the JSON body", async () => {
    const seen: Seen[] = [];
    let n = 0;
    const client = new SlurmrestdClient({ baseUrl: "http://slurm:6820/", token: () => `tok${++n}`, fetch: fakeFetch(200, '{"errors":[],"job_id":5}', seen) });
    expect(await client.send({ method: "POST", path: "/slurm/v0.0.38/job/submit", body: { a: 1 } }, "hwtest1")).toEqual({ errors: [], job_id: 5 });
    await client.send({ method: "DELETE", path: "/slurm/v0.0.38/job/5", query: { signal: "SIGTERM" } }, "root");
    expect(seen[0]?.url).toBe("http://slurm:6820/slurm/v0.0.38/job/submit");
    expect(seen[0]?.init.headers).toMatchObject({ "X-SLURM-USER-NAME": "hwtest1", "X-SLURM-USER-TOKEN": "tok1", "Content-Type": "application/json" });
    expect(seen[0]?.init.body).toBe('{"a":1}');
    expect(seen[1]?.url).toBe("http://slurm:6820/slurm/v0.0.38/job/5?signal=SIGTERM");
    // The token is read per request, so a rotated one is picked up.
    expect(seen[1]?.init.headers).toMatchObject({ "X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": "tok2" });
    expect(seen[1]?.init.body).toBeUndefined();
  });

  it("turns Slurm's errors into a SlurmError with the HTTP status, even on 200", async () => {
    const body = JSON.stringify({ errors: [{ description: "unable to kill JobId=9", error_number: 2017, error: "Invalid job id specified", source: "slurm_kill_job" }] });
    for (const status of [200, 500]) {
      const client = new SlurmrestdClient({ baseUrl: "http://slurm", token: "t", fetch: fakeFetch(status, body) });
      const err = await client.send({ method: "DELETE", path: "/slurm/v0.0.38/job/9" }, "root").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SlurmError);
      expect(err).toMatchObject({ failure: "refused", httpStatus: status, operation: "DELETE /slurm/v0.0.38/job/9", code: "SERVICE_UNAVAILABLE" });
      expect((err as SlurmError).has(2017)).toBe(true);
      expect((err as SlurmError).transient).toBe(false);
      expect((err as SlurmError).message).toContain("unable to kill JobId=9");
    }
  });

  it("reads error_code where a parser error has no error_number", async () => {
    const client = new SlurmrestdClient({ baseUrl: "http://slurm", token: "t", fetch: fakeFetch(500, '{"errors":[{"error_code":9001,"error":"Failure during parsing"}]}') });
    const err = (await client.send({ method: "POST", path: "/x", body: {} }, "u").catch((e: unknown) => e)) as SlurmError;
    expect(err.slurmErrors).toEqual([{ errorNumber: 9001, error: "Failure during parsing", description: null }]);
  });

  it("calls a non-JSON answer malformed", async () => {
    const client = new SlurmrestdClient({ baseUrl: "http://slurm", token: "t", fetch: fakeFetch(502, "<html>bad gateway</html>") });
    await expect(client.send({ method: "GET", path: "/slurm/v0.0.38/nodes" }, "root")).rejects.toMatchObject({ failure: "malformed", httpStatus: 502 });
  });

  it("gives up after its timeout, and says so", async () => {
    const hanging = ((_url: URL | string | Request, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)))) as typeof fetch;
    const client = new SlurmrestdClient({ baseUrl: "http://slurm", token: "t", timeoutMs: 50, fetch: hanging });
    const err = (await client.send({ method: "GET", path: "/slurm/v0.0.38/jobs" }, "root").catch((e: unknown) => e)) as SlurmError;
    expect(err).toBeInstanceOf(SlurmError);
    expect(err.failure).toBe("timeout");
    expect(err.transient).toBe(true);
    expect(err.httpStatus).toBeNull();
  });

  it("calls a refused connection unreachable", async () => {
    const refusing = (async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    }) as typeof fetch;
    const client = new SlurmrestdClient({ baseUrl: "http://slurm", token: "t", fetch: refusing });
    await expect(client.send({ method: "GET", path: "/p" }, "root")).rejects.toMatchObject({ failure: "unreachable", httpStatus: null });
  });
});
