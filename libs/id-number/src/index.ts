export * from './id-number.js';
export * from './china-dates.js';
