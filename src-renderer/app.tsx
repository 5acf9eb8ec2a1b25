/**
 * The workbench application: loads the open case and shows its shell,
 * or, in the desktop app without a case, the start screen.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ImportedFile } from '../src-shared/contract.js';
import { CaseShell } from './shell/case-shell.js';
import {
  ImportProgressBar,
  NewCaseForm,
  useFileDrop,
  Welcome,
} from './shell/desktop.js';
import { isDesktop } from './transport.js';
import { useCall } from './use-call.js';

/** The root component. */
export function App() {
  const info = useCall('caseInfo', {});
  const [about, setAbout] = useState(false);
  const [newCase, setNewCase] = useState(false);
  const reload = info.reload;
  const onImported = useCallback((_: ImportedFile[]) => reload(), [reload]);
  const dropMessage = useFileDrop(onImported);
  useMenuCommands(reload, setAbout, setNewCase);

  let body;
  if (info.error?.code === 'CASE_NOT_FOUND' && isDesktop()) {
    body = <Welcome onOpened={reload} />;
  } else if (info.error) {
    body = <p className="error pad" role="alert">{info.error.message}</p>;
  } else if (!info.value) {
    body = <p className="muted pad">opening the case…</p>;
  } else {
    body = <CaseShell caseInfo={info.value} about={about} onAbout={setAbout} />;
  }
  return (
    <>
      {body}
      {newCase && (
        <div className="modal-backdrop">
          <NewCaseForm onDone={(ok) => {
            setNewCase(false);
            if (ok) reload();
          }} />
        </div>
      )}
      {dropMessage && <div className="toast error">{dropMessage}</div>}
      <ImportProgressBar />
    </>
  );
}

function useMenuCommands(
  reload: () => void,
  setAbout: (v: boolean) => void,
  setNewCase: (v: boolean) => void,
): void {
  useEffect(() => {
    if (!window.api) return;
    return window.api.onMenuCommand((c) => {
      if (c === 'about') setAbout(true);
      else if (c === 'newCase') setNewCase(true);
      else reload();
    });
  }, [reload, setAbout, setNewCase]);
}
