/**
 * scripts/framework-types.mjs writes the Vue, Svelte and JSX typings from custom-elements.json: a
 * property, attribute or event added to the element reaches all of them without an edit (here, the
 * ones that are coming: a `facebook-page` attribute and two events), typed from the class and the
 * event map, and nothing private or read-only is offered to templates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { frameworkTypes } from '../../scripts/framework-types.mjs';
import { assertBuilt, REPO_ROOT } from '../helpers/consumer-project.ts';

interface Declaration {
  tagName?: string;
  members: Record<string, unknown>[];
  attributes: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

function manifestWithAdditions() {
  assertBuilt();
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'upload-post-connect')!;
  element.members.push({ kind: 'field', name: 'facebookPage', privacy: 'public', type: { text: 'string' }, description: 'The Facebook page to post to.' });
  element.attributes.push({ name: 'facebook-page', fieldName: 'facebookPage', type: { text: 'string' }, description: 'The Facebook page to post to.' });
  for (const name of ['upload-post-facebook-page', 'upload-post-reauth-required'])
    element.events.push({ name, type: { text: 'CustomEvent' }, description: `${name}.` });
  return manifest;
}

test('a property, an attribute and events added to the manifest reach every framework’s typings', () => {
  const files = frameworkTypes(manifestWithAdditions());
  const api = files['element-api.d.ts'];
  assert.match(api, /^ {2}facebookPage\?: UploadPostConnectElement\["facebookPage"\];$/m);
  assert.match(api, /^ {2}"facebook-page"\?: UploadPostConnectElement\["facebookPage"\];$/m);
  assert.match(api, /^ {2}"upload-post-reauth-required": GlobalEventHandlersEventMap\["upload-post-reauth-required"\];$/m);
  assert.match(files['vue.d.ts'], /^ {2}onUploadPostReauthRequired\?: \(event: UploadPostConnectEvents\["upload-post-reauth-required"\]\) => void;$/m);
  assert.match(files['vue.d.ts'], /^ {2}onUploadPostFacebookPage\?: /m);
  assert.match(files['svelte.d.ts'], /^ {2}"onupload-post-reauth-required"\?: /m);
  assert.match(files['svelte.d.ts'], /^ {2}"on:upload-post-facebook-page"\?: /m);
  assert.match(files['jsx.d.ts'], /^ {2}"onupload-post-facebook-page"\?: /m);
});

test('templates are offered the public settable properties only', () => {
  const api = frameworkTypes(manifestWithAdditions())['element-api.d.ts'];
  const properties = /interface UploadPostConnectProperties \{([\s\S]*?)\n\}/.exec(api)![1]!;
  const names = [...properties.matchAll(/^ {2}(\w+)\?:/gm)].map((match) => match[1]);
  assert.ok(names.includes('endpoint') && names.includes('fetchSessionToken') && names.includes('strings'), names.join(', '));
  for (const hidden of ['accounts', 'language', 'bundle', 'current', 'define']) assert.ok(!names.includes(hidden), `${hidden} is offered: ${names.join(', ')}`);
});
