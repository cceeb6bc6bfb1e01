/**
 * English, whole: the card's strings (in the script tag) and the list's (in the list's module).
 * Every other language is one file of the same keys, loaded when first needed.
 */
import { enCard } from './en-card.ts';
import { enList } from './en-list.ts';

export const en = { ...enCard, ...enList };

/** Every string the element shows; the `strings` property overrides any of them. */
export type UploadPostStrings = typeof en;
