/**
 * Tinct's XMP, both ways: the packet write-image.ts embeds in every result (made by Tinct, which
 * version, which settings, and the provenance a `--resume` checks) and the reading of it back from
 * an image file. The one place that knows the packet's layout, so the writer and the reader cannot
 * drift apart.
 */
import { open, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { VERSION } from '../version.js';

export interface TinctXmp {
  version: string;
  settings: Record<string, unknown>;
  /** What the file was made from (batch/provenance.ts); absent in files from before it existed. */
  provenance?: unknown;
}

/** What an image at an output path turned out to be: a whole file Tinct wrote, or why not. */
export type OutputImageCheck = { ok: true; xmp: TinctXmp } | { ok: false; reason: string };

const NS = 'https://github.com/tinct/ns/1.0/';

export function xmpPacket(settings: Record<string, unknown>, provenance?: unknown): string {
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:tinct="${NS}"` +
    ` xmp:CreatorTool="Tinct ${xmlEscape(VERSION)}" tinct:Version="${xmlEscape(VERSION)}"` +
    ` tinct:Settings="${xmlEscape(JSON.stringify(settings))}"` +
    (provenance === undefined ? '' : ` tinct:Provenance="${xmlEscape(JSON.stringify(provenance))}"`) +
    '/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/**
 * Reads the packet xmpPacket wrote. Only that layout (attributes on one rdf:Description) is
 * understood: a file another tool rewrote may carry the same facts differently and is then
 * treated as not Tinct's, which costs a redo, never a wrong skip.
 */
export function parseTinctXmp(xmp: string): TinctXmp | null {
  if (!xmp.includes(NS)) return null;
  const version = attribute(xmp, 'tinct:Version');
  const settingsText = attribute(xmp, 'tinct:Settings');
  if (version === undefined || settingsText === undefined) return null;
  const settings = parseJson(settingsText);
  if (!settings || typeof settings !== 'object') return null;
  const provenanceText = attribute(xmp, 'tinct:Provenance');
  const provenance = provenanceText === undefined ? undefined : parseJson(provenanceText);
  return { version, settings: settings as Record<string, unknown>, provenance };
}

/**
 * Whether the image file at `path` is whole and written by Tinct, with its XMP. Reads the header
 * and the file's last bytes, never the pixels, so checking a finished archive stays cheap: a file
 * cut short (a stopped copy; Tinct itself only renames whole files into place) is caught by its
 * end, not by decoding. Damage in the middle of an otherwise whole file is not looked for.
 */
export async function readOutputImage(path: string): Promise<OutputImageCheck> {
  const st = await stat(path).catch(() => null);
  if (!st) return { ok: false, reason: 'missing' };
  if (!st.isFile()) return { ok: false, reason: 'not a file' };
  let meta;
  try {
    meta = await sharp(path).metadata();
  } catch {
    return { ok: false, reason: 'not a readable image (partial or foreign)' };
  }
  const xmp = meta.xmp ? parseTinctXmp(meta.xmp.toString('utf8')) : null;
  if (!xmp) return { ok: false, reason: 'not written by Tinct' };
  if (!(await endsWhole(path, meta.format, st.size))) return { ok: false, reason: 'truncated (a partial file)' };
  return { ok: true, xmp };
}

/**
 * The file's last structure is all there: libvips reads a PNG without its IEND or a TIFF whose
 * last IFD is cut short without complaint, and a copy cut off there is still a partial file.
 */
async function endsWhole(path: string, format: string | undefined, size: number): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const read = async (at: number, n: number) => {
      const b = Buffer.alloc(n);
      const { bytesRead } = await fh.read(b, 0, n, at);
      return b.subarray(0, bytesRead);
    };
    if (format === 'png') return (await read(size - 12, 12)).equals(PNG_END);
    if (format === 'jpeg') return (await read(size - 2, 2)).equals(JPEG_END);
    if (format === 'tiff') {
      const head = await read(0, 8);
      const le = head.toString('latin1', 0, 2) === 'II';
      // BigTIFF: not ours
      if (head.length < 8 || (le ? head.readUInt16LE(2) : head.readUInt16BE(2)) !== 42) return true;
      const ifd = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
      const count = await read(ifd, 2);
      if (count.length < 2) return false;
      return ifd + 2 + 12 * (le ? count.readUInt16LE(0) : count.readUInt16BE(0)) + 4 <= size;
    }
    return true;
  } finally {
    await fh.close();
  }
}

const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

function attribute(xml: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(xml);
  return m ? xmlUnescape(m[1]) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
