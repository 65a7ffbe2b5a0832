import { Component, type ReactNode, Suspense } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';

import type { AppOrganizationsQuery } from './__generated__/AppOrganizationsQuery.graphql';
import { OrganizationPage } from './OrganizationPage';
import { href, useRoute } from './router';
import { UserPage } from './UserPage';
import { UsersPage } from './UsersPage';

function OrganizationLinks() {
  const data = useLazyLoadQuery<AppOrganizationsQuery>(
    graphql`
      query AppOrganizationsQuery {
        organizations(first: 30) {
          nodes {
            id
            name
          }
        }
      }
    `,
    {},
  );
  return (
    <ul>
      {data.organizations?.nodes.map((organization) => (
        <li key={organization.id}>
          <a href={href.organization(organization.id)}>{organization.name}</a>
        </li>
      ))}
    </ul>
  );
}

/** A failed request (network, or a top-level GraphQL error such as FORBIDDEN) shows here. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) return <p role="alert">Could not load: {this.state.error.message}</p>;
    return this.props.children;
  }
}

export function App() {
  const route = useRoute();
  return (
    <div className="layout">
      <nav>
        <h1>Logto admin</h1>
        <a href={href.users}>Users</a>
        <h2>Organizations</h2>
        <Suspense fallback={<p>Loading…</p>}>
          <OrganizationLinks />
        </Suspense>
      </nav>
      <main>
        <ErrorBoundary key={JSON.stringify(route)}>
          <Suspense fallback={<p>Loading…</p>}>
            {route.page === 'users' && <UsersPage />}
            {route.page === 'user' && <UserPage id={route.id} />}
            {route.page === 'organization' && <OrganizationPage id={route.id} />}
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
