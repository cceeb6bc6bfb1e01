/** `upload-post/index.ts`, the client's public surface: what the token server and the emulator import. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as uploadPost from '../../upload-post/index.ts';

describe('the Upload-Post public surface', () => {
  test('exports the client, its error family, the schemas, the date and reauth readers, the webhook events, and nothing else', () => {
    assert.deepEqual(Object.keys(uploadPost).sort(), [
      'ACCOUNT_WEBHOOK_EVENTS',
      'DEFAULT_UPLOAD_POST_BASE_URL',
      'MAX_PROFILE_NAME_LENGTH',
      'RESERVED_PROFILE_NAMES',
      'UI_LABELS_MAX_KEYS',
      'UI_LABEL_MAX_LENGTH',
      'UploadPostClient',
      'UploadPostError',
      'WEBHOOK_EVENTS',
      'accountNeedsReauth',
      'createProfileRequestSchema',
      'deleteProfileRequestSchema',
      'deleteProfileResponseSchema',
      'facebookPagesQuerySchema',
      'facebookPagesResponseSchema',
      'generateJwtRequestSchema',
      'generateJwtResponseSchema',
      'isProfileNotFound',
      'isUploadPostError',
      'isWebhookEventOn',
      'jwtSchema',
      'listProfilesResponseSchema',
      'notificationConfigResponseSchema',
      'notificationConfigUpdateSchema',
      'notificationTestResponseSchema',
      'parseUpstreamDate',
      'profileNameProblem',
      'profileResponseSchema',
      'uiLabelsSchema',
      'upstreamAccountSchema',
      'upstreamErrorBodySchema',
      'upstreamFacebookPageSchema',
      'upstreamProfileSchema',
      'usernameSchema',
      'validateJwtRequestBodySchema',
      'validateJwtResponseSchema',
      'validateJwtStyleSchema',
    ]);
  });

  test('exports the one ui_labels rule with its limits', () => {
    assert.equal(uploadPost.UI_LABELS_MAX_KEYS, 100);
    assert.equal(uploadPost.UI_LABEL_MAX_LENGTH, 300);
    assert.equal(uploadPost.uiLabelsSchema.safeParse({ 'connect.title': 'x'.repeat(300) }).success, true);
    assert.equal(uploadPost.uiLabelsSchema.safeParse({ 'connect title': 'x' }).success, false);
  });
});
