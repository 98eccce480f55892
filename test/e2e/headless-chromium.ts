import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

// Debian's headless Chromium driven over the DevTools protocol on --remote-debugging-pipe: the
// browser reads commands on fd 3 and answers on fd 4, each message JSON ended by a NUL byte. No
// browser package from npm is needed for the few commands a page test uses.

export const CHROMIUM = process.env.KUBEHOP_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can; KUBEHOP_REQUIRE_CHROMIUM=1 makes a missing browser a failure. */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.KUBEHOP_REQUIRE_CHROMIUM === '1') return undefined;
  return `no ${CHROMIUM} (install Debian's chromium: bash test/e2e/install-debian-packages.sh chromium fonts-liberation)`;
}

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
  readonly sessionId?: string;
}

export interface ConsoleProblem {
  readonly source: string;
  readonly text: string;
}

export class HeadlessChromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Message) => void>();
  private buffer = '';
  /** Errors the page reported: console.error, uncaught exceptions, log entries such as a CSP violation. */
  readonly problems: ConsoleProblem[] = [];
  private session = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.receive(chunk));
    const fail = (why: string) => {
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
    };
    child.on('exit', (code, signal) => fail(`chromium exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => fail(`chromium did not run: ${error.message}`));
    // A browser that died closes its pipe: the pending commands fail with the reason above.
    toBrowser.on('error', () => undefined);
  }

  static async launch(): Promise<HeadlessChromium> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "bash test/e2e/install-debian-packages.sh chromium fonts-liberation"`);
    const profile = await mkdtemp(join(tmpdir(), 'kubehop-chromium-'));
    const child = spawn(CHROMIUM, [
      '--headless',
      '--remote-debugging-pipe',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--hide-scrollbars',
      '--font-render-hinting=none',
      `--user-data-dir=${profile}`,
      'about:blank',
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
    const toBrowser = child.stdio[3] as Writable;
    const fromBrowser = child.stdio[4] as Readable;
    const browser = new HeadlessChromium(child, profile, toBrowser, fromBrowser);
    try {
      const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      browser.session = sessionId;
    } catch (error) {
      await browser.close();
      throw new Error(`chromium did not start: ${(error as Error).message}\n${stderr}`);
    }
    browser.listeners.add((m) => browser.collectProblem(m));
    await browser.page('Page.enable');
    await browser.page('Runtime.enable');
    await browser.page('Log.enable');
    return browser;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result ?? {});
      } else for (const listener of this.listeners) listener(message);
    }
  }

  private collectProblem(m: Message): void {
    const p = m.params ?? {};
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
      this.problems.push({ source: 'console', text: JSON.stringify(p.args) });
    } else if (m.method === 'Runtime.exceptionThrown') {
      this.problems.push({ source: 'exception', text: JSON.stringify(p.exceptionDetails) });
    } else if (m.method === 'Log.entryAdded') {
      const entry = p.entry as { level?: string; text?: string; source?: string; url?: string } | undefined;
      if (entry?.level === 'error') this.problems.push({ source: entry.source ?? 'log', text: `${entry.text ?? ''} ${entry.url ?? ''}`.trim() });
    }
  }

  /** A DevTools command to the browser. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** A DevTools command to the page. */
  page(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.send(method, params, this.session);
  }

  /** Opens `url` and resolves once its load event fired. */
  async open(url: string, viewport: { width: number; height: number }): Promise<void> {
    await this.page('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false });
    const loaded = new Promise<void>((resolve) => {
      const listener = (m: Message) => {
        if (m.method === 'Page.loadEventFired' && m.sessionId === this.session) {
          this.listeners.delete(listener);
          resolve();
        }
      };
      this.listeners.add(listener);
    });
    const navigated = (await this.page('Page.navigate', { url })) as { errorText?: string };
    if (navigated.errorText) throw new Error(`failed to open ${url}: ${navigated.errorText}`);
    await loaded;
  }

  /** Evaluates an expression in the page and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.page('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T }; exceptionDetails?: unknown };
    if (r.exceptionDetails) throw new Error(`failed to evaluate ${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** A PNG of the page's `clip` rectangle (CSS pixels). */
  async screenshot(clip: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const r = (await this.page('Page.captureScreenshot', { format: 'png', clip: { ...clip, scale: 1 }, captureBeyondViewport: true })) as { data: string };
    return Buffer.from(r.data, 'base64');
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      this.toBrowser.write(`${JSON.stringify({ id: this.nextId++, method: 'Browser.close', params: {} })}\0`);
    } catch {
      // The pipe is gone: the browser already exited.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    await rm(this.profile, { recursive: true, force: true });
  }
}
