import { useState, useTransition } from 'react';
import { graphql, useLazyLoadQuery, usePaginationFragment } from 'react-relay';

import type { UsersList_query$key } from './__generated__/UsersList_query.graphql';
import type { UsersListPaginationQuery } from './__generated__/UsersListPaginationQuery.graphql';
import type { UsersPageQuery } from './__generated__/UsersPageQuery.graphql';
import { href } from './router';

/** Logto's typed filter: `search` matches username, email, phone and name (SQL LIKE). */
function searchFilter(text: string) {
  return text.trim() ? { search: { like: `%${text.trim()}%` } } : null;
}

function UsersList({ query }: { query: UsersList_query$key }) {
  const { data, loadNext, hasNext, isLoadingNext, refetch } = usePaginationFragment<UsersListPaginationQuery, UsersList_query$key>(
    graphql`
      fragment UsersList_query on Query
      @refetchable(queryName: "UsersListPaginationQuery")
      @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }, filter: { type: "UserFilter" }) {
        users(first: $first, after: $after, filter: $filter) @connection(key: "UsersList_users", filters: ["filter"]) {
          totalCount
          edges {
            node {
              id
              username
              name
              primaryEmail
              roles(first: 3) {
                nodes {
                  name
                }
              }
            }
          }
        }
      }
    `,
    query,
  );
  const [text, setText] = useState('');
  const [isSearching, startSearch] = useTransition();
  const users = data.users;

  return (
    <section>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          // A transition keeps the current list on screen while the new one loads.
          startSearch(() => {
            refetch({ filter: searchFilter(text) });
          });
        }}
      >
        <input aria-label="Search users" placeholder="username, email, phone or name" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" disabled={isSearching}>
          Search
        </button>
      </form>
      <p data-testid="users-count">
        Showing {users?.edges.length ?? 0} of {users?.totalCount ?? 0} users
      </p>
      <table>
        <thead>
          <tr>
            <th>Username</th>
            <th>Name</th>
            <th>Email</th>
            <th>Roles</th>
          </tr>
        </thead>
        <tbody>
          {users?.edges.map(({ node }) => (
            <tr key={node.id} data-testid="user-row">
              <td>
                <a href={href.user(node.id)}>{node.username ?? '(no username)'}</a>
              </td>
              <td>{node.name}</td>
              <td>{node.primaryEmail}</td>
              <td>{node.roles?.nodes.map((role) => role.name).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext && (
        <button type="button" onClick={() => loadNext(10)} disabled={isLoadingNext}>
          {isLoadingNext ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

export function UsersPage() {
  const query = useLazyLoadQuery<UsersPageQuery>(
    graphql`
      query UsersPageQuery {
        ...UsersList_query
      }
    `,
    {},
  );
  return (
    <>
      <h2>Users</h2>
      <UsersList query={query} />
    </>
  );
}
