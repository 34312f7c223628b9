/** The native menus; each item sends a MenuCommand to the focused window's renderer. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../api/protocol.js';

export function buildMenu(o: {
  send: (cmd: MenuCommand, arg?: string) => void;
  newWindow: () => void;
  recent: string[];
}): Menu {
  const item = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => o.send(cmd),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        item('Open Photo…', 'open', 'CmdOrCtrl+O'),
        item('Open Project…', 'openProject', 'CmdOrCtrl+Shift+O'),
        {
          label: 'Open Recent',
          submenu: o.recent.length
            ? o.recent.map((p) => ({ label: p, click: () => o.send('openRecent', p) }))
            : [{ label: 'None', enabled: false }],
        },
        { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: o.newWindow },
        { type: 'separator' },
        item('Save Project', 'saveProject', 'CmdOrCtrl+S'),
        item('Save Project As…', 'saveProjectAs', 'CmdOrCtrl+Shift+S'),
        item('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        item('Reset All Edits', 'reset'),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Fit', 'zoomFit', 'CmdOrCtrl+0'),
        item('Actual Size', 'zoom100', 'CmdOrCtrl+1'),
        item('Before / After', 'toggleBefore'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [item('Keyboard Shortcuts', 'help')] },
  ];
  return Menu.buildFromTemplate(template);
}
