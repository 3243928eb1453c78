// The only module that talks to Tauri. Every command is typed by the command map generated from
// src-tauri's command table and by the bindings; a
// failed command rejects with the typed IpcError (validation with field, not_found, …).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type * as B from "./bindings";
import type { Commands } from "./commands";

export type * from "./bindings";

/** Is this a typed error from the Rust side? */
export function isIpcError(e: unknown): e is B.IpcError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** Any rejection as an IpcError (a broken bridge becomes `internal`). */
export function asIpcError(e: unknown): B.IpcError {
  return isIpcError(e) ? e : { kind: "internal", message: String(e) };
}

/** Call a command by the name the table declares, with its arguments as the table types them
 *  (ui/src/lib/commands.ts, generated): a wrong name or argument key fails svelte-check. */
export function call<K extends keyof Commands>(name: K, args: Commands[K]["args"]): Promise<Commands[K]["result"]> {
  return invoke<Commands[K]["result"]>(name, args as unknown as Record<string, unknown>);
}

export const api = {
  /** The first interactive screen is up (the shell records it for start-time benchmarks). */
  uiReady: () => call("ui_ready", {}),
  appStatus: () => call("app_status", {}),
  createAdmin: (req: B.CreateAdmin) => call("create_admin", { req }),
  login: (req: B.Login) => call("login", { req }),
  logout: () => call("logout", {}),
  setLanguage: (lang: B.Lang) => call("set_language", { lang }),
  home: () => call("home", {}),
  listPoints: () => call("list_points", {}),
  groupDetail: (groupId: string) => call("group_detail", { groupId }),
  formOptions: () => call("form_options", {}),
  searchHouseholds: (req: B.SearchQuery) => call("search_households", { req }),
  householdDetail: (householdId: string) =>
    call("household_detail", { householdId }),
  saveHousehold: (req: B.HouseholdInput) => call("save_household", { req }),
  savePerson: (req: B.PersonInput) => call("save_person", { req }),
  saveMembership: (req: B.MembershipInput) =>
    call("save_membership", { req }),
  addMember: (req: B.NewMember) => call("add_member", { req }),
  /** Declare a household kin with another member household, or withdraw the declaration. */
  declareKin: (req: B.KinInput) => call("declare_kin", { req }),
  importHouseholds: (req: B.ImportFile) => call("import_households", { req }),
  setIdleLock: (minutes: number) => call("set_idle_lock", { minutes }),
  listUsers: () => call("list_users", {}),
  addUser: (req: B.NewUser) => call("add_user", { req }),
  updateUser: (req: B.UserUpdate) => call("update_user", { req }),
  syncStatus: () => call("sync_status", {}),
  syncNow: () => call("sync_now", {}),
  syncSettings: () => call("sync_settings", {}),
  enrolDevice: (req: B.EnrolInput) => call("enrol_device", { req }),
  syncReview: () => call("sync_review", {}),
  resolveConflict: (req: B.ResolveConflict) => call("resolve_conflict", { req }),
  programmes: () => call("programmes", {}),
  listApplications: (status: B.ApplicationStatus | null) =>
    call("list_applications", { status }),
  applicationDetail: (id: string) => call("application_detail", { id }),
  checkEligibility: (req: B.ApplicationInput) =>
    call("check_eligibility", { req }),
  saveApplication: (req: B.ApplicationInput) =>
    call("save_application", { req }),
  moveApplication: (req: B.MoveApplication) =>
    call("move_application", { req }),
  meetingSheet: (groupId: string) => call("meeting_sheet", { groupId }),
  saveMeeting: (req: B.MeetingInput) => call("save_meeting", { req }),
  cancelMeeting: (req: B.CancelMeeting) => call("cancel_meeting", { req }),
  recordDecision: (req: B.DecisionInput) => call("record_decision", { req }),
  proposalSheet: (meetingId: string) => call("proposal_sheet", { meetingId }),
  /** The page shown, as an A4 PDF in the exports folder; answers the file's path. */
  printPdf: (name: string) => call("print_pdf", { name }),
  /** The 03/TD list of a meeting as .xlsx in the exports folder; answers the file's path. */
  exportProposal: (meetingId: string) => call("export_proposal", { meetingId }),
  /** Compare the commune's annual poverty list with the records; writes nothing. */
  reviewPovertyList: (req: B.PovertyListInput) => call("review_poverty_list", { req }),
  /** Apply it: one dated status per difference, or nothing when a line is bad. */
  applyPovertyList: (req: B.PovertyListInput) => call("apply_poverty_list", { req }),
  escapedWithoutLoan: () => call("escaped_without_loan", {}),
  /** Loans to check (fund-use checks, 06/TD), overdue first. */
  fundWorklist: (req: B.WorkQuery) => call("fund_worklist", { req }),
  fundCheckSummary: () => call("fund_check_summary", {}),
  loanChecks: (loanId: string) => call("loan_checks", { loanId }),
  recordFundCheck: (req: B.FundCheckInput) => call("record_fund_check", { req }),
  /** Store a photo's bytes in the encrypted file; answers its hash. */
  attachPhoto: (req: B.ImportFile) => call("attach_photo", { req }),
  readPhoto: (hash: string) => call("read_photo", { hash }),
  /** The checks of a group or organisation in a period as .xlsx; answers the file's path. */
  exportFundChecks: (req: B.ExportChecks) => call("export_fund_checks", { req }),
  /** The 13/TD of a group for a month (`YYYY-MM`). */
  collectionSheet: (groupId: string, period: string) =>
    call("collection_sheet", { groupId, period }),
  /** One member's payment: a receipt (01/BL) with its number. */
  recordCollection: (req: B.CollectionInput) => call("record_collection", { req }),
  listReceipts: (req: B.ReceiptQuery) => call("list_receipts", { req }),
  memberStatement: (householdId: string) => call("member_statement", { householdId }),
  listCashSessions: () => call("list_cash_sessions", {}),
  openCashSession: (req: B.CashSessionInput) => call("open_cash_session", { req }),
  cashSession: (id: string) => call("cash_session", { id }),
  handOver: (req: B.HandoverInput) => call("hand_over", { req }),
  listSavingsAccounts: () => call("list_savings_accounts", {}),
  openSavingsAccount: (req: B.SavingsAccountInput) => call("open_savings_account", { req }),
  pointPayment: (req: B.PointPaymentInput) => call("point_payment", { req }),
  loanCash: (req: B.LoanCashInput) => call("loan_cash", { req }),
  closeCashSession: (req: B.CloseSessionInput) => call("close_cash_session", { req }),
  reverseEntry: (req: B.ReverseInput) => call("reverse_entry", { req }),
  listDiscrepancies: () => call("list_discrepancies", {}),
  resolveDiscrepancy: (req: B.ResolveDiscrepancyRequest) =>
    call("resolve_discrepancy", { req }),
  exportCollectionSheet: (groupId: string, period: string) =>
    call("export_collection_sheet", { groupId, period }),
};

/** The background sync task's status, pushed by the shell (`sync-status`). */
export function onSyncStatus(f: (s: B.SyncStatusInfo) => void): Promise<UnlistenFn> {
  return listen<B.SyncStatusInfo>("sync-status", (e) => f(e.payload));
}

/** Sent once after a sync pass applied changes pulled from the province. */
export function onSyncApplied(f: () => void): Promise<UnlistenFn> {
  return listen<number>("sync-applied", () => f());
}
