/** `isProfileNotFound`: Upload-Post's "no such profile", told apart from any other 404 (a wrong base URL's). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isProfileNotFound, UploadPostError } from '../../upload-post/index.ts';
import { clientOver, failure, scripted } from '../helpers/upload-post-fakes.ts';

describe('isProfileNotFound', () => {
  test('is true for the documented answers: PROFILE_NOT_FOUND, "Profile not found", "No profile found …"', async () => {
    for (const body of [
      { success: false, message: 'Profile not found' },
      { success: false, message: 'No profile found with the provided identifier' },
      { success: false, message: 'Not here', error_code: 'PROFILE_NOT_FOUND' },
    ]) {
      assert.equal(isProfileNotFound(await failure(clientOver(scripted({ status: 404, body })).getProfile('u1'))), true, JSON.stringify(body));
    }
  });

  test('is false for any other 404, and for "Profile not found" with another status', async () => {
    for (const reply of [
      { status: 404 },
      { status: 404, body: '<html><h1>Not Found</h1></html>' },
      { status: 404, body: { detail: 'Not Found' } },
      { status: 400, body: { message: 'Profile not found' } },
    ]) {
      assert.equal(isProfileNotFound(await failure(clientOver(scripted(reply)).getProfile('u1'))), false, JSON.stringify(reply));
    }
    assert.equal(isProfileNotFound(new UploadPostError({ kind: 'network', operation: 'GET', message: 'Profile not found' })), false);
    assert.equal(isProfileNotFound(new Error('Profile not found (404)')), false);
  });
});
