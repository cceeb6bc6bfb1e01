/**
 * Debian's Chromium through playwright-core (no browser is downloaded), with the flags every
 * headless run here uses: the end-to-end tests and the benchmarks launch it the same way.
 */
import { chromium, type Browser } from 'playwright-core';

/** `CHROME_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
