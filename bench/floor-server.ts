/**
 * The framework's floor for the HTTP benchmark: a bare Fastify with no plugins, no hooks and no schemas,
 * on a free loopback port, answering `GET /min` and `POST /post` (the assess request's body, parsed and
 * dropped) with the same tiny JSON. Its POST/GET ratio is the most any POST route of any Fastify server
 * can reach against a GET route on this machine: it puts the stateless-assess ratio in proportion.
 *
 * Run by bench/http.ts in its own process (`node --import tsx bench/floor-server.ts`); prints
 * `listening on URL` on stderr.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
app.get('/min', async () => ({ status: 'ok' }));
app.post('/post', async (request) => ({ status: typeof request.body === 'object' ? 'ok' : 'empty' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write(`listening on ${address}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
