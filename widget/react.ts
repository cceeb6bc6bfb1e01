/**
 * `<UploadPostConnect>` for React: properties (including `fetchSessionToken` and `strings`) are set
 * as properties, and the element's events are props (`onConnect`, `onError`, …).
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { TAG_NAME } from './define.ts';
import { UploadPostConnectElement } from './upload-post-connect.ts';
import type {
  UploadPostChangeEvent,
  UploadPostCloseEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostErrorEvent,
  UploadPostOpenEvent,
  UploadPostReadyEvent,
} from './events.ts';

export const UploadPostConnect = createComponent({
  react: React,
  tagName: TAG_NAME,
  elementClass: UploadPostConnectElement,
  events: {
    onReady: 'upload-post-ready' as EventName<UploadPostReadyEvent>,
    onOpen: 'upload-post-open' as EventName<UploadPostOpenEvent>,
    onConnect: 'upload-post-connect' as EventName<UploadPostConnectEvent>,
    onDisconnect: 'upload-post-disconnect' as EventName<UploadPostDisconnectEvent>,
    onChange: 'upload-post-change' as EventName<UploadPostChangeEvent>,
    onClose: 'upload-post-close' as EventName<UploadPostCloseEvent>,
    onError: 'upload-post-error' as EventName<UploadPostErrorEvent>,
  },
  displayName: 'UploadPostConnect',
});

export type { UploadPostConnectElement };
