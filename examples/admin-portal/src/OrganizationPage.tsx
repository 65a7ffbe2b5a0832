import { useEffect, useState, useTransition } from 'react';
import { fetchQuery, graphql, useLazyLoadQuery, useMutation, usePaginationFragment, useRelayEnvironment } from 'react-relay';
import { ConnectionHandler, type RecordSourceSelectorProxy } from 'relay-runtime';

import type { MembersList_organization$key } from './__generated__/MembersList_organization.graphql';
import type { MembersListPaginationQuery } from './__generated__/MembersListPaginationQuery.graphql';
import type { OrganizationPageAddMembersMutation } from './__generated__/OrganizationPageAddMembersMutation.graphql';
import type { OrganizationPageAssignRoleMutation } from './__generated__/OrganizationPageAssignRoleMutation.graphql';
import type { OrganizationPageCreateUserMutation } from './__generated__/OrganizationPageCreateUserMutation.graphql';
import type { OrganizationPageFindUserQuery } from './__generated__/OrganizationPageFindUserQuery.graphql';
import type { OrganizationPageQuery } from './__generated__/OrganizationPageQuery.graphql';
import type { OrganizationPageRemoveRoleMutation } from './__generated__/OrganizationPageRemoveRoleMutation.graphql';
import { errorFor, FieldError, type TypedError } from './FieldError';
import { href } from './router';

/**
 * Live updates: the facade has no subscriptions yet, so the members list refreshes itself every
 * 30 seconds and on the Refresh button. When `organizationMembersChanged(organizationId)` lands,
 * replace the interval with `useSubscription` on it.
 */
const REFRESH_EVERY_MS = 30_000;

type OrganizationRoleOption = { readonly id: string; readonly name: string };

/** New members go to the top of the list the user is looking at, with no roles yet. */
function prependMembers(store: RecordSourceSelectorProxy, organizationId: string) {
  const payload = store.getRootField('addOrganizationMembers');
  if (payload?.getType() !== 'AddOrganizationMembersPayload') return;
  const organization = store.get(organizationId);
  const connection = organization && ConnectionHandler.getConnection(organization, 'MembersList_members');
  if (!connection) return;
  const listed = new Set(connection.getLinkedRecords('edges')?.map((edge) => edge?.getLinkedRecord('node')?.getDataID()));
  let added = 0;
  for (const user of payload.getLinkedRecords('users') ?? []) {
    if (!user || listed.has(user.getDataID())) continue;
    const edge = ConnectionHandler.createEdge(store, connection, user, 'OrganizationMemberEdge');
    edge.setLinkedRecords([], 'organizationRoles');
    ConnectionHandler.insertEdgeBefore(connection, edge);
    added += 1;
  }
  const total = connection.getValue('totalCount');
  if (typeof total === 'number') connection.setValue(total + added, 'totalCount');
}

/** A member's edge holds their organization roles: write the roles the payload says they now hold. */
function setMemberRoles(store: RecordSourceSelectorProxy, organizationId: string, userId: string, rootField: string) {
  const payload = store.getRootField(rootField);
  const roles = payload?.getLinkedRecords('organizationRoles');
  const organization = store.get(organizationId);
  const connection = organization && ConnectionHandler.getConnection(organization, 'MembersList_members');
  if (!roles || !connection) return;
  const edge = connection.getLinkedRecords('edges')?.find((candidate) => candidate?.getLinkedRecord('node')?.getDataID() === userId);
  edge?.setLinkedRecords(roles.filter((role) => role != null), 'organizationRoles');
}

function MemberRoles({
  organizationId,
  userId,
  held,
  options,
}: {
  organizationId: string;
  userId: string;
  held: readonly { readonly id: string }[];
  options: readonly OrganizationRoleOption[];
}) {
  const [assign, assigning] = useMutation<OrganizationPageAssignRoleMutation>(graphql`
    mutation OrganizationPageAssignRoleMutation($input: AssignOrganizationMemberRolesInput!) {
      assignOrganizationMemberRoles(input: $input) {
        __typename
        ... on AssignOrganizationMemberRolesPayload {
          organizationRoles {
            id
            name
          }
        }
        ... on Error {
          message
          field
        }
      }
    }
  `);
  const [remove, removing] = useMutation<OrganizationPageRemoveRoleMutation>(graphql`
    mutation OrganizationPageRemoveRoleMutation($input: RemoveOrganizationMemberRoleInput!) {
      removeOrganizationMemberRole(input: $input) {
        __typename
        ... on RemoveOrganizationMemberRolePayload {
          organizationRoles {
            id
            name
          }
        }
        ... on Error {
          message
          field
        }
      }
    }
  `);
  const [error, setError] = useState<TypedError | null>(null);
  const heldIds = new Set(held.map((role) => role.id));

  const toggle = (roleId: string, on: boolean) => {
    setError(null);
    const onCompleted = (result: { readonly message?: string; readonly field?: string | null } | null | undefined) => {
      if (result?.message != null) setError({ message: result.message, field: result.field });
    };
    if (on) {
      assign({
        variables: { input: { organizationId, userId, organizationRoleIds: [roleId] } },
        updater: (store) => setMemberRoles(store, organizationId, userId, 'assignOrganizationMemberRoles'),
        onCompleted: (response) => onCompleted(response.assignOrganizationMemberRoles),
        onError: (failure) => setError({ message: failure.message, field: null }),
      });
    } else {
      remove({
        variables: { input: { organizationId, userId, organizationRoleId: roleId } },
        updater: (store) => setMemberRoles(store, organizationId, userId, 'removeOrganizationMemberRole'),
        onCompleted: (response) => onCompleted(response.removeOrganizationMemberRole),
        onError: (failure) => setError({ message: failure.message, field: null }),
      });
    }
  };

  return (
    <fieldset className="roles" disabled={assigning || removing}>
      {options.map((role) => (
        <label key={role.id}>
          <input type="checkbox" checked={heldIds.has(role.id)} onChange={(event) => toggle(role.id, event.target.checked)} />
          {role.name}
        </label>
      ))}
      <FieldError id={`roles-error-${userId}`} message={error?.message} />
    </fieldset>
  );
}

function MembersList({ organization, roleOptions }: { organization: MembersList_organization$key; roleOptions: readonly OrganizationRoleOption[] }) {
  const { data, loadNext, hasNext, isLoadingNext, refetch } = usePaginationFragment<MembersListPaginationQuery, MembersList_organization$key>(
    graphql`
      fragment MembersList_organization on Organization
      @refetchable(queryName: "MembersListPaginationQuery")
      @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }) {
        id
        members(first: $first, after: $after) @connection(key: "MembersList_members") {
          totalCount
          edges {
            organizationRoles {
              id
              name
            }
            node {
              id
              username
              primaryEmail
            }
          }
        }
      }
    `,
    organization,
  );
  const [isRefreshing, startRefresh] = useTransition();
  const refresh = () =>
    startRefresh(() => {
      refetch({}, { fetchPolicy: 'network-only' });
    });
  useEffect(() => {
    const timer = setInterval(refresh, REFRESH_EVERY_MS);
    return () => clearInterval(timer);
    // `refetch` is stable for this fragment; re-arming on every render would reset the timer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section>
      <p data-testid="members-count">
        {data.members?.totalCount ?? 0} members{' '}
        <button type="button" onClick={refresh} disabled={isRefreshing}>
          {isRefreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </p>
      <table>
        <thead>
          <tr>
            <th>Member</th>
            <th>Email</th>
            <th>Organization roles</th>
          </tr>
        </thead>
        <tbody>
          {data.members?.edges.map(({ node, organizationRoles }) => (
            <tr key={node.id} data-testid="member-row">
              <td>
                <a href={href.user(node.id)}>{node.username ?? '(no username)'}</a>
              </td>
              <td>{node.primaryEmail}</td>
              <td>
                <MemberRoles organizationId={data.id} userId={node.id} held={organizationRoles} options={roleOptions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext && (
        <button type="button" onClick={() => loadNext(10)} disabled={isLoadingNext}>
          {isLoadingNext ? 'Loading…' : 'More members'}
        </button>
      )}
    </section>
  );
}

const addMembersMutation = graphql`
  mutation OrganizationPageAddMembersMutation($input: AddOrganizationMembersInput!) {
    addOrganizationMembers(input: $input) {
      __typename
      ... on AddOrganizationMembersPayload {
        users {
          id
          username
          primaryEmail
        }
      }
      ... on Error {
        message
        field
      }
    }
  }
`;

/** Add an existing user, found by username. */
function AddMemberForm({ organizationId }: { organizationId: string }) {
  const environment = useRelayEnvironment();
  const [addMembers, adding] = useMutation<OrganizationPageAddMembersMutation>(addMembersMutation);
  const [username, setUsername] = useState('');
  const [error, setError] = useState<TypedError | null>(null);
  const shown = errorFor(error, ['userIds']);

  const submit = async () => {
    setError(null);
    const found = await fetchQuery<OrganizationPageFindUserQuery>(
      environment,
      graphql`
        query OrganizationPageFindUserQuery($username: String!) {
          users(first: 1, filter: { username: { exact: [$username] } }) {
            nodes {
              id
            }
          }
        }
      `,
      { username: username.trim() },
    )
      .toPromise()
      .catch((failure: Error) => {
        setError({ message: failure.message, field: null });
        return null;
      });
    if (found === null) return;
    const userId = found?.users?.nodes[0]?.id;
    if (!userId) return setError({ message: `No user is named "${username.trim()}".`, field: 'userIds' });
    addMembers({
      variables: { input: { organizationId, userIds: [userId] } },
      updater: (store) => prependMembers(store, organizationId),
      onCompleted: ({ addOrganizationMembers: result }) => {
        if (result?.__typename === 'AddOrganizationMembersPayload') setUsername('');
        else if (result?.message != null) setError({ message: result.message, field: result.field });
      },
      onError: (failure) => setError({ message: failure.message, field: null }),
    });
  };

  return (
    <form
      aria-label="Add a member"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>Add a member</h3>
      <div className="field" data-field="userIds">
        <label htmlFor="add-member-username">Username</label>
        <input id="add-member-username" value={username} onChange={(event) => setUsername(event.target.value)} aria-describedby="add-member-username-error" required />
        <FieldError id="add-member-username-error" message={shown?.field ? shown.message : null} />
      </div>
      {shown && !shown.field && <FieldError id="add-member-error" message={shown.message} />}
      <button type="submit" disabled={adding}>
        Add
      </button>
    </form>
  );
}

/** Create a user and make them a member: a taken username or email shows next to its input. */
function CreateMemberForm({ organizationId }: { organizationId: string }) {
  const [createUser, creating] = useMutation<OrganizationPageCreateUserMutation>(graphql`
    mutation OrganizationPageCreateUserMutation($input: CreateUserInput!) {
      createUser(input: $input) {
        __typename
        ... on CreateUserPayload {
          user {
            id
          }
        }
        ... on Error {
          message
          field
        }
      }
    }
  `);
  const [addMembers, adding] = useMutation<OrganizationPageAddMembersMutation>(addMembersMutation);
  const [username, setUsername] = useState('');
  const [primaryEmail, setPrimaryEmail] = useState('');
  const [error, setError] = useState<TypedError | null>(null);
  const shown = errorFor(error, ['username', 'primaryEmail']);
  const messageFor = (field: string) => (shown?.field === field ? shown.message : null);

  const submit = () => {
    setError(null);
    createUser({
      variables: { input: { username: username.trim(), ...(primaryEmail.trim() ? { primaryEmail: primaryEmail.trim() } : {}) } },
      onCompleted: ({ createUser: result }) => {
        if (result?.__typename !== 'CreateUserPayload') {
          if (result?.message != null) setError({ message: result.message, field: result.field });
          return;
        }
        const userId = result.user?.id;
        if (!userId) return;
        addMembers({
          variables: { input: { organizationId, userIds: [userId] } },
          updater: (store) => prependMembers(store, organizationId),
          onCompleted: ({ addOrganizationMembers: added }) => {
            if (added?.__typename === 'AddOrganizationMembersPayload') {
              setUsername('');
              setPrimaryEmail('');
            } else if (added?.message != null) setError({ message: added.message, field: null });
          },
          onError: (failure) => setError({ message: failure.message, field: null }),
        });
      },
      onError: (failure) => setError({ message: failure.message, field: null }),
    });
  };

  return (
    <form
      aria-label="Create a member"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3>Create a user and add them</h3>
      <div className="field" data-field="username">
        <label htmlFor="new-member-username">Username</label>
        <input id="new-member-username" value={username} onChange={(event) => setUsername(event.target.value)} aria-describedby="new-member-username-error" required />
        <FieldError id="new-member-username-error" message={messageFor('username')} />
      </div>
      <div className="field" data-field="primaryEmail">
        <label htmlFor="new-member-email">Email</label>
        <input id="new-member-email" type="email" value={primaryEmail} onChange={(event) => setPrimaryEmail(event.target.value)} aria-describedby="new-member-email-error" />
        <FieldError id="new-member-email-error" message={messageFor('primaryEmail')} />
      </div>
      {shown && !shown.field && <FieldError id="new-member-error" message={shown.message} />}
      <button type="submit" disabled={creating || adding}>
        Create and add
      </button>
    </form>
  );
}

export function OrganizationPage({ id }: { id: string }) {
  const data = useLazyLoadQuery<OrganizationPageQuery>(
    graphql`
      query OrganizationPageQuery($id: ID!) {
        organization(id: $id) {
          id
          name
          ...MembersList_organization
        }
        organizationRoles(first: 50) {
          nodes {
            id
            name
          }
        }
      }
    `,
    { id },
  );
  if (!data.organization) return <p>No such organization.</p>;
  return (
    <>
      <h2>{data.organization.name}</h2>
      <div className="forms">
        <AddMemberForm organizationId={data.organization.id} />
        <CreateMemberForm organizationId={data.organization.id} />
      </div>
      <MembersList organization={data.organization} roleOptions={data.organizationRoles?.nodes ?? []} />
    </>
  );
}
