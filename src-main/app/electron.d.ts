/**
 * The part of Electron's API the app uses. Electron is an optional dependency that cannot be
 * installed everywhere Tinct is developed, so its types may be missing; this declaration keeps
 * src-main/app type-checked either way (it wins over the package's own types, and names only
 * what the app calls, with the signatures of Electron 39).
 */
declare module 'electron' {
  type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

  export interface WebFrameMain {
    url: string;
  }
  export interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: WebFrameMain | null;
  }
  export interface IpcMainEvent {
    sender: WebContents;
    senderFrame: WebFrameMain | null;
  }
  export interface IpcRendererEvent {
    sender: unknown;
  }

  export interface Session {
    setPermissionRequestHandler(
      h: ((wc: WebContents, permission: string, cb: (granted: boolean) => void) => void) | null,
    ): void;
    setPermissionCheckHandler(h: ((wc: WebContents | null, permission: string) => boolean) | null): void;
    webRequest: {
      onBeforeRequest(
        filter: { urls: string[] },
        l: (d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void,
      ): void;
    };
  }
  export interface WebContents {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    on(event: string, l: Listener): this;
    setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' | 'allow' }): void;
    isDestroyed(): boolean;
    openDevTools(): void;
    session: Session;
  }
  export class BrowserWindow {
    constructor(opts: object);
    webContents: WebContents;
    loadURL(url: string): Promise<void>;
    once(event: string, l: Listener): this;
    on(event: string, l: Listener): this;
    show(): void;
    focus(): void;
    setTitle(t: string): void;
    static getFocusedWindow(): BrowserWindow | null;
    static getAllWindows(): BrowserWindow[];
    static fromWebContents(wc: WebContents): BrowserWindow | null;
  }
  export interface MenuItemConstructorOptions {
    label?: string;
    role?: string;
    accelerator?: string;
    type?: 'separator' | 'submenu' | 'normal';
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
    enabled?: boolean;
  }
  export class Menu {
    static buildFromTemplate(t: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(m: Menu | null): void;
  }
  export const app: {
    isPackaged: boolean;
    whenReady(): Promise<void>;
    on(event: string, l: Listener): void;
    quit(): void;
    getPath(name: 'userData' | 'documents' | 'pictures' | 'home'): string;
    addRecentDocument(path: string): void;
    requestSingleInstanceLock(): boolean;
  };
  export const ipcMain: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    handle(channel: string, h: (e: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on(channel: string, l: (e: IpcMainEvent, ...args: any[]) => void): void;
  };
  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    send(channel: string, ...args: unknown[]): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on(channel: string, l: (e: IpcRendererEvent, ...args: any[]) => void): void;
  };
  export const contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  export const webUtils: { getPathForFile(file: unknown): string };
  export const dialog: {
    showOpenDialog(
      w: BrowserWindow,
      o: {
        title?: string;
        properties?: string[];
        filters?: { name: string; extensions: string[] }[];
        defaultPath?: string;
      },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(
      w: BrowserWindow,
      o: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[] },
    ): Promise<{ canceled: boolean; filePath?: string }>;
    showErrorBox(title: string, content: string): void;
  };
  export const protocol: {
    registerSchemesAsPrivileged(s: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, h: (req: Request) => Response | Promise<Response>): void;
  };
  export const session: { defaultSession: Session };
  export const shell: { openExternal(url: string): Promise<void> };
}

/** Electron adds this to Node's process: the folder of a packaged app's extraResources. */
declare namespace NodeJS {
  interface Process {
    resourcesPath: string;
  }
}
