/** Something that can be unsubscribed from. */
export interface Subscription {
  unsubscribe(): void;
}

/** A minimal Observable-compatible stream (works with RxJS `from()` through `Symbol.observable`-less `subscribe`). */
export interface EventStream<T> {
  subscribe(observer: ((value: T) => void) | { next?: (value: T) => void }): Subscription;
}

type Listener<T> = (payload: T) => void;

/**
 * Typed event emitter: `on(name, listener)` returns an unsubscribe function; `events$` is the same events as an
 * Observable-like stream of `{ type, payload }`.
 */
export class Emitter<M extends object> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();
  private readonly all = new Set<Listener<{ [K in keyof M]: { type: K; payload: M[K] } }[keyof M]>>();

  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof M>(name: K, payload: M[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) (listener as Listener<M[K]>)(payload);
    for (const listener of [...this.all]) listener({ type: name, payload });
  }

  /** Every event as `{ type, payload }`. */
  readonly events$: EventStream<{ [K in keyof M]: { type: K; payload: M[K] } }[keyof M]> = {
    subscribe: (observer) => {
      const next = typeof observer === 'function' ? observer : observer.next?.bind(observer);
      if (!next) return { unsubscribe: () => undefined };
      this.all.add(next);
      return { unsubscribe: () => this.all.delete(next) };
    },
  };

  clear(): void {
    this.listeners.clear();
    this.all.clear();
  }
}
