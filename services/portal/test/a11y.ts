import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

// The automated accessibility check of the browser journeys: axe-core run in the page as it is
// at that step (a dialog open, errors shown), WCAG 2.0/2.1/2.2 A and AA rules. A serious or
// critical violation fails the journey with the rule, its help and the elements it found.
//
// axe is put into the page through the DevTools protocol (page.evaluate), which the page's CSP
// (script-src 'self') does not govern: the portal's own policy stays as it is served.

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * A rule that does not apply to some elements: markup of Ant Design's that the portal cannot
 * change. An element the selector matches (or one inside it) is left out of that rule's
 * violations only; each entry names the component and why. None is needed now: what axe found
 * was fixed in the portal (src/ui/theme.ts, src/ui, styles.css).
 */
interface Exclusion {
  rule: string;
  selector: string;
  why: string;
}

const EXCLUSIONS: Exclusion[] = [];

/** One violation as the failure message shows it. */
interface Found {
  id: string;
  impact: string | null | undefined;
  help: string;
  helpUrl: string;
  targets: string[];
  summaries: string[];
}

/** Runs axe on the page now; the serious and critical violations, with what the exclusions left out dropped. */
export async function axeViolations(page: Page): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const options: RunOptions = {
    runOnly: { type: 'tag', values: TAGS },
    // Not a WCAG rule in axe's tags (a best practice), but what finds a dialog by its name: each
    // dialog and drawer must be named (by its title).
    rules: { 'aria-dialog-name': { enabled: true } },
    resultTypes: ['violations'],
  };
  return page.evaluate(
    async ({ options, exclusions }) => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: RunOptions) => Promise<AxeResults> } }).axe;
      const results = await axe.run(document, options);
      const excluded = (rule: string, target: unknown) => {
        // A target in a shadow root or an iframe is a list of selectors: the last names the element.
        const selector = Array.isArray(target) ? String(target.at(-1)) : String(target);
        const element = document.querySelector(selector);
        return exclusions.some((e) => e.rule === rule && !!element?.closest(e.selector));
      };
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excluded(v.id, n.target)) }))
        .filter((v) => v.nodes.length > 0)
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          targets: v.nodes.map((n) => n.target.map(String).join(' >> ')),
          summaries: v.nodes.map((n) => n.failureSummary ?? ''),
        }));
    },
    { options, exclusions: EXCLUSIONS },
  );
}

/**
 * Fails when axe finds a serious or critical violation on the page as it is now. `state` names
 * the page and its state in the message (“团员管理, 添加团员 with errors shown”).
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const found = await axeViolations(page);
  if (found.length === 0) return;
  const lines = found.flatMap((v) => [
    `- ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
    ...v.targets.map((t, i) => `    ${t}\n      ${v.summaries[i]!.replace(/\n/g, '\n      ')}`),
  ]);
  throw new Error(`accessibility violations on ${state} (${page.url()}):\n${lines.join('\n')}`);
}
