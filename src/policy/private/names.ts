/** Key or variable names that suggest a secret (password, token, api key, ...). */
export const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential)s?$|^(pass(word|wd)?|secret|token|api[_-]?key)/i;

/** A rule id: upper-case words and digits joined by `-`, e.g. `PF-SEC-001`. */
export const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
