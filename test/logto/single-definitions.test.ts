import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Facts about Logto are stated once (src/logto) and imported: a second copy of a limit can drift
 * from the first. Read from the syntax tree, so comments and description strings do not count.
 */

const src = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'sandbox' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

describe('one definition per fact', () => {
  it("Logto's page size limit (100) is written once, in src/logto/pagination.ts, and imported everywhere it is used", () => {
    // The modules that apply the page-size limit: connections, id batches, `nodes`, the cost rules.
    const users = ['logto/pagination.ts', 'resolvers/connection.ts', 'loaders/entity-loaders.ts', 'schema/builder.ts', 'cost/rules.ts'];
    const literals: string[] = [];
    for (const file of users) {
      const source = parse(join(src, file));
      walk(source, (node) => {
        if (ts.isNumericLiteral(node) && Number(node.text) === 100) {
          literals.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      });
    }
    expect(literals).toEqual([expect.stringMatching(/^logto\/pagination\.ts:/)]);
  });

  it('`ListRequest` is declared once in src (outside the sandbox)', () => {
    const declarations: string[] = [];
    for (const path of sourceFiles(src)) {
      walk(parse(path), (node) => {
        if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name.text === 'ListRequest') {
          declarations.push(relative(src, path));
        }
      });
    }
    expect(declarations).toEqual(['logto/client-types.ts']);
  });
});
