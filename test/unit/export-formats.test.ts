import { describe, expect, it } from 'vitest';
import {
  bitsFor,
  bitsRefusal,
  EXPORT_FORMAT_RULES,
  formatFromName,
  FRAME_FORMATS,
  formatFromPath,
  FORMAT_NAMES,
} from '../../src-main/engine/image/export-formats.js';
import { validateParams } from '../../src-main/api/contract/validate.js';
import { ColorizeOptionsSchema } from '../../src-main/api/colorize-options.js';
import { exportChoices, withExtension } from '../../src-renderer/lib/export-choices.js';

describe('the one list of export formats', () => {
  it('names formats by extension and by --format name', () => {
    expect(['a.tif', 'b.TIFF', 'c.png', 'd.JPG', 'e.jpeg', 'f.webp', 'noext'].map(formatFromPath)).toEqual([
      'tiff',
      'tiff',
      'png',
      'jpeg',
      'jpeg',
      undefined,
      undefined,
    ]);
    expect(FORMAT_NAMES).toEqual(['tiff', 'tif', 'png', 'jpeg', 'jpg']);
    expect(FORMAT_NAMES.map(formatFromName)).toEqual(['tiff', 'tiff', 'png', 'jpeg', 'jpeg']);
  });

  it('says JPEG is 8-bit the same way wherever it is checked', () => {
    const why = 'JPEG is 8-bit only: use TIFF or PNG for 16 bits';
    expect(bitsRefusal('jpeg', 16)).toBe(why);
    expect(bitsRefusal('jpeg', 8)).toBeNull();
    expect(bitsRefusal('png', 16)).toBeNull();
    expect([bitsFor('jpeg', 16), bitsFor('tiff', 16), bitsFor('png', 8)]).toEqual([8, 16, 8]);
    const api = validateParams('export', { session: 's', path: '/o.jpg', format: 'jpeg', bits: 16 });
    expect(api).toEqual({ ok: false, error: `bad export request: bits: ${why}` });
    const cli = ColorizeOptionsSchema.safeParse({
      format: 'jpeg',
      bits: 16,
      maxPixels: 1,
      device: 'cpu',
      overwrite: false,
    });
    expect(cli.error?.issues[0].message).toBe(why);
  });

  it('gives the export dialog the choices it always had', () => {
    expect(exportChoices(EXPORT_FORMAT_RULES).map((c) => [c.key, c.label, c.ext, c.bits])).toEqual([
      ['tiff16', 'TIFF, 16-bit', '.tif', 16],
      ['tiff8', 'TIFF, 8-bit', '.tif', 8],
      ['png16', 'PNG, 16-bit', '.png', 16],
      ['png8', 'PNG, 8-bit', '.png', 8],
      ['jpeg', 'JPEG', '.jpg', 8],
    ]);
    expect(withExtension('/p/cat-colour.TIF', EXPORT_FORMAT_RULES, '.jpg')).toBe('/p/cat-colour.jpg');
    expect(withExtension('/p/cat-colour.jpeg', EXPORT_FORMAT_RULES, '.png')).toBe('/p/cat-colour.png');
    expect(withExtension('/p/cat-colour', EXPORT_FORMAT_RULES, '.tif')).toBe('/p/cat-colour.tif');
  });
  it("a film's frames go in the formats that hold 16 bits", () => {
    expect(FRAME_FORMATS).toEqual(['tiff', 'png']);
  });
});
