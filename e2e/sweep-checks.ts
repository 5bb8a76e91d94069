/**
 * The in-page checks of the console sweep (sweep.e2e.ts). `inspectPage` runs inside the browser (it is serialised by
 * `page.evaluate`), so it must not use anything from its module scope.
 */
export interface InspectOptions {
  /** Report Chinese characters outside `allowed` (the user data the sweep created in Chinese on purpose). */
  checkCjk: boolean;
  allowed: string[];
}

/**
 * Resolves when nothing spins any more and every finite animation (dialogs opening, menus) has finished, then
 * after two frames, so the layout measured is the final one. Bounded: 10 s.
 */
export async function settled(): Promise<void> {
  const deadline = Date.now() + 10_000;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  while (Date.now() < deadline) {
    const spinning = document.querySelector('.ant-spin-spinning, .ant-skeleton-active');
    // A drawer or modal about to move (rc-motion's -enter/-appear/-leave classes, set a frame before its transition
    // starts) counts as moving: measured then, a sliding drawer's buttons sit right of the window.
    const starting = Array.from(
      document.querySelectorAll('[class*="-enter"], [class*="-appear"], [class*="-leave"]'),
    ).some((el) => /(^|\s)[\w-]+-(enter|appear|leave)(-(prepare|start|active))?(\s|$)/.test(el.className.toString()));
    const moving = document
      .getAnimations()
      .filter(
        (a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
      );
    if (!spinning && !starting && moving.length === 0) break;
    await frame();
  }
  await frame();
  await frame();
}

export function inspectPage(opts: InspectOptions): string[] {
  const problems: string[] = [];
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  const describe = (el: Element) => {
    const text = (el.textContent || (el as HTMLInputElement).placeholder || '').replace(/\s+/g, ' ').trim();
    const cls = Array.from(el.classList)
      .filter((c) => !c.includes('css-'))
      .slice(0, 2);
    return `<${el.tagName.toLowerCase()}${cls.map((c) => `.${c}`).join('')}> "${text.slice(0, 40)}"`;
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  // Elements whose own box must hold their content: text, controls, menu entries, cells, dialog bodies.
  const BOXES = [
    'th',
    'td',
    'button',
    'label',
    '.ant-btn',
    '.ant-tag',
    '.ant-menu-title-content',
    '.ant-form-item-label',
    '.ant-card-head-title',
    '.ant-card-extra',
    '.ant-card-body',
    '.ant-tabs-tab',
    '.ant-descriptions-item-label',
    '.ant-select-content',
    '.ant-select-placeholder',
    '.ant-select-selection-item',
    '.ant-list-item',
    '.ant-modal-title',
    '.ant-modal-body',
    '.ant-drawer-title',
    '.ant-drawer-body',
    '.ant-radio-button-wrapper',
    '.ant-segmented-item-label',
    '.ant-pagination',
    '.ant-alert',
    '.app-header',
    '.app-content',
    '.app-logo',
  ].join(',');
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(BOXES))) {
    if (!visible(el) || el.clientWidth === 0) continue;
    // A table's own horizontal scroll is meant to scroll; content inside it is checked cell by cell.
    if (el.matches('.ant-table-content, .ant-table-body')) continue;
    if (el.matches('th, td')) {
      // Cells: compare each text with the cell (a pinned column's shadow is drawn outside it on purpose). A text
      // cut with an ellipsis on purpose (a long free text, its whole in a tooltip) is fine.
      const box = el.getBoundingClientRect();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        if (r.width === 0 || (r.right <= box.right + 1 && r.left >= box.left - 1)) continue;
        const parent = node.parentElement;
        if (parent && getComputedStyle(parent).textOverflow === 'ellipsis') continue;
        problems.push(`overflow: ${describe(el)} (text ${Math.round(r.width)}px in ${Math.round(box.width)}px)`);
        break;
      }
    } else if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`overflow: ${describe(el)} (${el.scrollWidth}px in ${el.clientWidth}px)`);
  }
  // Pinned columns must leave most of a table to the columns that scroll: the actions pinned on the right at most
  // a fifth of it (four links there hid five columns at 1366 px), all pinned columns at most two fifths. Only
  // while the table scrolls sideways: a table that fits spreads its spare width over its columns.
  for (const wrapper of Array.from(document.querySelectorAll<HTMLElement>('.ant-table-wrapper'))) {
    if (!visible(wrapper)) continue;
    const scroller = wrapper.querySelector<HTMLElement>('.ant-table-content, .ant-table-body');
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth + 1) continue;
    const header = wrapper.querySelector('thead tr');
    if (!header) continue;
    const room = wrapper.getBoundingClientRect().width;
    const widthOf = (selector: string) => {
      const cells = Array.from(header.querySelectorAll<HTMLElement>(selector));
      return { cells, width: cells.reduce((sum, th) => sum + th.getBoundingClientRect().width, 0) };
    };
    const right = widthOf('th.ant-table-cell-fix-end, th.ant-table-cell-fix-right');
    const all = widthOf('th.ant-table-cell-fix:not(.ant-table-selection-column)');
    for (const [pinned, share] of [
      [right, 0.2],
      [all, 0.4],
    ] as const) {
      if (pinned.width > room * share)
        problems.push(
          `pinned columns take ${Math.round(pinned.width)}px of ${Math.round(room)}px: ${pinned.cells.map(describe).join(', ')}`,
        );
    }
  }

  // Words broken across lines (a header wrapped one character per line, a type name split mid-word).
  const WORDS = [
    'th',
    'button',
    '.ant-tag',
    '.ant-menu-title-content',
    '.ant-list-item',
    '.ant-form-item-label',
    '.ant-descriptions-item-label',
    '.ant-tabs-tab',
    '.ant-card-head-title',
  ].join(',');
  const TOKEN = /[A-Za-z0-9][\w'’.-]*|[\u3400-\u9fff]+/g;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(WORDS))) {
    if (!visible(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const m of text.matchAll(TOKEN)) {
        // Long Chinese runs are phrases and may wrap; short ones are words and names.
        if (CJK.test(m[0]) && m[0].length > 8) continue;
        const range = document.createRange();
        range.setStart(node, m.index ?? 0);
        range.setEnd(node, (m.index ?? 0) + m[0].length);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) {
          problems.push(`word broken across lines: "${m[0]}" in ${describe(el)}`);
          break;
        }
      }
    }
  }

  // Open dialogs: their buttons stay within the window.
  for (const btn of Array.from(
    document.querySelectorAll<HTMLElement>(
      '.ant-modal-footer button, .ant-drawer-extra button, .ant-drawer-footer button',
    ),
  )) {
    if (!visible(btn)) continue;
    const r = btn.getBoundingClientRect();
    if (r.bottom > window.innerHeight || r.top < 0 || r.right > window.innerWidth)
      problems.push(
        `dialog button out of the window: ${describe(btn)} (top ${Math.round(r.top)}, right ${Math.round(r.right)}, bottom ${Math.round(r.bottom)} of ${window.innerWidth}×${window.innerHeight})`,
      );
  }

  if (opts.checkCjk) {
    const allowed = [...opts.allowed].sort((a, b) => b.length - a.length);
    const strip = (s: string) => allowed.reduce((acc, a) => acc.split(a).join(' '), s);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is wanted, not hidden nodes' text.
    const texts = [document.title, document.body.innerText];
    for (const input of Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'),
    ))
      if (visible(input) && input.placeholder) texts.push(input.placeholder);
    const found = new Set<string>();
    for (const line of texts.flatMap((s) => strip(s).split('\n'))) {
      const at = line.search(CJK);
      if (at >= 0) found.add(line.slice(Math.max(0, at - 15), at + 25).trim());
    }
    for (const f of found) problems.push(`Chinese text in en-US: "${f}"`);
  }
  return problems;
}

/**
 * The frame stays usable at a low window: after scrolling everything to the bottom the header is still in view,
 * and the menu's last entry can be scrolled into view and clicked (it is the topmost element at its centre).
 */
export function inspectFrame(): string[] {
  const problems: string[] = [];
  for (const el of [document.scrollingElement, ...Array.from(document.querySelectorAll('.app-content, .app-main'))]) {
    if (el) el.scrollTop = el.scrollHeight;
  }
  const header = document.querySelector('.app-header');
  const h = header?.getBoundingClientRect();
  if (!h || h.top < 0 || h.bottom > window.innerHeight) problems.push('header scrolled out of view');
  const items = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="side-menu"] .ant-menu-title-content'));
  const last = items.at(-1);
  if (last) {
    last.scrollIntoView({ block: 'nearest' });
    const r = last.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    if (r.bottom > window.innerHeight || !hit || !last.closest('li')?.contains(hit))
      problems.push(`menu's last entry unreachable: "${last.textContent}"`);
  }
  const h2 = header?.getBoundingClientRect();
  if (!h2 || h2.top < 0) problems.push('header scrolled away with the menu');
  for (const el of [
    document.scrollingElement,
    ...Array.from(document.querySelectorAll('.app-content, .app-main, .app-menu-scroll')),
  ]) {
    if (el) el.scrollTop = 0;
  }
  return problems;
}
