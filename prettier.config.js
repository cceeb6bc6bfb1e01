// @ts-check
/**
 * Prettier, set to the style the code was written in: single quotes, semicolons, trailing commas,
 * two spaces, long lines. Of 120, 140 and 160 columns, 160 rewrites the fewest lines.
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 160,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  tabWidth: 2,
  // Leaves html`…` and css`…` templates as written: in Lit's and Hono's templates whitespace is
  // content, and the build minifies them anyway (scripts/minify-templates.mjs).
  embeddedLanguageFormatting: 'off',
};
