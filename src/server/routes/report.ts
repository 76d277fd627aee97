/**
 * A screening's report as printable HTML or as a PDF printed by the server (for the client file or a
 * referral): whose screening it is, its steps, sign-offs and consents, and the decisions after overrides.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { approvedRuleVersions } from '../../clinic/index.js';
import { renderHtml } from '../../report/index.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { PdfPrinter } from '../pdf.js';
import { IdParam, ProblemSchema } from '../schemas/common.js';
import { knowledgeOf } from '../services/knowledge-versions.js';
import { loadScreeningRecord } from '../services/screening-record.js';

export function reportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const printer = new PdfPrinter();
  app.addHook('onClose', () => printer.close());
  const schema = {
    tags: ['screenings'],
    params: Type.Object({ screeningId: IdParam }, { additionalProperties: false }),
    querystring: Type.Object(
      {
        lang: Type.Optional(Type.Enum(['en', 'fr'])),
        audience: Type.Optional(Type.Enum(['client', 'clinician'])),
      },
      { additionalProperties: false },
    ),
  };
  const html = {
    200: {
      description: 'A self-contained HTML page (its own Content-Security-Policy)',
      content: { 'text/html': { schema: Type.String() } },
    },
    404: ProblemSchema,
  };
  const pdf = {
    200: {
      description: 'A tagged PDF',
      content: { 'application/pdf': { schema: Type.String({ contentMediaType: 'application/pdf' }) } },
    },
    404: ProblemSchema,
    503: {
      ...ProblemSchema,
      description:
        'This server cannot print PDFs (no Chromium: use report.html), or the database is unavailable',
    },
  };
  const render = async (request: Parameters<typeof authOf>[0]) => {
    const auth = authOf(request);
    const { screeningId } = request.params as { screeningId: string };
    const query = request.query as { lang?: 'en' | 'fr'; audience?: 'client' | 'clinician' };
    const record = await loadScreeningRecord(deps, deps.store, auth.clinicId, screeningId);
    if (record === undefined) throw problems.notFound('screening');
    await audit(deps, request, {
      action: 'screening.report',
      resourceType: 'screening',
      resourceId: screeningId,
    });
    const signoffs = await deps.store.ruleSignoffs.list(auth.clinicId);
    // Labels and names of the knowledge base the screening used, so an old report reads as it first did.
    return renderHtml(
      await knowledgeOf(deps, record.screening),
      record.screening.assessment,
      query.lang ?? 'en',
      {
        audience: query.audience ?? 'clinician',
        record,
        clinicApproved: approvedRuleVersions(signoffs),
      },
    );
  };

  app.get(
    '/api/v1/screenings/:screeningId/report.html',
    {
      config: { permission: 'screenings.read' },
      schema: { ...schema, summary: 'The screening report as printable HTML', response: html },
    },
    async (request, reply) => {
      const html = await render(request);
      return reply
        .header('content-security-policy', reportCsp(html))
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  app.get(
    '/api/v1/screenings/:screeningId/report.pdf',
    {
      config: { permission: 'screenings.read' },
      schema: {
        ...schema,
        summary: 'The screening report as a tagged PDF printed by Chromium',
        description: 'Answers 503 when this server cannot print (no Chromium): use report.html instead.',
        response: pdf,
      },
    },
    async (request, reply) => {
      const html = await render(request);
      let pdf: Buffer;
      try {
        pdf = await printer.print(html);
      } catch (error) {
        request.log.warn(
          { reason: error instanceof Error ? error.message.split('\n')[0] : 'unknown' },
          'PDF printing failed',
        );
        throw problems.unavailable(
          'The PDF could not be printed on this server; use the HTML report and print it from the browser.',
        );
      }
      const { screeningId } = request.params as { screeningId: string };
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="screening-${screeningId}.pdf"`)
        .send(pdf);
    },
  );
}

/**
 * The report is a self-contained page: its own inline stylesheet (allowed by its hash, so no other style
 * and no script can run) and the drawn signatures as data: images; nothing else loads.
 */
function reportCsp(html: string): string {
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${styles.length > 0 ? styles.join(' ') : "'none'"}`,
    'img-src data:',
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
