// Builds the renderer (src-renderer) into dist/renderer for both shells. Relative asset paths,
// so the desktop app can load it from a file; the CSP comes from the api's one definition.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src-main/api/security.js';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [
    svelte(),
    { name: 'tinct-csp', transformIndexHtml: (html) => html.replace('%TINCT_CSP%', CONTENT_SECURITY_POLICY) },
  ],
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 1500, assetsInlineLimit: 0 },
  server: { fs: { allow: ['..'] } },
});
