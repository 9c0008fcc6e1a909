import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, usage, type CommandName } from './help.js';

const CLI_DOC = readFileSync(fileURLToPath(new URL('../../../../docs/cli.md', import.meta.url)), 'utf8');

/** Long flags that start an option line of a help text (`  --flag <arg>  meaning` or `  -o, --output <dir> …`). */
function helpFlags(text: string): Set<string> {
  return new Set([...text.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)/gm)].map((match) => match[1] ?? ''));
}

/** Long flags that start a table row in the docs/cli.md sections whose heading names `ott <command>`. */
function docFlags(command: CommandName): Set<string> {
  const sections = CLI_DOC.split(/^(?=#{2,3} )/m).filter((section) => (section.split('\n')[0] ?? '').includes(`\`ott ${command}`));
  const rows = sections.flatMap((section) => [...section.matchAll(/^\| `(?:-\w, )?(--[a-z0-9-]+)/gm)].map((match) => match[1] ?? ''));
  return new Set(rows);
}

describe('ott help and docs/cli.md', () => {
  it.each(COMMANDS)('ott %s --help and docs/cli.md list the same flags', (command) => {
    const help = helpFlags(commandHelp(command));
    expect(help.size).toBeGreaterThan(0);
    expect([...help].sort()).toEqual([...docFlags(command)].sort());
  });

  it('ott --help names every command and every flag of each', () => {
    const top = usage();
    for (const command of COMMANDS) {
      expect(top).toContain(`ott ${command} `);
      for (const flag of helpFlags(commandHelp(command))) expect(top, `${command} ${flag}`).toMatch(new RegExp(`${flag}(?![a-z0-9-])`));
    }
    expect(top).toContain('ott serve s3://');
  });

  it('gives every option of every command a default or says it is required', () => {
    for (const command of COMMANDS) {
      const lines = commandHelp(command).split('\n');
      for (const [index, line] of lines.entries()) {
        if (!/^ {2}(?:-\w, )?--[a-z0-9-]+/.test(line) || /^ {2}--(rtmp|srt|rtsp|whip|file|jwt-secret|jwt-public-key|jwks-url|signed-url-secret) /.test(line)) continue;
        // An option's text may wrap onto the next lines (indented deeper).
        const text = [line, ...lines.slice(index + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => /^ {20,}/.test(l)))].join(' ');
        expect(text, `ott ${command}: ${line.trim()}`).toMatch(/default|required|instead of|with --|repeated/);
      }
    }
  });

  it('points at URLs, not at docs files the npm package does not ship', () => {
    for (const text of [usage(), ...COMMANDS.map((command) => commandHelp(command))]) {
      expect(text).not.toMatch(/(?<![/\w])docs\/[a-z]+\.md/);
    }
  });
});
