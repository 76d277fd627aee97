import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { adminRoutes } from './admin.js';
import { authRoutes } from './auth.js';
import { careRoutes } from './care.js';
import { clientRoutes } from './clients.js';
import { intakeRoutes } from './intakes.js';
import { publicRoutes } from './public.js';
import { screeningRoutes } from './screenings.js';

export function registerRoutes(app: FastifyInstance, deps: AppDeps): void {
  publicRoutes(app, deps);
  authRoutes(app, deps);
  clientRoutes(app, deps);
  intakeRoutes(app, deps);
  screeningRoutes(app, deps);
  careRoutes(app, deps);
  adminRoutes(app, deps);
}
