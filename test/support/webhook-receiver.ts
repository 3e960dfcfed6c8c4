/**
 * A webhook receiver on 127.0.0.1 and a free port, behaving as a careful receiver should: it checks
 * the signature, and it processes each event once, keeping a dedupe set of event ids. A test sets
 * how it answers the next requests: a status (500s), "hang" (never answers, so the sender times
 * out) or "ok".
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../src/domain/clock.js";
import { verifyWebhookSignature } from "../../src/services/notifications/webhook-signature.js";

/** How the receiver answers one request. */
export type Behaviour = "ok" | "hang" | number;

/** One request as received. */
export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly eventId: string;
  readonly signatureOk: boolean;
}

/** A running receiver. */
export interface WebhookReceiver {
  readonly url: string;
  /** Every request, answered or not. */
  readonly requests: ReceivedHook[];
  /** Event ids processed (answered 2xx with a valid signature), each once. */
  readonly processed: Set<string>;
  /** How often a request for an already processed event came in. */
  duplicates: number;
  /** Sets the answers of the next requests, in order; after the script runs out, "ok". */
  script(...behaviours: Behaviour[]): void;
  /** Called on each request before answering (e.g. to simulate a crash of the sender). */
  onRequest?: (hook: ReceivedHook) => void;
  close(): Promise<void>;
}

/** Starts a receiver verifying signatures with `secret()` (known only after registration) against the clock. */
export async function startWebhookReceiver(secret: () => string, clock: Clock): Promise<WebhookReceiver> {
  const queue: Behaviour[] = [];
  const receiver: WebhookReceiver = {
    url: "",
    requests: [],
    processed: new Set(),
    duplicates: 0,
    script: (...behaviours) => {
      queue.length = 0;
      queue.push(...behaviours);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = request.headers["x-highway-signature"];
      const check = verifyWebhookSignature({ secret: secret(), header: Array.isArray(header) ? header[0] : header, body, now: clock.now() });
      const eventId = (JSON.parse(body) as { id: string }).id;
      const hook: ReceivedHook = { headers: request.headers, body, eventId, signatureOk: check.ok };
      receiver.requests.push(hook);
      receiver.onRequest?.(hook);
      const behaviour = queue.shift() ?? "ok";
      if (behaviour === "hang") return;
      if (behaviour !== "ok") {
        response.writeHead(behaviour).end();
        return;
      }
      if (!check.ok) {
        response.writeHead(401).end();
        return;
      }
      if (receiver.processed.has(eventId)) receiver.duplicates++;
      receiver.processed.add(eventId);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  (receiver as { url: string }).url = `http://127.0.0.1:${port}/hooks`;
  return receiver;
}
