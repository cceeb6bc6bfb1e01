/**
 * Every use a template can make of `<upload-post-connect>`, written from the custom-elements.json
 * the package ships: each attribute with a value it accepts, each settable property bound to a
 * value of its own type, each event with a listener of its own type — and, one per line, the
 * misuses that must not type-check (a value outside an attribute's literal union, a symbol for any
 * property, a listener of numbers for any event). Used by test/package/frameworks.test.ts, so a
 * property or event added to the element is checked in every framework without an edit here.
 */
import { readFileSync } from 'node:fs';

export interface ManifestAttribute {
  name: string;
  fieldName?: string;
  type?: { text: string };
  default?: string;
}

export interface ElementManifest {
  attributes: ManifestAttribute[];
  /** Public, settable instance fields. */
  properties: string[];
  events: string[];
}

interface RawDeclaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: ManifestAttribute[];
  events?: { name?: string }[];
  members?: { kind: string; name: string; static?: boolean; readonly?: boolean; privacy?: string; inheritedFrom?: unknown }[];
}

export function readElementManifest(path: string, tagName = 'upload-post-connect'): ElementManifest {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { modules: { declarations?: RawDeclaration[] }[] };
  const declaration = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((candidate) => candidate.customElement && candidate.tagName === tagName);
  if (!declaration) throw new Error(`${path} declares no <${tagName}>`);
  return {
    attributes: declaration.attributes ?? [],
    properties: (declaration.members ?? [])
      .filter((member) => member.kind === 'field' && !member.static && !member.readonly && (member.privacy ?? 'public') === 'public' && !member.inheritedFrom)
      .map((member) => member.name),
    events: (declaration.events ?? []).flatMap((event) => (event.name ? [event.name] : [])),
  };
}

/** The literals of a type like `'full' | 'compact'`, or none when it is not such a union. */
function literals(type: string | undefined): string[] {
  const parts = (type ?? '').split('|').map((part) => part.trim());
  return parts.every((part) => /^'[^']*'$/.test(part) || part === 'undefined')
    ? parts.filter((part) => part !== 'undefined').map((part) => part.slice(1, -1))
    : [];
}

/** A value the attribute accepts in markup: its default when that is a string, else its first literal, else any text. */
export function acceptedValue(attribute: ManifestAttribute): string {
  const fromDefault = /^'([^']*)'$/.exec(attribute.default ?? '')?.[1];
  return fromDefault ?? literals(attribute.type?.text)[0] ?? 'text';
}

/** A value outside the attribute's literal union, when it has one. */
export function refusedValue(attribute: ManifestAttribute): string | undefined {
  return literals(attribute.type?.text).length > 0 ? 'not-one-of-them' : undefined;
}

/** How one framework writes each use of the element, in one line. */
export interface TemplateSyntax {
  /** `name="value"` in markup. */
  attribute(name: string, value: string): string;
  /** The property `name` bound to the expression `expression`. */
  property(name: string, expression: string): string;
  /** A listener of `event` given as the expression `handler`. */
  listener(event: string, handler: string): string;
  /** The element with `binding` on it. */
  element(binding: string): string;
}

export interface Usage {
  /** Lines that must type-check. */
  accepted: string[];
  /** Lines each of which must fail to type-check, with what each is. */
  refused: { line: string; what: string }[];
}

/**
 * What the usages refer to: `element` (a `<upload-post-connect>`, declared by the file's script as
 * `SCRIPT_NAMES.declarations`), listeners of exactly an event's type, `numbers` (a listener of
 * numbers), and `misfit`: an
 * object no property accepts (not a string, a function or a union member, and sharing no key with
 * an all-optional object type such as `strings`, which a symbol or a number would pass).
 */
export const SCRIPT_NAMES = {
  declarations: [
    "const element = document.createElement('upload-post-connect');",
    'const misfit = { misfit: true } as const;',
    // Named: vue-tsc does not check an inline arrow's own parameter types against the event.
    'const numbers = (count: number) => count;',
  ],
  element: 'element',
  misfit: 'misfit',
  // Single quotes: the expression may sit in a double-quoted attribute (Vue).
  listenerOf: (event: string) => `(event: GlobalEventHandlersEventMap['${event}']) => void event`,
  numbers: 'numbers',
};

export function templateUsage(manifest: ElementManifest, syntax: TemplateSyntax): Usage {
  const accepted: string[] = [];
  const refused: Usage['refused'] = [];
  for (const attribute of manifest.attributes) {
    accepted.push(syntax.element(syntax.attribute(attribute.name, acceptedValue(attribute))));
    const wrong = refusedValue(attribute);
    if (wrong) refused.push({ line: syntax.element(syntax.attribute(attribute.name, wrong)), what: `attribute ${attribute.name}="${wrong}"` });
  }
  for (const property of manifest.properties) {
    accepted.push(syntax.element(syntax.property(property, `${SCRIPT_NAMES.element}.${property}`)));
    refused.push({ line: syntax.element(syntax.property(property, SCRIPT_NAMES.misfit)), what: `property ${property} bound to a misfit` });
  }
  for (const event of manifest.events) {
    accepted.push(syntax.element(syntax.listener(event, SCRIPT_NAMES.listenerOf(event))));
    refused.push({ line: syntax.element(syntax.listener(event, SCRIPT_NAMES.numbers)), what: `a listener of numbers for ${event}` });
  }
  return { accepted, refused };
}

/** Plain TypeScript after `import 'upload-post-connect/define'`: properties set, listeners added. */
export function scriptUsage(manifest: ElementManifest): Usage {
  const accepted = [
    ...manifest.properties.map((property) => `element.${property} = element.${property};`),
    ...manifest.events.map((event) => `element.addEventListener(${JSON.stringify(event)}, ${SCRIPT_NAMES.listenerOf(event)});`),
  ];
  const refused = [
    ...manifest.properties.map((property) => ({ line: `element.${property} = ${SCRIPT_NAMES.misfit};`, what: `property ${property} set to a misfit` })),
    ...manifest.events.map((event) => ({
      line: `element.addEventListener(${JSON.stringify(event)}, (event) => { const wrong: number = event; void wrong; });`,
      what: `${event}'s event taken for a number`,
    })),
  ];
  return { accepted, refused };
}
