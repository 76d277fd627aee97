import type { Id, Role } from '../../store/types.js';

/** Who is asking, for which clinic. Set on every authenticated request, never on public ones. */
export interface AuthContext {
  readonly kind: 'session' | 'token';
  readonly clinicId: Id;
  readonly role: Role;
  /** The user behind a session; for API tokens, the user who created the token and whom it acts as. */
  readonly userId: Id;
  /** `user:<id>` or `token:<id>`, as written in the audit log. */
  readonly actor: string;
  readonly sessionTokenHash?: string;
  /** A session whose password is a one-time password: it may only change it (and log out). */
  readonly mustChangePassword?: boolean;
  /** A session of a user whose clinic requires two-factor and who has not turned it on yet. */
  readonly mustEnrolTwoFactor?: boolean;
}

/** Which roles may do what. Every check starts from the clinic of the authenticated caller. */
export const PERMISSIONS = {
  'clients.read': ['admin', 'practitioner', 'reception'],
  'clients.write': ['admin', 'practitioner', 'reception'],
  /** Linking a client to an EHR patient puts that patient's record behind the client's screenings. */
  'clients.link-ehr': ['admin', 'practitioner'],
  'clients.erase': ['admin'],
  'clients.export': ['admin', 'practitioner'],
  'intakes.create': ['admin', 'practitioner', 'reception'],
  'screenings.read': ['admin', 'practitioner'],
  'screenings.create': ['admin', 'practitioner'],
  'reviews.create': ['admin', 'practitioner'],
  'consents.create': ['admin', 'practitioner'],
  'consents.read': ['admin', 'practitioner'],
  'treatments.write': ['admin', 'practitioner'],
  'treatments.read': ['admin', 'practitioner'],
  'adverse-events.write': ['admin', 'practitioner'],
  'adverse-events.read': ['admin', 'practitioner'],
  'users.manage': ['admin'],
  'tokens.manage': ['admin'],
  'audit.read': ['admin'],
  /** Which rules the clinic signed: no health data, so every member of staff may see it. */
  'rule-signoffs.read': ['admin', 'practitioner', 'reception'],
  /** Only a practitioner the admin designated clinical lead (checked by the route) signs rules. */
  'rule-signoffs.create': ['admin', 'practitioner'],
  'kb.impact': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Each role may do everything the roles before it may (see PERMISSIONS). */
const ROLE_RANK: Readonly<Record<Role, number>> = { reception: 0, practitioner: 1, admin: 2 };

/** The role an API token acts with: its own scope, never more than its owner may do today. */
export function lesserRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}

export function can(auth: AuthContext, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(auth.role);
}
