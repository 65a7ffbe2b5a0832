import type { StringMatch } from '../resolvers/search.js';
import { builder } from './builder.js';

/** How one field is matched, in Logto's advanced-search modes (`mode.<field>`). */
// The ref before `.implement()` has a type the package's declaration build can name.
export const StringMatchInput = builder.inputRef<StringMatch>('StringMatch');
StringMatchInput.implement({
  description:
    "How a text field matches, in Logto's search modes. Give exactly one. Matching ignores case unless the filter sets `isCaseSensitive: true`.",
  isOneOf: true,
  fields: (t) => ({
    like: t.string({
      description: 'SQL LIKE pattern: write the wildcards yourself (`%` any run, `_` one character), e.g. `%@acme.com`.',
    }),
    exact: t.stringList({
      description: 'Equals one of these values (1–100). Several values fetch exactly those rows in one request.',
    }),
    similarTo: t.string({ description: 'SQL SIMILAR TO pattern. Logto requires `isCaseSensitive: true` with it.' }),
    posix: t.string({ description: 'POSIX regular expression.' }),
  }),
});

export const SearchJointEnum = builder.enumType('SearchJoint', {
  description: 'How several field conditions combine (Logto `joint`).',
  values: {
    AND: { value: 'AND', description: 'Every condition must match.' },
    OR: { value: 'OR', description: "Any condition may match (Logto's default)." },
  } as const,
});

type InputFields = Parameters<NonNullable<Parameters<typeof builder.inputType>[1]['fields']>>[0];

/** `joint` and `isCaseSensitive`: how a filter's search conditions combine and match. */
export function searchOptionFields(t: InputFields) {
  return {
    joint: t.field({ type: SearchJointEnum, description: 'How the conditions combine (Logto default: OR).' }),
    isCaseSensitive: t.boolean({ description: 'Match case exactly (default false).' }),
  };
}

/** Logto's search over `id`, `name` and `description`, the searchable fields of roles and applications. */
export function idNameDescriptionSearchFields(t: InputFields) {
  return {
    search: t.field({ type: StringMatchInput, description: 'Matches any of the searchable fields.' }),
    id: t.field({ type: StringMatchInput, description: 'Condition on the Logto id.' }),
    name: t.field({ type: StringMatchInput, description: 'Condition on the name.' }),
    description: t.field({ type: StringMatchInput, description: 'Condition on the description.' }),
    ...searchOptionFields(t),
  };
}
