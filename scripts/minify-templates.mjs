/**
 * A Vite plugin that squeezes the whitespace and comments out of the static text of Lit's tagged
 * templates (css`…`, html`…`, svg`…`) in widget/. The minifier leaves template literals alone
 * (their text is data to it), and they are most of the element's weight.
 *
 * Only the static parts between `${…}` are touched; expressions are copied as they are. In CSS,
 * comments go and spaces around punctuation collapse; in markup, whitespace that contains a
 * line break (indentation, never meaningful inside this element's layout) becomes one space, or
 * nothing between two tags.
 */

const squeezeCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
    .replace(/;}/g, '}');

const squeezeMarkup = (text) => text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');

/** Finds tagged templates by scanning, so that `${…}` holding nested templates is handled. */
export function minifyTemplates(source) {
  let out = '';
  let index = 0;
  const tag = /\b(css|html|svg)`/g;
  let match;
  while ((match = tag.exec(source))) {
    const kind = match[1];
    let cursor = match.index + match[0].length;
    out += source.slice(index, cursor);
    let segment = '';
    for (;;) {
      const char = source[cursor];
      if (char === undefined) throw new Error('Unterminated template literal.');
      if (char === '\\') {
        segment += char + source[cursor + 1];
        cursor += 2;
        continue;
      }
      if (char === '`') {
        out += (kind === 'css' ? squeezeCss : squeezeMarkup)(segment) + '`';
        cursor += 1;
        break;
      }
      if (char === '$' && source[cursor + 1] === '{') {
        out += (kind === 'css' ? squeezeCss : squeezeMarkup)(segment);
        segment = '';
        // Copy the expression through, minifying templates nested inside it.
        let depth = 1;
        let end = cursor + 2;
        while (depth > 0) {
          const c = source[end];
          if (c === undefined) throw new Error('Unterminated ${…} in a template.');
          if (c === '{') depth++;
          else if (c === '}') depth--;
          else if (c === '`') {
            // A nested template literal: skip to its end (it may contain braces).
            let nested = end + 1;
            let nestedDepth = 0;
            while (!(source[nested] === '`' && nestedDepth === 0)) {
              if (source[nested] === '\\') nested++;
              else if (source[nested] === '$' && source[nested + 1] === '{') {
                nestedDepth++;
                nested++;
              } else if (source[nested] === '}' && nestedDepth > 0) nestedDepth--;
              nested++;
            }
            end = nested;
          }
          end++;
        }
        out += '${' + minifyTemplates(source.slice(cursor + 2, end - 1)) + '}';
        cursor = end;
        continue;
      }
      segment += char;
      cursor += 1;
    }
    index = cursor;
    tag.lastIndex = cursor;
  }
  return out + source.slice(index);
}

export function minifyTemplatesPlugin() {
  return {
    name: 'upload-post:minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/widget\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}
