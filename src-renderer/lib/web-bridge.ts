/**
 * window.tinct for the browser shell: the api over one WebSocket to the server that served this
 * page (the page's token rides along as a cookie and in the URL). Uploads go by HTTP POST.
 */
import type {
  Answer,
  ApiError,
  CallOptions,
  DialogKind,
  MenuCommand,
  Method,
  OpenSource,
  Progress,
  TinctBridge,
  UiParams,
} from '../../src-main/api/protocol.js';

interface Pending {
  resolve: (a: Answer) => void;
  onProgress?: (p: Progress) => void;
}

/** A failure of the connection itself, as data like the server's own. */
const lost = (message: string): Answer => ({ ok: false, error: { code: 'internal', message } });

export function createWebBridge(location: Location = window.location): TinctBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const wsUrl = `${scheme}://${location.host}/api/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (socket) return socket;
    socket = new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('cannot reach the Tinct server (is `npm run serve` still running?)'));
      ws.onclose = () => {
        socket = null;
        for (const p of pending.values()) p.resolve(lost('the connection to the Tinct server closed'));
        pending.clear();
      };
      ws.onmessage = (ev) => onMessage(ev.data as string | ArrayBuffer);
    });
    return socket;
  };

  const onMessage = (data: string | ArrayBuffer) => {
    let msg: { id: number; ok?: boolean; result?: unknown; error?: ApiError; progress?: Progress };
    if (typeof data === 'string') msg = JSON.parse(data);
    else {
      // A preview: 4-byte header length, JSON header, then the RGBA pixels.
      const len = new DataView(data).getUint32(0, true);
      msg = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 4, len)));
      (msg.result as { rgba: Uint8ClampedArray }).rgba = new Uint8ClampedArray(data, 4 + len);
    }
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.progress) return p.onProgress?.(msg.progress);
    pending.delete(msg.id);
    p.resolve(
      msg.ok
        ? ({ ok: true, result: msg.result } as Answer)
        : { ok: false, error: msg.error ?? { code: 'internal', message: 'failed' } },
    );
  };

  return {
    transport: 'web',
    async request<M extends Method>(method: M, params: UiParams<M>, opts: CallOptions = {}): Promise<Answer<M>> {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch (err) {
        return lost((err as Error).message) as Answer<M>;
      }
      const id = nextId++;
      return new Promise<Answer<M>>((resolve) => {
        pending.set(id, { resolve: resolve as (a: Answer) => void, onProgress: opts.onProgress });
        ws.send(JSON.stringify({ id, method, params, ...(opts.jobId ? { jobId: opts.jobId } : {}) }));
      });
    },
    cancel(jobId: string) {
      connect()
        .then((ws) => ws.send(JSON.stringify({ cancel: jobId })))
        .catch(() => undefined);
    },
    async fileSource(file: File): Promise<OpenSource> {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}&token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: file,
      });
      const body = await res.json().catch(() => ({ error: `upload failed (${res.status})` }));
      if (!res.ok) throw new Error(body.error?.message ?? `upload failed (${res.status})`);
      return { upload: body.upload };
    },
    async dialog(_kind: DialogKind): Promise<string | null> {
      return null;
    },
    onMenu(_handler: (cmd: MenuCommand) => void) {},
    async recent(): Promise<string[]> {
      try {
        return JSON.parse(localStorage.getItem('tinct.recent') ?? '[]');
      } catch {
        return [];
      }
    },
  };
}
