import { entityNotFound } from '../errors.js';
import { queryString } from '../query.js';
import { invitationResponse } from '../row-views.js';
import { get, type RouteDefinition } from '../router.js';

/** Logto lists invitations unpaginated, newest first, filtered by exact ids or a case-insensitive invitee. */
export const organizationInvitationRoutes: readonly RouteDefinition[] = [
  get('/organization-invitations', (context) => {
    const { store, query } = context;
    const organizationId = queryString(query, 'organizationId');
    const inviterId = queryString(query, 'inviterId');
    const invitee = queryString(query, 'invitee')?.toLowerCase();
    const invitations = [...store.invitations.values()]
      .filter(
        (invitation) =>
          (!organizationId || invitation.organizationId === organizationId) &&
          (!inviterId || invitation.inviterId === inviterId) &&
          (!invitee || invitation.invitee.toLowerCase() === invitee),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((invitation) => invitationResponse(store, invitation));
    return { status: 200, body: invitations };
  }),

  get('/organization-invitations/:id', (context) => {
    const invitation = context.store.invitations.get(context.params.id ?? '');
    if (!invitation) throw entityNotFound();
    return { status: 200, body: invitationResponse(context.store, invitation) };
  }),
];
