import { builder } from './builder.js';

/** Profile inputs shared by `updateUser`/`createUser` (replace) and `updateMe` (merge). */
export const AddressInput = builder.inputType('AddressInput', {
  description: 'A postal address (OpenID Connect `address` claim). Every field is optional.',
  fields: (t) => ({
    formatted: t.string({ description: 'The full address, formatted for display.' }),
    streetAddress: t.string({ description: 'Street address.' }),
    locality: t.string({ description: 'City or locality.' }),
    region: t.string({ description: 'State, province or region.' }),
    postalCode: t.string({ description: 'Postal code.' }),
    country: t.string({ description: 'Country.' }),
  }),
});

export const UserProfileInput = builder.inputType('UserProfileInput', {
  description:
    'Standard OpenID Connect profile claims. Whether they replace or merge into the stored ones is up to the field that takes them.',
  fields: (t) => ({
    familyName: t.string({ description: 'Family name.' }),
    givenName: t.string({ description: 'Given name.' }),
    middleName: t.string({ description: 'Middle name.' }),
    nickname: t.string({ description: 'Nickname.' }),
    preferredUsername: t.string({ description: 'Preferred username.' }),
    profile: t.string({ description: 'Profile page URL.' }),
    website: t.string({ description: 'Website URL.' }),
    gender: t.string({ description: 'Gender.' }),
    birthdate: t.string({ description: 'Birthdate (`YYYY-MM-DD`).' }),
    zoneinfo: t.string({ description: 'Time zone, e.g. `Europe/Paris`.' }),
    locale: t.string({ description: 'Locale, e.g. `en-US`.' }),
    address: t.field({ type: AddressInput, description: 'Postal address.' }),
  }),
});
