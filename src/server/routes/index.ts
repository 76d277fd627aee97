import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { accountSecurityRoutes } from './account-security.js';
import { adminRoutes } from './admin.js';
import { authRoutes } from './auth.js';
import { careRoutes } from './care.js';
import { cdsHooksRoutes } from './cds-hooks.js';
import { clientRoutes } from './clients.js';
import { fhirRoutes } from './fhir.js';
import { intakeRoutes } from './intakes.js';
import { publicRoutes } from './public.js';
import { reportRoutes } from './report.js';
import { reviewRoutes } from './reviews.js';
import { screeningRoutes } from './screenings.js';
import { smartRoutes } from './smart.js';
import { twoFactorRoutes } from './two-factor.js';
import { webRoutes } from './web.js';

export async function registerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  publicRoutes(app, deps);
  authRoutes(app, deps);
  clientRoutes(app, deps);
  intakeRoutes(app, deps);
  screeningRoutes(app, deps);
  reviewRoutes(app, deps);
  careRoutes(app, deps);
  adminRoutes(app, deps);
  accountSecurityRoutes(app, deps);
  twoFactorRoutes(app, deps);
  reportRoutes(app, deps);
  fhirRoutes(app, deps);
  cdsHooksRoutes(app, deps);
  smartRoutes(app, deps);
  await webRoutes(app, deps);
}
