/**
 * `npm run bench:resume`: what `--resume` costs per output it finds already done (isCompleteOutput:
 * the header, the XMP and the file's last bytes, no pixels), for 24 MP results as an archive makes
 * them (16-bit TIFF and PNG, JPEG), and the one-off hash of the shipped colorizer that every run
 * pays to know which model it is.
 *
 *   npm run bench:resume [-- --mp 24 --repeat 200]
 *
 * The files are checked from the page cache (written just before): a cold network disk adds its
 * latency for two small reads per file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVENANCE_FORMAT, type Provenance } from '../../src-main/engine/batch/provenance.js';
import { isCompleteOutput } from '../../src-main/engine/batch/resume.js';
import { writeImage, type ExportFormat } from '../../src-main/engine/image/write-image.js';
import { readManifest } from '../../src-main/engine/models/manifest.js';
import { modelIdentity } from '../../src-main/engine/models/model-identity.js';
import { DEFAULT_COLORIZER } from '../../src-main/engine/version.js';
import { flag } from '../helpers/flags.js';

const mp = Number(flag('mp', '24'));
const repeat = Number(flag('repeat', '200'));
const width = Math.round(Math.sqrt(mp * 1e6 * 1.5)),
  height = Math.floor((mp * 1e6) / width);

let t0 = performance.now();
const model = await modelIdentity(DEFAULT_COLORIZER, await readManifest(DEFAULT_COLORIZER, 'colorizer'));
const hashMs = performance.now() - t0;
const expected: Provenance = {
  format: PROVENANCE_FORMAT,
  input: { name: 'scan.tif', size: 123456789, mtimeMs: 1700000000000 },
  model,
  segmenter: null,
  settings: { format: 'tiff', bits: null, temperature: 0.38, consistency: 1, workingSize: 256, hints: null },
};

const n = width * height;
const L = new Float32Array(n),
  a = new Float32Array(n),
  b = new Float32Array(n);
for (let i = 0; i < n; i++) {
  L[i] = 20 + 60 * ((i % width) / width);
  a[i] = 10 * Math.sin(i / 997);
  b[i] = 10 * Math.cos(i / 1009);
}
const dir = mkdtempSync(join(tmpdir(), 'tinct-resume-bench-'));
console.log(`resume check, ${width}×${height} (${mp} MP) results, ${repeat} checks each, warm cache`);
console.log(`model hash (${DEFAULT_COLORIZER.split('/').pop()}, once per run): ${hashMs.toFixed(0)} ms`);
try {
  for (const [format, bits] of [
    ['tiff', 16],
    ['png', 16],
    ['jpeg', 8],
  ] as [ExportFormat, 8 | 16][]) {
    const path = join(dir, `result.${format}`);
    await writeImage(
      path,
      { width, height, L, a, b, alpha: null },
      { format, bits, provenance: { ...expected, settings: { ...expected.settings, format } } },
    );
    const want = { ...expected, settings: { ...expected.settings, format } };
    const first = await isCompleteOutput(path, want);
    if (!first.complete) throw new Error(`${path}: ${first.reason}`);
    t0 = performance.now();
    for (let k = 0; k < repeat; k++) await isCompleteOutput(path, want);
    const ms = (performance.now() - t0) / repeat;
    const size = statSync(path).size / 1e6;
    console.log(
      `  ${format} ${bits}-bit (${size.toFixed(0)} MB): ${ms.toFixed(2)} ms per output; 10,000 ` +
        `outputs: ${((ms * 10000) / 1000).toFixed(0)} s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
