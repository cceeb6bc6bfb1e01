/**
 * README "The emulator of Upload-Post", driving it in-process: the README's block is this file's
 * `snippet` regions, joined by a blank line.
 */
// #region snippet
import { createEmulator } from 'upload-post-connect/emulator';
// #endregion

export async function listProfilesInProcess(): Promise<Response> {
  // #region snippet
  const emulator = createEmulator({ apiKey: 'test-key', profileLimit: 10 });
  const res = await emulator.app.request('/api/uploadposts/users', {
    headers: { Authorization: 'Apikey test-key' },
  });
  // #endregion
  return res;
}
