import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  buildSchema as buildSchemaFromSdl,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  validateSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';

import { buildSchema } from '../../src/schema/index.js';
import { printClientSdl, printSubgraphSdl } from '../../src/schema/print.js';

const schemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const subgraphFile = fileURLToPath(new URL('../../subgraph.graphql', import.meta.url));

describe('schema.graphql (the client schema)', () => {
  it('is what the code prints (run `npm run print-schema` after changing the schema)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(printClientSdl());
  });

  it("loads as it is in graphql-js's buildSchema, with no Federation directive or field", () => {
    const sdl = readFileSync(schemaFile, 'utf8');
    const schema = buildSchemaFromSdl(sdl);
    expect(validateSchema(schema)).toEqual([]);
    expect(sdl).not.toMatch(/@link|@key|@shareable|extend schema|_entities|_service|_Any\b/);
    expect(schema.getQueryType()?.getFields().node).toBeDefined();
    expect(schema.getMutationType()?.getFields().createUser).toBeDefined();
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(buildSchema().getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  /**
   * `hasPassword` is a flag; `CreateApplicationPayload.clientSecret` is the one deliberate secret:
   * a new confidential app's secret, answered once by the mutation that creates it.
   */
  const ALLOWED_SECRET_LIKE = new Set([
    'User.hasPassword',
    'CreateApplicationPayload.clientSecret',
    // Issue 17: secrets' names and dates (never values; `createApplicationSecret`'s `value` is the one read, once).
    'Application.secrets',
    'CreateApplicationSecretPayload.secret',
    'RenameApplicationSecretPayload.secret',
    'DeleteApplicationSecretPayload.deletedSecretName',
    'Mutation.createApplicationSecret',
    'Mutation.renameApplicationSecret',
    'Mutation.deleteApplicationSecret',
    'Mutation.deleteApplicationLegacySecret',
  ]);
  // A new TOTP factor's secret, answered once by `addUserMfaVerification` (issue 17).
  ALLOWED_SECRET_LIKE.add('AddUserMfaVerificationPayload.secret').add('AddUserMfaVerificationPayload.secretQrCode');

  it('has no field or argument named like a secret', () => {
    const secretLike = /secret|digest|^password(Encrypted)?$|^(access|refresh|id)Token$|^config$|privateKey/i;
    const offenders: string[] = [];
    for (const type of Object.values(buildSchema().getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (secretLike.test(field.name) && !ALLOWED_SECRET_LIKE.has(`${type.name}.${field.name}`)) offenders.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('subgraph.graphql (the Federation SDL)', () => {
  it('is what the code prints (run `npm run print-schema` after changing the schema)', () => {
    expect(readFileSync(subgraphFile, 'utf8')).toBe(printSubgraphSdl());
  });

  it('carries the Federation link, keys and shareable types', () => {
    const sdl = readFileSync(subgraphFile, 'utf8');
    expect(sdl).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type User implements Node\s+@key\(fields: "logtoId"\)\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });
});

describe('upstream cost declarations', () => {
  it('declare a cost on every field that returns a connection or reaches another entity', () => {
    const schema = buildSchema();
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      // Connection and edge types only hand on what their parent field fetched.
      if (/(Connection|Edge)$/.test(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        const isNodeType = (candidate: unknown) =>
          isObjectType(candidate) && candidate.getInterfaces().some((iface) => iface.name === 'Node');
        const reachesUpstream =
          named.name.endsWith('Connection') ||
          isNodeType(named) ||
          // Federation's `_entities` returns the `_Entity` union of node types.
          (isUnionType(named) && named.getTypes().some(isNodeType));
        const declared = (field.extensions as { upstreamCost?: unknown }).upstreamCost !== undefined;
        if (reachesUpstream && !declared && !(type.name === 'OrganizationInvitation' && field.name === 'organizationRoles')) {
          undeclared.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });
});
