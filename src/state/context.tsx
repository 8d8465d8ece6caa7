import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import { createPlaygroundStore, type PlaygroundData, type PlaygroundState, type PlaygroundStore } from './store';

const PlaygroundStoreContext = createContext<PlaygroundStore | null>(null);

interface ProviderProps {
  children: ReactNode;
  /** An existing store (tests, an embedding page); otherwise one is created for this mount. */
  store?: PlaygroundStore;
  initial?: Partial<PlaygroundData>;
}

export function PlaygroundStoreProvider({ children, store, initial }: ProviderProps) {
  // Created once per mount, so two playgrounds on one page never share state.
  const [ownStore] = useState(() => store ?? createPlaygroundStore(initial));
  return <PlaygroundStoreContext.Provider value={ownStore}>{children}</PlaygroundStoreContext.Provider>;
}

export function usePlaygroundStoreApi(): PlaygroundStore {
  const store = useContext(PlaygroundStoreContext);
  if (!store) throw new Error('usePlaygroundStore must be used inside <PlaygroundStoreProvider>.');
  return store;
}

/** Selectors must return stable values (state slices or primitives), not fresh objects. */
export function usePlaygroundStore<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(usePlaygroundStoreApi(), selector);
}
