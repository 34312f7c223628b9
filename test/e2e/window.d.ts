// What the page exposes to the tests (src-renderer/main.ts): the editor's state.
import type { EditDocument, SessionInfo, RegionInfo } from '../../src-main/api/protocol.js';

declare global {
  interface Window {
    tinctEditor?: {
      info: SessionInfo | null;
      doc: EditDocument | null;
      colour: HTMLCanvasElement | null;
      previewVersion: number;
      updating: boolean;
      findingRegions: boolean;
      job: unknown;
      error: string | null;
      exportOpen: boolean;
      canUndo: boolean;
      canRedo: boolean;
      tile: { x: number; y: number; width: number; height: number; version: number; colour: HTMLCanvasElement } | null;
      hover: RegionInfo | null;
      selected: RegionInfo | null;
      level: number;
      levelSteps: number;
      brushRadius: number;
      brushAb: [number, number];
      lastLatency: number | null;
      chosenModel: string | null;
      models: { path: string; name: string; error?: string }[];
    };
  }
}
export {};
