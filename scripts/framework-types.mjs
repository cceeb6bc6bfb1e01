/**
 * The element's typings for templates, written from custom-elements.json by `npm run build` into
 * dist/types/frameworks/: `element-api.d.ts` (its properties, attributes and events), and on top of
 * it `vue.d.ts` (Vue 3's `GlobalComponents`), `svelte.d.ts` (Svelte 5's `SvelteHTMLElements`) and
 * `jsx.d.ts` (React 19's `JSX.IntrinsicElements`). The manifest names what exists; every type is
 * looked up on the element's own declarations (`UploadPostConnectElement['layout']`,
 * `GlobalEventHandlersEventMap['upload-post-ready']`), so a property, attribute or event added to
 * the element reaches every framework with no edit here, typed exactly as the class types it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GENERATED = '// GENERATED from custom-elements.json by scripts/framework-types.mjs (npm run build): do not edit.';

/** The `<upload-post-connect>` declaration of the manifest, and the module that declares it. */
export function elementDeclaration(manifest, tagName = 'upload-post-connect') {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName === tagName) return { module, declaration };
    }
  }
  throw new Error(`custom-elements.json declares no <${tagName}>: run the analyzer first (npm run build).`);
}

/**
 * What templates can set: public instance fields that are not read-only (properties), the
 * attributes (each mapped to its field when it has one), and the events with their descriptions.
 */
export function elementApi(declaration) {
  const properties = (declaration.members ?? []).filter(
    (member) => member.kind === 'field' && !member.static && !member.readonly && (member.privacy ?? 'public') === 'public' && !member.inheritedFrom,
  );
  const attributes = declaration.attributes ?? [];
  const events = (declaration.events ?? []).filter((event) => event.name);
  return { className: declaration.name, properties, attributes, events };
}

const doc = (text, indent = '  ') => (text ? `${indent}/** ${String(text).replace(/\*\//g, '*\\/').replace(/\n/g, `\n${indent} * `)} */\n` : '');
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
/** `upload-post-ready` → `UploadPostReady`: how Vue names the listener prop of `@upload-post-ready`. */
const pascal = (name) => name.replace(/(^|-)([a-z0-9])/g, (_, __, letter) => letter.toUpperCase());

/** The type an attribute takes in markup: its field's type, else the manifest's text for a plain string. */
function attributeType(attribute, className) {
  if (attribute.fieldName) return `${className}[${JSON.stringify(attribute.fieldName)}]`;
  return 'string';
}

function elementApiFile({ className, properties, attributes, events }, elementModule) {
  const propertyLines = properties.map((field) => `${doc(field.description)}  ${key(field.name)}?: ${className}[${JSON.stringify(field.name)}];`);
  const attributeLines = attributes.map((attribute) => `${doc(attribute.description)}  ${key(attribute.name)}?: ${attributeType(attribute, className)};`);
  const eventLines = events.map((event) => `${doc(event.description)}  ${key(event.name)}: GlobalEventHandlersEventMap[${JSON.stringify(event.name)}];`);
  return `${GENERATED}
import type { ${className} } from '${elementModule}';
// The element's events are declared in GlobalEventHandlersEventMap there.
export type * from '../widget/index.js';

/** The properties a template may set on \`<upload-post-connect>\` (functions and objects included). */
export interface UploadPostConnectProperties {
${propertyLines.join('\n')}
}

/** Its attributes, as markup writes them. */
export interface UploadPostConnectAttributes {
${attributeLines.join('\n')}
}

/** Its events by name (they bubble and cross shadow roots). */
export interface UploadPostConnectEvents {
${eventLines.join('\n')}
}
`;
}

function vueFile({ events }) {
  const listeners = events.map(
    (event) =>
      `${doc(`\`@${event.name}\`: ${event.description ?? ''}`)}  on${pascal(event.name)}?: (event: UploadPostConnectEvents[${JSON.stringify(event.name)}]) => void;`,
  );
  return `${GENERATED}
import type { DefineComponent } from 'vue';
import type { UploadPostConnectEvents, UploadPostConnectProperties } from './element-api.js';
export * from '../widget/define.js';
export type * from './element-api.js';

/**
 * What a Vue template binds on \`<upload-post-connect>\`: its properties (Vue maps a kebab-case
 * attribute to the camelCase property, as it does for components; bind functions camelCase,
 * \`:fetchSessionToken\`, so Vue sets the property) and \`@upload-post-*\` listeners.
 */
export interface UploadPostConnectVueProps extends UploadPostConnectProperties {
  lang?: string;
${listeners.join('\n')}
}

declare module 'vue' {
  interface GlobalComponents {
    'upload-post-connect': DefineComponent<UploadPostConnectVueProps>;
  }
}
`;
}

function svelteFile({ className, events }, elementModule) {
  const listeners = events.flatMap((event) => [
    `${doc(event.description)}  ${key(`on${event.name}`)}?: (event: UploadPostConnectEvents[${JSON.stringify(event.name)}]) => void;`,
    `  ${key(`on:${event.name}`)}?: (event: UploadPostConnectEvents[${JSON.stringify(event.name)}]) => void;`,
  ]);
  return `${GENERATED}
import type { HTMLAttributes } from 'svelte/elements';
import type { ${className} } from '${elementModule}';
import type { UploadPostConnectAttributes, UploadPostConnectEvents, UploadPostConnectProperties } from './element-api.js';
export * from '../widget/define.js';
export type * from './element-api.js';

/** Listeners, as Svelte 5 writes them (\`onupload-post-ready={…}\`) and as Svelte 4 did (\`on:upload-post-ready\`). */
export interface UploadPostConnectSvelteListeners {
${listeners.join('\n')}
}

/** What a Svelte template sets on \`<upload-post-connect>\`: attributes, properties (Svelte sets a property when the element has it) and listeners. */
export type UploadPostConnectSvelteAttributes = HTMLAttributes<${className}> &
  UploadPostConnectAttributes &
  UploadPostConnectProperties &
  UploadPostConnectSvelteListeners;

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'upload-post-connect': UploadPostConnectSvelteAttributes;
  }
}
`;
}

function jsxFile({ className, events }, elementModule) {
  const listeners = events.map(
    (event) => `${doc(event.description)}  ${key(`on${event.name}`)}?: (event: UploadPostConnectEvents[${JSON.stringify(event.name)}]) => void;`,
  );
  return `${GENERATED}
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ${className} } from '${elementModule}';
import type { UploadPostConnectAttributes, UploadPostConnectEvents, UploadPostConnectProperties } from './element-api.js';
export * from '../widget/define.js';
export type * from './element-api.js';

/** Listeners as React 19 adds them to a custom element: \`on\` + the event's own name. */
export interface UploadPostConnectJsxListeners {
${listeners.join('\n')}
}

/** What React 19's JSX sets on \`<upload-post-connect>\` (a prop the element has is set as a property). */
export type UploadPostConnectJsxProps = DetailedHTMLProps<HTMLAttributes<${className}>, ${className}> &
  UploadPostConnectAttributes &
  UploadPostConnectProperties &
  UploadPostConnectJsxListeners;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'upload-post-connect': UploadPostConnectJsxProps;
    }
  }
}
`;
}

/** The files, by name, for the manifest at `manifestPath`. */
export function frameworkTypes(manifest) {
  const { module, declaration } = elementDeclaration(manifest);
  const api = elementApi(declaration);
  // From dist/types/frameworks/ to the declarations of the element's module in dist/types/.
  const elementModule = `../${module.path.replace(/\.ts$/, '.js')}`;
  return {
    'element-api.d.ts': elementApiFile(api, elementModule),
    'vue.d.ts': vueFile(api),
    'svelte.d.ts': svelteFile(api, elementModule),
    'jsx.d.ts': jsxFile(api, elementModule),
  };
}

export function writeFrameworkTypes(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const outDir = join(root, 'dist/types/frameworks');
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(frameworkTypes(manifest))) writeFileSync(join(outDir, name), text);
}
