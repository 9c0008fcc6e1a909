/**
 * Version of the `ott` command: packages/cli/package.json's, put in at build time (tsup `env`), so the release that
 * bumps the package also bumps what `ott --version` prints.
 */
export const VERSION: string = process.env.OTT_VERSION ?? '0.0.0-dev';
