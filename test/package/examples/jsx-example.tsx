// #region snippet
import 'upload-post-connect/jsx';
import type { UploadPostConnectEvent } from 'upload-post-connect';
import { fetchSessionToken } from './session-token';

// React 19 sets a prop the element has as a property, and `on` + an event's name listens to it.
export function SocialAccounts({ onLinked }: { onLinked: (platform: string) => void }) {
  return (
    <upload-post-connect
      endpoint="/upload-post"
      layout="compact"
      fetchSessionToken={fetchSessionToken}
      onupload-post-connect={(event: UploadPostConnectEvent) => onLinked(event.detail.account.platform)}
    />
  );
}
// #endregion
