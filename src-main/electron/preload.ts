/**
 * The preload of every window: exposes the contract's typed API as
 * `window.api` and nothing else. Runs sandboxed; bundled to CommonJS by
 * scripts/build.mjs.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildDesktopApi } from './bridge.js';

contextBridge.exposeInMainWorld(
  'api',
  buildDesktopApi(ipcRenderer, (file) =>
    webUtils.getPathForFile(file as File),
  ),
);
