/** What remote stores write: JSON that brings Dates back as Dates. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStoredValue, encodeStoredValue } from '../../../token-server/stores/stored-value.ts';

describe('encodeStoredValue / decodeStoredValue', () => {
  it('round-trips JSON values and keeps Dates as Dates', () => {
    const value = { username: 'alice', created_at_date: new Date('2025-05-02T21:43:14Z'), accounts: [null, '', { n: 1 }], bad: new Date(Number.NaN) };
    const back = decodeStoredValue<typeof value>(encodeStoredValue(value));
    assert.ok(back.created_at_date instanceof Date);
    assert.equal(back.created_at_date.toISOString(), '2025-05-02T21:43:14.000Z');
    assert.ok(back.bad instanceof Date && Number.isNaN(back.bad.getTime()));
    assert.deepEqual({ ...back, created_at_date: 0, bad: 0 }, { ...value, created_at_date: 0, bad: 0 });
    assert.equal(decodeStoredValue(encodeStoredValue(null)), null);
  });
});
