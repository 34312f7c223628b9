import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userModelsDir } from '../../src-main/engine/models/model-library.js';

describe('the user models folder', () => {
  it('follows each OS’s convention, and TINCT_MODELS_DIR wins', () => {
    expect(userModelsDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'tinct', 'models'));
    expect(userModelsDir({ XDG_DATA_HOME: '/data' }, 'linux')).toBe(join('/data', 'tinct', 'models'));
    expect(userModelsDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Tinct', 'models'));
    expect(userModelsDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\u\\AppData\\Roaming', 'Tinct', 'models'),
    );
    expect(userModelsDir({ TINCT_MODELS_DIR: '/mine', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/mine');
  });
});
