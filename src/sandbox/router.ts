import type { RouteDefinition } from './route.js';

type CompiledRoute = { readonly route: RouteDefinition; readonly regex: RegExp; readonly names: readonly string[] };

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: RouteDefinition; readonly params: Record<string, string> }
  /** The path exists with other methods: Koa's `allowedMethods()` answers 405 (or 200 for OPTIONS). */
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * A tiny router with koa-router's matching rules: case-insensitive, an optional trailing slash,
 * `:name` matching one encoded segment which is then URI-decoded.
 */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDefinition[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+?)';
        })
        .join('/');
      return { route, names, regex: new RegExp(`^${source}/?$`, 'i') };
    });
  }

  match(method: string, path: string): RouteMatch {
    const allowed = new Set<string>();
    for (const { route, regex, names } of this.#routes) {
      const found = regex.exec(path);
      if (!found) continue;
      const methods = route.method === 'GET' ? ['HEAD', 'GET'] : [route.method];
      if (methods.includes(method)) {
        const params: Record<string, string> = {};
        names.forEach((name, index) => {
          params[name] = safeDecode(found[index + 1] ?? '');
        });
        return { kind: 'matched', route, params };
      }
      for (const each of methods) allowed.add(each);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
