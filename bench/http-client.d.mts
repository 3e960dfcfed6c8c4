/** Types of bench/http-client.mjs (plain JavaScript so that the clients' worker thread can load it). */
export interface HttpClient {
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }>;
  close(): void;
}
export function httpClient(sockets: number): HttpClient;
