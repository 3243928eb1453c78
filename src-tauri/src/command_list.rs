//! The one declaration of the app's commands. A line says how the command runs, its name (the
//! `vonxa_core::App` method it calls), its arguments (snake_case here; camelCase keys over IPC)
//! and its result:
//! - `read`: runs the use case on the blocking pool;
//! - `write`: the same, then wakes the sync runner once it succeeded (the change is sent soon);
//! - `custom(module)`: written by hand in `commands::<module>` (it needs the window, the app
//!   handle or the sync task), declared here all the same.
//!
//! From this table: build.rs declares one permission per command (`allow-<name>`);
//! `commands::generated` defines the `read` and `write` commands, each in a tracing span;
//! `lib.rs` registers every handler; `tests/export_commands.rs` writes
//! `ui/src/lib/commands.ts` (the map that types `call()` in `ui/src/lib/ipc.ts`) and
//! `capabilities/main.json`, which `make bindings` checks are current. Adding a command: its
//! `App` method (with its contract types in `export_bindings`), one line here, its `api` entry.

macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            custom(session) app_status() -> AppStatus;
            custom(session) create_admin(req: CreateAdmin) -> SessionInfo;
            custom(session) login(req: Login) -> SessionInfo;
            custom(session) logout() -> ();
            read set_language(lang: Lang) -> UserInfo;
            read set_idle_lock(minutes: u32) -> SessionInfo;
            custom(session) ui_ready() -> ();
            read home() -> HomeSummary;
            read list_points() -> Vec<PointNode>;
            read group_detail(group_id: String) -> GroupDetail;
            read form_options() -> FormOptions;
            read search_households(req: SearchQuery) -> HouseholdPage;
            read household_detail(household_id: String) -> HouseholdDetail;
            write save_household(req: HouseholdInput) -> HouseholdInfo;
            write save_person(req: PersonInput) -> PersonInfo;
            write save_membership(req: MembershipInput) -> MembershipInfo;
            write add_member(req: NewMember) -> HouseholdDetail;
            write declare_kin(req: KinInput) -> KinList;
            write import_households(req: ImportFile) -> ImportReport;
            read list_users() -> Vec<UserInfo>;
            read add_user(req: NewUser) -> UserInfo;
            read update_user(req: UserUpdate) -> UserInfo;
            custom(sync) sync_status() -> SyncStatusInfo;
            custom(sync) sync_now() -> ();
            read sync_settings() -> SyncSettings;
            custom(sync) enrol_device(req: EnrolInput) -> SyncSettings;
            read sync_review() -> SyncReview;
            write resolve_conflict(req: ResolveConflict) -> ();
            read programmes() -> Vec<ProgrammeInfo>;
            read list_applications(status: Option<ApplicationStatus>) -> Vec<ApplicationInfo>;
            read application_detail(id: String) -> ApplicationDetail;
            read check_eligibility(req: ApplicationInput) -> EligibilityCheck;
            write save_application(req: ApplicationInput) -> ApplicationDetail;
            write move_application(req: MoveApplication) -> ApplicationDetail;
            read meeting_sheet(group_id: String) -> MeetingSheet;
            write save_meeting(req: MeetingInput) -> MeetingInfo;
            write cancel_meeting(req: CancelMeeting) -> MeetingInfo;
            write record_decision(req: DecisionInput) -> MeetingInfo;
            read proposal_sheet(meeting_id: String) -> ProposalSheet;
            custom(print) print_pdf(name: String) -> String;
            read export_proposal(meeting_id: String) -> String;
            read review_poverty_list(req: PovertyListInput) -> PovertyListReview;
            write apply_poverty_list(req: PovertyListInput) -> PovertyListReview;
            read escaped_without_loan() -> Vec<EscapedRow>;
            read fund_worklist(req: WorkQuery) -> Vec<WorkRow>;
            read fund_check_summary() -> FundCheckSummary;
            read loan_checks(loan_id: String) -> LoanChecks;
            write record_fund_check(req: FundCheckInput) -> FundCheckInfo;
            read attach_photo(req: ImportFile) -> String;
            read read_photo(hash: String) -> PhotoData;
            read export_fund_checks(req: ExportChecks) -> String;
            read collection_sheet(group_id: String, period: String) -> CollectionSheetInfo;
            write record_collection(req: CollectionInput) -> CollectionSaved;
            read list_receipts(req: ReceiptQuery) -> Vec<ReceiptInfo>;
            read receipt(id: String) -> ReceiptInfo;
            read member_statement(household_id: String) -> StatementInfo;
            write open_cash_session(req: CashSessionInput) -> CashSessionInfo;
            read cash_session(id: String) -> CashSessionInfo;
            read list_cash_sessions() -> Vec<CashSessionInfo>;
            read list_savings_accounts() -> Vec<SavingsAccountInfo>;
            write hand_over(req: HandoverInput) -> HandoverInfo;
            write open_savings_account(req: SavingsAccountInput) -> SavingsAccountInfo;
            write point_payment(req: PointPaymentInput) -> ReceiptInfo;
            write loan_cash(req: LoanCashInput) -> ReceiptInfo;
            write close_cash_session(req: CloseSessionInput) -> CashSessionInfo;
            write reverse_entry(req: ReverseInput) -> ReceiptInfo;
            read list_discrepancies() -> Vec<DiscrepancyInfo>;
            write resolve_discrepancy(req: ResolveDiscrepancyRequest) -> DiscrepancyInfo;
            read export_collection_sheet(group_id: String, period: String) -> String;
        }
    };
}
#[allow(unused_imports)]
pub(crate) use with_commands;

/// One line of the table as text, for what is generated outside Rust (the UI's command map).
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub struct Signature {
    pub name: &'static str,
    /// `read`, `write` or `custom`.
    pub kind: &'static str,
    /// (name, Rust type) of each argument.
    pub args: &'static [(&'static str, &'static str)],
    pub result: &'static str,
}

macro_rules! tables {
    ($($kind:ident $(($module:ident))? $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        /// Every command's name, in the table's order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Every command's signature as written in the table.
        #[allow(dead_code)]
        pub const SIGNATURES: &[Signature] = &[$(Signature {
            name: stringify!($name),
            kind: stringify!($kind),
            args: &[$((stringify!($arg), stringify!($ty))),*],
            result: stringify!($ret),
        }),*];
    };
}
with_commands!(tables);
