//! The money actions of a user, each one write (or one transaction) through the change log.

use super::{handover_of, session_total, sheet_entries};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::records::load;
use chrono::NaiveDate;
use uuid::Uuid;
use vonxa_domain::cash::session::count_total;
use vonxa_domain::cash::sheet::{collected, month};
use vonxa_domain::cash::{
    CashSession, DenominationCount, Handover, MoneyEntry, Payment, Reversal, SessionClose,
};
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::user::User;
use vonxa_domain::*;

/// A new payment by `actor`; its receipt number and chain link are stamped when written.
fn new_entry(
    actor: &User,
    point: PointId,
    session: Option<CashSessionId>,
    on: NaiveDate,
    payment: Payment,
) -> MoneyEntry {
    MoneyEntry {
        id: MoneyEntryId(Uuid::now_v7()),
        receipt_no: String::new(),
        point_id: point,
        session_id: session,
        on,
        collector: actor.display_name.clone(),
        payment,
        reverses: None,
        link: None,
    }
}

/// The refused payments of a form: each with its index in the form.
pub type Refusals = Vec<(usize, StoreError)>;

impl Store {
    /// Record a payment as `actor` (its receipt number comes from the device's series) and
    /// return it as stored, with its receipt number and chain link.
    pub fn record_payment(
        &mut self,
        actor: &User,
        point: PointId,
        session: Option<CashSessionId>,
        payment: Payment,
    ) -> StoreResult<MoneyEntry> {
        let e = new_entry(actor, point, session, self.today(), payment);
        let id = e.id;
        self.record(actor, Op::Insert, e)?;
        load(self.connection(), id.as_uuid())
    }

    /// Several payments of one form (a 13/TD) in one transaction: every one is written, or
    /// (any refused) none is, and each refusal comes back with the index of its payment.
    pub fn record_payments(
        &mut self,
        actor: &User,
        point: PointId,
        session: Option<CashSessionId>,
        payments: Vec<Payment>,
    ) -> StoreResult<Result<Vec<MoneyEntry>, Refusals>> {
        let on = self.today();
        let mut ids = Vec::new();
        let mut refused = Vec::new();
        let written = self.record_batch(|b| {
            for (i, payment) in payments.into_iter().enumerate() {
                let e = new_entry(actor, point, session, on, payment);
                ids.push(e.id);
                if let Err(err) = b.record(actor, Op::Insert, e, Origin::Local) {
                    refused.push((i, err));
                }
            }
            match refused.is_empty() {
                true => Ok(()),
                // Roll the whole form back; the refusals are the answer.
                false => Err(DomainError::invalid("rows", Code::InvalidValue).into()),
            }
        });
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        written?;
        let entries = ids
            .iter()
            .map(|id| load(self.connection(), id.as_uuid()))
            .collect::<StoreResult<Vec<MoneyEntry>>>()?;
        Ok(Ok(entries))
    }

    /// Reverse an entry: the same payment with its amounts negated, referencing it, with the
    /// reason; refused once the session the entry belongs to has closed.
    pub fn reverse(
        &mut self,
        actor: &User,
        entry: MoneyEntryId,
        reason: String,
    ) -> StoreResult<MoneyEntry> {
        let original: MoneyEntry = load(self.connection(), entry.as_uuid())?;
        if original.reverses.is_some() {
            return Err(DomainError::invalid("reverses", Code::InvalidValue).into());
        }
        let e = MoneyEntry {
            id: MoneyEntryId(Uuid::now_v7()),
            receipt_no: String::new(),
            on: self.today(),
            collector: actor.display_name.clone(),
            payment: original.payment.negated()?,
            reverses: Some(Reversal {
                entry_id: original.id,
                reason,
            }),
            link: None,
            ..original
        };
        let id = e.id;
        self.record(actor, Op::Insert, e)?;
        load(self.connection(), id.as_uuid())
    }

    /// Open a session at a point for today.
    pub fn open_session(&mut self, actor: &User, s: CashSession) -> StoreResult<CashSession> {
        let id = s.id;
        self.record(actor, Op::Insert, s)?;
        load(self.connection(), id.as_uuid())
    }

    /// Receive a group's cash for a month at a session: the 13/TD's cash total is what is
    /// expected; a difference is a discrepancy case with its explanation.
    pub fn hand_over(
        &mut self,
        actor: &User,
        session: CashSessionId,
        group: GroupId,
        period: NaiveDate,
        counted: Money,
        explanation: Option<String>,
    ) -> StoreResult<Handover> {
        let s: CashSession = load(self.connection(), session.as_uuid())?;
        let (first, _) = month(period)?;
        if handover_of(self.connection(), group, first)?.is_some() {
            return Err(DomainError::invalid("period", Code::Duplicate).into());
        }
        let (_, total) = collected(
            &sheet_entries(self.connection(), group, first)?,
            group,
            first,
        )?;
        let h = Handover {
            id: HandoverId(Uuid::now_v7()),
            session_id: session,
            point_id: s.point_id,
            group_id: group,
            period: first,
            expected: total.cash()?,
            counted,
            explanation,
            link: None,
        };
        let id = h.id;
        self.record(actor, Op::Insert, h)?;
        load(self.connection(), id.as_uuid())
    }

    /// Close a session with the cash counted by denomination against the system's total.
    pub fn close_session(
        &mut self,
        actor: &User,
        session: CashSessionId,
        counted: Vec<DenominationCount>,
        explanation: Option<String>,
    ) -> StoreResult<SessionClose> {
        let s: CashSession = load(self.connection(), session.as_uuid())?;
        let c = SessionClose {
            id: SessionCloseId(Uuid::now_v7()),
            session_id: session,
            point_id: s.point_id,
            counted_total: count_total(&counted)?,
            counted,
            system_total: session_total(self.connection(), &s)?,
            explanation,
            link: None,
        };
        let id = c.id;
        self.record(actor, Op::Insert, c)?;
        load(self.connection(), id.as_uuid())
    }
}
