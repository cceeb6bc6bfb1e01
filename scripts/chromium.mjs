/**
 * How every headless run here starts Debian's Chromium (no browser is downloaded): the browser
 * tests (web-test-runner.config.js), the end-to-end tests and benchmarks (test/helpers/chromium.ts)
 * and the screenshot scripts. Plain JavaScript, so that the configs and scripts can import it too.
 */

/** `CHROME_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Quiet and deterministic: no sandbox (containers), no GPU, no QUIC, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
