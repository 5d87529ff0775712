import { parseAllDocuments } from 'yaml';

/** Every document of a YAML stream (e.g. `helm template`'s output) as plain values, empty ones left out. */
export function yamlDocuments(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
}
