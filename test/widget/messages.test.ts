import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, scenario, settled, until } from '../helpers/element.ts';

/** Collects the console's warnings until `restore()`. */
function collectWarnings() {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

describe('<upload-post-connect> what people read', () => {
  it('a 429 with Retry-After: a sentence, a countdown, and Try again once the wait is over', async () => {
    const server = await scenario({
      accounts: accounts(['instagram']),
      accountsFailures: [{ status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'RATE_LIMITED', message: 'slow down' } } }],
    });
    const errors: { code: string; retryAfter?: number }[] = [];
    const el = await fixture<UploadPostConnectElement>(
      html`<upload-post-connect endpoint=${server.endpoint} @upload-post-error=${(event: CustomEvent) => errors.push(event.detail)}></upload-post-connect>`,
    );
    await until(() => part(el, 'error-code') !== null, 'the failed panel');
    const panel = () => part(el, 'error')!.textContent.replace(/\s+/g, ' ');
    // The server's wait replaces "in a moment": one sentence says when.
    expect(panel()).to.match(/Too many attempts\. Try again in [12] s\./);
    expect(panel()).not.to.contain('in a moment');
    expect(part(el, 'error-code')!.textContent).to.equal('RATE_LIMITED');
    // Screen readers hear the sentence too, even when the read failed before the list's module came.
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await until(() => live.textContent.includes('Too many attempts.'), 'the announced sentence');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'RATE_LIMITED', retryAfter: 2 });
    const retry = part(el, 'retry-button') as HTMLButtonElement;
    expect(retry.disabled).to.equal(true);
    // Renders for other reasons during the wait do not add ticks: one render a second, whatever else happens.
    for (let i = 0; i < 5; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    let renders = 0;
    const updated = (el as unknown as { updated(): void }).updated.bind(el);
    (el as unknown as { updated(): void }).updated = () => {
      renders++;
      updated();
    };
    await until(() => !(part(el, 'retry-button') as HTMLButtonElement).disabled, 'Try again enabled when the wait is over', 4000);
    expect(renders, 'renders for the rest of a 2 s countdown').to.be.at.most(3);
    expect(panel()).to.contain('Too many attempts. Try again in a moment.');
    expect(panel()).not.to.contain(' s.');
    part(el, 'retry-button')!.click();
    await until(() => part(el, 'row-connected') !== null, 'the accounts after Try again');
    await expect(el).to.be.accessible();
  });

  it('an error without Retry-After offers Try again at once', async () => {
    const server = await scenario({
      accounts: accounts([]),
      accountsFailures: [{ status: 504, body: { error: { code: 'UPSTREAM_TIMEOUT', message: 'slow' } } }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await until(() => part(el, 'error-code') !== null, 'the failed panel');
    expect(part(el, 'error')!.textContent).to.contain('The account service is busy. Try again in a moment.');
    expect((part(el, 'retry-button') as HTMLButtonElement).disabled).to.equal(false);
  });

  it('the calendar view names its button for what it opens', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint} view="calendar"></upload-post-connect>`);
    await settled(el);
    expect(part(el, 'manage-button')!.textContent.trim()).to.equal('Open calendar');
    el.view = 'connect';
    await el.updateComplete;
    expect(part(el, 'manage-button')!.textContent.trim()).to.equal('Manage accounts');
  });

  it('warns, once, about a fetchSessionToken that is not a function and a session token that is not a string', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const { warnings, restore } = collectWarnings();
    try {
      const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
      await settled(el);
      (el as unknown as { fetchSessionToken: unknown }).fetchSessionToken = 'getToken';
      await el.updateComplete;
      (el as unknown as { fetchSessionToken: unknown }).fetchSessionToken = undefined;
      (el as unknown as { sessionToken: unknown }).sessionToken = Promise.resolve('token');
      await el.updateComplete;
      el.sessionToken = '[object Promise]';
      await el.updateComplete;
      await until(() => warnings.length >= 3, 'the three warnings');
    } finally {
      restore();
    }
    expect(warnings.filter((text) => text.includes('fetchSessionToken must be a function'))).to.have.length(1);
    expect(warnings.find((text) => text.includes('fetchSessionToken must be a function'))).to.contain('the string "getToken"');
    const token = warnings.filter((text) => text.includes('sessionToken must be the token string'));
    // Each is written when the diagnostics module has loaded: in either order.
    const kinds = token.map((text) => (text.includes('it is of type Promise') ? 'a Promise' : text.includes('"[object Promise]"') ? 'stringified' : text));
    expect(kinds.sort()).to.deep.equal(['a Promise', 'stringified']);
  });

  it('says nothing when bound right', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const { warnings, restore } = collectWarnings();
    try {
      const el = await fixture<UploadPostConnectElement>(
        html`<upload-post-connect endpoint=${server.endpoint} .fetchSessionToken=${async () => 'token'}></upload-post-connect>`,
      );
      await settled(el);
    } finally {
      restore();
    }
    expect(warnings).to.deep.equal([]);
  });
});
