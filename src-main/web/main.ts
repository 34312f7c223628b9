/**
 * `npm run serve -- [--port P] [--model m.onnx] [--state-dir D]`: the browser shell. Prints
 * exactly one line on stdout, `Tinct at http://127.0.0.1:P/?token=…`; notices go to stderr.
 */
import { parseArgs } from 'node:util';
import { defaultColorizer, defaultSegmenter, defaultStateDir, RENDERER_DIR } from '../api/defaults.js';
import { oneLine } from '../engine/errors.js';
import { EngineWorker } from '../engine/worker/client.js';
import { ensureRenderer } from '../../scripts/ensure-renderer.mjs';
import { startServer } from './server.js';

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        model: { type: 'string' },
        segmenter: { type: 'string' },
        'state-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
      },
    }));
  } catch (err) {
    process.stderr.write(`tinct serve: ${oneLine(err)}\n`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`tinct serve: --port must be 0..65535, got "${values.port}"\n`);
    return 2;
  }
  if (!values['renderer-dir']) {
    // From a checkout: build the editor first when it is missing or older than its sources.
    try {
      ensureRenderer();
    } catch (err) {
      process.stderr.write(`tinct serve: ${oneLine(err)}\n`);
      return 1;
    }
  }
  const fallback = defaultColorizer();
  const model = values.model ?? fallback.path;
  if (!values.model && fallback.notice) process.stderr.write(`tinct serve: ${fallback.notice}\n`);
  const engine = new EngineWorker({
    model,
    segmenter: values.segmenter ?? defaultSegmenter(),
    stateDir: values['state-dir'] ?? defaultStateDir(),
  });
  try {
    await engine.ready;
  } catch (err) {
    process.stderr.write(`tinct serve: ${oneLine(err)}\n`);
    await engine.close().catch(() => undefined);
    return 1;
  }
  let server;
  try {
    server = await startServer({ engine, rendererDir: values['renderer-dir'] ?? RENDERER_DIR, port });
  } catch (err) {
    process.stderr.write(`tinct serve: cannot listen on 127.0.0.1:${port} (${oneLine(err)})\n`);
    await engine.close();
    return 1;
  }
  process.stdout.write(`Tinct at ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await engine.close();
  return 0;
}

if (process.argv[1] && /web[\\/]main\.(ts|js)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
