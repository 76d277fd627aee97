/** The language a staff member reads the API's refusals in: from Accept-Language, English by default. */
import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../core/index.js';
import { isLang } from '../../core/index.js';

export function requestLang(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  const ranked = header
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return {
        primary: tag.split('-')[0]?.toLowerCase() ?? '',
        weight: Number.isFinite(weight) ? weight : 0,
        position,
      };
    })
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.position - b.position);
  return ranked.map((t) => t.primary).find(isLang) ?? 'en';
}
