import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { navigate } from '../router.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  reload(): void;
}

/** GETs a resource; a 401 sends the user to the login page (and back here afterwards). */
export function useResource<T>(url: string | undefined): Loaded<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (url === undefined) return;
    let live = true;
    api<T>('GET', url).then(
      (value) => live && setData(value),
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401)
          navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
        else setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [url, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

export interface Me {
  readonly user: {
    readonly id: string;
    readonly name: string;
    readonly role: 'admin' | 'practitioner' | 'reception';
    readonly email: string;
    /** A one-time password: the server refuses everything but changing it. */
    readonly mustChangePassword: boolean;
    /** Signs the knowledge base's rules for the clinic (a practitioner an admin designated). */
    readonly clinicalLead?: boolean;
  };
  readonly clinic: { readonly id: string; readonly name: string };
}

export interface ScreeningSummary {
  readonly id: string;
  readonly clientId: string;
  readonly moment: 'first_treatment' | 'later_treatment' | 'after_event';
  readonly disposition: 'proceed' | 'precautions' | 'incomplete' | 'refer' | 'emergency';
  readonly reviewNeeded: boolean;
  readonly submittedAt: string;
  readonly validUntil: string;
  /** The self-report an in-room examination completed. */
  readonly basedOn?: string | null;
  readonly clientName?: string;
}

export const formatDate = (iso: string, lang: string): string =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
