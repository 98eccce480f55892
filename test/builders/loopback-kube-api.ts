import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClusterApi } from '../../src/adapters/kube/kube-cluster-api.js';
import { KubeHttp } from '../../src/adapters/kube/kube-http.js';

// The kube adapter against a loopback HTTP server whose answers the test gives: what the adapter
// sends, and what it makes of an API server's answers, without an API server. No request times
// out here, however slow the machine: timeouts are kube-http.test.ts's subject.

/** The status and body (JSON, or a string sent as it is, such as a watch stream) for a request. */
export type LoopbackAnswer = (req: IncomingMessage, body: string) => [number, unknown];

export interface LoopbackKubeApi {
  readonly api: KubeClusterApi;
  close(): void;
}

export async function startLoopbackKubeApi(answer: LoopbackAnswer): Promise<LoopbackKubeApi> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const [status, payload] = answer(req, body);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [{ name: 'c', server: url }], users: [{ name: 'u' }], contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }], currentContext: 'ctx' });
  const api = new KubeClusterApi(new KubeHttp(config, { server: url, context: 'ctx', user: 'u' }, { startTimeout: () => () => {} }), 'fake');
  return {
    api,
    close: () => {
      api.close();
      server.closeAllConnections();
      server.close();
    },
  };
}
