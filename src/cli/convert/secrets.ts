import { YamlSource } from './yaml-source';

/** Keys whose literal values are credentials. */
const SECRET_KEY = /(^|_|-)(password|passwd|secret|token|api_?key|access_?key|secret_?key|private_?key|client_?secret|connection_?string|credentials?)$/i;
/** Values that are credentials whatever their key: Prefect, GitHub, GitLab, Slack, AWS keys. */
const SECRET_VALUE = /^(pnu_|pnb_|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abp]-)[A-Za-z0-9_-]{8,}|^AKIA[0-9A-Z]{16}$/;
/** A URL with a user and password (or token) in it. */
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i;

/**
 * The literal credentials in a prefect.yaml, as `file:line: what` lines. A value made only of
 * templates (`{{ prefect.blocks.secret.x }}`, `{{ $TOKEN }}`) is a reference, not a literal.
 */
export function findSecrets(src: YamlSource): string[] {
  const found: string[] = [];
  const visit = (value: unknown, owner: unknown, key: string | number | undefined) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, value, i));
    } else if (value && typeof value === 'object') {
      for (const [k, item] of Object.entries(value)) visit(item, value, k);
    } else if (typeof value === 'string' && value.trim().length > 0) {
      const literal = value.replace(/\{\{[^{}]*\}\}/g, '').trim();
      const where = src.where(owner, key);
      if (typeof key === 'string' && SECRET_KEY.test(key) && literal.length > 0) {
        found.push(`${where}: "${key}" is a literal value (not shown)`);
      } else if (SECRET_VALUE.test(value.trim())) {
        found.push(`${where}: ${typeof key === 'string' ? `"${key}" ` : ''}looks like an API key or token (not shown)`);
      } else if (URL_WITH_CREDENTIALS.test(value.trim()) && !/:\/\/[^@]*\{\{/.test(value)) {
        found.push(`${where}: the URL embeds a user and password or token (${value.replace(/:\/\/[^@]*@/, '://***@')})`);
      }
    }
  };
  visit(src.root, undefined, undefined);
  return found;
}
