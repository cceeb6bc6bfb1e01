/**
 * `<UploadPostConnect>` for React: properties (including `fetchSessionToken` and `strings`) are set
 * as properties, and the element's events are props (`onConnect`, `onError`, …).
 *
 * @lit/react is bundled into this entry (it is small), so the package depends on no React types a
 * front-end without React would install; the props are spelled out here rather than taken from
 * @lit/react's types, which a consumer does not have.
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { TAG_NAME } from './define.ts';
import { UploadPostConnectElement } from './upload-post-connect.ts';
import type {
  UploadPostChangeEvent,
  UploadPostCloseEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostErrorEvent,
  UploadPostFacebookPageEvent,
  UploadPostOpenEvent,
  UploadPostReadyEvent,
  UploadPostReauthRequiredEvent,
} from './events.ts';

/** An event's name that carries its type, as @lit/react's `EventName` does. */
type EventName<T extends Event> = string & { __eventType: T };

const events = {
  onReady: 'upload-post-ready' as EventName<UploadPostReadyEvent>,
  onOpen: 'upload-post-open' as EventName<UploadPostOpenEvent>,
  onConnect: 'upload-post-connect' as EventName<UploadPostConnectEvent>,
  onDisconnect: 'upload-post-disconnect' as EventName<UploadPostDisconnectEvent>,
  onChange: 'upload-post-change' as EventName<UploadPostChangeEvent>,
  onClose: 'upload-post-close' as EventName<UploadPostCloseEvent>,
  onReauthRequired: 'upload-post-reauth-required' as EventName<UploadPostReauthRequiredEvent>,
  onFacebookPage: 'upload-post-facebook-page' as EventName<UploadPostFacebookPageEvent>,
  onError: 'upload-post-error' as EventName<UploadPostErrorEvent>,
};

/** The event props: `onReady` listens to `upload-post-ready`, each typed with its event. */
export type UploadPostConnectEventProps = { [K in keyof typeof events]?: (event: (typeof events)[K]['__eventType']) => void };

/** The element's own properties, each optional. */
export type UploadPostConnectElementProps = Partial<Omit<UploadPostConnectElement, keyof HTMLElement>>;

/** `<UploadPostConnect>`'s props: React's HTML attributes, the element's properties, the event props and a ref to the element. */
export type UploadPostConnectProps = Omit<
  React.HTMLAttributes<UploadPostConnectElement>,
  keyof UploadPostConnectEventProps | keyof UploadPostConnectElementProps
> &
  UploadPostConnectEventProps &
  UploadPostConnectElementProps &
  React.RefAttributes<UploadPostConnectElement>;

// Typed by the declaration above rather than checked against @lit/react's inferred type: comparing
// the two costs seconds of every type check and lint run. test/widget/react.test.ts holds the
// wrapper to it (each property set, each event prop called); consumers' types are tested on the tarball.
export const UploadPostConnect = createComponent({
  react: React,
  tagName: TAG_NAME,
  elementClass: UploadPostConnectElement,
  events,
  displayName: 'UploadPostConnect',
}) as unknown as React.ForwardRefExoticComponent<UploadPostConnectProps>;

export type { UploadPostConnectElement };
