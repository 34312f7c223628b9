/**
 * What the editor remembers across sessions in the browser's storage: the model new photos open
 * with and the last custom colours. Storage may be full or off: the editor then forgets, and works.
 */

export function loadChosenModel(): string | null {
  try {
    return localStorage.getItem('tinct.model');
  } catch {
    return null;
  }
}

export function saveChosenModel(model: string | null): void {
  if (model) localStorage.setItem('tinct.model', model);
  else localStorage.removeItem('tinct.model');
}

export function loadRecentColours(): [number, number][] {
  try {
    const v = JSON.parse(localStorage.getItem('tinct.recentColours') ?? '[]');
    return Array.isArray(v)
      ? v.filter((c) => Array.isArray(c) && c.length === 2 && c.every(Number.isFinite)).slice(0, 8)
      : [];
  } catch {
    return [];
  }
}

/** `ab` at the front of the recent colours (one per rounded colour, 8 at most), stored. */
export function withRecentColour(list: [number, number][], ab: [number, number]): [number, number][] {
  const key = (c: [number, number]) => `${Math.round(c[0])},${Math.round(c[1])}`;
  const next = [ab, ...list.filter((c) => key(c) !== key(ab))].slice(0, 8);
  try {
    localStorage.setItem('tinct.recentColours', JSON.stringify(next));
  } catch {
    // storage full or off: the list still works for this session
  }
  return next;
}
