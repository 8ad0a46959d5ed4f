import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, type RenderResult } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { expect } from 'vitest';
import { sessionStore, type Session } from '../../src/session/session';

/** An org admin's session, for the pages behind the login. */
export const ADMIN_SESSION: Session = {
  accessToken: 'test-access-token',
  account: { id: 'acc-admin', name: '王管理', roles: [{ role: 'org_admin', orgId: 'org-committee' }] },
  mustChangePassword: false,
};

/** Where the router is now: pages navigate after a success, and a test looks here. */
function CurrentPath() {
  const location = useLocation();
  return <output data-testid="current-path">{location.pathname}</output>;
}

/** The path the page navigated to (CurrentPath). */
export const currentPath = () => screen.getByTestId('current-path').textContent;

/**
 * Renders a page in the providers of main.tsx — Ant Design's ConfigProvider in Chinese with the
 * app's theme and buttons, TanStack Query, a router (in memory, at `path`) — and, with a session,
 * Ant Design's App as layout/SignedIn.tsx adds behind the login. Queries do not retry here (the
 * app retries the network and 5xx), so a test sees an answer at once; each render has its own cache.
 */
export function renderPage(
  ui: ReactNode,
  { path = '/', session = null }: { path?: string; session?: Session | null } = {},
): RenderResult & { user: ReturnType<typeof userEvent.setup> } {
  sessionStore.set(session);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 15_000, refetchOnWindowFocus: false } },
  });
  const page = session ? <App>{ui}</App> : ui;
  // No pause between keys (each key still goes through the events a person's would), and no
  // check of CSS pointer-events before each click: jsdom computes styles slowly over Ant Design's sheets.
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const result = render(
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#c41d24' } }} button={{ autoInsertSpace: false }}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[path]}>
          {page}
          <CurrentPath />
        </MemoryRouter>
      </QueryClientProvider>
    </ConfigProvider>,
  );
  return { ...result, user };
}

/**
 * The messages under the form item of a control (its label's item, where Ant Design shows the
 * errors: the captcha's input sits in a compact group inside the 验证码 item), '' when none.
 */
export function fieldErrors(control: HTMLElement): string {
  const item = control.closest('.ant-form-item');
  if (!item) throw new Error('the control is not in a form item');
  return [...item.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent).join(' / ');
}

/**
 * The button showing this text. Not getByRole with a name: working out accessible names computes
 * styles, which jsdom does slowly over Ant Design's style sheets (seconds per test).
 */
export function button(text: string): HTMLButtonElement {
  const found = screen
    .getAllByText(text)
    .map((e) => e.closest('button'))
    .filter((b) => b !== null);
  if (found.length !== 1) throw new Error(`${found.length} buttons show “${text}”`);
  return found[0]!;
}

/** The alert (role="alert") whose text is exactly `text`, once it shows; fails when there is none. */
export async function findAlert(text: string): Promise<HTMLElement> {
  return waitFor(() => {
    const found = screen.queryAllByRole('alert').filter((a) => a.textContent === text);
    if (found.length !== 1) {
      const shown = screen.queryAllByRole('alert').map((a) => a.textContent);
      throw new Error(`no alert “${text}”; alerts: ${JSON.stringify(shown)}`);
    }
    return found[0]!;
  });
}

/**
 * Waits until the fields (by their labels) show exactly these messages ('' for none): the form's
 * checks run asynchronously, field by field.
 */
export async function expectFieldErrors(expected: Record<string, string>): Promise<void> {
  const shown = () =>
    Object.fromEntries(Object.keys(expected).map((label) => [label, fieldErrors(screen.getByLabelText(label))]));
  await waitFor(() => expect(shown()).toEqual(expected));
}

/** Opens an Ant Design Select and picks the option with this label, as a person does with a mouse. */
export async function chooseOption(user: ReturnType<typeof userEvent.setup>, select: HTMLElement, label: string): Promise<void> {
  await user.click(select);
  const option = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-item-option[title="${label}"]`);
    if (!found) throw new Error(`no option “${label}”`);
    return found;
  });
  await user.click(option);
}
