// The province console's JSON API types (camelCase, as `vonxa-province serve` sends them).

export type ScopeKind = "province" | "office" | "commune" | "organisation";
export const SCOPE_KINDS: ScopeKind[] = ["province", "office", "commune", "organisation"];

/** What the province did not accept, for review. */
export interface Review {
  changes: {
    changeId: string;
    pointCodes: string[];
    userId: string;
    entity: string;
    entityId: string;
    outcome: string;
    code: string | null;
    field: string | null;
    messageVi: string | null;
    messageEn: string | null;
    receivedAt: string;
  }[];
  alerts: { pointCodes: string[]; kind: string; seq: number; changeId: string; detectedAt: string }[];
}

/** The programme table in force, as the rates screen shows it. */
export interface RatesView {
  version: number;
  programmes: {
    code: string;
    nameVi: string;
    rateTodayPpm: number | null;
    rows: RateRow[];
  }[];
  reliefs: Relief[];
}

export interface RateRow {
  effectiveFrom: string;
  ratePpm: number | null;
  shareOf: string | null;
  sharePerMille: number | null;
  legalBasis: string | null;
}

/** A 03/TD line waiting for the bank's decision (04/TD). */
export interface QueueLine {
  applicationId: string;
  pointCode: string | null;
  representativeName: string | null;
  customerCode: string | null;
  programme: string;
  amount: number;
  termMonths: number;
  appliedOn: string;
}

export interface Scope {
  kind: ScopeKind;
  id: string | null;
  label: string;
}

export type ConsoleRole =
  | "admin"
  | "credit_officer"
  | "office_officer"
  | "board_member"
  | "committee_member"
  | "org_reader";
export const CONSOLE_ROLES: ConsoleRole[] = [
  "admin",
  "credit_officer",
  "office_officer",
  "board_member",
  "committee_member",
  "org_reader",
];

/** Roles a device (a commune point's laptop) can be enrolled with. */
export type DeviceRole =
  | "point_leader"
  | "point_teller"
  | "point_controller"
  | "group_leader"
  | "org_officer"
  | "viewer"
  | "admin";
export const DEVICE_ROLES: DeviceRole[] = [
  "point_leader",
  "point_teller",
  "point_controller",
  "group_leader",
  "org_officer",
  "viewer",
  "admin",
];

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
  scope: Scope;
}

export interface Session {
  user: Me;
  csrf: string;
}

export interface ConsoleUser extends Me {
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: ConsoleRole;
  scopeKind: ScopeKind;
  scopeId: string | null;
  password: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  from: string;
  ok: boolean;
  detail: string | null;
}

export interface DeviceRow {
  id: string;
  pointCodes: string[];
  scopeLabel: string;
  role: string;
  appVersion: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  lastSyncAt: string | null;
  waiting: number | null;
  dbBytes: number | null;
  lastError: string | null;
  revoked: boolean;
  silentDays: number | null;
  users: DeviceUser[];
}

export interface GroupRow {
  id: string;
  name: string;
  pointCode: string | null;
}

export interface DeviceUser {
  username: string;
  displayName: string;
  role: string;
  active: boolean;
}

/** A cut of the annual rate over a period (millionths a year), for some places and programmes. */
export interface Relief {
  code: string;
  cut: number;
  from: string;
  to: string;
  provinces: string[];
  communes: string[];
  programmes: string[];
  legalBasis: string;
}

export interface ReliefEffect {
  version: number;
  lines: { programme: string; nameVi: string; beforePpm: number; afterPpm: number }[];
  overlapping: string[];
}

export interface NewLoan {
  contractNo: string;
  customerCode: string;
  programme: string;
  amount: number;
  disbursedOn: string | null;
  termMonths: number;
  purpose: string;
}

/** A disbursement line checked by the province: its loan, or the field that is wrong. */
export interface LoanLine {
  row: number;
  contractNo: string;
  customerCode: string;
  programme: string;
  amount: number;
  disbursedOn: string | null;
  loanId: string | null;
  ratePpm: number | null;
  field: string | null;
  code: string | null;
  messageVi: string | null;
  messageEn: string | null;
}

export interface Imported {
  lines: LoanLine[];
  recorded: number;
}

export interface EnrolCode {
  code: string;
  qrSvg: string;
  expiresAt: string;
}
