import type { StringMatch } from '../resolvers/search.js';
import { builder } from './builder.js';

/** How one field is matched, in Logto's advanced-search modes (`mode.<field>`). */
export const StringMatchInput = builder.inputRef<StringMatch>('StringMatch').implement({
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
