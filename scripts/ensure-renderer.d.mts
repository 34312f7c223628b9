export function rendererIsStale(): boolean;
export function ensureRenderer(opts?: { quiet?: boolean }): void;
