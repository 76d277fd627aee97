/**
 * Raises the version of the rule whose YAML block is given, with the changelog entry loading requires:
 * the edit a knowledge-base author makes with any change of a rule.
 */
export function bumpRuleVersion(block: string): string {
  const match = /\n {4}version: (\d+)\n/.exec(block);
  if (match === null) throw new Error('no version line in this rule');
  const next = Number(match[1]) + 1;
  const entry = `      - { version: ${next}, kb: 9.9.9, change: "A change made by a test." }\n`;
  const bumped = block.replace(match[0], `\n    version: ${next}\n`);
  return bumped.includes('\n    changelog:\n')
    ? bumped.replace('\n    changelog:\n', `\n    changelog:\n${entry}`)
    : bumped.replace(`\n    version: ${next}\n`, `\n    version: ${next}\n    changelog:\n${entry}`);
}
