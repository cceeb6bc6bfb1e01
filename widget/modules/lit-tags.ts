/**
 * Stands for `lit` in the script-tag build's sibling modules (scripts/build.mjs): they only build
 * templates and styles, which the bundle's own Lit renders and adopts, so a second Lit would be
 * dead weight. A template is Lit's documented plain shape (`_$litType$`: 1 markup, 2 SVG); `nothing`
 * is the same registered symbol as Lit's; styles travel as their text (`cssText`).
 */
type Values = unknown[];

const template =
  (type: 1 | 2) =>
  (strings: TemplateStringsArray, ...values: Values) => ({ ['_$litType$']: type, strings, values });

export const html = template(1);
export const svg = template(2);
export const nothing = Symbol.for('lit-nothing');

const text = (value: unknown) => String((value as { cssText?: unknown } | null)?.cssText ?? value);
export const unsafeCSS = (value: unknown) => ({ cssText: text(value) });
export const css = (strings: TemplateStringsArray, ...values: Values) => ({
  cssText: strings.reduce((all, part, index) => all + part + (index < values.length ? text(values[index]) : ''), ''),
});
