/** Version of the `ott` command, kept in step with packages/cli/package.json by the release. */
export const VERSION = '0.0.0';
