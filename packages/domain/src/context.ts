import type { Db, Role } from "@vetted/db";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The web request's id (proxy.ts), carried into the worker jobs it causes so their log lines can be found with it. */
  requestId?: string | null;
}

export interface ContextUser {
  id: string;
  email: string;
  name: string;
}

export interface ContextOrg {
  id: string;
  slug: string;
  name: string;
  agencyId: string;
  idleTimeoutMinutes: number;
  /** IANA zone in which the org's people read dates (Settings). */
  timeZone: string;
}

/**
 * Who is acting, in which client org, with which role. Built once per request from the session and
 * the URL slug (never from a header or a body field) and passed to every domain function. `db` is
 * bound to the org: tenant-owned models cannot be read or written for another org through it.
 */
export interface TenantContext {
  user: ContextUser;
  org: ContextOrg;
  role: Role;
  db: Db;
  request: RequestMeta;
}

export const NO_REQUEST: RequestMeta = { ip: null, userAgent: null };
