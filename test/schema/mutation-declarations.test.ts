import { readdirSync, readFileSync } from 'node:fs';

import { isInputObjectType, isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { describeWriteRequests, type UpstreamCost, writeRequests } from '../../src/cost/rules.js';
import { LENGTHS } from '../../src/logto/input-rules.js';
import { buildSchema } from '../../src/schema/index.js';

/**
 * Issue 16: a mutation is declared once, and its description is generated from the declaration,
 * so prose cannot state a count or a limit the code does not hold.
 */

const schema = buildSchema({ federation: false });
const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
const costOf = (extensions: unknown) => (extensions as { upstreamCost?: UpstreamCost }).upstreamCost;

describe('mutation declarations', () => {
  it('state the route and the declared request count in every mutation description (every mutation is a declaration)', () => {
    // Bulk job controls reach no Logto route (src/schema/bulk-job-mutations.ts).
    const declared = mutations.filter((field) => !/^(pause|resume|cancel)BulkJob$/.test(field.name));
    expect(declared.length).toBeGreaterThan(30);
    for (const field of declared) {
      const rule = costOf(field.extensions);
      expect(rule?.kind, field.name).toBe('write');
      if (rule?.kind !== 'write') continue;
      expect(field.description, field.name).toMatch(/\(`(POST|PATCH|PUT|DELETE) \/api\/[^`]+`; /);
      expect(field.description, field.name).toContain(`; ${describeWriteRequests(rule.requests)})`);
      // One `input`, named after the mutation, with its result union named after it too.
      const input = field.args.find((arg) => arg.name === 'input');
      const inputType = input && isNonNullType(input.type) ? input.type.ofType : undefined;
      expect(isInputObjectType(inputType) && inputType.name, field.name).toBe(`${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}Input`);
      // `updateMe`, a self-service form, returns its payload itself (its errors are top-level).
      const result = field.name === 'updateMe' ? 'Payload' : 'Result';
      expect(String(field.type), field.name).toBe(`${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}${result}`);
    }
  });

  it('print input limits from the zod rule that checks them', () => {
    const fields = (type: string) => {
      const found = schema.getType(type);
      if (!isInputObjectType(found)) throw new Error(`${type} is not an input type`);
      return found.getFields();
    };
    expect(fields('CreateOrganizationInput').name?.description).toContain(`(1–${LENGTHS.organizationName} characters)`);
    expect(fields('CreateOrganizationInput').description?.description).toContain(`(at most ${LENGTHS.organizationDescription} characters)`);
    expect(fields('CreateRoleInput').description?.description).toContain(`(at most ${LENGTHS.roleDescription} characters;`);
    expect(fields('AddOrganizationMembersInput').userIds?.description).toContain('(1–100)');
  });

  it('bound addOrganizationMembers per caller: one write tenant-wide, one read plus one lookup per id for an organization token', () => {
    const rule = costOf(schema.getMutationType()?.getFields().addOrganizationMembers?.extensions);
    if (rule?.kind !== 'write') throw new Error('addOrganizationMembers has no write cost');
    const input = { organizationId: 'o', userIds: ['a', 'b', 'c'] };
    expect(writeRequests(rule.requests, input, 'tenant')).toBe(1);
    expect(writeRequests(rule.requests, input, 'organizationToken')).toBe(4);
    expect(writeRequests(rule.requests, input, 'unknown')).toBe(4);
  });

  it('write through the one write path: no resolver but src/resolvers/writes.ts sends a POST, PATCH, PUT or DELETE itself', () => {
    const folder = new URL('../../src/resolvers/', import.meta.url);
    const offenders: string[] = [];
    // `POST /api/hooks/:id/test` sends sample deliveries and changes nothing in Logto; it keeps
    // Logto's refusal data (the endpoint's status and body) that the write path's typed errors drop.
    const notWrites = new Set(['hook-mutations.ts: POST']);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts') && name !== 'writes.ts')) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      for (const match of source.matchAll(/upstream\.request(?:<[^>]*>)?\(\s*\{\s*method:\s*'(\w+)'/g)) {
        if (match[1] !== 'GET' && !notWrites.has(`${file}: ${match[1]}`)) offenders.push(`${file}: ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
