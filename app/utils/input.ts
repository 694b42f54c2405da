// Input hygiene shared by every boundary (URLs in server/index.ts, form bodies in forms.server.ts).
// PostgreSQL text cannot hold U+0000, and no field of ours has a use for the other C0/C1 control
// characters; tab, line feed and carriage return are kept (multi-line text).

// eslint-disable-next-line no-control-regex
export const DISALLOWED_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const DISALLOWED_GLOBAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function hasControlCharacters(value: string): boolean {
  return DISALLOWED_CONTROL_CHARACTERS.test(value);
}

export function stripControlCharacters(value: string): string {
  return value.replace(DISALLOWED_GLOBAL, "");
}
