// custom-elements.json, generated from the element's JSDoc (`@fires`, `@csspart`, `@cssprop`, …)
// and its `static properties` by `npm run build`; the package's `customElements` field points at it.
export default {
  globs: ['widget/upload-post-connect.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The analyzer names an event only from a string argument, so it also records
      // `this.dispatchEvent(new UploadPostReadyEvent(detail))` as an event without a name; the
      // class's `@fires` tags name every event.
      name: 'named-events-only',
      moduleLinkPhase({ moduleDoc }) {
        for (const declaration of moduleDoc.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        }
      },
    },
  ],
};
