/** antd's default font stack (theme token fontFamily), at the default 14 px. */
const FONT =
  "14px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif, " +
  "'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol', 'Noto Color Emoji'";
let context: CanvasRenderingContext2D | null | undefined;

/** The rendered width of a text in px (14 px antd font); 8 px per character when canvas is unavailable. */
export function textWidth(text: string): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * 8;
  context.font = FONT;
  return context.measureText(text).width;
}

/**
 * A control's width that shows its whole placeholder or choice in any language: at least `min`, else the longest
 * text plus `chrome` px for padding, arrow, clear icon or search button, and at most `max`.
 */
export function fitWidth(
  texts: string | ReadonlyArray<string | undefined> | undefined,
  min: number,
  chrome = 56,
  max = 320,
) {
  const list = typeof texts === 'string' ? [texts] : (texts ?? []);
  const widest = Math.max(0, ...list.map((text) => textWidth(text ?? '')));
  return Math.min(max, Math.max(min, Math.ceil(widest + chrome)));
}
