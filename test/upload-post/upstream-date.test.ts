/** `parseUpstreamDate`: the two documented `created_at` formats, zones, and dates that do not exist. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseUpstreamDate } from '../../upload-post/upstream-date.ts';

describe('parseUpstreamDate', () => {
  test('reads RFC 1123 and ISO without zone both as UTC', () => {
    assert.equal(parseUpstreamDate('Fri, 02 May 2025 21:43:14 GMT')?.toISOString(), '2025-05-02T21:43:14.000Z');
    assert.equal(parseUpstreamDate('2025-04-02T17:44:33.229755')?.toISOString(), '2025-04-02T17:44:33.229Z');
    assert.equal(parseUpstreamDate('2025-04-02T17:44:33')?.toISOString(), '2025-04-02T17:44:33.000Z');
    // Python's str(datetime): a space instead of the T.
    assert.equal(parseUpstreamDate('2025-04-02 17:44:33.5')?.toISOString(), '2025-04-02T17:44:33.500Z');
  });

  test('honours an explicit zone', () => {
    assert.equal(parseUpstreamDate('2025-04-02T17:44:33+02:00')?.toISOString(), '2025-04-02T15:44:33.000Z');
    assert.equal(parseUpstreamDate('2025-04-02T17:44:33-0530')?.toISOString(), '2025-04-02T23:14:33.000Z');
  });

  test('gives no date for impossible or unknown dates', () => {
    assert.equal(parseUpstreamDate('2025-02-30T10:00:00'), undefined);
    assert.equal(parseUpstreamDate('Fri, 32 May 2025 21:43:14 GMT'), undefined);
    assert.equal(parseUpstreamDate('yesterday'), undefined);
    assert.equal(parseUpstreamDate('1714686194'), undefined);
  });
});
