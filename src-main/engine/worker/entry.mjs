// The engine worker's entry from a checkout: registers tsx so the TypeScript host runs without a
// build step (like bin/tinct.js). A packaged app runs the bundled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./host.ts');
