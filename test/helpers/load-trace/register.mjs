// `node --import <this file>`: records every module URL the process loads (ESM and CommonJS via
// `import`) into the file named by LOAD_TRACE_FILE, one per line, so a test can see what ran.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, { data: { file: process.env.LOAD_TRACE_FILE } });
