/**
 * The benchmarks' HTTP client: node:http over keep-alive sockets, one per concurrent client. It
 * costs a fraction of fetch's CPU, which matters on a 2-core machine where the load generator
 * shares the cores with the server it measures; bench:submit uses it for the API and slurmrestd alike.
 */
import http from "node:http";

/** A client pool of `sockets` keep-alive connections. */
export function httpClient(sockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    /** POSTs a JSON body; resolves with the status and the response text. */
    post(url, headers, body) {
      return new Promise((resolve, reject) => {
        const payload = Buffer.from(body);
        const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": payload.length } }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
