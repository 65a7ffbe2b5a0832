import { useSyncExternalStore } from 'react';

/**
 * A hash router in a dozen lines, so the example needs no router library: `#/users`,
 * `#/users/<id>`, `#/organizations/<id>`. Swap in your app's router.
 */
export type Route = { readonly page: 'users' } | { readonly page: 'user'; readonly id: string } | { readonly page: 'organization'; readonly id: string };

function parse(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'users' && id) return { page: 'user', id: decodeURIComponent(id) };
  if (page === 'organizations' && id) return { page: 'organization', id: decodeURIComponent(id) };
  return { page: 'users' };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parse(hash);
}

export const href = {
  users: '#/users',
  user: (id: string) => `#/users/${encodeURIComponent(id)}`,
  organization: (id: string) => `#/organizations/${encodeURIComponent(id)}`,
};
