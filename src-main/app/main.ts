/**
 * The desktop app's main process: windows, menus, dialogs, recent files, and the IPC that carries
 * the api to the engine worker. Security follows Electron's checklist: sandboxed, isolated pages
 * without Node; the renderer is served from a private scheme with a strict CSP; navigation, new
 * windows, webviews and permission requests are refused; every IPC message is checked for its
 * sender and validated against the api schemas; files are reached only through paths the user
 * chose (dialogs, drops, recent files).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultColorizer, defaultSegmenter, defaultStateDir, RENDERER_DIR } from '../api/defaults.js';
import { Dispatcher, type Answer } from '../api/dispatch.js';
import { EXPORT_FORMAT_RULES } from '../engine/image/export-formats.js';
import type { DialogKind } from '../api/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../api/security.js';
import { EngineWorker } from '../engine/worker/client.js';
import { VIDEO_EXTENSIONS } from '../engine/video/probe.js';
import { buildMenu } from './menu.js';
import { PathGrants } from './path-grants.js';
import { RecentFiles } from './recent.js';
import { APP_SCHEME, APP_URL, trustedSender, windowOptions } from './window-options.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Bundled by scripts/build-app.mjs into dist/app: main.js, preload.cjs, worker.js side by side. */
const PRELOAD = join(here, 'preload.cjs');
const WORKER = join(here, 'worker.js').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
const resources = (...p: string[]) => (app.isPackaged ? join(process.resourcesPath, ...p) : null);
const RENDERER = app.isPackaged ? join(here, '..', 'renderer') : RENDERER_DIR;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();

  const model = resources('models', 'colorizer.onnx') ?? defaultColorizer().path;
  const engine = new EngineWorker(
    {
      model,
      segmenter: resources('models', 'segmenter.onnx') ?? defaultSegmenter(),
      stateDir: defaultStateDir(),
      samplesDir: resources('resources', 'samples') ?? undefined,
    },
    WORKER,
  );
  const grants = new PathGrants();
  const recent = new RecentFiles(join(app.getPath('userData'), 'recent.json'));
  await recent.load();
  for (const p of recent.list()) grants.allow(p);
  const dispatcher = new Dispatcher(engine);

  // Nothing but our own page, from our own scheme, with the CSP on every response.
  protocol.handle(APP_SCHEME, async (req) => {
    const rel = decodeURIComponent(new URL(req.url).pathname).replace(/^\/+/, '') || 'index.html';
    const file = normalize(join(RENDERER, rel));
    if (!file.startsWith(normalize(RENDERER) + sep)) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // No remote content: only our scheme, data: and blob: URLs load.
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['*://*/*'] }, (d, cb) =>
    cb({ cancel: !d.url.startsWith(`${APP_SCHEME}:`) && !d.url.startsWith('devtools:') }),
  );
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (e: Event, url: string) => {
      if (url !== APP_URL) e.preventDefault();
    });
    contents.on('will-redirect', (e: Event) => e.preventDefault());
    contents.on('will-attach-webview', (e: Event) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  const check = (e: IpcMainInvokeEvent | IpcMainEvent) => {
    if (!trustedSender(e.senderFrame?.url) || !BrowserWindow.fromWebContents(e.sender))
      throw new Error('refused: IPC from an unknown page');
  };

  ipcMain.handle('tinct:call', async (e, method: unknown, params: unknown, jobId: unknown) => {
    check(e);
    const job = typeof jobId === 'string' && jobId.length <= 100 ? jobId : undefined;
    const denied = grants.check(method, params);
    if (denied) return { ok: false, error: { code: 'bad-input', message: denied } } satisfies Answer;
    const answer = await dispatcher.handle(method, params, job, (progress) => {
      if (!e.sender.isDestroyed()) e.sender.send('tinct:progress', job, progress);
    });
    if (answer.ok) await remember(method, params, answer.result);
    return answer;
  });
  ipcMain.on('tinct:cancel', (e, jobId: unknown) => {
    try {
      check(e);
    } catch {
      return;
    }
    if (typeof jobId === 'string') dispatcher.cancel(jobId);
  });
  ipcMain.handle('tinct:dialog', async (e, kind: DialogKind, suggested?: string) => {
    check(e);
    const win = BrowserWindow.fromWebContents(e.sender)!;
    const images = {
      name: 'Photos and films',
      extensions: ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp', 'gif', ...VIDEO_EXTENSIONS.map((e) => e.slice(1))],
    };
    const projects = { name: 'Tinct projects', extensions: ['tinct'] };
    const defaultPath = typeof suggested === 'string' ? suggested : undefined;
    let path: string | undefined;
    if (kind === 'openImage' || kind === 'openProject') {
      const r = await dialog.showOpenDialog(win, {
        properties: ['openFile'],
        filters: [kind === 'openImage' ? images : projects],
        defaultPath,
      });
      path = r.canceled ? undefined : r.filePaths[0];
    } else if (kind === 'saveProject' || kind === 'export') {
      const r = await dialog.showSaveDialog(win, {
        defaultPath,
        filters:
          kind === 'saveProject'
            ? [projects]
            : [
                {
                  name: EXPORT_FORMAT_RULES.map((r) => r.label)
                    .join(', ')
                    .replace(/, ([^,]*)$/, ' or $1'),
                  extensions: EXPORT_FORMAT_RULES.flatMap((r) => r.extensions.map((e) => e.slice(1))),
                },
                { name: 'Film: MP4 or lossless MKV', extensions: ['mp4', 'mkv'] },
              ],
      });
      path = r.canceled ? undefined : r.filePath;
    }
    if (!path) return null;
    grants.allow(path);
    return path;
  });
  ipcMain.handle('tinct:grant-dropped', (e, path: unknown) => {
    check(e);
    if (typeof path === 'string' && path) grants.allow(path);
  });
  ipcMain.handle('tinct:recent', (e) => {
    check(e);
    return recent.list();
  });

  async function remember(method: unknown, params: unknown, result: unknown): Promise<void> {
    const p = params as { path?: string };
    // Paths the engine itself offered (sample photos, autosaves) may be opened without a dialog.
    if (method === 'info') for (const s of (result as { samples: string[] }).samples) grants.allow(s);
    if (method === 'listRecoverable') for (const r of result as { path: string }[]) grants.allow(r.path);
    let path: string | null = null;
    if (method === 'open' && p.path) path = p.path;
    if (method === 'openProject' || method === 'saveProject') path = p.path ?? null;
    if (method === 'openProject') grants.allow((result as { path?: string }).path ?? '');
    if (!path) return;
    app.addRecentDocument(path);
    await recent.add(path);
    Menu.setApplicationMenu(buildMenu({ send: sendMenu, newWindow: createWindow, recent: recent.list() }));
  }

  function sendMenu(cmd: string, arg?: string): void {
    const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (arg) grants.allow(arg);
    win?.webContents.send('tinct:menu', cmd, arg);
  }

  function createWindow(): void {
    const win = new BrowserWindow(windowOptions(PRELOAD));
    win.once('ready-to-show', () => win.show());
    void win.loadURL(APP_URL);
  }

  Menu.setApplicationMenu(buildMenu({ send: sendMenu, newWindow: createWindow, recent: recent.list() }));
  try {
    await engine.ready;
  } catch (err) {
    dialog.showErrorBox('Tinct cannot start', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  createWindow();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => {
    void engine.close().then(() => app.quit());
  });
}

void main();
