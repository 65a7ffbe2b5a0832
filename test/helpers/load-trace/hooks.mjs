// Module customization hooks (run on the loader thread): append each loaded URL to the trace file.
import { appendFileSync } from 'node:fs';

let traceFile;

export function initialize(data) {
  traceFile = data?.file;
}

export async function load(url, context, nextLoad) {
  if (traceFile) appendFileSync(traceFile, `${url}\n`);
  return nextLoad(url, context);
}
