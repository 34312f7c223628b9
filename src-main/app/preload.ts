/**
 * The preload: the typed api as window.tinct, and nothing else of Electron or Node. Runs
 * sandboxed (bundled to CommonJS by scripts/build-app.mjs); each call is an invoke the main
 * process checks and validates.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type {
  Answer,
  CallOptions,
  DialogKind,
  MenuCommand,
  Method,
  OpenSource,
  Progress,
  TinctBridge,
  UiParams,
} from '../api/protocol.js';

const progress = new Map<string, (p: Progress) => void>();
ipcRenderer.on('tinct:progress', (_e, jobId: string, p: Progress) => progress.get(jobId)?.(p));

const menuHandlers: ((cmd: MenuCommand, arg?: string) => void)[] = [];
ipcRenderer.on('tinct:menu', (_e, cmd: MenuCommand, arg?: string) => menuHandlers.forEach((h) => h(cmd, arg)));

const bridge: TinctBridge = {
  transport: 'electron',
  // The answer goes to the page as data: an Error would lose its code crossing contextBridge.
  async request<M extends Method>(method: M, params: UiParams<M>, opts: CallOptions = {}): Promise<Answer<M>> {
    if (opts.jobId && opts.onProgress) progress.set(opts.jobId, opts.onProgress);
    try {
      return (await ipcRenderer.invoke('tinct:call', method, params, opts.jobId)) as Answer<M>;
    } catch (err) {
      // The main process refused the call (an unknown page) or is gone.
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    } finally {
      if (opts.jobId) progress.delete(opts.jobId);
    }
  },
  cancel: (jobId: string) => ipcRenderer.send('tinct:cancel', jobId),
  async fileSource(file: File): Promise<OpenSource> {
    const path = webUtils.getPathForFile(file);
    if (!path) throw new Error(`${file.name}: drop a file from your computer`);
    await ipcRenderer.invoke('tinct:grant-dropped', path);
    return { path };
  },
  dialog: (kind: DialogKind, suggested?: string) => ipcRenderer.invoke('tinct:dialog', kind, suggested),
  onMenu: (handler) => {
    menuHandlers.push(handler);
  },
  recent: () => ipcRenderer.invoke('tinct:recent'),
};

contextBridge.exposeInMainWorld('tinct', bridge);
