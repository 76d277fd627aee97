/**
 * PDF reports: the report's HTML printed by Chromium (tagged, accessible PDF from the same template as the
 * screen). One browser is kept and restarted if it dies; jobs run one at a time with a timeout.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string | undefined {
  const candidates = [
    process.env.NECKCHECK_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

export class PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private async launch(): Promise<Browser> {
    const executablePath = chromiumPath();
    if (executablePath === undefined) throw new Error('Chromium is not installed (apt-get install chromium)');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
    browser.on('disconnected', () => {
      this.browser = undefined;
    });
    return browser;
  }

  /** Prints a self-contained HTML document (no external resources) to A4 PDF. */
  print(html: string, timeoutMs = 20_000): Promise<Buffer> {
    const job = this.queue.then(async () => {
      this.browser ??= this.launch().catch((error: unknown) => {
        this.browser = undefined;
        throw error;
      });
      const browser = await this.browser;
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(timeoutMs);
        await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          tagged: true,
          outline: true,
          margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
        });
      } finally {
        await context.close();
      }
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    await browser?.close();
  }
}
