// The API key lives in sessionStorage only: it survives a reload of the tab, never the browser session.
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'rul.apiKey';

export interface ApiKeyState {
  apiKey: string | null;
  /** True after the API answered 401: the key dialog should be shown. */
  prompt: boolean;
}

type Listener = () => void;

function readStoredKey(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function createApiKeyStore() {
  let state: ApiKeyState = { apiKey: readStoredKey(), prompt: false };
  const listeners = new Set<Listener>();

  const set = (next: ApiKeyState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  return {
    getState: (): ApiKeyState => state,
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    save(apiKey: string) {
      const trimmed = apiKey.trim();
      try {
        window.sessionStorage.setItem(STORAGE_KEY, trimmed);
      } catch {
        // Storage may be disabled; the key still works for this page's lifetime.
      }
      set({ apiKey: trimmed, prompt: false });
    },
    clear() {
      try {
        window.sessionStorage.removeItem(STORAGE_KEY);
      } catch {
        // Nothing stored, nothing to clear.
      }
      set({ apiKey: null, prompt: false });
    },
    requestKey() {
      if (!state.prompt) set({ ...state, prompt: true });
    },
    dismiss() {
      if (state.prompt) set({ ...state, prompt: false });
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

export function useApiKeyState(store: ApiKeyStore): ApiKeyState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
