import { cleanup, configure } from '@testing-library/react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { afterEach, vi } from 'vitest';
import { loginNotice } from '../../src/session/notice';
import { sessionStore } from '../../src/session/session';

// What Ant Design needs of a browser that jsdom does not give, for the component tests
// (services/portal/test/components). One place, so the tests themselves only render and look.

// Grid, Space and the responsive props ask for media queries: answer "does not match".
Object.defineProperty(window, 'matchMedia', {
  configurable: true,
  value: (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList,
});

// Select, Drawer and the text areas watch their size; jsdom lays nothing out, so nothing changes.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

// The scroll lock of a drawer measures the scrollbar with getComputedStyle(el, '::-webkit-scrollbar');
// jsdom implements no pseudo-elements and prints "Not implemented" for each call: ask for the element.
const computedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computedStyle(element);

// Dialogs bring their alert into view; jsdom has no scrolling.
Element.prototype.scrollIntoView ??= () => undefined;

// The client calls the API same-origin ('/api/v1/...'): a browser resolves that against the page,
// Node's Request refuses a relative URL. Resolve it against jsdom's location, as the page would.
const NodeRequest = globalThis.Request;
globalThis.Request = class Request extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
  }
};

// The app's dates are in Chinese (main.tsx).
dayjs.locale('zh-cn');

// findBy… and waitFor give up after 1 s by default; with the test files in parallel on two busy
// cores a form's checks (async, field by field) and re-renders take longer.
configure({ asyncUtilTimeout: 10_000 });

// Without vitest's globals Testing Library cannot unmount by itself. Every test starts signed out,
// with no notice for the login page and its own fetch stub (test/components/api-mock.ts).
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStore.set(null);
  loginNotice.clear();
});
