/**
 * The fake AWS on a local HTTP endpoint, for what only a real socket shows: the SDK's standard endpoint
 * configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, a profile's endpoint_url) pointed at it,
 * as a person points the tool at LocalStack. Same answers as the in-process handler.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { answer, readBody, type WireDispatcher } from './fake-http-handler';

export interface FakeEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function serveFake(dispatcher: WireDispatcher): Promise<FakeEndpoint> {
  let counter = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const out = await answer(dispatcher, { method: req.method ?? 'GET', hostname: (req.headers.host ?? '').split(':')[0], path: url.pathname, query, headers, body: await readBody(req) }, `fake-http-${++counter}`);
      res.writeHead(out.statusCode, out.headers);
      res.end(req.method === 'HEAD' ? undefined : out.body);
    })().catch((e: unknown) => {
      // A lost answer: the connection drops, as it would in the wild.
      if ((e as Error).name === 'LostAnswer') {
        req.socket.destroy();
        return;
      }
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
