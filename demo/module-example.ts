/**
 * The ES-module integration (Vue, Svelte, Angular or plain TypeScript with a bundler), exactly as the
 * page's snippet shows it: the snippet is this file's region below, with the import paths a customer
 * writes (`upload-post-connect/define` for `../widget/define.ts`).
 */
// #region snippet
import '../widget/define.ts';
import { fetchSessionToken } from './session-token.ts';

export function mountSocialAccounts(container: HTMLElement, summary: HTMLElement) {
  const element = document.createElement('upload-post-connect');
  element.endpoint = '/upload-post';
  element.layout = 'compact';
  element.fetchSessionToken = fetchSessionToken;

  const show = (event: CustomEvent<{ accounts: { connected: boolean }[] }>) => {
    const linked = event.detail.accounts.filter((account) => account.connected).length;
    summary.textContent = `${linked} linked`;
  };
  element.addEventListener('upload-post-ready', show);
  element.addEventListener('upload-post-change', show);

  container.append(element);
  return element;
}
// #endregion
