/**
 * The desktop services' dialogs, drawn by Electron over the window.
 */
import type {
  BaseWindow,
  Dialog,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';
import type { Dialogs } from './desktop-services.js';

/** Dialogs attached to the window the getter returns. */
export function nativeDialogs(
  dialog: Dialog,
  window: () => BaseWindow | null,
): Dialogs {
  const open = (o: OpenDialogOptions) => {
    const w = window();
    return w ? dialog.showOpenDialog(w, o) : dialog.showOpenDialog(o);
  };
  const save = async (o: SaveDialogOptions) => {
    const w = window();
    const r = await (w
      ? dialog.showSaveDialog(w, o)
      : dialog.showSaveDialog(o));
    return r.canceled || !r.filePath ? null : r.filePath;
  };
  return {
    chooseNewCasePath: (name) =>
      save(saveOptions('New case', name, 'ttcase')),
    chooseBundlePath: (name) =>
      save(saveOptions('Evidence bundle', name, 'zip')),
    chooseCase: async () => {
      const r = await open({
        title: 'Open case',
        filters: [{ name: 'Tenant Trail case', extensions: ['ttcase'] }],
        properties: ['openFile'],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseBundle: async () => {
      const r = await open({
        title: 'Verify an evidence bundle',
        filters: [{ name: 'Evidence bundle', extensions: ['zip'] }],
        properties: ['openFile'],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseEvidence: async () => {
      const r = await open({
        title: 'Import log exports',
        properties: ['openFile', 'multiSelections'],
      });
      return r.canceled ? [] : r.filePaths;
    },
  };
}

function saveOptions(
  title: string,
  defaultPath: string,
  extension: string,
): SaveDialogOptions {
  return {
    title,
    defaultPath,
    filters: [{ name: title, extensions: [extension] }],
    properties: ['showOverwriteConfirmation'],
  };
}
