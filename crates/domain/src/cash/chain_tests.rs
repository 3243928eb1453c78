//! The money journal's hash chain over sealed entries: a deleted, an inserted or an altered
//! entry is caught.

use super::*;
use crate::journal::{ChainFault, LINK_FIELD};

fn sealed(entries: &[MoneyEntry]) -> Vec<serde_json::Value> {
    let mut prev = None;
    entries
        .iter()
        .map(|e| {
            let mut doc = serde_json::to_value(e).unwrap();
            let l = journal::seal(prev.as_ref(), &doc);
            doc[LINK_FIELD] = serde_json::to_value(&l).unwrap();
            prev = Some(l);
            doc
        })
        .collect()
}

fn verify(docs: &[serde_json::Value]) -> Result<(), ChainFault> {
    let links: Vec<_> = docs.iter().map(|d| journal::link_in(d).unwrap()).collect();
    journal::verify(None, &links)
}

#[test]
fn the_chain_catches_a_deleted_an_inserted_and_an_altered_entry() {
    let entries: Vec<MoneyEntry> = (0..6)
        .map(|i| collection(10 + i, 3, 10_000 * (i as i64 + 1), 0, 0))
        .collect();
    let docs = sealed(&entries);
    assert_eq!(verify(&docs), Ok(()));
    // Altered: the amount changed in the stored document.
    let mut altered = docs.clone();
    altered[3]["payment"]["interest"] = serde_json::json!(1);
    assert_eq!(verify(&altered), Err(ChainFault::Altered(4)));
    // Deleted.
    let mut deleted = docs.clone();
    deleted.remove(2);
    assert_eq!(verify(&deleted), Err(ChainFault::Gap(3)));
    // Inserted: a forged entry sealed after the second, the rest left as they were.
    let mut inserted = docs.clone();
    let mut forged = serde_json::to_value(collection(99, 3, 1, 0, 0)).unwrap();
    let prev: journal::ChainLink = serde_json::from_value(docs[1][LINK_FIELD].clone()).unwrap();
    forged[LINK_FIELD] = serde_json::to_value(journal::seal(Some(&prev), &forged)).unwrap();
    inserted.insert(2, forged);
    assert!(matches!(verify(&inserted), Err(ChainFault::Fork(_))));
}

proptest! {
    /// Any set of collections and reversals of some of them: the sheet's totals are the sum
    /// of the receipts and what a handover without difference carries, and reversing
    /// everything nets every amount to zero.
    #[test]
    fn reversals_net_to_zero_and_totals_are_the_receipts(
        amounts in proptest::collection::vec((0i64..2_000_000, 0i64..500_000, 1u128..6), 1..40),
        reverse in proptest::collection::vec(any::<bool>(), 40),
    ) {
        let entries: Vec<MoneyEntry> = amounts
            .iter()
            .enumerate()
            .map(|(i, (interest, savings, h))| {
                collection(100 + i as u128, *h, *interest + 1, *savings + 5_000, 0)
            })
            .collect();
        let mut all = entries.clone();
        let mut kept = Money::ZERO;
        for (i, e) in entries.iter().enumerate() {
            if reverse[i] {
                all.push(reversal_of(e, 1_000 + i as u128));
            } else {
                kept = kept.checked_add(e.payment.cash_in()).unwrap();
            }
        }
        let (_, total) = collected(&all, id(2), d("2026-11-01")).unwrap();
        let receipts = Money::checked_sum(all.iter().map(|e| e.payment.cash_in())).unwrap();
        prop_assert_eq!(total.cash().unwrap(), receipts);
        prop_assert_eq!(receipts, kept);
        // Handed over as the sheet says: no difference, no explanation needed.
        let handover = Handover {
            id: id(20),
            session_id: id(9),
            point_id: id(1),
            group_id: id(2),
            period: d("2026-11-01"),
            expected: total.cash().unwrap(),
            counted: receipts,
            explanation: None,
            link: None,
        };
        prop_assert_eq!(handover.difference().unwrap(), Money::ZERO);
        prop_assert!(handover.validate().is_ok());
        let mut everything = entries.clone();
        everything.extend(entries.iter().enumerate().map(|(i, e)| reversal_of(e, 5_000 + i as u128)));
        let (rows, total) = collected(&everything, id(2), d("2026-11-01")).unwrap();
        prop_assert_eq!(total, sheet::Paid::default());
        prop_assert!(rows.iter().all(|(_, p)| *p == sheet::Paid::default()));
    }
}
