import type { ReactNode } from 'react';

/**
 * Read-only content that may be longer than its drawer (a member's record): focusable and named,
 * so that the keyboard reaches it with Tab and the arrow keys then scroll it (WCAG 2.1.1; axe's
 * scrollable-region-focusable). A drawer with a form needs none: its fields take the focus.
 */
export function ReadingRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section className="reading-region" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
