import type { Actor } from '../modules/auth/actor.js';

/** What a person may do with a profile. Pure functions: the services load, these decide. */
export interface UserTarget {
  id: string;
  status: 'active' | 'deactivated';
  kind: 'member' | 'guest';
}

export const userPolicy = {
  /** The person himself or an admin edits profile fields and the photo. */
  updateProfile: (actor: Actor, target: UserTarget) => actor.id === target.id || actor.role === 'admin',
  /** Role and activation: admins only, and never on themselves (no admin locks himself out). */
  administer: (actor: Actor, target: UserTarget) => actor.role === 'admin' && actor.id !== target.id,
  create: (actor: Actor) => actor.role === 'admin',
  /** Following: anyone active but oneself. */
  follow: (actor: Actor, target: UserTarget) => actor.id !== target.id && target.status === 'active',
  listDeactivated: (actor: Actor) => actor.role === 'admin',
};
