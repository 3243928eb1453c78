// Generated from src-tauri/src/command_list.rs by src-tauri/tests/export_commands.rs.
// Do not edit: change the table and run `make bindings`.
import type * as B from "./bindings";

/** Every command: its arguments (as sent over IPC) and its result. */
export interface Commands {
  app_status: { args: Record<string, never>; result: B.AppStatus };
  create_admin: { args: { req: B.CreateAdmin }; result: B.SessionInfo };
  login: { args: { req: B.Login }; result: B.SessionInfo };
  logout: { args: Record<string, never>; result: null };
  set_language: { args: { lang: B.Lang }; result: B.UserInfo };
  set_idle_lock: { args: { minutes: number }; result: B.SessionInfo };
  ui_ready: { args: Record<string, never>; result: null };
  home: { args: Record<string, never>; result: B.HomeSummary };
  list_points: { args: Record<string, never>; result: B.PointNode[] };
  group_detail: { args: { groupId: string }; result: B.GroupDetail };
  form_options: { args: Record<string, never>; result: B.FormOptions };
  search_households: { args: { req: B.SearchQuery }; result: B.HouseholdPage };
  household_detail: { args: { householdId: string }; result: B.HouseholdDetail };
  save_household: { args: { req: B.HouseholdInput }; result: B.HouseholdInfo };
  save_person: { args: { req: B.PersonInput }; result: B.PersonInfo };
  save_membership: { args: { req: B.MembershipInput }; result: B.MembershipInfo };
  add_member: { args: { req: B.NewMember }; result: B.HouseholdDetail };
  declare_kin: { args: { req: B.KinInput }; result: B.KinList };
  import_households: { args: { req: B.ImportFile }; result: B.ImportReport };
  list_users: { args: Record<string, never>; result: B.UserInfo[] };
  add_user: { args: { req: B.NewUser }; result: B.UserInfo };
  update_user: { args: { req: B.UserUpdate }; result: B.UserInfo };
  sync_status: { args: Record<string, never>; result: B.SyncStatusInfo };
  sync_now: { args: Record<string, never>; result: null };
  sync_settings: { args: Record<string, never>; result: B.SyncSettings };
  enrol_device: { args: { req: B.EnrolInput }; result: B.SyncSettings };
  sync_review: { args: Record<string, never>; result: B.SyncReview };
  resolve_conflict: { args: { req: B.ResolveConflict }; result: null };
  programmes: { args: Record<string, never>; result: B.ProgrammeInfo[] };
  list_applications: { args: { status: B.ApplicationStatus | null }; result: B.ApplicationInfo[] };
  application_detail: { args: { id: string }; result: B.ApplicationDetail };
  check_eligibility: { args: { req: B.ApplicationInput }; result: B.EligibilityCheck };
  save_application: { args: { req: B.ApplicationInput }; result: B.ApplicationDetail };
  move_application: { args: { req: B.MoveApplication }; result: B.ApplicationDetail };
  meeting_sheet: { args: { groupId: string }; result: B.MeetingSheet };
  save_meeting: { args: { req: B.MeetingInput }; result: B.MeetingInfo };
  cancel_meeting: { args: { req: B.CancelMeeting }; result: B.MeetingInfo };
  record_decision: { args: { req: B.DecisionInput }; result: B.MeetingInfo };
  proposal_sheet: { args: { meetingId: string }; result: B.ProposalSheet };
  print_pdf: { args: { name: string }; result: string };
  export_proposal: { args: { meetingId: string }; result: string };
  review_poverty_list: { args: { req: B.PovertyListInput }; result: B.PovertyListReview };
  apply_poverty_list: { args: { req: B.PovertyListInput }; result: B.PovertyListReview };
  escaped_without_loan: { args: Record<string, never>; result: B.EscapedRow[] };
  fund_worklist: { args: { req: B.WorkQuery }; result: B.WorkRow[] };
  fund_check_summary: { args: Record<string, never>; result: B.FundCheckSummary };
  loan_checks: { args: { loanId: string }; result: B.LoanChecks };
  record_fund_check: { args: { req: B.FundCheckInput }; result: B.FundCheckInfo };
  attach_photo: { args: { req: B.ImportFile }; result: string };
  read_photo: { args: { hash: string }; result: B.PhotoData };
  export_fund_checks: { args: { req: B.ExportChecks }; result: string };
  collection_sheet: { args: { groupId: string; period: string }; result: B.CollectionSheetInfo };
  record_collection: { args: { req: B.CollectionInput }; result: B.CollectionSaved };
  list_receipts: { args: { req: B.ReceiptQuery }; result: B.ReceiptInfo[] };
  receipt: { args: { id: string }; result: B.ReceiptInfo };
  member_statement: { args: { householdId: string }; result: B.StatementInfo };
  open_cash_session: { args: { req: B.CashSessionInput }; result: B.CashSessionInfo };
  cash_session: { args: { id: string }; result: B.CashSessionInfo };
  list_cash_sessions: { args: Record<string, never>; result: B.CashSessionInfo[] };
  list_savings_accounts: { args: Record<string, never>; result: B.SavingsAccountInfo[] };
  hand_over: { args: { req: B.HandoverInput }; result: B.HandoverInfo };
  open_savings_account: { args: { req: B.SavingsAccountInput }; result: B.SavingsAccountInfo };
  point_payment: { args: { req: B.PointPaymentInput }; result: B.ReceiptInfo };
  loan_cash: { args: { req: B.LoanCashInput }; result: B.ReceiptInfo };
  close_cash_session: { args: { req: B.CloseSessionInput }; result: B.CashSessionInfo };
  reverse_entry: { args: { req: B.ReverseInput }; result: B.ReceiptInfo };
  list_discrepancies: { args: Record<string, never>; result: B.DiscrepancyInfo[] };
  resolve_discrepancy: { args: { req: B.ResolveDiscrepancyRequest }; result: B.DiscrepancyInfo };
  export_collection_sheet: { args: { groupId: string; period: string }; result: string };
}

/** The commands that write records (the sync runner is woken after them). */
export const WRITES: ReadonlySet<keyof Commands> = new Set<keyof Commands>([
  "save_household",
  "save_person",
  "save_membership",
  "add_member",
  "declare_kin",
  "import_households",
  "resolve_conflict",
  "save_application",
  "move_application",
  "save_meeting",
  "cancel_meeting",
  "record_decision",
  "apply_poverty_list",
  "record_fund_check",
  "record_collection",
  "open_cash_session",
  "hand_over",
  "open_savings_account",
  "point_payment",
  "loan_cash",
  "close_cash_session",
  "reverse_entry",
  "resolve_discrepancy",
]);
