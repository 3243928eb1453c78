// The only module that talks to Tauri. Every command is typed by the generated bindings; a
// failed command rejects with the typed IpcError (validation with field, not_found, …).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type * as B from "./bindings";

export type * from "./bindings";

/** Is this a typed error from the Rust side? */
export function isIpcError(e: unknown): e is B.IpcError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** Any rejection as an IpcError (a broken bridge becomes `internal`). */
export function asIpcError(e: unknown): B.IpcError {
  return isIpcError(e) ? e : { kind: "internal", message: String(e) };
}

export const api = {
  /** The first interactive screen is up (the shell records it for start-time benchmarks). */
  uiReady: () => invoke<null>("ui_ready"),
  appStatus: () => invoke<B.AppStatus>("app_status"),
  createAdmin: (req: B.CreateAdmin) => invoke<B.SessionInfo>("create_admin", { req }),
  login: (req: B.Login) => invoke<B.SessionInfo>("login", { req }),
  logout: () => invoke<null>("logout"),
  setLanguage: (lang: B.Lang) => invoke<B.UserInfo>("set_language", { lang }),
  home: () => invoke<B.HomeSummary>("home"),
  listPoints: () => invoke<B.PointNode[]>("list_points"),
  groupDetail: (groupId: string) => invoke<B.GroupDetail>("group_detail", { groupId }),
  formOptions: () => invoke<B.FormOptions>("form_options"),
  searchHouseholds: (req: B.SearchQuery) => invoke<B.HouseholdPage>("search_households", { req }),
  householdDetail: (householdId: string) =>
    invoke<B.HouseholdDetail>("household_detail", { householdId }),
  saveHousehold: (req: B.HouseholdInput) => invoke<B.HouseholdInfo>("save_household", { req }),
  savePerson: (req: B.PersonInput) => invoke<B.PersonInfo>("save_person", { req }),
  saveMembership: (req: B.MembershipInput) =>
    invoke<B.MembershipInfo>("save_membership", { req }),
  addMember: (req: B.NewMember) => invoke<B.HouseholdDetail>("add_member", { req }),
  importHouseholds: (req: B.ImportFile) => invoke<B.ImportReport>("import_households", { req }),
  setIdleLock: (minutes: number) => invoke<B.SessionInfo>("set_idle_lock", { minutes }),
  listUsers: () => invoke<B.UserInfo[]>("list_users"),
  addUser: (req: B.NewUser) => invoke<B.UserInfo>("add_user", { req }),
  updateUser: (req: B.UserUpdate) => invoke<B.UserInfo>("update_user", { req }),
  syncStatus: () => invoke<B.SyncStatusInfo>("sync_status"),
  syncNow: () => invoke<null>("sync_now"),
  syncSettings: () => invoke<B.SyncSettings>("sync_settings"),
  enrolDevice: (req: B.EnrolInput) => invoke<B.SyncSettings>("enrol_device", { req }),
  syncReview: () => invoke<B.SyncReview>("sync_review"),
  resolveConflict: (req: B.ResolveConflict) => invoke<null>("resolve_conflict", { req }),
  programmes: () => invoke<B.ProgrammeInfo[]>("programmes"),
  listApplications: (status: string | null) =>
    invoke<B.ApplicationInfo[]>("list_applications", { status }),
  applicationDetail: (id: string) => invoke<B.ApplicationDetail>("application_detail", { id }),
  checkEligibility: (req: B.ApplicationInput) =>
    invoke<B.EligibilityCheck>("check_eligibility", { req }),
  saveApplication: (req: B.ApplicationInput) =>
    invoke<B.ApplicationDetail>("save_application", { req }),
  moveApplication: (req: B.MoveApplication) =>
    invoke<B.ApplicationDetail>("move_application", { req }),
  meetingSheet: (groupId: string) => invoke<B.MeetingSheet>("meeting_sheet", { groupId }),
  saveMeeting: (req: B.MeetingInput) => invoke<B.MeetingInfo>("save_meeting", { req }),
  cancelMeeting: (req: B.CancelMeeting) => invoke<B.MeetingInfo>("cancel_meeting", { req }),
  recordDecision: (req: B.DecisionInput) => invoke<B.MeetingInfo>("record_decision", { req }),
  proposalSheet: (meetingId: string) => invoke<B.ProposalSheet>("proposal_sheet", { meetingId }),
  /** The page shown, as an A4 PDF in the exports folder; answers the file's path. */
  printPdf: (name: string) => invoke<string>("print_pdf", { name }),
  /** The 03/TD list of a meeting as .xlsx in the exports folder; answers the file's path. */
  exportProposal: (meetingId: string) => invoke<string>("export_proposal", { meetingId }),
  /** Compare the commune's annual poverty list with the records; writes nothing. */
  reviewPovertyList: (req: B.PovertyListInput) => invoke<B.PovertyListReview>("review_poverty_list", { req }),
  /** Apply it: one dated status per difference, or nothing when a line is bad. */
  applyPovertyList: (req: B.PovertyListInput) => invoke<B.PovertyListReview>("apply_poverty_list", { req }),
  escapedWithoutLoan: () => invoke<B.EscapedRow[]>("escaped_without_loan"),
  /** Loans to check (fund-use checks, 06/TD), overdue first. */
  fundWorklist: (req: B.WorkQuery) => invoke<B.WorkRow[]>("fund_worklist", { req }),
  fundCheckSummary: () => invoke<B.FundCheckSummary>("fund_check_summary"),
  loanChecks: (loanId: string) => invoke<B.LoanChecks>("loan_checks", { loanId }),
  recordFundCheck: (req: B.FundCheckInput) => invoke<B.FundCheckInfo>("record_fund_check", { req }),
  /** Store a photo's bytes in the encrypted file; answers its hash. */
  attachPhoto: (req: B.ImportFile) => invoke<string>("attach_photo", { req }),
  readPhoto: (hash: string) => invoke<B.PhotoData>("read_photo", { hash }),
  /** The checks of a group or organisation in a period as .xlsx; answers the file's path. */
  exportFundChecks: (req: B.ExportChecks) => invoke<string>("export_fund_checks", { req }),
  /** The 13/TD of a group for a month (`YYYY-MM`). */
  collectionSheet: (groupId: string, period: string) =>
    invoke<B.CollectionSheetInfo>("collection_sheet", { groupId, period }),
  /** One member's payment: a receipt (01/BL) with its number. */
  recordCollection: (req: B.CollectionInput) => invoke<B.CollectionSaved>("record_collection", { req }),
  listReceipts: (req: B.ReceiptQuery) => invoke<B.ReceiptInfo[]>("list_receipts", { req }),
  memberStatement: (householdId: string) => invoke<B.StatementInfo>("member_statement", { householdId }),
  listCashSessions: () => invoke<B.CashSessionInfo[]>("list_cash_sessions"),
  openCashSession: (req: B.CashSessionInput) => invoke<B.CashSessionInfo>("open_cash_session", { req }),
  cashSession: (id: string) => invoke<B.CashSessionInfo>("cash_session", { id }),
  handOver: (req: B.HandoverInput) => invoke<B.HandoverInfo>("hand_over", { req }),
  listSavingsAccounts: () => invoke<B.SavingsAccountInfo[]>("list_savings_accounts"),
  openSavingsAccount: (req: B.SavingsAccountInput) => invoke<B.SavingsAccountInfo>("open_savings_account", { req }),
  pointPayment: (req: B.PointPaymentInput) => invoke<B.ReceiptInfo>("point_payment", { req }),
  closeCashSession: (req: B.CloseSessionInput) => invoke<B.CashSessionInfo>("close_cash_session", { req }),
  reverseEntry: (req: B.ReverseInput) => invoke<B.ReceiptInfo>("reverse_entry", { req }),
  listDiscrepancies: () => invoke<B.DiscrepancyInfo[]>("list_discrepancies"),
  resolveDiscrepancy: (req: B.ResolveDiscrepancyRequest) =>
    invoke<B.DiscrepancyInfo>("resolve_discrepancy", { req }),
  exportCollectionSheet: (groupId: string, period: string) =>
    invoke<string>("export_collection_sheet", { groupId, period }),
};

/** The background sync task's status, pushed by the shell (`sync-status`). */
export function onSyncStatus(f: (s: B.SyncStatusInfo) => void): Promise<UnlistenFn> {
  return listen<B.SyncStatusInfo>("sync-status", (e) => f(e.payload));
}

/** Sent once after a sync pass applied changes pulled from the province. */
export function onSyncApplied(f: () => void): Promise<UnlistenFn> {
  return listen<number>("sync-applied", () => f());
}
