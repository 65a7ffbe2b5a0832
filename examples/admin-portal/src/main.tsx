import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RelayEnvironmentProvider } from 'react-relay';

import { App } from './App';
import { createRelayEnvironment } from './relay-environment';
import './styles.css';

// With Logto sign-in, wrap this in <LogtoProvider> and hand getAccessToken in (README: "Auth").
const environment = createRelayEnvironment();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RelayEnvironmentProvider environment={environment}>
      <App />
    </RelayEnvironmentProvider>
  </StrictMode>,
);
