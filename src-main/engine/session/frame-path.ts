/**
 * What a film's frame needs of a session beyond a photo's: the result at full resolution as Lab
 * planes, which the video writer converts itself. The frame's session is made by
 * EditSession.forFrame from the decoded frame, the temporal memory's log-probabilities and the
 * regions tracked from its shot's key frame; a photo's export takes the banded path instead
 * (export-path.ts), which never holds full-resolution a and b.
 */
import type { LabImage } from '../image/write-image.js';
import type { Rendered } from '../preview/preview-kernels.js';
import { jointBilateralUpsample } from '../upsample/joint-bilateral-upsample.js';
import { copyOfPreviewAb } from './export-path.js';
import { timed, type JobControl } from './stages.js';
import type { SessionPhoto } from './session-photo.js';

/** The preview's colours upsampled along the original L. */
export async function frameAtFullResolution(
  photo: SessionPhoto,
  render: () => Rendered,
  job: JobControl = {},
): Promise<LabImage> {
  const { img, preview } = photo;
  const ab = await copyOfPreviewAb(render, job);
  job.onProgress?.('upsample', 0);
  const { a, b } = await timed(job.times, 'upsample', () => {
    const { width: W, height: H } = preview;
    if (W === img.width && H === img.height) return ab;
    const [ua, ub] = jointBilateralUpsample(preview.L, [ab.a, ab.b], W, H, img.L, img.width, img.height);
    return { a: ua, b: ub };
  });
  return { width: img.width, height: img.height, L: img.L, a, b, alpha: img.alpha };
}
