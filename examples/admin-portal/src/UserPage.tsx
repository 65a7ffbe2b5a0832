import { useState } from 'react';
import { graphql, useFragment, useLazyLoadQuery, useMutation } from 'react-relay';
import { ConnectionHandler } from 'relay-runtime';

import type { UserPageAssignRoleMutation } from './__generated__/UserPageAssignRoleMutation.graphql';
import type { UserPageQuery } from './__generated__/UserPageQuery.graphql';
import type { UserPageRemoveRoleMutation } from './__generated__/UserPageRemoveRoleMutation.graphql';
import type { UserRoles_user$key } from './__generated__/UserRoles_user.graphql';
import { FieldError, type TypedError } from './FieldError';
import { href } from './router';

type RoleOption = { readonly id: string; readonly name: string; readonly type: string };

function UserRoles({ user, roleOptions }: { user: UserRoles_user$key; roleOptions: readonly RoleOption[] }) {
  const data = useFragment(
    graphql`
      fragment UserRoles_user on User {
        id
        roles(first: 50) @connection(key: "UserRoles_roles") {
          totalCount
          edges {
            node {
              id
              name
            }
          }
        }
      }
    `,
    user,
  );
  // The payload re-reads the user through this same fragment: Relay writes the fresh roles into
  // the connection, and the optimistic edge below is dropped as the answer arrives.
  const [assign, assigning] = useMutation<UserPageAssignRoleMutation>(graphql`
    mutation UserPageAssignRoleMutation($input: AssignUserRolesInput!) {
      assignUserRoles(input: $input) {
        __typename
        ... on AssignUserRolesPayload {
          user {
            ...UserRoles_user
          }
        }
        ... on Error {
          message
          field
        }
      }
    }
  `);
  const [remove, removing] = useMutation<UserPageRemoveRoleMutation>(graphql`
    mutation UserPageRemoveRoleMutation($input: RemoveUserRoleInput!) {
      removeUserRole(input: $input) {
        __typename
        ... on RemoveUserRolePayload {
          removedRoleId
        }
        ... on Error {
          message
          field
        }
      }
    }
  `);
  const held = new Set(data.roles?.edges.map((edge) => edge.node.id));
  const [roleId, setRoleId] = useState('');
  const [error, setError] = useState<TypedError | null>(null);

  const assignRole = () => {
    setError(null);
    assign({
      variables: { input: { userId: data.id, roleIds: [roleId] } },
      // Shown at once; Relay rolls it back when the answer comes, and a typed error leaves the
      // list as it was.
      optimisticUpdater: (store) => {
        const owner = store.get(data.id);
        const connection = owner && ConnectionHandler.getConnection(owner, 'UserRoles_roles');
        const role = store.get(roleId);
        if (!connection || !role) return;
        const edge = ConnectionHandler.createEdge(store, connection, role, 'RoleEdge');
        ConnectionHandler.insertEdgeAfter(connection, edge);
        const total = connection.getValue('totalCount');
        if (typeof total === 'number') connection.setValue(total + 1, 'totalCount');
      },
      onCompleted: ({ assignUserRoles: result }) => {
        if (result?.__typename === 'AssignUserRolesPayload') setRoleId('');
        else if (result?.message != null) setError({ message: result.message, field: result.field });
      },
      onError: (failure) => setError({ message: failure.message, field: null }),
    });
  };

  const removeRole = (id: string) => {
    setError(null);
    remove({
      variables: { input: { userId: data.id, roleId: id } },
      updater: (store) => {
        if (store.getRootField('removeUserRole')?.getType() !== 'RemoveUserRolePayload') return;
        const owner = store.get(data.id);
        const connection = owner && ConnectionHandler.getConnection(owner, 'UserRoles_roles');
        if (!connection) return;
        ConnectionHandler.deleteNode(connection, id);
        const total = connection.getValue('totalCount');
        if (typeof total === 'number') connection.setValue(total - 1, 'totalCount');
      },
      onCompleted: ({ removeUserRole: result }) => {
        if (result?.message != null) setError({ message: result.message, field: result.field });
      },
      onError: (failure) => setError({ message: failure.message, field: null }),
    });
  };

  return (
    <section>
      <h3>Roles ({data.roles?.totalCount ?? 0})</h3>
      <ul data-testid="user-roles">
        {data.roles?.edges.map(({ node }) => (
          <li key={node.id}>
            {node.name}{' '}
            <button type="button" onClick={() => removeRole(node.id)} disabled={removing} aria-label={`Remove ${node.name}`}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        aria-label="Assign a role"
        onSubmit={(event) => {
          event.preventDefault();
          assignRole();
        }}
      >
        <div className="field" data-field="roleIds">
          <label htmlFor="assign-role">Role</label>
          <select id="assign-role" value={roleId} onChange={(event) => setRoleId(event.target.value)} aria-describedby="assign-role-error" required>
            <option value="">Choose a role…</option>
            {roleOptions
              .filter((role) => !held.has(role.id))
              .map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                  {role.type === 'MACHINE_TO_MACHINE' ? ' (machine-to-machine)' : ''}
                </option>
              ))}
          </select>
          <FieldError id="assign-role-error" message={error?.message} />
        </div>
        <button type="submit" disabled={assigning || !roleId}>
          Assign
        </button>
      </form>
    </section>
  );
}

export function UserPage({ id }: { id: string }) {
  const data = useLazyLoadQuery<UserPageQuery>(
    graphql`
      query UserPageQuery($id: ID!) {
        user(id: $id) {
          id
          username
          name
          primaryEmail
          ...UserRoles_user
          organizations(first: 20) {
            totalCount
            edges {
              organizationRoles {
                id
                name
              }
              node {
                id
                name
              }
            }
          }
        }
        roles(first: 50) {
          nodes {
            id
            name
            type
          }
        }
      }
    `,
    { id },
  );
  const user = data.user;
  if (!user) return <p>No such user.</p>;
  return (
    <>
      <h2>{user.username ?? user.name ?? user.id}</h2>
      <p>{user.primaryEmail}</p>
      <UserRoles user={user} roleOptions={data.roles?.nodes ?? []} />
      <section>
        <h3>Organizations ({user.organizations?.totalCount ?? 0})</h3>
        <ul>
          {user.organizations?.edges.map(({ node, organizationRoles }) => (
            <li key={node.id}>
              <a href={href.organization(node.id)}>{node.name}</a> — {organizationRoles.map((role) => role.name).join(', ') || 'no roles'}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
