/** Names the editor suggests and shows for files. */

/** A path next to the source with another extension (suggested names in dialogs). */
export function besideSource(source: string | null, name: string, suffix: string): string {
  const stem = name.replace(/\.[^.]+$/, '');
  if (!source) return `${stem}${suffix}`;
  return source.replace(/\.[^./\\]+$/, '') + suffix;
}
