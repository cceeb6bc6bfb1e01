/**
 * A `node --test` reporter that writes `{ "passed": N, "failed": N }` (tests, not suites; skipped
 * and todo tests left out) for `scripts/test.mjs` to add up.
 */
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo } = event.data;
    if (details?.type === 'suite' || skip || todo) continue;
    if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed })}\n`;
}
