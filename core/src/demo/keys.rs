//! The demo's key safe: hooks, tally holders and a few days of the gate's work.

use super::*;

const AREAS: &[&str] = &[
    "A wing",
    "B wing",
    "C wing",
    "D wing",
    "E wing",
    "Healthcare",
    "Education",
    "Workshops",
    "Kitchen",
    "Chapel",
    "Reception",
    "Visits",
    "Gym",
    "Segregation unit",
    "Gate",
];

const STAFF_NAMES: &[&str] = &[
    "Jones", "Patel", "Murphy", "Campbell", "Hussain", "Price", "Reid", "Baker", "Lloyd", "Quinn", "Hart", "Nolan",
    "Mensah", "Kaur", "Doyle", "Fraser", "Ellis", "Booth", "Byrne", "Cole",
];

/// The tally whose keys went home yesterday.
const OVERDUE_TALLY: u32 = 6;

/// One holder in this many brings a bunch back late on one of the past days.
const LATE_EVERY: u32 = 29;

/// The tally of a holder who is leaving at the end of the week.
const LEAVING_TALLY: u32 = 46;

/// The access group of an area's bunches: healthcare and the gate's keys are drawn
/// only by those whose access includes them; the rest are open to every holder.
fn access_group_of(area: &str) -> &'static str {
    match area {
        "Healthcare" => "healthcare",
        "Education" => "education",
        "Gate" => "perimeter",
        _ => "",
    }
}

/// A key safe of 120 hooks, about ninety tally holders and a few days of the gate's
/// work: most keys back by the cut-off, a few late, one bunch overdue since
/// yesterday, one open lost-key incident, and visitors signed in today.
pub(super) fn key_safe(db: &mut Db, rng: &mut fastrand::Rng, now: DateTime<Utc>) -> Result<()> {
    for hook in 1..=120u32 {
        let area = AREAS[(hook as usize - 1) % AREAS.len()];
        let (description, count, contents) = match hook % 4 {
            0 => (
                format!("{area}: cell keys, landing {}", hook % 3 + 1),
                7,
                "Suite 1 cell keys x4, gate key x2, fire escape x1",
            ),
            1 => (format!("{area}: offices and stores"), 5, "Office x2, store x2, cabinet x1"),
            2 => (format!("{area}: gates and grilles"), 4, "Suite 3 gate keys x3, grille x1"),
            _ => (format!("{area}: general"), 6, "Suite 2 general x4, padlock x2"),
        };
        db.save_bunch(&Bunch {
            id: 0,
            hook,
            description,
            key_count: count,
            contents: contents.into(),
            out_of_use: hook == 88,
            out_of_use_reason: if hook == 88 {
                "Lock changed: new keys awaited from the locksmith".into()
            } else {
                String::new()
            },
            access_group: access_group_of(area).into(),
            // The gate's keys go out only with a second officer confirming.
            restricted: area == "Gate",
        })?;
    }
    let today = crate::domain::dates::utc_to_london(now).date_naive();
    let forenames =
        ["Amy", "Ben", "Chris", "Dan", "Emma", "Faye", "Gary", "Hana", "Ian", "Jo", "Kim", "Lee", "Mo", "Nia"];
    let mut holders = Vec::new();
    for tally in 1..=120u32 {
        if tally % 4 == 3 {
            continue; // not every hook has a personal tally holder
        }
        let name = format!(
            "{} {}",
            forenames[tally as usize % forenames.len()],
            STAFF_NAMES[tally as usize % STAFF_NAMES.len()]
        );
        let assessed = if tally == 14 {
            None
        } else if tally == 22 {
            Some(today - Duration::days(400)) // expired
        } else {
            Some(today - Duration::days(rng.i64(10..330)))
        };
        let department = AREAS[(tally as usize - 1) % AREAS.len()];
        // Everyone may draw their own area's keys; custodial managers also the
        // perimeter's, so there is a second officer for a restricted issue.
        let mut access_groups: Vec<String> =
            [access_group_of(department)].into_iter().filter(|group| !group.is_empty()).map(String::from).collect();
        if tally % 10 == 0 && department != "Gate" {
            access_groups.push("perimeter".into());
        }
        let id = db.save_holder(&TallyHolder {
            id: 0,
            name,
            role: if tally % 10 == 0 { "Custodial manager".into() } else { "Prison officer".into() },
            department: department.into(),
            tally,
            risk_assessed_on: assessed,
            key_talk_on: assessed,
            chain_and_pouch: tally != 30,
            overnight_allowed: tally % 9 == 0,
            suspended: tally == 41,
            access_groups,
            status: HolderStatus::Serving,
            keys_due_by: None,
        })?;
        holders.push((id, tally));
    }
    // Evening classes: the education keys are due back at 20:30, not the cut-off.
    db.set_access_group_time("education", NaiveTime::from_hms_opt(20, 30, 0))?;
    let bunches = db.bunches()?;
    let cut_off = db.key_cut_off()?;
    let bunch_on = |hook: u32| bunches.iter().find(|bunch| bunch.hook == hook).map(|bunch| bunch.id);
    // The perimeter's keys are confirmed by a custodial manager with access to them.
    let second_officer = holders.iter().find(|(_, tally)| tally % 10 == 0).map(|(id, _)| *id);
    // Three past days and today: out in the morning, back by the cut-off.
    for days_ago in (0..4).rev() {
        let day = today - Duration::days(days_ago);
        for (holder_id, tally) in &holders {
            let Some(bunch_id) = bunch_on(*tally) else { continue };
            let left_out = days_ago == 1 && *tally == OVERDUE_TALLY;
            if rng.u32(0..10) < 3 && !left_out {
                continue; // rest day
            }
            let out = crate::domain::dates::london_to_utc(day, NaiveTime::from_hms_opt(7, 0, 0).expect("time"))
                + Duration::minutes(rng.i64(0..150));
            if out > now {
                continue;
            }
            let due = crate::domain::keys::default_due_back(out, cut_off, false);
            let issued = db.issue_keys(
                &IssueDetails {
                    bunch_id,
                    holder_id: *holder_id,
                    at: out,
                    due_back: due,
                    count_confirmed: true,
                    count_note: String::new(),
                    second_holder_id: second_officer.filter(|second| second != holder_id),
                },
                now,
            );
            if issued.is_err() {
                continue; // refused (no assessment, suspended, bunch out of use): as at the gate
            }
            if left_out {
                continue; // never brought back: overdue now
            }
            let early = Duration::minutes(rng.i64(5..240));
            // Now and then a bunch comes back after its time, which the ledger and the
            // Unit page's late returns show; never today, so never in the future.
            let back = if days_ago > 0 && (tally + days_ago as u32).is_multiple_of(LATE_EVERY) {
                due + Duration::minutes(10 + i64::from(tally % 40))
            } else {
                due - early
            };
            if back > now || back <= out {
                continue;
            }
            let condition = if rng.u32(0..50) == 0 { "Bent key reported" } else { "Good" };
            db.return_keys(
                &ReturnDetails {
                    bunch_id,
                    at: back,
                    count_confirmed: true,
                    count_note: String::new(),
                    condition: condition.into(),
                },
                now,
            )?;
        }
    }
    // Leaving at the end of the week, with their tally still out if they drew today:
    // the board flags it.
    if let Some(leaver) = db.holder_by_tally(LEAVING_TALLY)? {
        db.save_holder(&TallyHolder { status: HolderStatus::Leaving, ..leaver })?;
    }
    db.report_incident(
        &NewIncident {
            kind: IncidentKind::Lost,
            hook: 57,
            keys_affected: "One Suite 2 general key".into(),
            reported_by: "Gary Cole".into(),
            explanation: "Bunch returned with six keys instead of seven; search of the workshop under way.".into(),
            reported_to: ReportedTo::SecurityManager,
            actions: "Area locked down; search ordered; locksmith warned.".into(),
        },
        now - Duration::hours(20),
    )?;
    for (name, organisation, purpose, escort) in [
        ("Mark Sutton", "Locksmiths Ltd", "Survey of workshop locks", "Ben Patel"),
        ("Dr Amira Haddad", "Visiting psychiatrist", "Clinic on Healthcare", "Faye Hart"),
    ] {
        db.sign_in_visitor(&Visitor {
            id: 0,
            name: name.into(),
            organisation: organisation.into(),
            purpose: purpose.into(),
            escorted_by: escort.into(),
            signed_in_at: now - Duration::minutes(rng.i64(20..180)),
            signed_out_at: None,
        })?;
    }
    Ok(())
}
