//! The group meeting (10/TD): the sheet the meeting screen works on, its inputs and results.

use super::{ApplicationInfo, VetDecision};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeRow {
    pub household_id: String,
    pub head_name: Option<String>,
    /// A board member lives in this household.
    pub board: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionInfo {
    pub id: String,
    pub application_id: String,
    pub head_name: Option<String>,
    pub requested: i64,
    pub votes_for: u32,
    pub votes_against: u32,
    pub votes_abstain: u32,
    pub decision: VetDecision,
    pub approved_amount: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInfo {
    pub id: String,
    pub held_on: String,
    pub place: String,
    pub chair: String,
    pub secretary: String,
    pub guests: Option<String>,
    pub minutes: Option<String>,
    pub members_total: u32,
    pub present: Vec<String>,
    pub quorum_met: bool,
    /// The fewest members present for a quorum under the rule the meeting used.
    pub minimum_present: u32,
    /// Set when the meeting was called off (then nothing more is decided under it).
    pub cancelled_on: Option<String>,
    pub cancel_reason: Option<String>,
    pub decisions: Vec<DecisionInfo>,
}

/// Everything the meeting screen of one group needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSheet {
    pub group_id: String,
    pub group_name: String,
    pub members: Vec<AttendeeRow>,
    /// The quorum in force: more than numerator/denominator of the members.
    pub quorum_numerator: u32,
    pub quorum_denominator: u32,
    /// The fewest members present for a quorum today.
    pub minimum_present: u32,
    /// Applications of members waiting for the group's vetting.
    pub waiting: Vec<ApplicationInfo>,
    /// The group's meetings, newest first.
    pub meetings: Vec<MeetingInfo>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    pub id: Option<String>,
    pub group_id: String,
    pub held_on: String,
    pub place: String,
    pub chair: String,
    pub secretary: String,
    pub guests: Option<String>,
    pub present: Vec<String>,
    pub minutes: Option<String>,
}

/// Call off a meeting with nothing decided under it.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CancelMeeting {
    pub meeting_id: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionInput {
    pub meeting_id: String,
    pub application_id: String,
    pub votes_for: u32,
    pub votes_against: u32,
    pub votes_abstain: u32,
    pub decision: VetDecision,
    pub approved_amount: Option<i64>,
    pub reason: Option<String>,
}

/// One line of the 03/TD list: an application the meeting approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalLine {
    pub application: ApplicationInfo,
    /// The household's customer code at the bank, when it has one.
    pub customer_code: Option<String>,
    pub village_name: String,
    /// Poverty category on the application date (hộ nghèo, cận nghèo, …).
    pub category: Option<super::PovertyCategory>,
    pub purpose_name: String,
    /// The amount the meeting approved.
    pub amount: i64,
    /// The commune's word on the line, as the signed paper says.
    pub certification: Option<CertificationInfo>,
    /// The bank's decision (04/TD), once taken.
    pub bank: Option<BankDecisionInfo>,
}

/// The commune People's Committee's certification (or refusal) of a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CertificationInfo {
    pub certified: bool,
    /// The signed paper's number and date.
    pub paper_ref: String,
    /// Who signed for the commune.
    pub signed_by: String,
    pub on: String,
}

/// The bank's decision on a line (04/TD): approved with its amount, term and rate, or refused
/// with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BankDecisionInfo {
    pub approved: bool,
    pub amount: Option<i64>,
    pub term_months: u32,
    /// The programme's rate in force on the decision day, in millionths a year
    /// (6.24 %/yr: 62400), as the programme table says.
    pub rate_ppm: Option<u32>,
    pub reason: Option<String>,
    pub on: String,
}

/// The lines of one programme: the 03/TD is one list per programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalList {
    pub programme: String,
    pub programme_name: String,
    pub lines: Vec<ProposalLine>,
    pub total: i64,
}

/// Danh sách hộ gia đình đề nghị vay vốn (03/TD) of one meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalSheet {
    pub meeting: MeetingInfo,
    pub group_name: String,
    pub organisation_name: String,
    pub commune_name: String,
    pub point_name: String,
    /// One list per programme, in the programme table's order.
    pub lists: Vec<ProposalList>,
    /// All lists together.
    pub total: i64,
}
