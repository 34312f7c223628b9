// The preview helper's entry from a checkout: registers tsx so the TypeScript runs without a build
// step (like worker/entry.mjs). The packaged app bundles preview-helper.ts under this same name
// beside its engine worker (scripts/build-app.mjs), so the URL in preview-threads.ts finds it.
import { register } from 'tsx/esm/api';

register();
await import('./preview-helper.ts');
