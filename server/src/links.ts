/**
 * Where the project lives, for the links users follow: each diagnostic's code (toProto.ts) and each
 * SARIF rule (cli/sarif.ts) points at the README section of its check (the headings are the check ids).
 * package.json's repository, homepage and bugs are derived from REPOSITORY_URL (a unit test checks).
 */
export const REPOSITORY_URL = 'https://github.com/cloudhsm-policy-tools/cloudhsm-policy-lint';
export const DOCS_URL = `${REPOSITORY_URL}/blob/main/README.md`;

/** The README section that documents a check. */
export function checkDocsUrl(code: string): string {
  return `${DOCS_URL}#${code}`;
}
