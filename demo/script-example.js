// The script-tag integration's only code, served as it is (no build step, no inline script, so a
// strict CSP needs nothing more than script-src 'self'). It runs before widget.js, so every
// element already has its fetchSessionToken when the widget defines it and the first read starts.
// #region snippet
async function fetchSessionToken() {
  const response = await fetch('/demo/session', { method: 'POST' });
  if (!response.ok) throw new Error(`Session token: HTTP ${response.status}`);
  return (await response.json()).token;
}

for (const element of document.querySelectorAll('upload-post-connect')) {
  element.fetchSessionToken = fetchSessionToken;
  element.addEventListener('upload-post-connect', (event) => {
    console.info('Linked', event.detail.account.platform);
  });
}
// #endregion
