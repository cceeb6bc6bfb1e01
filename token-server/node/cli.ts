/**
 * @module `npm run token-server` / `npx upload-post-token-server`: the standalone token server
 * (`start.ts`), stopped gracefully on SIGTERM and SIGINT; a bad configuration exits 2 with its sentence.
 */
import { pathToFileURL } from 'node:url';
import { jsonLineSink } from '../log.ts';
import { TokenServerConfigError } from '../options.ts';
import { REGISTER_WEBHOOK_FLAG, registerWebhookCommand } from './register-webhook.ts';
import { startTokenServer, type StartedTokenServer } from './start.ts';

export { startTokenServer, type StartedTokenServer, type StartTokenServerOptions } from './start.ts';

/** The CLI itself: for a `bin` wrapper that cannot rely on `process.argv[1]` being this file. */
export async function main(): Promise<void> {
  if (process.argv.includes(REGISTER_WEBHOOK_FLAG)) process.exit(await registerWebhookCommand(process.argv.slice(2)));
  // Signals are handled from the first moment: a SIGTERM during start-up still shuts down cleanly.
  let started: StartedTokenServer | undefined;
  let stopping: string | undefined;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = signal;
    if (!started) return; // start-up finishes, then stops
    jsonLineSink({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal });
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    started = await startTokenServer(process.env);
  } catch (error) {
    if (error instanceof TokenServerConfigError) {
      process.stderr.write(`Cannot start the token server:\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (started.mode === 'emulator') {
    process.stderr.write(
      `\n  ⚠  EMULATOR MODE — no UPLOAD_POST_API_KEY is set.\n` +
        `     Upstream: the embedded Upload-Post emulator at ${started.emulatorUrl ?? '(unknown)'}\n` +
        (started.identity === 'demo'
          ? `     Identity: demo (the page picks the user: session-token="<name>", X-Demo-User or ?demo_user=).\n`
          : `     Identity: session tokens signed with UPLOAD_POST_SESSION_SECRET.\n`) +
        `     Nothing you do here reaches Upload-Post.\n\n`,
    );
  }
  if (stopping) {
    const signal = stopping;
    stopping = undefined;
    stop(signal);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
