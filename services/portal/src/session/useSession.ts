import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from './session';

export const useSession = (): Session | null => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
