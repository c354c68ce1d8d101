// `otelkit view` end to end in a real browser: the demo's four services export to the viewer, and
// what a developer sees in Chromium (list, waterfall, span details, error filter) is read from the DOM.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { getJson, startViewerProcess } from './support/viewer-process';
import type { ViewerProcess } from './support/viewer-process';

const ROOT = path.join(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'examples', 'microservices');
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const SERVICES = ['auth', 'gateway', 'notification', 'payment'];
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

// The demo's own helpers: how it starts its services and what its complete trace contains.
const demoServices = require(path.join(DEMO, 'lib', 'demo-services.js'));
const { generatePrismaClient } = require(path.join(DEMO, 'scripts', 'generate-prisma-client.js'));

interface ApiSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  service: string;
  attributes: Record<string, unknown>;
  status: { code: string };
}

const hasChromium = fs.existsSync(CHROMIUM);
const describeIfChromium = hasChromium || process.env.CI ? describe : describe.skip;
if (!hasChromium && !process.env.CI) {
  console.log(
    `SKIPPED: viewer-browser.test.ts needs Debian's chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Expected depth of every span from the parent ids the viewer decoded. */
function depths(spans: ApiSpan[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = (s: ApiSpan): number => {
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    return parent ? depthOf(parent) + 1 : 0;
  };
  return new Map(spans.map((s) => [s.spanId, depthOf(s)]));
}

describeIfChromium('otelkit view in Chromium, fed by the demo services', () => {
  let viewer: ViewerProcess;
  let browser: Browser;
  let page: Page;
  let dbFile: string;
  const processes: { child: { kill(signal?: string): boolean } }[] = [];
  let okTraceId: string;
  let okSpans: ApiSpan[];
  let errorTraceId: string;

  beforeAll(async () => {
    if (!generatePrismaClient({ quiet: true, log: () => undefined }))
      throw new Error('cannot generate the demo Prisma client');
    viewer = await startViewerProcess();
    dbFile = path.join(os.tmpdir(), `otelkit-viewer-test-${process.pid}.db`);
    const urls = await demoServices.startServices({
      otlpUrl: viewer.otlpUrl,
      databaseUrl: `file:${dbFile}`,
      processes,
      log: () => undefined,
    });
    const pay = (body: object, token = 'demo-token') =>
      fetch(`${urls.gateway}/pay`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await pay({ orderId: `order-${Date.now()}`, amountCents: 4999, currency: 'EUR' });
    expect(ok.status).toBe(200);
    // An order id Prisma refuses: the payment service fails with 500, and so does the gateway.
    const failed = await pay({
      orderId: ['not', 'a', 'string'],
      amountCents: 100,
      currency: 'EUR',
    });
    expect(failed.status).toBe(500);

    // Complete: four services, the payment's two Prisma queries and the provider call, no more growth.
    let last = -1;
    okTraceId = await until('the payment trace with its four services', async () => {
      const { traces } = await getJson(`${viewer.uiUrl}/api/traces`);
      const t = traces.find((x: any) => x.services.length === 4 && x.errorCount === 0);
      if (!t || t.spanCount !== last) {
        last = t ? t.spanCount : -1;
        return undefined;
      }
      return t.traceId as string;
    });
    okSpans = (await getJson(`${viewer.uiUrl}/api/traces/${okTraceId}`)).spans;
    errorTraceId = await until('the failed request trace', async () => {
      const { traces } = await getJson(`${viewer.uiUrl}/api/traces?errors=1`);
      return traces.find((x: any) => x.services.includes('payment'))?.traceId as string | undefined;
    });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demoServices.stopServices(processes);
    await viewer?.stop();
    if (dbFile) fs.rmSync(dbFile, { force: true });
  }, 30_000);

  test('the list shows the trace with its four services', async () => {
    await page.goto(viewer.uiUrl);
    const row = page.locator(`tr[data-trace-id="${okTraceId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect((await row.getAttribute('data-services'))!.split(' ').sort()).toEqual(SERVICES);
    for (const service of SERVICES)
      expect(await row.locator('.chip', { hasText: service }).count()).toBe(1);
    expect(await row.locator('.root-service').textContent()).toBe('gateway');
  });

  test('opening the trace shows every span in the waterfall, nested as the parent ids say', async () => {
    await page.locator(`tr[data-trace-id="${okTraceId}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.locator('.waterfall .span-row').first().waitFor();
    const rows = await page.$$eval('.waterfall .span-row', (els) =>
      els.map((el) => ({
        spanId: el.getAttribute('data-span-id')!,
        parent: el.getAttribute('data-parent-span-id'),
        depth: Number(el.getAttribute('data-depth')),
        service: el.getAttribute('data-service'),
        indentPx: el.querySelector('.indent')!.getBoundingClientRect().width,
      })),
    );
    expect(rows.map((r) => r.spanId).sort()).toEqual(okSpans.map((s) => s.spanId).sort());
    const expected = depths(okSpans);
    for (const row of rows)
      expect([row.spanId, row.depth]).toEqual([row.spanId, expected.get(row.spanId)]);
    // Each child is drawn below its parent and indented further.
    const index = new Map(rows.map((r, i) => [r.spanId, i]));
    for (const row of rows.filter((r) => r.parent)) {
      const parent = rows[index.get(row.parent!)!];
      expect(index.get(row.spanId)!).toBeGreaterThan(index.get(row.parent!)!);
      expect(row.indentPx).toBeGreaterThan(parent.indentPx);
    }
    // The demo's shape: one gateway root, each other service's SERVER span under a gateway span.
    expect(rows.filter((r) => r.depth === 0).map((r) => r.service)).toEqual(['gateway']);
    for (const service of ['auth', 'payment', 'notification']) {
      const server = okSpans.find((s) => s.service === service && s.kind === 'SERVER')!;
      const parent = okSpans.find((s) => s.spanId === server.parentSpanId)!;
      expect([service, parent.service, parent.kind]).toEqual([service, 'gateway', 'CLIENT']);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'viewer-trace.png'), fullPage: true });
  });

  test('opening a span shows its attributes, and Esc closes the panel', async () => {
    const auth = okSpans.find((s) => s.service === 'auth' && s.kind === 'SERVER')!;
    await page.locator(`.span-row[data-span-id="${auth.spanId}"]`).focus();
    await page.keyboard.press('Enter');
    const panel = page.locator(`#span-detail[data-span-id="${auth.spanId}"]`);
    await panel.waitFor();
    const value = (key: string) =>
      panel.locator(`#span-attributes tr[data-key="${key}"] td`).textContent();
    expect(await value('http.request.method')).toBe('POST');
    expect(await value('http.route')).toBe('/verify');
    expect(await value('http.response.status_code')).toBe('200');
    expect(await panel.locator('.kv th', { hasText: 'service.name' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'viewer-span.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('errors only lists the failed request and nothing else', async () => {
    await page.keyboard.press('Escape'); // back to the list
    await page.locator('#filter-errors').waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe(
      'filter-text',
    );
    await page.locator('#filter-errors').check();
    await page.locator(`tr[data-trace-id="${errorTraceId}"]`).waitFor();
    await page.locator(`tr[data-trace-id="${okTraceId}"]`).waitFor({ state: 'detached' });
    const rows = await page.$$eval('tr.trace-row', (els) =>
      els.map((el) => el.getAttribute('data-error')),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['true']));
    expect(
      await page.locator(`tr[data-trace-id="${errorTraceId}"] .error-mark`).textContent(),
    ).toMatch(/^ERROR/);
  });
});
