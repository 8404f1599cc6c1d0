/** Reads a budget as typed: '' is no limit, else a positive number (whole for tokens); NaN when it is not one. */
export function parseBudget(text: string, whole: boolean): number | null {
  const trimmed = text.trim().replace(whole ? /[,_ ]/g : /^\$/, '');
  if (trimmed === '') return null;
  const pattern = whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  return pattern.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : Number.NaN;
}
