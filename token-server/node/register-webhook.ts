/**
 * @module `upload-post-token-server --register-webhook [--replace]`: registers this token server's
 * webhook URL with Upload-Post (`registerWebhook`), configured by the same environment as the server:
 * `UPLOAD_POST_API_KEY`, `UPLOAD_POST_PUBLIC_URL`, `UPLOAD_POST_WEBHOOK_SECRET`. Idempotent; another
 * URL already registered is replaced only with `--replace`. Exit 0 done, 1 refused or failed, 2 misconfigured.
 */
import { parseArgs } from 'node:util';
import { UploadPostClient } from '../../upload-post/index.ts';
import { readEnvironment } from '../env-options.ts';
import { registerWebhook, webhookUrl } from '../live/register-webhook.ts';
import { redact } from '../log.ts';
import { TokenServerConfigError } from '../options.ts';

export const REGISTER_WEBHOOK_FLAG = '--register-webhook';

export interface CommandOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const standardOutput: CommandOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs the command; resolves with the exit code. */
export async function registerWebhookCommand(
  args: string[],
  env: Record<string, string | undefined> = process.env,
  output: CommandOutput = standardOutput,
): Promise<number> {
  let replace: boolean;
  try {
    replace = parseArgs({ args, options: { 'register-webhook': { type: 'boolean' }, replace: { type: 'boolean' } }, strict: true }).values.replace === true;
  } catch (error) {
    output.err(`${(error as Error).message}\nUsage: upload-post-token-server --register-webhook [--replace]`);
    return 2;
  }
  let config;
  try {
    config = readEnvironment(env);
  } catch (error) {
    if (!(error instanceof TokenServerConfigError)) throw error;
    output.err(`Cannot register the webhook:\n${error.message}`);
    return 2;
  }
  const { apiKey, baseUrl, timeoutMs } = config.upstream;
  const { publicUrl, webhookSecret } = config.options;
  const missing = [!apiKey && 'UPLOAD_POST_API_KEY', !publicUrl && 'UPLOAD_POST_PUBLIC_URL', !webhookSecret && 'UPLOAD_POST_WEBHOOK_SECRET'].filter(Boolean);
  if (!apiKey || !publicUrl || !webhookSecret) {
    output.err(`Cannot register the webhook: set ${missing.join(', ')} (the public URL is where Upload-Post reaches this server, /upload-post included).`);
    return 2;
  }
  const url = webhookUrl(publicUrl, webhookSecret);
  const shown = redact(url, [webhookSecret]);
  const secrets = [apiKey, webhookSecret];
  try {
    const result = await registerWebhook(new UploadPostClient({ apiKey, baseUrl, timeoutMs }), url, { replace });
    if (result.status === 'conflict') {
      output.err(
        redact(
          `Upload-Post already sends webhooks to ${result.previousUrl}; it keeps one URL per account. Run again with --replace to send them to ${shown} instead.`,
          secrets,
        ),
      );
      return 1;
    }
    output.out(
      result.status === 'unchanged'
        ? `Already registered: Upload-Post sends account events to ${shown}.`
        : `Registered: Upload-Post now sends account events to ${shown}${result.previousUrl ? redact(` (instead of ${result.previousUrl})`, secrets) : ''}.`,
    );
    return 0;
  } catch (error) {
    output.err(redact(`Could not register the webhook: ${error instanceof Error ? error.message : String(error)}`, secrets));
    return 1;
  }
}
