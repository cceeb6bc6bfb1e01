/** What the accounts and calendar views of a session show: the link's texts and URLs, its platforms and their accounts. */
import { toHttpUrl } from '../../lib/http-url.ts';
import { platformName, type Language } from '../../protocol/platforms.ts';
import type { ConnectSession, EmulatedAccountSlot } from '../store.ts';
import { allowedPlatforms, calendarAllowed, isReadonly } from './link-options.ts';
import type { PagePaths } from './page-paths.ts';
import type { AccountView, SessionView } from './render.ts';
import { createTranslator } from './translate.ts';

/** The project's rule for upstream answers: a non-empty string or any object counts as connected. */
function accountView(slot: EmulatedAccountSlot | undefined): AccountView | undefined {
  if (slot === undefined || slot === null || slot === '') return undefined;
  if (typeof slot !== 'object') return {};
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  return { handle: text(slot.username), displayName: text(slot.display_name), avatarUrl: toHttpUrl(slot.social_images) };
}

const given = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function sessionView(session: ConnectSession, accounts: Record<string, EmulatedAccountSlot>, language: Language, paths: PagePaths): SessionView {
  const { options } = session;
  const t = createTranslator(language, options.ui_labels);
  const readonly = isReadonly(session);
  const redirectHref = toHttpUrl(options.redirect_url);
  return {
    language,
    t,
    paths,
    sessionId: session.id,
    title: given(options.connect_title) ?? t(readonly ? 'calendar.title' : 'connect.title'),
    // The default description speaks of connecting, which a read-only calendar cannot do.
    description: given(options.connect_description) ?? (readonly ? '' : t('connect.description')),
    logoUrl: toHttpUrl(options.logo_image),
    redirect: redirectHref ? { href: redirectHref, text: given(options.redirect_button_text) ?? t('button.redirect') } : undefined,
    showTabs: !readonly && calendarAllowed(session),
    readonly,
    platforms: allowedPlatforms(session).map((id) => ({ id, name: platformName(id), account: accountView(accounts[id]) })),
  };
}
