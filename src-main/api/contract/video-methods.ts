/** The requests on a film open in the editor (the photo requests apply to its current frame). */
import { z } from 'zod';
import { VideoFrameImageSchema } from './answers.js';
import { id, path, session } from './common.js';

const frame = z.number().int().min(0).max(1e8);

export const videoMethods = {
  /**
   * Frame n in colour (the next one continues the temporal memory; any other is a seek).
   * `playing`: the next frame will be asked for next, so the engine reads it ahead.
   */
  videoFrame: {
    params: z.object({ session: id, frame, playing: z.boolean().optional() }).strict(),
    result: VideoFrameImageSchema,
  },
  /** One pass over the film to find its shot cuts (a cancellable job). */
  videoShots: { params: session, result: z.array(z.number()) },
  /** Carries the hints along the motion through their shots (after an edit; a cancellable job). */
  planHints: { params: session, result: z.null() },
  /** The film (or frames from..to, inclusive) with the document's hints; progress per frame. */
  exportVideo: {
    params: z
      .object({
        session: id,
        path,
        kind: z.enum(['h264', 'ffv1']),
        // x264's quality scale: 0 lossless … 51 worst; 18 looks like the source.
        crf: z.number().int().min(0).max(51).optional(),
        from: frame.optional(),
        to: frame.optional(),
      })
      .strict()
      .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, {
        message: 'the range ends before it starts',
      }),
    result: z.object({ path: z.string(), frames: z.number(), notes: z.array(z.string()) }),
  },
};
