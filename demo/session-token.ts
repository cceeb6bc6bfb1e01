/**
 * The page's half of the session-token handshake: ask your backend (which knows who is signed in)
 * for a short-lived token. Given to every element as `fetchSessionToken`; the element calls it when
 * it has no token and again after the token server answers 401.
 */
// #region snippet
export async function fetchSessionToken(): Promise<string> {
  const response = await fetch('/demo/session', { method: 'POST' });
  if (!response.ok) throw new Error(`Session token: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}
// #endregion
