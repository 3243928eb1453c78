//! The bank's disbursements in the console: one typed in a form, or the bank's list as an Excel
//! file (a template is served) checked line by line before anything is written. A line names the
//! household by its customer code; each becomes a loan through `funduse::disburse` exactly as
//! `vonxa-province disburse` makes it (the rate of the table in force on the day, the group and
//! organisation at disbursement, `Loan::validate`), and devices in scope pull it at their next
//! sync. A loan's id follows from its contract number, so a file imported twice records nothing
//! twice. A file is recorded whole or not at all.

use super::auth::Console;
use super::fleet::Network;
use super::{ConsoleError, audit};
use crate::db::Backend;
use crate::funduse::disburse::{DisburseError, Disbursement, loan_of, record};
use crate::http_state::Shared;
use axum::Json;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use vonxa_domain::console::ConsoleAction;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::{Code, HouseholdId, Money};

type Result<T> = std::result::Result<T, ConsoleError>;

pub use super::loan_file::{COLUMNS, MAX_LINES, NewLoan};

/// What became of a line: its loan, or the field that is wrong and why.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoanLine {
    /// The line in the file (1: the heading); 0 for a loan typed in the form.
    pub row: usize,
    pub contract_no: String,
    pub customer_code: String,
    pub programme: String,
    pub amount: i64,
    pub disbursed_on: Option<NaiveDate>,
    pub loan_id: Option<String>,
    /// The rate the loan carries (millionths a year), from the table in force on the day.
    pub rate_ppm: Option<u32>,
    pub field: Option<String>,
    pub code: Option<Code>,
    pub message_vi: Option<String>,
    pub message_en: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    pub lines: Vec<LoanLine>,
    /// Loans written (0 for a check, or when any line is wrong).
    pub recorded: usize,
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    /// Record the file (when every line is right); otherwise only check it.
    #[serde(default)]
    pub commit: bool,
}

fn line_of(row: usize, n: &NewLoan) -> LoanLine {
    LoanLine {
        row,
        contract_no: n.contract_no.clone(),
        customer_code: n.customer_code.clone(),
        programme: n.programme.clone(),
        amount: n.amount,
        disbursed_on: n.disbursed_on,
        loan_id: None,
        rate_ppm: None,
        field: None,
        code: None,
        message_vi: None,
        message_en: None,
    }
}

fn refuse(line: &mut LoanLine, field: &str, code: Code) {
    line.field = Some(field.to_owned());
    line.code = Some(code);
    line.message_vi = Some(code.message_vi().to_owned());
    line.message_en = Some(code.message_en().to_owned());
}

/// Check each line against the province's records; the loans of the lines that are right.
async fn check<B: Backend>(
    db: &B,
    c: &Console,
    input: Vec<(usize, NewLoan)>,
    today: NaiveDate,
) -> Result<Vec<(LoanLine, Option<Loan>)>> {
    let keys: Vec<String> = input
        .iter()
        .map(|(_, n)| format!("kh:{}", n.customer_code.trim()))
        .collect();
    let holders: HashMap<String, uuid::Uuid> = db
        .key_holders(keys)
        .await?
        .into_iter()
        .map(|(id, key)| (key, id))
        .collect();
    let net = Network::load(db).await?;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(input.len());
    for (row, n) in input {
        let mut line = line_of(row, &n);
        let household = holders.get(&format!("kh:{}", n.customer_code.trim()));
        let problem = if n.contract_no.trim().is_empty() {
            Some(("contractNo", Code::Required))
        } else if !seen.insert(n.contract_no.trim().to_owned()) {
            Some(("contractNo", Code::Duplicate))
        } else if n.customer_code.trim().is_empty() {
            Some(("customerCode", Code::Required))
        } else if household.is_none() {
            Some(("customerCode", Code::NotFound))
        } else if n.amount <= 0 {
            Some(("amount", Code::InvalidValue))
        } else if n.term_months == 0 {
            Some(("termMonths", Code::InvalidValue))
        } else if n.disbursed_on.is_none() {
            Some(("disbursedOn", Code::InvalidFormat))
        } else {
            None
        };
        if let Some((field, code)) = problem {
            refuse(&mut line, field, code);
            out.push((line, None));
            continue;
        }
        let (Some(&household), Some(on)) = (household, n.disbursed_on) else {
            continue;
        };
        let d = Disbursement {
            contract_no: n.contract_no.trim().to_owned(),
            household: HouseholdId(household),
            borrower: None,
            programme: n.programme.trim().to_owned(),
            amount: Money::dong(n.amount),
            on,
            purpose: n.purpose.trim().to_owned(),
            term_months: n.term_months,
            group: None,
            organisation: None,
        };
        match loan_of(db, d, today).await {
            // A household outside the reader's area is as unknown to them as a wrong code.
            Ok(loan)
                if !c
                    .scope
                    .covers(&net.place_of_point(&loan.point_id.to_string()).1) =>
            {
                refuse(&mut line, "customerCode", Code::NotFound);
                out.push((line, None));
            }
            Ok(loan) => {
                line.loan_id = Some(loan.id.to_string());
                line.rate_ppm = Some(loan.rate.ppm());
                out.push((line, Some(loan)));
            }
            Err(e) => {
                let (field, code) = match &e {
                    DisburseError::NoHousehold(_) => ("customerCode".to_owned(), Code::NotFound),
                    DisburseError::NoRate(_) => ("programme".to_owned(), Code::NotFound),
                    DisburseError::Invalid(d) => {
                        (d.field().unwrap_or("payload").to_owned(), d.code())
                    }
                    _ => return Err(ConsoleError::Internal(e.to_string())),
                };
                refuse(&mut line, &field, code);
                out.push((line, None));
            }
        }
    }
    Ok(out)
}

/// Record one disbursement typed in the form.
pub async fn disburse_one<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Json(n): Json<NewLoan>,
) -> Result<Json<LoanLine>> {
    c.must(&state, ConsoleAction::Disburse, "disburse").await?;
    let today = chrono::Utc::now().date_naive();
    let mut checked = check(&state.db, &c, vec![(0, n)], today).await?;
    let Some((line, loan)) = checked.pop() else {
        return Err(ConsoleError::Internal("no line checked".into()));
    };
    let Some(loan) = loan else {
        let (field, code) = (line.field.unwrap_or_default(), line.code);
        return Err(ConsoleError::Invalid {
            field,
            code: code.unwrap_or(Code::InvalidValue),
        });
    };
    write(&state, &c, vec![loan]).await?;
    let what = format!("{} · {} đ", line.contract_no, line.amount);
    audit(
        &state,
        Some(&c),
        "disburse",
        line.loan_id.clone(),
        true,
        Some(&what),
    )
    .await;
    Ok(Json(line))
}

async fn write<B: Backend>(state: &Shared<B>, c: &Console, loans: Vec<Loan>) -> Result<()> {
    record(&state.db, loans).await.map_err(|e| match e {
        DisburseError::Invalid(d) => d.into(),
        DisburseError::Db(d) => d.into(),
        other => {
            tracing::warn!(user = %c.user.username, error = %other, "disbursement refused");
            ConsoleError::Internal(other.to_string())
        }
    })
}

/// Check the bank's list (an Excel file), and record it when asked and every line is right.
pub async fn import<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Json<Imported>> {
    c.must(&state, ConsoleAction::Disburse, "import loans")
        .await?;
    let input = super::loan_file::read(&body)?;
    let today = chrono::Utc::now().date_naive();
    let checked = check(&state.db, &c, input, today).await?;
    let all_right = checked.iter().all(|(_, l)| l.is_some());
    let (lines, loans): (Vec<_>, Vec<_>) = checked.into_iter().unzip();
    let loans: Vec<Loan> = loans.into_iter().flatten().collect();
    let recorded = if q.commit && all_right && !loans.is_empty() {
        let n = loans.len();
        let total: i64 = loans.iter().map(|l| l.principal.as_dong()).sum();
        write(&state, &c, loans).await?;
        let what = format!("{n} · {total} đ");
        audit(&state, Some(&c), "import loans", None, true, Some(&what)).await;
        n
    } else {
        0
    };
    Ok(Json(Imported { lines, recorded }))
}

/// The file's template: the heading and one example line.
pub async fn template<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<impl axum::response::IntoResponse> {
    c.must(&state, ConsoleAction::Disburse, "loan template")
        .await?;
    let bytes = super::loan_file::template().map_err(|e| ConsoleError::Internal(e.to_string()))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"giai-ngan-mau.xlsx\"",
            ),
        ],
        bytes,
    ))
}
