import type { ReactNode } from 'react';

/**
 * The frame of the pages before the login (登录, 忘记密码, 管理员注册): the page's one heading
 * (h1) naming its region. Plain markup on purpose: Ant Design's Card and Typography bring tabs,
 * menus and tooltips into the login page's first download.
 */
export function AuthFrame({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <main className="auth-page">
      <section className={wide ? 'auth-card auth-card-wide' : 'auth-card'} aria-labelledby="auth-title">
        <h1 id="auth-title" className="auth-title">
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}
