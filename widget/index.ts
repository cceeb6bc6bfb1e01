/**
 * The package's browser entry: the element class, its events and types, registered as
 * `<upload-post-connect>` on import (see `define.ts`). The script-tag build is this file too.
 */
export { UploadPostConnectElement } from './upload-post-connect.ts';
export { defineUploadPostConnect, TAG_NAME } from './define.ts';
export * from './events.ts';
export { UploadPostConnectError } from './errors.ts';
export type { UploadPostStrings } from './strings/en.ts';
export type { Account, ConnectView } from '../protocol/token-server-api.ts';
export type { Language, PlatformId } from '../protocol/platforms.ts';
