/**
 * What the element loads only when something is wrong with how it was set up: why the browser
 * refused a request (`network-diagnosis.ts`) and the fix for a binding it cannot use
 * (`misuse-warnings.ts`). A module of its own, so that a page set up right never downloads it.
 */
export { diagnoseRefusal } from './network-diagnosis.ts';
export { warnMisuse } from './misuse-warnings.ts';
