/**
 * The BrowserWindow options of every editor window, in a plain module (no Electron import) so a
 * unit test can assert them: Electron's security checklist, items 2–4, 6, 8–10 and 12.
 */
export const APP_SCHEME = 'tinct';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
/** The page every window loads; nothing else may be navigated to. */
export const APP_URL = `${APP_ORIGIN}/index.html`;

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  backgroundColor: string;
  title: string;
  show: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    safeDialogs: true;
  };
}

export function windowOptions(preload: string): WindowOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    backgroundColor: '#16181a',
    title: 'Tinct',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** Whether an IPC message comes from our own page (not a frame or page that got in somehow). */
export function trustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
