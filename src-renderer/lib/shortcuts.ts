/**
 * The keyboard shortcuts of the editor window (Help.svelte lists them): which action a key press
 * is, or null when it is none (or belongs to a text field). Dialogs take their keys before this.
 */
import type { MenuCommand } from '../../src-main/api/protocol.js';
import type { Editor } from './editor.svelte.js';

export function shortcutFor(
  e: KeyboardEvent,
  editor: Editor,
  command: (cmd: MenuCommand) => void,
): (() => void) | null {
  const t = e.target as HTMLElement;
  if (t instanceof HTMLInputElement && t.type !== 'range' && t.type !== 'color') return null;
  const mod = e.ctrlKey || e.metaKey;
  // A film: space (on the canvas, not a button it would press), K, J/L and ←/→ as in video editors.
  const video = editor.video;
  if (video && !mod && !e.altKey) {
    const onButton = t instanceof HTMLButtonElement || t instanceof HTMLSelectElement;
    const play: Record<string, () => void> = {
      k: () => video.toggle(),
      j: () => video.step(-1),
      l: () => video.step(1),
      arrowleft: () => video.step(-1),
      arrowright: () => video.step(1),
      ...(onButton ? {} : { ' ': () => video.toggle() }),
    };
    const fn = play[e.key.toLowerCase()];
    if (fn) return fn;
  }
  const k = e.key.toLowerCase();
  const brushing = () => editor.tool === 'brush' || editor.tool === 'erase';
  const keys: Record<string, () => void> = mod
    ? {
        z: () => command(e.shiftKey ? 'redo' : 'undo'),
        y: () => command('redo'),
        '0': () => command('zoomFit'),
        '1': () => command('zoom100'),
        o: () => command(e.shiftKey ? 'openProject' : 'open'),
        s: () => command(e.shiftKey ? 'saveProjectAs' : 'saveProject'),
        e: () => command('export'),
      }
    : {
        '\\': () => command('toggleBefore'),
        '?': () => command('help'),
        // In brush mode [ and ] size the brush (the Photoshop habit), else they walk the hierarchy.
        '[': () => (brushing() ? editor.resizeBrush(-1) : void editor.growShrink(-1)),
        ']': () => (brushing() ? editor.resizeBrush(1) : void editor.growShrink(1)),
        b: () => (editor.tool = 'brush'),
        e: () => (editor.tool = 'erase'),
        v: () => (editor.tool = 'select'),
        i: () => (editor.tool = 'sample'),
        escape: () => {
          editor.helpOpen = false;
          editor.clearSelection();
        },
      };
  return keys[k] ?? keys[e.key] ?? null;
}
