/**
 * A browser for the SMART launch tests: a cookie jar for NeckCheck (called through inject) that follows
 * redirects across NeckCheck and the local launcher (called over HTTP), as Chromium would.
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from './harness.js';
import { ORIGIN } from './harness.js';

/** A browser's cookies for NeckCheck. */
export class Jar {
  readonly cookies = new Map<string, string>();
  constructor(actor?: Actor) {
    if (actor !== undefined) {
      const [name = '', value = ''] = actor.cookie.split('=');
      this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(setCookies: readonly { name: string; value: string; maxAge?: number; expires?: Date }[]): void {
    for (const c of setCookies) {
      const gone =
        c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
}

export interface Hop {
  readonly status: number;
  readonly url: string;
  readonly location: string | undefined;
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** One request as the browser sends it; NeckCheck's set-cookies go into the jar. */
export async function visit(
  app: FastifyInstance,
  jar: Jar,
  url: string,
  headers: Record<string, string> = {},
): Promise<Hop> {
  if (url.startsWith(ORIGIN)) {
    const response = await app.inject({
      method: 'GET',
      url: url.slice(ORIGIN.length),
      headers: { host: 'neckcheck.test', accept: 'text/html', cookie: jar.header(), ...headers },
    });
    jar.take(response.cookies);
    const location = response.headers.location;
    return {
      status: response.statusCode,
      url,
      location: typeof location === 'string' ? new URL(location, url).href : undefined,
      body: response.body,
      headers: response.headers,
    };
  }
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location') ?? undefined;
  return { status: response.status, url, location, body: await response.text(), headers: {} };
}

/** Follows redirects until a page answers; `alter` may change a URL on the way (an attacker, a replay). */
export async function follow(
  app: FastifyInstance,
  jar: Jar,
  start: string,
  alter: (url: string) => string = (u) => u,
): Promise<Hop[]> {
  const hops: Hop[] = [];
  let url: string | undefined = start;
  // The workspace page (/app/…) renders in the browser: the chain ends at the redirect to it.
  while (url !== undefined && !url.startsWith(`${ORIGIN}/app`) && hops.length < 10) {
    const hop = await visit(app, jar, alter(url));
    hops.push(hop);
    url = hop.status >= 300 && hop.status < 400 ? hop.location : undefined;
  }
  return hops;
}

export const api = (
  app: FastifyInstance,
  jar: Jar,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
  lang = 'en',
) =>
  app
    .inject({
      method,
      url,
      headers: {
        host: 'neckcheck.test',
        cookie: jar.header(),
        'accept-language': lang,
        ...(method === 'GET' ? {} : { origin: ORIGIN }),
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
    .then((response) => {
      jar.take(response.cookies);
      return response;
    });

export const last = (hops: Hop[]): Hop => {
  const hop = hops.at(-1);
  if (hop === undefined) throw new Error('no request made');
  return hop;
};
