/**
 * The one flag parser behind every command-line entry point (`mpq train|eval|
 * reproduce|plot`, `bench`, `bench:gpu`). A flag is one entry of the table in
 * flagTable.ts: its name, the commands that take it, its kind (a switch, a
 * decimal number within a range read from core's rules, one of a list, text, a
 * file read or written, a folder written) and its doc, from which `--help` is
 * written.
 *
 * Strict, so that what runs is what was typed: numbers are decimal only (no
 * hex, no Infinity, no blanks), a flag given twice is an error unless it takes
 * a list, a switch takes no value, an empty value is refused, a value that
 * looks like a flag is refused (`--out --quiet`), and names are looked up in
 * Maps, so `--__proto__` or `--constructor` is just an unknown flag.
 */
import { checkNumber, type NumberRule } from '../core/ranges';
import type { FileKind } from '../core/fileLimits';

/** A bad flag or value: the CLI prints its one-line message and exits with status 2. */
export class UsageError extends Error {}

/** What a flag's value is and what it allows. */
export type FlagKind =
  /** Present or absent; takes no value. */
  | { type: 'switch' }
  /** A decimal number within `rule`. */
  | { type: 'number'; rule: NumberRule }
  /** Comma-separated decimal numbers, each within `rule`. */
  | { type: 'numbers'; rule: NumberRule }
  /** One of `values` (read when a flag is parsed: a task registered at run time is a choice too). */
  | { type: 'choice'; values: () => readonly string[] }
  /** Any non-blank text. */
  | { type: 'text'; meta: string }
  /** Files read; comma-separated, and the flag may be repeated when `many`. Their size is capped by `file`. */
  | { type: 'input'; file: FileKind; many?: boolean; meta?: string }
  /** A file written (checked writable before any work, written atomically). */
  | { type: 'output'; meta?: string }
  /** A folder written into (created if missing; checked before any work). */
  | { type: 'outdir' };

/** One flag of the table. */
export interface FlagSpec<C extends string = string, R = unknown> {
  name: string;
  /** The commands that take it. */
  commands: readonly C[];
  kind: FlagKind;
  /** One line for --help: what it sets, in the paper's words where it is a paper symbol. */
  doc: string;
  /** The default, as --help says it (when not in `doc`). */
  default?: string;
  /** Must be given. */
  required?: boolean;
  /** The flag may be given more than once (its values collect, in order). */
  repeatable?: boolean;
  /** Old names still accepted, each with the notice printed to stderr when used. */
  aliases?: readonly { name: string; notice: string }[];
  /** Where a train/eval value goes in the run being built (flags read by name have none). */
  apply?(run: R, value: FlagValue): void;
}

export type FlagValue = true | number | number[] | string | string[];

/** A flag's value as it was given, with the name it was given under. */
interface Given {
  spec: FlagSpec;
  value: FlagValue;
  raw: string;
  as: string;
}

/** The flags of one command, parsed and checked. Getters take the flag's table name. */
export class ParsedFlags {
  constructor(
    readonly command: string,
    private readonly given: ReadonlyMap<string, Given>,
    /** Notices for stderr (an old flag name used). */
    readonly notices: readonly string[],
    /** `--help` was given. */
    readonly help: boolean,
  ) {}

  has(name: string): boolean {
    return this.given.has(name);
  }

  private get(name: string, types: readonly FlagKind['type'][]): FlagValue | undefined {
    const g = this.given.get(name);
    if (g && !types.includes(g.spec.kind.type))
      throw new Error(`flag --${name} is a ${g.spec.kind.type}, read as ${types.join('/')}`);
    return g?.value;
  }

  on(name: string): boolean {
    return this.get(name, ['switch']) === true;
  }

  number(name: string): number | undefined {
    return this.get(name, ['number']) as number | undefined;
  }

  numbers(name: string): number[] | undefined {
    return this.get(name, ['numbers']) as number[] | undefined;
  }

  string(name: string): string | undefined {
    const v = this.get(name, ['choice', 'text', 'output', 'outdir']);
    if (Array.isArray(v)) throw new Error(`flag --${name} is repeatable: read it with texts()`);
    return v as string | undefined;
  }

  /** The files of an input flag (one or many), or [] when absent. */
  files(name: string): string[] {
    return (this.get(name, ['input']) as string[] | undefined) ?? [];
  }

  /** Every value of a repeatable text flag, in order, or [] when absent. */
  texts(name: string): string[] {
    return (this.get(name, ['text']) as string[] | undefined) ?? [];
  }

  /** Every given flag in table order, for applying to a run. */
  entries(): { spec: FlagSpec; value: FlagValue }[] {
    return [...this.given.values()].map(({ spec, value }) => ({ spec, value }));
  }

  /** The files and folders this command will write, as given. */
  outputs(): { flag: string; path: string; kind: 'file' | 'dir' }[] {
    return [...this.given.values()]
      .filter((g) => g.spec.kind.type === 'output' || g.spec.kind.type === 'outdir')
      .map((g) => ({
        flag: `--${g.spec.name}`,
        path: g.value as string,
        kind: g.spec.kind.type === 'output' ? 'file' : 'dir',
      }));
  }
}

/** The table looked up by command, then by name (canonical names and aliases). */
export class FlagTable<C extends string> {
  private readonly byCommand = new Map<string, Map<string, { spec: FlagSpec<C>; notice?: string }>>();

  constructor(readonly specs: readonly FlagSpec<C>[]) {
    for (const spec of specs) {
      for (const c of spec.commands) {
        if (!this.byCommand.has(c)) this.byCommand.set(c, new Map());
        const names = this.byCommand.get(c)!;
        for (const [name, notice] of [[spec.name, undefined], ...(spec.aliases ?? []).map((a) => [a.name, a.notice])]) {
          if (names.has(name!)) throw new Error(`flag table: --${name} is defined twice for ${c}`);
          names.set(name!, { spec, notice });
        }
      }
    }
  }

  /** The flags of `command`, in table order. */
  flagsOf(command: C): FlagSpec<C>[] {
    return this.specs.filter((s) => s.commands.includes(command));
  }

  /** Parses `argv` (the words after the command) strictly; throws a UsageError naming the flag. */
  parse(command: C, argv: readonly string[]): ParsedFlags {
    const names = this.byCommand.get(command) ?? new Map();
    const given = new Map<string, Given>();
    const notices: string[] = [];
    let help = false;
    for (let i = 0; i < argv.length; i++) {
      const word = argv[i];
      if (word === '--help' || word === '-h') {
        help = true;
        continue;
      }
      if (!word.startsWith('--') || word.length === 2)
        throw new UsageError(`unexpected argument "${word}"; flags look like --name value (see --help)`);
      const eq = word.indexOf('=');
      const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
      const found = names.get(name);
      if (!found) throw new UsageError(this.unknown(command, name));
      const { spec, notice } = found;
      if (notice && !notices.includes(notice)) notices.push(notice);
      let raw: string;
      if (spec.kind.type === 'switch') {
        if (eq >= 0) throw new UsageError(`--${name} takes no value, got "${word}"`);
        raw = '';
      } else if (eq >= 0) {
        raw = word.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`--${name} needs a value: ${spec.doc}`);
        if (next.startsWith('--'))
          throw new UsageError(
            `--${name} needs a value, got the flag ${next} (write --${name}=${next} for a value that starts with --)`,
          );
        raw = next;
        i++;
      }
      const read = readValue(name, spec.kind, raw);
      const value = spec.repeatable && !Array.isArray(read) ? [read as string] : read;
      const before = given.get(spec.name);
      if (before) {
        if (!spec.repeatable)
          throw new UsageError(
            `--${name} is given twice${before.as !== name ? ` (as --${before.as})` : ''}; give it once`,
          );
        before.value = [...(before.value as string[]), ...(value as string[])];
      } else {
        given.set(spec.name, { spec, value, raw, as: name });
      }
    }
    if (!help) {
      const missing = this.flagsOf(command).find((s) => s.required && !given.has(s.name));
      if (missing) throw new UsageError(`--${missing.name} is required: ${allowedText(missing)}`);
    }
    return new ParsedFlags(command, given, notices, help);
  }

  private unknown(command: C, name: string): string {
    const others = [...this.byCommand].filter(([, names]) => names.has(name)).map(([c]) => c);
    if (others.length) return `--${name} is not a flag of ${command} (only ${others.join(', ')})`;
    const known = [...(this.byCommand.get(command)?.keys() ?? [])];
    const near = known.filter((k) => editDistance(k, name) <= 2);
    return (
      `unknown flag --${name} for ${command}; ` +
      (near.length
        ? `did you mean ${near.map((k) => `--${k}`).join(' or ')}?`
        : `allowed: ${known.map((k) => `--${k}`).join(' ')}`)
    );
  }

  /** The --help text of one command: each flag with its value, doc, what is allowed and its default. */
  help(command: C, usage: string): string {
    const flags = this.flagsOf(command);
    const heads = flags.map((s) => `--${s.name}${metaOf(s.kind) ? ` ${metaOf(s.kind)}` : ''}`);
    const width = Math.min(28, Math.max(...heads.map((h) => h.length)));
    const lines = flags.map((s, i) => {
      const notes = [allowedNote(s.kind), s.default ? `default ${s.default}` : '', s.required ? 'required' : '']
        .filter(Boolean)
        .join('; ');
      const aliases = (s.aliases ?? []).map((a) => ` (old name --${a.name})`).join('');
      const head = heads[i].length > width ? `${heads[i]}\n${' '.repeat(width + 2)}` : heads[i].padEnd(width);
      return `  ${head}  ${s.doc}${notes ? ` [${notes}]` : ''}${aliases}`;
    });
    return [usage, ...lines].join('\n');
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function readNumber(flag: string, raw: string, rule: NumberRule): number {
  const decimal = DECIMAL.test(raw);
  const v = decimal ? Number(raw) : Number.NaN;
  const bad = checkNumber(v, rule);
  // Number() also reads hex, binary, octal, Infinity and padded text: say why such a value is refused.
  const why = !decimal && raw.trim() !== '' && !Number.isNaN(Number(raw)) ? ' written in decimal digits' : '';
  if (bad) throw new UsageError(`--${flag} must be ${bad}${why}, got "${raw}"`);
  return v;
}

function readValue(flag: string, kind: FlagKind, raw: string): FlagValue {
  switch (kind.type) {
    case 'switch':
      return true;
    case 'number':
      return readNumber(flag, raw, kind.rule);
    case 'numbers':
      return raw.split(',').map((x) => readNumber(flag, x.trim(), kind.rule));
    case 'choice':
      if (!kind.values().includes(raw))
        throw new UsageError(`--${flag} must be one of ${kind.values().join(', ')}, got "${raw}"`);
      return raw;
    case 'input': {
      const files = raw
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
      if (files.length === 0) throw new UsageError(`--${flag} needs a file name, got "${raw}"`);
      if (!kind.many && files.length > 1) throw new UsageError(`--${flag} takes one file, got "${raw}"`);
      return files;
    }
    default:
      if (raw.trim() === '') throw new UsageError(`--${flag} needs a non-empty value, got "${raw}"`);
      return raw;
  }
}

function metaOf(kind: FlagKind): string {
  switch (kind.type) {
    case 'switch':
      return '';
    case 'number':
      return kind.rule.integer ? 'INT' : 'X';
    case 'numbers':
      return kind.rule.integer ? 'INT,INT,…' : 'X,X,…';
    case 'choice':
      return kind.values().join('|');
    case 'text':
      return kind.meta;
    case 'input':
      return kind.meta ?? (kind.many ? 'FILE,FILE,…' : 'FILE');
    case 'output':
      return kind.meta ?? 'FILE';
    case 'outdir':
      return 'DIR';
  }
}

function allowedNote(kind: FlagKind): string {
  if (kind.type === 'number' || kind.type === 'numbers') return checkNumber(Number.NaN, kind.rule) ?? '';
  return '';
}

/** What a required flag allows, for the "is required" message. */
function allowedText(spec: FlagSpec): string {
  if (spec.kind.type === 'choice') return `one of ${spec.kind.values().join(', ')}`;
  return spec.doc;
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
