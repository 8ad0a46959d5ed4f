import type { ReactNode } from 'react';

/**
 * The frame of the pages before the login (登录, 忘记密码). Plain markup on purpose: Ant Design's
 * Card and Typography bring tabs, menus and tooltips into the first download.
 */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title" className="auth-title">
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}
