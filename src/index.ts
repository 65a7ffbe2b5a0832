/**
 * The package's library entry (`import { startServer } from 'logto-graphql'`): the facade's
 * server, configuration and Logto client. The sandbox is a separate entry
 * (`logto-graphql/sandbox`), so importing the facade never loads it.
 */
export { createApp, startServer, type AppDependencies, type RunningServer } from './server.js';
export { ConfigError, loadConfig, type Config, type Environment } from './config.js';
export { createLogtoClient, type LogtoClient, type LogtoClientOptions } from './logto/client.js';
