/**
 * A many-to-many relation table with an index on both sides. Iteration follows insertion order,
 * which is the heap order Logto's unordered relation queries return on a freshly seeded database.
 */
export class Relation {
  readonly #byLeft = new Map<string, Set<string>>();
  readonly #byRight = new Map<string, Set<string>>();
  #size = 0;

  add(left: string, right: string): boolean {
    const rights = this.#byLeft.get(left) ?? new Set<string>();
    if (rights.has(right)) return false;
    rights.add(right);
    this.#byLeft.set(left, rights);
    const lefts = this.#byRight.get(right) ?? new Set<string>();
    lefts.add(left);
    this.#byRight.set(right, lefts);
    this.#size += 1;
    return true;
  }

  delete(left: string, right: string): boolean {
    const rights = this.#byLeft.get(left);
    if (!rights?.delete(right)) return false;
    this.#byRight.get(right)?.delete(left);
    this.#size -= 1;
    return true;
  }

  /** Drop every pair that mentions `id` on the given side (an entity was deleted). */
  deleteAll(side: 'left' | 'right', id: string): void {
    const own = side === 'left' ? this.#byLeft : this.#byRight;
    const other = side === 'left' ? this.#byRight : this.#byLeft;
    for (const peer of own.get(id) ?? []) {
      other.get(peer)?.delete(id);
      this.#size -= 1;
    }
    own.delete(id);
  }

  has(left: string, right: string): boolean {
    return this.#byLeft.get(left)?.has(right) ?? false;
  }

  rightsOf(left: string): ReadonlySet<string> {
    return this.#byLeft.get(left) ?? EMPTY;
  }

  leftsOf(right: string): ReadonlySet<string> {
    return this.#byRight.get(right) ?? EMPTY;
  }

  get size(): number {
    return this.#size;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
