import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumSkipReason, HeadlessChromium } from './headless-chromium.js';
import { runCliCaptured } from './run-cli.js';

// The HTML report as a person sees it: written by the CLI, opened in Debian's headless Chromium.
// No console error (a CSP violation would be one), every chart laid out with a size, a screenshot
// kept under test-artifacts/. KUBEHOP_UPDATE_SCREENSHOT=1 also refreshes the README's picture.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(REPO, 'test-artifacts');
const skip = chromiumSkipReason();

interface Box {
  readonly cls: string;
  readonly width: number;
  readonly height: number;
}

const MEASURE = `JSON.stringify({
  charts: [...document.querySelectorAll('svg.chart')].map((s) => { const r = s.getBoundingClientRect(); return { cls: s.getAttribute('class'), width: r.width, height: r.height }; }),
  bars: [...document.querySelectorAll('svg.timeline rect.step')].filter((r) => r.getBoundingClientRect().width > 0 && r.getBoundingClientRect().height > 0).length,
  lines: [...document.querySelectorAll('svg.availability path.available')].filter((p) => p.getTotalLength() > 0).length,
  scripts: document.scripts.length,
  csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
  height: document.documentElement.scrollHeight,
})`;

interface Measured {
  readonly charts: readonly Box[];
  readonly bars: number;
  readonly lines: number;
  readonly scripts: number;
  readonly csp: string | null;
  readonly height: number;
}

describe('the HTML report in headless Chromium', { skip, timeout: 90_000 }, () => {
  let dir: string;
  let browser: HeadlessChromium;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubehop-html-report-'));
    browser = await HeadlessChromium.launch();
  });

  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a simulated upgrade of the demo renders its timeline and every workload chart with no console error', async () => {
    const file = join(dir, 'simulate.html');
    const r = await runCliCaptured(['simulate', '--cluster', 'demo', '--to', '1.37', '--report', file]);
    assert.equal(r.code, 0, r.stderr);
    await browser.open(pathToFileURL(file).href, { width: 1200, height: 900 });
    const m = JSON.parse(await browser.evaluate<string>(MEASURE)) as Measured;
    assert.deepEqual(browser.problems, []);
    assert.equal(m.csp, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    assert.equal(m.scripts, 0);
    const timeline = m.charts.filter((c) => c.cls.includes('timeline'));
    const availability = m.charts.filter((c) => c.cls.includes('availability'));
    assert.equal(timeline.length, 1);
    assert.ok(availability.length >= 5, `${availability.length} workload charts`);
    for (const c of m.charts) assert.ok(c.width > 100 && c.height > 100, `${c.cls} is ${c.width}x${c.height}`);
    assert.ok(m.bars > 50, `${m.bars} step bars drawn with a size`);
    assert.equal(m.lines, availability.length, 'every workload chart draws its availability line');
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, 'html-report-simulate.png'), await browser.screenshot({ x: 0, y: 0, width: 1200, height: m.height }));
    const top = await browser.screenshot({ x: 0, y: 0, width: 1200, height: Math.min(m.height, 1000) });
    await writeFile(join(ARTIFACTS, 'html-report-simulate-top.png'), top);
    if (process.env.KUBEHOP_UPDATE_SCREENSHOT === '1') await writeFile(join(REPO, 'docs', 'report-screenshot.png'), top);
  });

  test('the check would catch a page that breaks its Content-Security-Policy or throws', async () => {
    const file = join(dir, 'broken.html');
    await writeFile(file, `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"></head><body><img src="https://example.invalid/x.png"><script>throw new Error('boom')</script></body></html>`);
    const before = browser.problems.length;
    await browser.open(pathToFileURL(file).href, { width: 800, height: 600 });
    const seen = browser.problems.slice(before);
    browser.problems.splice(before);
    assert.ok(seen.length >= 2, JSON.stringify(seen));
    assert.ok(seen.some((p) => /Content Security Policy/i.test(p.text)), JSON.stringify(seen));
  });

  test('a plan with blocking findings renders its planned timeline and the findings with no console error', async () => {
    const file = join(dir, 'plan.html');
    const r = await runCliCaptured(['plan', '--cluster', 'shop', '--report', file]);
    assert.equal(r.code, 3, r.stderr);
    await browser.open(pathToFileURL(file).href, { width: 1200, height: 900 });
    const m = JSON.parse(await browser.evaluate<string>(MEASURE)) as Measured;
    assert.deepEqual(browser.problems, []);
    assert.equal(m.charts.length, 1);
    assert.ok((m.charts[0]?.width ?? 0) > 100 && (m.charts[0]?.height ?? 0) > 50);
    assert.ok(m.bars > 100, `${m.bars} step bars`);
    const blocking = await browser.evaluate<number>('document.querySelectorAll("#findings .sev.blocking").length');
    assert.ok(blocking > 0);
    await writeFile(join(ARTIFACTS, 'html-report-plan.png'), await browser.screenshot({ x: 0, y: 0, width: 1200, height: m.height }));
  });
});
