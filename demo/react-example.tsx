/**
 * The React integration, exactly as the page's snippet shows it (the region below, with
 * `upload-post-connect/react` for `../widget/react.ts`), mounted by the demo with a tiny toast.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

// #region snippet
import { UploadPostConnect } from '../widget/react.ts';
import { fetchSessionToken } from './session-token.ts';

type Theme = 'light' | 'dark' | 'auto';

export function SocialAccounts({ theme, lang, onLinked }: { theme: Theme; lang: string; onLinked: (platform: string) => void }) {
  return (
    <UploadPostConnect
      endpoint="/upload-post"
      fetchSessionToken={fetchSessionToken}
      theme={theme}
      lang={lang}
      onConnect={(event) => onLinked(event.detail.account.platform)}
    />
  );
}
// #endregion

export interface ReactExampleProps {
  user: string;
  theme: Theme;
  lang: string;
}

function Example({ user, theme, lang }: ReactExampleProps) {
  const [linked, setLinked] = useState<string | null>(null);
  return (
    <>
      {/* A new user is a new element (key): a fresh identity, as after a real sign-in. */}
      <SocialAccounts key={user} theme={theme} lang={lang} onLinked={setLinked} />
      <p className="react-toast" role="status" hidden={!linked}>
        {linked ? `React saw ${linked} linked.` : ''}
      </p>
    </>
  );
}

/** Renders the example into `host`; `update` re-renders it with the page's current settings. */
export function mountReactExample(host: HTMLElement, props: ReactExampleProps): { update(props: ReactExampleProps): void } {
  const root = createRoot(host);
  const render = (next: ReactExampleProps) =>
    root.render(
      <StrictMode>
        <Example {...next} />
      </StrictMode>,
    );
  render(props);
  return { update: render };
}
