/** Saturation and lightness that keep white tag text readable on the dark theme. */
const TAG_SATURATION = 55;
const TAG_LIGHTNESS = 38;

/** FNV-1a: tiny, stable across sessions and machines, and spreads similar ids apart. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** A stable hue (0-359) for an objective id, so its tag keeps its colour across reloads. */
export function objectiveHue(id: string): number {
  return hash(id) % 360;
}

/** The tag colour of an objective, as a CSS colour. */
export function objectiveColor(id: string): string {
  return `hsl(${objectiveHue(id)} ${TAG_SATURATION}% ${TAG_LIGHTNESS}%)`;
}
