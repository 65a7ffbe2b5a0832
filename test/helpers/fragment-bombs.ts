/**
 * Fragment bombs: documents whose named fragments each spread the next one `fanOut` times, so a
 * walk that expands every spread again does fanOut^depth work, while the document stays a few
 * KB. Shared by test/cost/fragment-bombs.test.ts and bench/fragment-bombs.ts.
 */

export type BombShape =
  /** The issue's document: fragments on Query, `__typename` at the bottom. */
  | 'typename'
  /** Fragments on Query, a real list field at the bottom. */
  | 'field'
  /** Fragments on Query, the same real list field at every level (execution merges them). */
  | 'fieldEachLevel'
  /** Each level one list deeper: users → roles → users …, `first: 1` each. */
  | 'nested'
  /** Like `nested`, with each level's list under two aliases: a tree that really doubles. */
  | 'aliased';

export const BOMB_SHAPES: readonly BombShape[] = ['typename', 'field', 'fieldEachLevel', 'nested', 'aliased'];

export type Bomb = { readonly name: string; readonly shape: BombShape; readonly depth: number; readonly fanOut: number; readonly query: string };

const LEAF = 'users(first: 1) { nodes { id } }';

function spreads(name: string, fanOut: number): string {
  return Array.from({ length: fanOut }, () => `...${name}`).join(' ');
}

/**
 * `depth` fragments F0 … F{depth-1}; F{i} spreads F{i+1} `fanOut` times. `operationLast` puts the
 * fragments before the operation, so validation meets them before the operation's own limits.
 */
export function fragmentBomb(shape: BombShape, depth: number, fanOut: number, options: { operationLast?: boolean } = {}): Bomb {
  const fragments: string[] = [];
  let root: string;
  if (shape === 'nested' || shape === 'aliased') {
    // Even levels are users (fragments on User select their roles), odd levels roles.
    const typeOf = (level: number) => (level % 2 === 0 ? 'User' : 'Role');
    const listOf = (level: number) => (level % 2 === 0 ? 'roles' : 'users');
    root = `{ users(first: 1) { nodes { ${spreads('F0', fanOut)} } } }`;
    for (let level = 0; level < depth; level += 1) {
      const last = level === depth - 1;
      const inner = last ? 'id' : spreads(`F${level + 1}`, fanOut);
      const list = `${listOf(level)}(first: 1) { nodes { ${inner} } }`;
      const body = shape === 'aliased' ? `a: ${list} b: ${list}` : list;
      fragments.push(`fragment F${level} on ${typeOf(level)} { ${body} }`);
    }
  } else {
    root = '{ ...F0 }';
    for (let level = 0; level < depth; level += 1) {
      const last = level === depth - 1;
      const leaf = shape === 'typename' ? '__typename' : LEAF;
      const body = last ? leaf : shape === 'fieldEachLevel' ? `${LEAF} ${spreads(`F${level + 1}`, fanOut)}` : spreads(`F${level + 1}`, fanOut);
      fragments.push(`fragment F${level} on Query { ${body} }`);
    }
  }
  const query = (options.operationLast ? [...fragments, root] : [root, ...fragments]).join(' ');
  return { name: `${shape}, depth ${depth}, fan-out ${fanOut}${options.operationLast ? ', operation last' : ''}`, shape, depth, fanOut, query };
}

/** The document from issue 14: 25 fragments (24 levels of doubling), `__typename` at the bottom, ~0.9 KB. */
export const ISSUE_14_BOMB = fragmentBomb('typename', 25, 2).query;

export const BOMB_DEPTHS: readonly number[] = [10, 24, 50, 100, 200];
export const BOMB_FAN_OUTS: readonly number[] = [2, 3, 4];

/** Every shape at depths 10–200 and fan-outs 2–4 (and, with `operationLast`, the fragments first). */
export function bombGrid(options: { operationLast?: boolean } = {}): Bomb[] {
  return BOMB_SHAPES.flatMap((shape) => BOMB_DEPTHS.flatMap((depth) => BOMB_FAN_OUTS.map((fanOut) => fragmentBomb(shape, depth, fanOut, options))));
}
