/**
 * Property-based fuzzing (fast-check) of what Tinct reads from outside: the project file, the edit
 * document and the CLI's request options. 10,000 random and mutated inputs each; every one is
 * either accepted or refused with a clear one-line error, never a crash.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColorizeOptionsSchema } from '../../src-main/api/colorize-options.js';
import { EditDocumentSchema, newDocument } from '../../src-main/engine/document/edit-document.js';
import { TinctError } from '../../src-main/engine/errors.js';
import { readProject } from '../../src-main/engine/worker/project.js';

const RUNS = 10_000;
const valid = {
  format: 'tinct-project/1',
  source: '/photos/oma.jpg',
  document: {
    ...newDocument('oma.jpg', 3000, 2000, 0.38),
    regions: [{ point: [100, 200], level: 0.5, swatch: 1 }],
    strokes: [
      {
        id: 's1',
        points: [
          [10, 10],
          [20, 30],
        ],
        radius: 12,
        ab: [20, -10],
      },
    ],
  },
};

function asText(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
  } catch {
    return 'junk'; // BigInt and other values JSON cannot write
  }
}

/** Mutations of a valid value: drop, replace or retype a random field, anywhere in the tree. */
const mutated = fc
  .tuple(fc.nat(), fc.anything({ withNullPrototype: false }), fc.integer({ min: 0, max: 2 }))
  .map(([pick, junk, op]) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    const paths: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object')
        for (const k of Object.keys(v)) {
          paths.push([v as Record<string, unknown>, k]);
          walk((v as Record<string, unknown>)[k]);
        }
    };
    walk(copy);
    const [parent, key] = paths[pick % paths.length];
    if (op === 0) delete (parent as Record<string, unknown>)[key as string];
    else (parent as Record<string, unknown>)[key as string] = op === 1 ? junk : asText(junk);
    return copy;
  });

const dir = mkdtempSync(join(tmpdir(), 'tinct-fuzz-'));

describe('fuzzing', () => {
  it(`the project parser: ${RUNS} random and mutated files, no crash, every refusal one line`, async () => {
    let refused = 0,
      i = 0;
    const text = fc.oneof(
      mutated.map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
    );
    for (const content of fc.sample(text, RUNS)) {
      const path = join(dir, `p${i++ % 50}.tinct`);
      writeFileSync(path, content);
      try {
        await readProject(path);
      } catch (err) {
        expect(err).toBeInstanceOf(TinctError);
        expect((err as Error).message).toMatch(/^.*p\d+\.tinct: \S/);
        expect((err as Error).message.split('\n')).toHaveLength(1);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(RUNS / 2);
  }, 120_000);

  it(`the edit document schema: ${RUNS} mutated documents`, () => {
    fc.assert(
      fc.property(mutated, (p) => {
        const r = EditDocumentSchema.safeParse((p as { document: unknown }).document);
        if (!r.success) expect(r.error.issues[0].message.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it(`the request options schema: ${RUNS} random option objects`, () => {
    const options = fc.record(
      {
        format: fc.oneof(fc.constantFrom('tiff', 'png', 'jpeg'), fc.anything()),
        bits: fc.oneof(fc.constantFrom(8, 16), fc.anything()),
        temperature: fc.oneof(fc.double(), fc.anything()),
        consistency: fc.oneof(fc.double(), fc.anything()),
        maxPixels: fc.oneof(fc.double(), fc.anything()),
        device: fc.oneof(fc.constantFrom('cpu', 'cuda'), fc.string()),
        overwrite: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(options, (o) => {
        const r = ColorizeOptionsSchema.safeParse(o);
        if (!r.success) expect(r.error.issues[0].message).not.toMatch(/\n/);
      }),
      { numRuns: RUNS },
    );
  });
});
