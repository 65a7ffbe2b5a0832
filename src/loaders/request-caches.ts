import DataLoader from 'dataloader';

/**
 * Every cache one GraphQL request holds, as one thing a write clears. Loaders are created only
 * through `loader()` (nested ones inside other loaders too), so a new loader is registered by
 * construction and cannot keep pre-write data; anything else that caches per request registers
 * its `clearAll` with `register()`. A test keeps `new DataLoader` out of the rest of `src/`.
 */
export class RequestCaches {
  readonly #caches: { clearAll(): unknown }[] = [];

  /** A DataLoader whose cache `clearAll()` drops. Same arguments as `new DataLoader`. */
  loader<K, V, C = K>(batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>): DataLoader<K, V, C> {
    return this.register(new DataLoader<K, V, C>(batch, options));
  }

  /** Registers any other per-request cache. */
  register<T extends { clearAll(): unknown }>(cache: T): T {
    this.#caches.push(cache);
    return cache;
  }

  /** Forgets everything cached so far (after a write). */
  clearAll(): void {
    for (const cache of this.#caches) cache.clearAll();
  }
}
