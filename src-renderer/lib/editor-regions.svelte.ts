/**
 * Regions, the second layer of Editor: what the pointer is over, the selection and its level
 * (grow, shrink), and a swatch or a custom colour chosen for the selected region. The engine owns
 * the regions: a click asks `regionAt`, a choice is one `chooseRegion` request.
 */
import type { EditDocument, RegionInfo } from '../../src-main/api/protocol.js';
import { toCanvas } from './canvas-image.js';
import { EditorState } from './editor-state.svelte.js';
import { withRecentColour } from './preferences.js';

export class EditorRegions extends EditorState {
  async regionAt(
    x: number,
    y: number,
    level = this.level,
  ): Promise<{ region: RegionInfo | null; parentLevel: number; childLevel: number } | null> {
    const info = this.info;
    if (!info?.regions) return null;
    return (await this.guard(() => this.api.call('regionAt', { session: info.session, x, y, level }))) ?? null;
  }

  async hoverAt(x: number, y: number): Promise<void> {
    // The hover shows what a click would select: a new click starts at the default level.
    const ans = await this.regionAt(x, y, this.info?.defaultLevel ?? this.level);
    this.hover = ans?.region ?? null;
  }

  /** A new click selects at the default level: the level belongs to the selection (Photoshop). */
  async select(x: number, y: number): Promise<void> {
    if (this.info) this.level = this.info.defaultLevel;
    this.levelSteps = 0;
    const ans = await this.regionAt(x, y);
    this.selected = ans?.region ?? null;
    this.selectedPoint = this.selected ? [x, y] : null;
  }

  /** The selection again, after an edit or on another frame (its swatches and outline may have changed). */
  protected async refreshSelection(): Promise<void> {
    const point = this.selectedPoint;
    if (!point) return;
    const ans = await this.regionAt(...point);
    // Esc or another click while the answer was on its way wins.
    if (this.selectedPoint === point) this.selected = ans?.region ?? null;
  }

  /** [ and ]: walk the hierarchy from the selected region. */
  async growShrink(dir: 1 | -1): Promise<void> {
    const point = this.selectedPoint;
    if (!point) return;
    const ans = await this.regionAt(...point);
    if (!ans || this.selectedPoint !== point) return;
    const next = dir > 0 ? ans.parentLevel : ans.childLevel;
    if (next !== this.level) this.levelSteps += dir;
    this.level = next;
    await this.refreshSelection();
  }

  /** Esc: no selection, and the next click starts at the default level again. */
  clearSelection(): void {
    this.selected = null;
    this.selectedPoint = null;
    this.levelSteps = 0;
    if (this.info) this.level = this.info.defaultLevel;
  }

  chooseSwatch(swatch: number): Promise<void> {
    return this.setRegionChoice({ swatch });
  }

  /** Remembers a custom colour (region or brush) at the front of the recent colours. */
  rememberColour(ab: [number, number]): void {
    this.recentColours = withRecentColour(this.recentColours, ab);
  }

  chooseColour(ab: [number, number]): Promise<void> {
    this.rememberColour(ab);
    return this.setRegionChoice({ ab });
  }

  private async setRegionChoice(choice: { swatch?: number; ab?: [number, number] }): Promise<void> {
    if (!this.doc || !this.selected || !this.selectedPoint) return;
    const info = this.info;
    this.updating = true;
    try {
      // One request: the engine replaces an earlier choice in the same region and renders.
      const ans = await this.guard(() =>
        this.api.call('chooseRegion', {
          session: info!.session,
          point: this.selectedPoint!,
          level: this.level,
          ...choice,
        }),
      );
      if (!ans || this.info !== info) return;
      this.doc = ans.document;
      if (this.history.push($state.snapshot(ans.document) as EditDocument)) this.syncHistory();
      this.colour = toCanvas(ans);
      this.previewVersion++;
      if (this.selectedPoint) void this.refreshSelection();
      void this.video?.replan();
    } finally {
      if (!this.inflight) this.updating = false;
    }
  }
}
