/**
 * `npm run eval:compare -- <a.json> <b.json>`: two runs of `npm run eval:color -- … --save <file>`
 * on the same photos (the shipped model as a, a candidate as b), compared photo by photo.
 *
 * Per row both share (grey, Tinct κ = …): AuC raw and rebalanced of each, the difference b − a and
 * its 5–95 % range over 1,000 resamples of the photos with replacement, the same draw for both
 * models (pairedAucDifference); the mean PSNR difference, each hue family's recall and the warm
 * share likewise (pairedMeanDifference, pairedRatioDifference). Val's 100 photos move either
 * model's AuC by about ±0.2 when drawn again, but most of that is photos every model finds easy or
 * hard, and cancels in the difference: a range that stays above 0 says the candidate is better on
 * photos like these, not on this draw of them.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  pairedAucDifference,
  pairedMeanDifference,
  pairedRatioDifference,
  pooledShare,
  type PairedDifference,
} from './color-metrics.js';

const Run = z.object({
  images: z.string(),
  greys: z.string().nullable(),
  model: z.string(),
  priorOf: z.string().nullable(),
  temperature: z.number(),
  photos: z.array(z.string()),
  // The hue-recall and warm counts: absent from runs saved before eval:color kept them.
  families: z.array(z.string()).optional(),
  hueTotals: z.array(z.array(z.number())).optional(),
  truthWarm: z.object({ warm: z.array(z.number()), chromatic: z.array(z.number()) }).optional(),
  rows: z.array(
    z.object({
      name: z.string(),
      psnr: z.array(z.number()),
      hist: z.array(z.array(z.number())),
      histW: z.array(z.array(z.number())).nullable(),
      hueHits: z.array(z.array(z.number())).optional(),
      warm: z.array(z.number()).optional(),
      chromatic: z.array(z.number()).optional(),
    }),
  ),
});
type Run = z.infer<typeof Run>;

function read(path: string): Run {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read it as JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = Run.safeParse(json);
  if (!r.success) throw new Error(`${path}: not a file of eval:color --save (${r.error.issues[0].path.join('.')})`);
  return r.data;
}

/** A number as the table prints it; '-' where it is not one (a share of a model with no chromatic pixel). */
const fixed = (x: number, digits: number) => (Number.isNaN(x) ? '-' : x.toFixed(digits));

function main(): void {
  const [pa, pb] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
  if (!pa || !pb) {
    console.error(
      'usage: npm run eval:compare -- <a.json> <b.json>   (each from npm run eval:color -- … --save <file>)',
    );
    process.exit(2);
  }
  const [a, b] = [read(pa), read(pb)];
  const same = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y))
      throw new Error(`${pb}: ${what} differ from ${pa}'s (${JSON.stringify(y)} against ${JSON.stringify(x)})`);
  };
  same('the photos', a.photos, b.photos);
  same('the grey inputs', a.greys, b.greys);
  same('the rebalancing prior (--prior-of)', a.priorOf, b.priorOf);
  console.log(
    `a: ${a.model}, T ${a.temperature} (${pa}); b: ${b.model}, T ${b.temperature} (${pb}); ` +
      `${a.photos.length} photos from ${a.images}${a.greys ? `, greys from ${a.greys}` : ''}`,
  );
  if (!a.priorOf)
    console.log('AuC rebal left out: run eval:color with the same --prior-of for both to weigh their pixels alike');
  const counted = a.hueTotals && b.hueTotals && a.truthWarm && a.families;
  if (!counted)
    console.log('hue recalls and warm share left out: a run saved before eval:color --save kept their counts');
  else {
    // Each run's hits are read against a's truth counts: the truths must be the same.
    same('the hue families', a.families, b.families);
    same("the truth's hue-recall counts", a.hueTotals, b.hueTotals);
    same("the truth's warm counts", a.truthWarm, b.truthWarm);
    console.log(
      `the truth's warm share: ${fixed(pooledShare({ num: a.truthWarm!.warm, den: a.truthWarm!.chromatic }), 3)}`,
    );
  }
  console.log('row                 measure          a          b      b − a   5–95 % of b − a over 1,000 resamples');
  const hists = (h: number[][]) => h.map((x) => Float64Array.from(x));
  for (const ra of a.rows) {
    const rb = b.rows.find((r) => r.name === ra.name);
    if (!rb || ra.name.startsWith('grey')) continue; // the same in both runs
    // Shares (recalls, warm) get a third digit: a change of 0.02 in red recall is read from them.
    const line = (measure: string, d: PairedDifference, digits = 2) =>
      console.log(
        `${ra.name.padEnd(20)}${measure.padEnd(12)}${fixed(d.a, digits).padStart(10)}${fixed(d.b, digits).padStart(11)}` +
          `${fixed(d.diff, digits).padStart(11)}   ${fixed(d.lo, digits)} … ${fixed(d.hi, digits)}`,
      );
    line('AuC raw', pairedAucDifference(hists(ra.hist), hists(rb.hist)));
    // Without --prior-of each run weighed its pixels by its own model's prior: not comparable.
    if (ra.histW && rb.histW && a.priorOf) line('AuC rebal', pairedAucDifference(hists(ra.histW), hists(rb.histW)));
    line('PSNR dB', pairedMeanDifference(ra.psnr, rb.psnr));
    if (!counted || !ra.hueHits || !rb.hueHits || !ra.warm || !rb.warm || !ra.chromatic || !rb.chromatic) continue;
    a.families!.forEach((family, f) => {
      const den = a.hueTotals!.map((t) => t[f]);
      if (!den.some((t) => t > 0)) return; // no truth pixel of this family on these photos
      const recall = (hits: number[][]) => ({ num: hits.map((h) => h[f]), den });
      line(`${family} rec`, pairedRatioDifference(recall(ra.hueHits!), recall(rb.hueHits!)), 3);
    });
    line(
      'warm share',
      pairedRatioDifference({ num: ra.warm, den: ra.chromatic }, { num: rb.warm, den: rb.chromatic }),
      3,
    );
  }
}

try {
  main();
} catch (e) {
  console.error(`eval:compare: ${(e as Error).message}`);
  process.exit(1);
}
