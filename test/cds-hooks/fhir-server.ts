/**
 * A small FHIR server for tests, on a loopback port: it serves one patient's Patient, Conditions,
 * MedicationRequests, MedicationStatements and QuestionnaireResponses (searchsets paged `pageSize` at a
 * time through `next` links), checks the Bearer token, and can be told to refuse (401), to be slow, to send
 * a huge response, or to put a foreign URL in a next link. It records the requests it receives.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Resource {
  readonly resourceType: string;
  readonly id?: string | undefined;
}

export interface FhirTestServer {
  url: string;
  readonly token: string;
  readonly requests: { path: string; authorization: string | undefined }[];
  /** What the server does next: serve (default), refuse every token, wait before answering, or send MBs. */
  mode: 'serve' | 'unauthorized' | 'slow' | 'huge' | 'foreign-next';
  /** Resources per searchset page. */
  pageSize: number;
  close(): Promise<void>;
}

export interface FhirTestData {
  readonly patient: Resource;
  readonly byType: Readonly<Record<string, readonly Resource[]>>;
}

export async function startFhirServer(
  data: FhirTestData,
  token = 'test-access-token',
): Promise<FhirTestServer> {
  const state: FhirTestServer = {
    url: '',
    token,
    requests: [],
    mode: 'serve',
    pageSize: 100,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', state.url);
    state.requests.push({
      path: `${url.pathname}${url.search}`,
      authorization: request.headers.authorization,
    });
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
    if (state.mode === 'unauthorized' || request.headers.authorization !== `Bearer ${state.token}`)
      return send(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    if (state.mode === 'slow') return void setTimeout(() => send(200, data.patient), 10_000).unref();
    if (state.mode === 'huge') {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.write('{"resourceType":"Bundle","type":"searchset","entry":[');
      const chunk = `${JSON.stringify({ resource: data.patient })},`.repeat(1000);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && response.write(chunk)) sent++;
        if (sent < 200) return void response.once('drain', pump);
        response.end(`${JSON.stringify({ resource: data.patient })}]}`);
      };
      response.on('error', () => {});
      return pump();
    }
    const [, , type, id] = url.pathname.split('/');
    if (type === 'Patient' && id !== undefined)
      return id === data.patient.id
        ? send(200, data.patient)
        : send(404, { resourceType: 'OperationOutcome' });
    const all = data.byType[type ?? ''];
    if (all === undefined || url.searchParams.get('patient') !== data.patient.id)
      return send(400, { resourceType: 'OperationOutcome' });
    const offset = Number(url.searchParams.get('_offset') ?? '0');
    const page = all.slice(offset, offset + state.pageSize);
    const link: { relation: string; url: string }[] = [{ relation: 'self', url: url.href }];
    if (offset + state.pageSize < all.length) {
      const next = new URL(url.href);
      next.searchParams.set('_offset', String(offset + state.pageSize));
      if (state.mode === 'foreign-next') next.host = `localhost:1`;
      link.push({ relation: 'next', url: next.href });
    }
    return send(200, {
      resourceType: 'Bundle',
      type: 'searchset',
      total: all.length,
      link,
      entry: page.map((resource) => ({
        fullUrl: `${state.url}/${resource.resourceType}/${resource.id}`,
        resource,
      })),
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  };
  return state;
}
