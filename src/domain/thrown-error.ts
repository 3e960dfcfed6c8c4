/** For tests: the HighwayError a call throws, so that its code, detail and violations can be read. */
import { HighwayError } from "./errors.js";

/** Runs `run` and returns the HighwayError it throws; fails when it throws none (or something else). */
export function thrownHighwayError(run: () => unknown): HighwayError {
  try {
    run();
  } catch (error) {
    if (error instanceof HighwayError) return error;
    throw new Error(`expected a HighwayError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a HighwayError, but nothing was thrown");
}
