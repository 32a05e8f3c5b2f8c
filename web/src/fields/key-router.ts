import { createContext, useContext, useEffect, useRef } from 'react';
import type { KeyHandler } from './types.ts';

/**
 * Routes keys to field editors. Each editor registers a handler under its field name;
 * the workspace's one window listener asks the field that holds focus (or, when focus
 * is on the page body, the field used last) before handling global shortcuts.
 */
export class KeyRouter {
  readonly #handlers = new Map<string, { current: KeyHandler }>();
  active: string | null = null;

  register(name: string, ref: { current: KeyHandler }): () => void {
    this.#handlers.set(name, ref);
    return () => {
      if (this.#handlers.get(name) === ref) this.#handlers.delete(name);
    };
  }

  /** Offers the key to a field's editor; true when the editor used it. */
  dispatch(name: string | null, e: KeyboardEvent): boolean {
    if (!name) return false;
    const h = this.#handlers.get(name);
    return h ? h.current(e) : false;
  }
}

export const KeyRouterContext = createContext<KeyRouter | null>(null);

/** Registers this field's key handler; the latest closure is always used. */
export function useFieldKeys(name: string, handler: KeyHandler): void {
  const router = useContext(KeyRouterContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => router?.register(name, ref), [router, name]);
}

/** Marks this field as the one the keyboard talks to. */
export function useSetActiveField(): (name: string) => void {
  const router = useContext(KeyRouterContext);
  return (name) => {
    if (router) router.active = name;
  };
}
