// custom-elements.json, generated from the element's JSDoc (`@fires`, `@csspart`, `@cssprop`, …)
// by `npm run build`; the package's `customElements` field points at it.
export default {
  globs: ['widget/upload-post-connect.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // `static properties` also lists internal state and the watched native `lang`: the public
      // API is only what is not private (`lang` stays, as the attribute it is).
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            const privateNames = new Set((declaration.members ?? [])
              .filter((member) => member.privacy === 'private').map((member) => member.name));
            declaration.attributes = (declaration.attributes ?? [])
              .filter((attribute) => attribute.name === 'lang' || !privateNames.has(attribute.fieldName ?? attribute.name));
            for (const attribute of declaration.attributes) {
              if (attribute.name === 'lang') {
                delete attribute.fieldName;
                attribute.description = 'Language of the element and of the connect page (en, es, de, fr, pt, pl, tr); else the nearest [lang] ancestor, then the browser.';
              }
            }
            declaration.members = (declaration.members ?? []).filter((member) => member.privacy !== 'private');
            // The analyzer also lists each `dispatchEvent(new UploadPost…Event())` as a nameless
            // event; the `@fires` tags already name them all.
            declaration.events = (declaration.events ?? []).filter((event) => event.name);
          }
        }
      },
    },
  ],
};
