/** `--name value` from a bench's or an evaluation's command line (process.argv). */
export function flag(name: string): string | undefined;
export function flag(name: string, dflt: string): string;
export function flag(name: string, dflt?: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
}
