import type { Loaders } from './index.js';

/**
 * After a write, nothing this operation read before may be trusted: drop every cached object and
 * list window (a new user changes `users` windows, a role assignment changes `User.roles`
 * counts, a delete empties a by-id entry). Then what the write answered can be primed. Per
 * request only, so a write never evicts another caller's data (there is none to evict).
 */
export function forgetEverything(loaders: Loaders): void {
  // The registry, not the loaders listed in `Loaders`: loaders held inside others (the by-id
  // fallbacks, `userHasPassword`'s complete users) cache too.
  loaders.caches.clearAll();
}
