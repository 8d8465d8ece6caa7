import { useEffect } from 'react';
import { useStore } from 'zustand';
import { usePlaygroundStoreApi } from '../state/context';
import { type HistoryState, historyOf } from '../state/history';

export function useHistory<T>(selector: (state: HistoryState) => T): T {
  return useStore(historyOf(usePlaygroundStoreApi()), selector);
}

/** Where Ctrl+Z belongs to the element itself (typing in a text field or the paste box undoes typing). */
function editsText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** Undo / Redo buttons, and Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y anywhere on the page but in a text field. */
export function UndoControls() {
  const canUndo = useHistory((h) => h.canUndo);
  const canRedo = useHistory((h) => h.canRedo);
  const undo = useHistory((h) => h.undo);
  const redo = useHistory((h) => h.redo);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || editsText(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={undo}
        disabled={!canUndo}
        aria-keyshortcuts="Control+Z Meta+Z"
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        className="secondary"
        onClick={redo}
        disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title="Redo (Shift+Ctrl+Z)"
      >
        Redo
      </button>
    </>
  );
}

/** The notice a change the user may not have meant leaves (e.g. "Removed schedule B"), with Undo. */
export function UndoNotice() {
  const notice = useHistory((h) => h.notice);
  const undo = useHistory((h) => h.undo);
  const dismiss = useHistory((h) => h.dismiss);
  if (!notice) return null;
  return (
    <div className="preset-note" role="status">
      <p>{notice}</p>
      <button type="button" className="small" onClick={undo}>
        Undo
      </button>
      <button type="button" className="secondary small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
