import { InvalidArgumentError } from 'commander';

/** A commander parser for a numeric option that must pass `check`; bad values are usage errors. */
export function numberOption(name: string, check: (v: number) => boolean, rule: string) {
  return (value: string) => {
    const v = Number(value);
    if (!Number.isFinite(v) || !check(v)) throw new InvalidArgumentError(`${name} must be ${rule}, got "${value}".`);
    return v;
  };
}
