// The renderer's entry: window.tinct is the desktop app's preload bridge; in a browser the
// shell's WebSocket client takes its place.
import { mount } from 'svelte';
import type { TinctBridge } from '../src-main/api/protocol.js';
import App from './App.svelte';
import { Editor } from './lib/editor.svelte.js';
import { createWebBridge } from './lib/web-bridge.js';
import './app.css';

declare global {
  interface Window {
    tinct?: TinctBridge;
    tinctEditor?: Editor;
  }
}

const api = window.tinct ?? createWebBridge();
const editor = new Editor(api);
// For the end-to-end tests and the console: the editor's state, read-only by convention.
window.tinctEditor = editor;
// Anything that slips through shows as a message, never as a blank window.
window.addEventListener('error', (e) => {
  editor.error = e.message;
});
window.addEventListener('unhandledrejection', (e) => {
  editor.error = e.reason instanceof Error ? e.reason.message : String(e.reason);
});
mount(App, { target: document.getElementById('app')!, props: { editor } });
