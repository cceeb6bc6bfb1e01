/** The console line of a page set up wrong: said once, not at every read or render that meets it again. */
const told = new Set<string>();

export function warnOnce(message: string): void {
  if (told.has(message)) return;
  told.add(message);
  console.warn(`<upload-post-connect> ${message}`);
}
