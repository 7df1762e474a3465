// Commander's own words (help headings, parse errors) in the user's language. Commander writes
// them in English; these are its known phrasings, each mapped to a catalog entry. Anything it
// says that is not known here passes through as it is.
import { Help, type Argument, type Command, type Option } from 'commander';
import type { CliMessageKey as MessageKey } from '../../shared/i18n/cli-en';
import type { Params, Translate } from '../../shared/i18n/translate';

const TITLES: Readonly<Record<string, MessageKey>> = {
  'Usage:': 'cli.help.usage',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Arguments:': 'cli.help.arguments',
};

/** "Allowed choices are a, b." and "(Did you mean x?)" inside a message, in the reader's words. */
function details(text: string, t: Translate): string {
  return text
    .replace(/Allowed choices are (.+)\./, (_all, choices: string) =>
      t('cli.err.choices', { choices }),
    )
    .replace(/\(Did you mean (?:one of )?(.+)\?\)/, (_all, name: string) =>
      t('cli.err.didYouMean', { name }),
    );
}

const ERRORS: readonly [RegExp, MessageKey, (match: RegExpExecArray) => Params][] = [
  [/^error: unknown option '(.+?)'/, 'cli.err.unknownOption', (m) => ({ option: m[1] ?? '' })],
  [/^error: unknown command '(.+?)'/, 'cli.err.unknownCommand', (m) => ({ command: m[1] ?? '' })],
  [
    /^error: missing required argument '(.+?)'/,
    'cli.err.missingArgument',
    (m) => ({ argument: m[1] ?? '' }),
  ],
  [
    /^error: option '(.+?)' argument missing/,
    'cli.err.optionValueMissing',
    (m) => ({ option: m[1] ?? '' }),
  ],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\./,
    'cli.err.optionInvalid',
    (m) => ({ option: m[1] ?? '', value: m[2] ?? '' }),
  ],
  [
    /^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\./,
    'cli.err.argumentInvalid',
    (m) => ({ value: m[1] ?? '', argument: m[2] ?? '' }),
  ],
  [
    /^error: too many arguments(?: for '.+?')?\. Expected (\d+) arguments? but got (\d+)\./,
    'cli.err.tooManyArguments',
    (m) => ({ expected: Number(m[1]), got: Number(m[2]) }),
  ],
];

/** The "(choices: …, default: …)" commander adds to a description, with the words translated. */
function extras(description: string, t: Translate): string {
  return description
    .replace(/(\(|, )choices: /, (_all, lead: string) => `${lead}${t('cli.help.choices')}: `)
    .replace(/(\(|, )default: /, (_all, lead: string) => `${lead}${t('cli.help.default')}: `);
}

/** One of commander's error lines, in the reader's language where its phrasing is known. */
export function commanderError(text: string, t: Translate): string {
  for (const [pattern, key, params] of ERRORS) {
    const match = pattern.exec(text);
    if (match) return `${t(key, params(match))}${details(text.slice(match[0].length), t)}`;
  }
  return text;
}

/** Help headings, the help option and command, and parse errors, for `program` and its commands. */
export function speakCommander(program: Command, t: Translate): Command {
  return program
    .configureHelp({
      styleTitle: (title) => {
        const key = TITLES[title];
        return key ? t(key) : title;
      },
      optionDescription: (option: Option) =>
        extras(Help.prototype.optionDescription.call(new Help(), option), t),
      argumentDescription: (argument: Argument) =>
        extras(Help.prototype.argumentDescription.call(new Help(), argument), t),
    })
    .helpOption('-h, --help', t('cli.opt.help'))
    .helpCommand('help [command]', t('cli.cmd.help'));
}
