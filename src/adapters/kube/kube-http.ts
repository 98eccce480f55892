import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, type ClusterApiError } from '../../core/errors.js';
import { wallClockTimeout, type StartTimeout } from '../shared/start-timeout.js';
import { kubeApiErrorOf, type KubeFailure, type KubeIdentity, type KubeStatus } from './kube-api-error.js';
import { pathWithQuery, type KubeRequest } from './kube-request.js';

// The wire under KubeClusterApi. @kubernetes/client-node's KubeConfig does what it is good at —
// kubeconfig files, TLS material, tokens, exec and auth-provider plugins, proxies — and this
// client does the requests itself, so kubehop controls exactly what goes out: paths for whichever
// API group version discovery found (policy/v1beta1 on old servers), query parameters instead of
// DeleteOptions bodies, a Content-Length on every body (a v1.20 apiserver drops chunked
// DeleteOptions), merge patches, and watches it can abort.

export interface KubeHttpOptions {
  /** Per request, except watches. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Arms one request's timeout; the default is a wall-clock timer. Tests fire it themselves. */
  readonly startTimeout?: StartTimeout;
}

export interface RawResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** One line of a watch stream. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class KubeHttp {
  private agent: http.Agent | undefined;
  private readonly timeoutMs: number;
  private readonly startTimeout: StartTimeout;

  constructor(
    private readonly config: KubeConfig,
    readonly identity: KubeIdentity,
    options: KubeHttpOptions = {},
  ) {
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.startTimeout = options.startTimeout ?? wallClockTimeout;
  }

  /** Sends the request and parses the JSON answer; any non-2xx answer is a ClusterApiError. */
  async request<T>(request: KubeRequest): Promise<T> {
    const response = await this.send(request);
    if (response.status < 200 || response.status > 299) throw this.statusError(request, response);
    return (response.text === '' ? {} : JSON.parse(response.text)) as T;
  }

  /** Sends the request and returns whatever came back; only an unreachable server throws. */
  async send(request: KubeRequest): Promise<RawResponse> {
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const options = await this.options(request, body);
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = this.transport().request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          cancelTimeout();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        });
        res.on('error', (error) => {
          cancelTimeout();
          reject(this.failure(request, { kind: 'network', error }));
        });
      });
      const cancelTimeout = this.startTimeout(timeoutMs, () => {
        req.destroy();
        reject(this.failure(request, { kind: 'timeout', ms: timeoutMs }));
      });
      req.on('error', (error) => {
        cancelTimeout();
        reject(this.failure(request, { kind: 'network', error }));
      });
      req.end(body);
    });
  }

  /**
   * Opens a watch and calls onEvent for every event until `signal` aborts or the server ends the
   * stream. Resolves when the stream ends; rejects (ClusterApiError) when it cannot be opened.
   */
  async watch(request: KubeRequest, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    const options = await this.options(request, undefined);
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      const req = this.transport().request(options, (res) => {
        if ((res.statusCode ?? 0) !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => reject(this.statusError(request, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers })));
          return;
        }
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line !== '') onEvent(parseEvent(line));
          }
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      const abort = () => req.destroy();
      signal.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', abort));
      req.on('error', (error) => {
        if (signal.aborted) resolve();
        else reject(this.failure(request, { kind: 'network', error }));
      });
      req.end();
    });
  }

  /** The ClusterApiError for an answer that is not 2xx. */
  statusError(request: KubeRequest, response: RawResponse): ClusterApiError {
    let body: KubeStatus | undefined;
    try {
      body = JSON.parse(response.text) as KubeStatus;
    } catch {
      body = response.text.trim() === '' ? undefined : { message: response.text.trim() };
    }
    const retryAfter = response.headers['retry-after'];
    return this.failure(request, { kind: 'status', status: response.status, body, retryAfterHeader: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
  }

  private failure(request: KubeRequest, failure: KubeFailure): ClusterApiError {
    return kubeApiErrorOf(request, failure, this.identity);
  }

  private transport(): typeof https | typeof http {
    return this.identity.server.startsWith('http:') ? http : https;
  }

  private async options(request: KubeRequest, body: Buffer | undefined): Promise<https.RequestOptions> {
    const url = new URL(this.identity.server);
    const base = url.pathname.replace(/\/$/, '');
    const options: https.RequestOptions = {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || (url.protocol === 'http:' ? 80 : 443),
      path: base + pathWithQuery(request.path, request.query),
      headers: {
        Accept: 'application/json',
        'User-Agent': 'kubehop',
        ...(body ? { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': String(body.length) } : {}),
      },
    };
    try {
      // Headers (tokens, plugins, impersonation) are applied per request: plugin tokens expire.
      await this.config.applyToHTTPSOptions(options);
    } catch (error) {
      // client-node refuses plain http without insecure-skip-tls-verify (kubectl proxy serves
      // http); it throws after the headers are in place, so carry on without TLS for http.
      if (url.protocol !== 'http:') {
        const { context, user } = this.identity;
        throw new ConfigError(`invalid kubeconfig context ${context}: failed to load the credentials of user ${user} (${(error as Error).message}); fix its certificate, key, token or exec plugin`, { cause: error });
      }
    }
    options.agent = this.agentFor(options);
    return options;
  }

  /** One keep-alive agent for the client's lifetime, unless the kubeconfig names a proxy. */
  private agentFor(options: https.RequestOptions): http.Agent | undefined {
    if (this.config.getCurrentCluster()?.proxyUrl) return options.agent as http.Agent | undefined;
    if (!this.agent) {
      this.agent = this.identity.server.startsWith('http:')
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
            keepAlive: true,
            ...(options.ca ? { ca: options.ca } : {}),
            ...(options.cert ? { cert: options.cert } : {}),
            ...(options.key ? { key: options.key } : {}),
            ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
            ...(options.servername ? { servername: options.servername } : {}),
          });
    }
    return this.agent;
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

function parseEvent(line: string): WatchEvent {
  try {
    const value = JSON.parse(line) as Partial<WatchEvent>;
    if (typeof value.type === 'string') return { type: value.type, object: value.object };
  } catch {
    // A line that is not JSON means the stream broke; report it as an error event.
  }
  return { type: 'ERROR', object: { message: `unreadable watch event: ${line.slice(0, 200)}` } };
}
