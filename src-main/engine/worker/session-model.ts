/** What the UI is told of the model a photo or a film is coloured with. */
import type { Colorizer } from '../models/colorizer-model.js';
import type { SessionModel } from './protocol.js';

export function sessionModel(m: Colorizer): SessionModel {
  return { path: m.path, name: m.spec.name, kind: m.spec.kind, alternatives: m.alternatives };
}
