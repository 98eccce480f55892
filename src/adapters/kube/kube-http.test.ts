import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterApiError, ConfigError } from '../../core/errors.js';
import type { StartTimeout } from '../shared/start-timeout.js';
import { KubeHttp, type WatchEvent } from './kube-http.js';

// The wire on a plain-http loopback server (as `kubectl proxy` serves): what goes out, how
// answers, watch streams and silence come back. No test waits on the wall clock: a request's
// timeout fires only when a test fires it, and the server moves on when the client has seen what
// it sent.

/** The timeouts requests armed, for a test to fire; none fires by itself. */
const armed: { ms: number; fire: () => void; cancelled: boolean }[] = [];
const startTimeout: StartTimeout = (ms, fire) => {
  const timeout = { ms, fire, cancelled: false };
  armed.push(timeout);
  return () => void (timeout.cancelled = true);
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    handler(req, res);
  });
});
let http: KubeHttp;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [{ name: 'c', server: url }], users: [{ name: 'u', token: 'sekret' }], contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }], currentContext: 'ctx' });
  http = new KubeHttp(config, { server: url, context: 'ctx', user: 'u' }, { requestTimeoutMs: 300, startTimeout });
});
after(() => {
  http.close();
  server.closeAllConnections();
  server.close();
});

describe('KubeHttp', () => {
  it('sends a JSON body with its length, never chunked, with the query and the token', async () => {
    handler = (_req, res) => res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    const answer = await http.request({ method: 'PATCH', path: '/api/v1/nodes/n1', query: { dryRun: undefined, fieldManager: 'kubehop' }, body: { spec: { unschedulable: true } }, contentType: 'application/merge-patch+json', action: 'cordon node n1', rbac: { verb: 'patch', resource: 'nodes' } });
    assert.deepEqual(answer, { ok: true });
    const last = seen.at(-1);
    assert.equal(last?.url, '/api/v1/nodes/n1?fieldManager=kubehop');
    assert.equal(last?.headers['content-type'], 'application/merge-patch+json');
    assert.equal(last?.headers['content-length'], String(last?.body.length));
    assert.equal(last?.headers['transfer-encoding'], undefined);
    assert.equal(last?.headers.authorization, 'Bearer sekret');
    assert.equal(last?.body, '{"spec":{"unschedulable":true}}');
  });

  it('turns a Status answer into a ClusterApiError', async () => {
    handler = (_req, res) => res.writeHead(404).end('{"kind":"Status","message":"nodes \\"n9\\" not found","reason":"NotFound","code":404}');
    await assert.rejects(http.request({ method: 'GET', path: '/api/v1/nodes/n9', action: 'read node n9', rbac: { verb: 'get', resource: 'nodes' } }), (error: unknown) => {
      assert.ok(error instanceof ClusterApiError && error.isNotFound());
      assert.equal(error.message, 'failed to read node n9: nodes "n9" not found');
      return true;
    });
  });

  it('gives up on a server that does not answer, naming it', async () => {
    let received!: () => void;
    const heard = new Promise<void>((resolve) => (received = resolve));
    handler = () => received();
    const answer = http.request({ method: 'GET', path: '/version', action: 'read the API server version', rbac: { verb: 'get', resource: '/version' } });
    await heard;
    const timeout = armed.at(-1);
    assert.ok(timeout && !timeout.cancelled, 'the request armed its timeout');
    assert.equal(timeout.ms, 300);
    timeout.fire();
    await assert.rejects(answer, {
      message: `failed to read the API server version: the API server at ${'http://127.0.0.1:' + (server.address() as AddressInfo).port} did not answer within 300ms; check the cluster is up and --kubeconfig/--context point at it`,
    });
  });

  it('cancels the timeout of a request that was answered', async () => {
    handler = (_req, res) => res.writeHead(200).end('{}');
    await http.request({ method: 'GET', path: '/version', action: 'read the API server version', rbac: { verb: 'get', resource: '/version' } });
    assert.equal(armed.at(-1)?.cancelled, true);
  });

  it('reads watch events split across chunks until the server ends the stream', async () => {
    let stream: ServerResponse | undefined;
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MODI');
      stream = res;
    };
    const events: WatchEvent[] = [];
    const onEvent = (e: WatchEvent) => {
      events.push(e);
      // The rest of the split line goes out only once the client has read the first chunk.
      if (e.type === 'ADDED') stream?.end('FIED","object":{"metadata":{"name":"a"}}}\nnot json\n');
    };
    await http.watch({ method: 'GET', path: '/api/v1/nodes', query: { watch: 1 }, action: 'watch nodes', rbac: { verb: 'watch', resource: 'nodes' } }, onEvent, new AbortController().signal);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'ERROR']);
    assert.equal(seen.at(-1)?.url, '/api/v1/nodes?watch=1');
  });

  it('ends a watch when its signal aborts', async () => {
    const controller = new AbortController();
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('');
      controller.abort();
    };
    await http.watch({ method: 'GET', path: '/api/v1/pods', action: 'watch pods', rbac: { verb: 'watch', resource: 'pods' } }, () => {}, controller.signal);
  });
});

describe('KubeHttp credentials', () => {
  it('names the context and user whose credentials cannot be loaded', async () => {
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u', certFile: '/nonexistent/client.crt' }], contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }], currentContext: 'ctx' });
    const broken = new KubeHttp(config, { server: 'https://127.0.0.1:1', context: 'ctx', user: 'u' });
    await assert.rejects(broken.request({ method: 'GET', path: '/version', action: 'read the API server version', rbac: { verb: 'get', resource: '/version' } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^invalid kubeconfig context ctx: failed to load the credentials of user u \(ENOENT: no such file or directory, open '\/nonexistent\/client\.crt'\); fix its certificate, key, token or exec plugin$/);
      return true;
    });
  });
});
