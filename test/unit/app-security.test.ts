import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/api/security.js';
import { PathGrants } from '../../src-main/app/path-grants.js';
import { APP_URL, trustedSender, windowOptions } from '../../src-main/app/window-options.js';

describe('desktop window security (Electron checklist)', () => {
  it('isolates and sandboxes every window, without Node', () => {
    const w = windowOptions('/app/preload.cjs').webPreferences;
    expect(w).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(w).not.toHaveProperty('enableRemoteModule');
  });

  it('trusts IPC only from its own page', () => {
    expect(trustedSender(APP_URL)).toBe(true);
    expect(trustedSender('tinct://app/index.html#x')).toBe(true);
    expect(trustedSender('https://example.com/')).toBe(false);
    expect(trustedSender('tinct://evil/index.html')).toBe(false);
    expect(trustedSender('file:///app/index.html')).toBe(false);
    expect(trustedSender(undefined)).toBe(false);
  });

  it('has a strict CSP: own scripts only, no eval, no remote content, no framing', () => {
    const csp = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*\.|\s\*(\s|;|$)/);
  });

  it('lets the engine touch only paths the user chose', () => {
    const g = new PathGrants();
    expect(g.check('open', { path: '/home/me/a.png' })).toMatch(/choose it with a file dialog/);
    g.allow('/home/me/a.png');
    expect(g.check('open', { path: '/home/me/./a.png' })).toBeNull();
    expect(g.check('export', { session: 's', path: '/etc/passwd', format: 'png', bits: 8 })).toMatch(/\/etc\/passwd/);
    expect(g.check('render', { session: 's', which: 'grey' })).toBeNull();
  });
});
