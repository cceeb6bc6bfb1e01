/**
 * `upload-post-emulator` (from the installed package; `npm run emulator --` in this repository): serves the emulator on 127.0.0.1 only (its admin routes have no authentication)
 * and prints the base URL and key a client should use; stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { toHttpUrl } from '../lib/http-url.ts';
import { createEmulator } from './app.ts';

const USAGE = `Usage: upload-post-emulator --port P --api-key K [--limit N] [--latency MS] [--connect-page-url URL]
       (in the upload-post-connect repository: npm run emulator -- --port P --api-key K …)

  --port P                  TCP port on 127.0.0.1 (0 picks a free one)
  --api-key K               key clients must send as "Authorization: Apikey K"
  --limit N                 profiles allowed by the emulated plan (default 10)
  --latency MS              delay added to every API answer (default 0)
  --connect-page-url URL    origin used in minted access_url links (default: the request's origin)
  --help                    show this text`;

const HOST = '127.0.0.1';

function usageError(problem: string): never {
  process.stderr.write(`${problem}\n\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    usageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return number;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      limit: { type: 'string' },
      latency: { type: 'string' },
      'connect-page-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
const flags = parsed.values;
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const port = integer('port', flags.port, 0, 65535);
if (port === undefined) usageError('--port is required.');
const apiKey = flags['api-key'];
if (!apiKey) usageError('--api-key is required.');
const profileLimit = integer('limit', flags.limit, 0, 1_000_000);
const latencyMs = integer('latency', flags.latency, 0, 120_000);
const connectPageUrl = flags['connect-page-url'];
if (connectPageUrl !== undefined && toHttpUrl(connectPageUrl) === undefined) {
  usageError(`--connect-page-url must be an http(s) URL, got "${connectPageUrl}".`);
}

let emulator;
try {
  emulator = createEmulator({ apiKey, profileLimit, latencyMs, connectPageUrl });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
// The networks' consent screens on an origin of their own (the next port), as in reality.
const network = serve({ fetch: emulator.network.fetch, port: port === 0 ? 0 : port + 1, hostname: HOST }, (info) => {
  emulator.setNetworkUrl(`http://${HOST}:${info.port}`);
  const server = serve({ fetch: emulator.app.fetch, port, hostname: HOST }, (apiInfo) => {
    process.stdout.write(
      `Upload-Post emulator: http://${HOST}:${apiInfo.port}/api\nAPI key: ${apiKey}\nNetwork consent screens: http://${HOST}:${info.port}\n`,
    );
  });
  server.on('error', (error: Error) => {
    process.stderr.write(`The emulator could not listen on ${HOST}:${port}: ${error.message}\n`);
    process.exit(1);
  });
  const shutdown = () => {
    // Idle keep-alive connections are closed by close(); busy ones get a moment to finish.
    network.close();
    server.close(() => process.exit(0));
    setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, 2000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
network.on('error', (error: Error) => {
  process.stderr.write(`The emulator's network could not listen on ${HOST}: ${error.message}\n`);
  process.exit(1);
});
