//! The key and tally register: who may draw keys, the state of every bunch derived
//! from the history of movements, when keys are due back, and incidents.
//!
//! Over 600 lines because the rules for drawing, returning and the end of day read
//! the same derived state; splitting them would split one rule across files.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::dates::{
    DateError, add_months, format_date, format_local, london_to_utc, optional_past_date, parse_time, required_date,
    utc_to_london,
};
use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, NOTES_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line, clean_notes, plural};

/// Keys are back by this time unless the gate is told (a setting).
pub const DEFAULT_CUT_OFF: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(time) => time,
    None => panic!("17:00 is a time"),
};

/// A key risk assessment is valid for this long.
pub const ASSESSMENT_VALID_MONTHS: u32 = 12;

/// A bunch of keys on its hook in the key safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bunch {
    pub id: i64,
    pub hook: u32,
    pub description: String,
    pub key_count: u32,
    /// Which keys, types or suites, serials where known.
    pub contents: String,
    pub out_of_use: bool,
    pub out_of_use_reason: String,
    /// Who may draw it: holders whose access includes this group ("healthcare",
    /// "perimeter"); empty for a bunch any holder may draw.
    pub access_group: String,
    /// Issued only with a second authorised officer confirming by their own tally.
    pub restricted: bool,
}

/// A member of staff who may draw keys with their numbered tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyHolder {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub department: String,
    pub tally: u32,
    pub risk_assessed_on: Option<NaiveDate>,
    pub key_talk_on: Option<NaiveDate>,
    pub chain_and_pouch: bool,
    pub overnight_allowed: bool,
    pub suspended: bool,
    /// The groups of bunches they may draw besides the open ones, in lower case.
    pub access_groups: Vec<String>,
    /// Whether they are serving, leaving or away: only those serving draw keys.
    pub status: HolderStatus,
    /// Their own time for keys back (night staff, late education), in place of the
    /// establishment's cut-off.
    pub keys_due_by: Option<NaiveTime>,
}

coded_enum! {
    /// A tally holder's standing on the staff list.
    #[derive(Default)]
    HolderStatus {
        #[default]
        Serving => "serving", "Serving";
        Leaving => "leaving", "Leaving";
        LongLeave => "long_leave", "On long leave";
    }
}

/// An access group as the register keeps it: trimmed, in lower case, single spaces.
pub fn access_group_name(typed: &str) -> String {
    typed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl TallyHolder {
    /// Whether their access takes in a bunch of `group` (the open bunches have none).
    pub fn may_access(&self, group: &str) -> bool {
        group.is_empty() || self.access_groups.iter().any(|mine| mine == group)
    }

    /// Why this person may not be given keys today, if they may not.
    pub fn barred(&self, today: NaiveDate) -> Option<String> {
        if self.suspended {
            return Some(format!("{} is suspended from drawing keys", self.name));
        }
        match self.status {
            HolderStatus::Serving => {}
            HolderStatus::Leaving => {
                return Some(format!("{} is leaving: their keys are to be handed back", self.name));
            }
            HolderStatus::LongLeave => return Some(format!("{} is on long leave", self.name)),
        }
        match self.risk_assessed_on {
            None => return Some(format!("{} has no key risk assessment recorded", self.name)),
            Some(date) if add_months(date, ASSESSMENT_VALID_MONTHS) <= today => {
                return Some(format!(
                    "{}'s key risk assessment of {} has expired (valid {ASSESSMENT_VALID_MONTHS} months)",
                    self.name,
                    format_date(date)
                ));
            }
            Some(_) => {}
        }
        if self.key_talk_on.is_none() {
            return Some(format!("{} has not had the key talk", self.name));
        }
        if !self.chain_and_pouch {
            return Some(format!("{} has not been issued a belt, chain and pouch", self.name));
        }
        None
    }
}

/// The holder form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolderForm {
    pub name: String,
    pub role: String,
    pub department: String,
    pub tally: String,
    pub risk_assessed_on: String,
    pub key_talk_on: String,
    pub chain_and_pouch: bool,
    pub overnight_allowed: bool,
    pub suspended: bool,
    /// The access groups, separated by commas ("residential, healthcare").
    pub access_groups: String,
    pub status: HolderStatus,
    /// Their own time for keys back, HH:MM; empty for the establishment's.
    pub keys_due_by: String,
}

impl HolderForm {
    pub fn from_holder(holder: &TallyHolder) -> Self {
        Self {
            name: holder.name.clone(),
            role: holder.role.clone(),
            department: holder.department.clone(),
            tally: holder.tally.to_string(),
            risk_assessed_on: holder.risk_assessed_on.map(format_date).unwrap_or_default(),
            key_talk_on: holder.key_talk_on.map(format_date).unwrap_or_default(),
            chain_and_pouch: holder.chain_and_pouch,
            overnight_allowed: holder.overnight_allowed,
            suspended: holder.suspended,
            access_groups: holder.access_groups.join(", "),
            status: holder.status,
            keys_due_by: holder.keys_due_by.map(|time| time.format("%H:%M").to_string()).unwrap_or_default(),
        }
    }

    pub fn validate(&self, today: NaiveDate) -> Result<TallyHolder, Invalid> {
        let name = clean_line(&self.name, NAME_MAX_CHARS).map_err(Invalid::at("Name"))?;
        if name.is_empty() {
            return Err(Invalid::required("Name"));
        }
        let role = clean_line(&self.role, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Role"))?;
        let department = clean_line(&self.department, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Department"))?;
        let tally = parse_number(&self.tally, "Tally number")?;
        let date = |label: &'static str, value: &str| optional_past_date(value, today).map_err(Invalid::at(label));
        let typed_groups = clean_line(&self.access_groups, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Access"))?;
        let mut access_groups: Vec<String> =
            typed_groups.split(',').map(access_group_name).filter(|group| !group.is_empty()).collect();
        access_groups.sort();
        access_groups.dedup();
        let keys_due_by = if self.keys_due_by.trim().is_empty() {
            None
        } else {
            Some(parse_time_for(&self.keys_due_by, OWN_CUT_OFF)?)
        };
        // Keys due back in the morning go out the evening before: without overnight
        // permission the curfew would end before it starts.
        if let Some(time) = keys_due_by
            && time < NaiveTime::from_hms_opt(12, 0, 0).expect("noon")
            && !self.overnight_allowed
        {
            return Err(Invalid::rule(
                OWN_CUT_OFF,
                format!(
                    "{} would end before it starts: for night staff, also tick 'May keep keys overnight'",
                    time.format("%H:%M")
                ),
            ));
        }
        Ok(TallyHolder {
            id: 0,
            name,
            role,
            department,
            tally,
            risk_assessed_on: date("Risk assessment", &self.risk_assessed_on)?,
            key_talk_on: date("Key talk", &self.key_talk_on)?,
            chain_and_pouch: self.chain_and_pouch,
            overnight_allowed: self.overnight_allowed,
            suspended: self.suspended,
            access_groups,
            status: self.status,
            keys_due_by,
        })
    }
}

/// The bunch form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BunchForm {
    pub hook: String,
    pub description: String,
    pub key_count: String,
    pub contents: String,
    pub out_of_use: bool,
    pub out_of_use_reason: String,
    pub access_group: String,
    pub restricted: bool,
}

impl BunchForm {
    pub fn from_bunch(bunch: &Bunch) -> Self {
        Self {
            hook: bunch.hook.to_string(),
            description: bunch.description.clone(),
            key_count: bunch.key_count.to_string(),
            contents: bunch.contents.clone(),
            out_of_use: bunch.out_of_use,
            out_of_use_reason: bunch.out_of_use_reason.clone(),
            access_group: bunch.access_group.clone(),
            restricted: bunch.restricted,
        }
    }

    pub fn validate(&self) -> Result<Bunch, Invalid> {
        let hook = parse_number(&self.hook, "Hook")?;
        let description = clean_line(&self.description, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Description"))?;
        if description.is_empty() {
            return Err(Invalid::rule("Description", "say what the bunch opens"));
        }
        let key_count = parse_number(&self.key_count, "Number of keys")?;
        let contents = clean_notes(&self.contents, NOTES_MAX_CHARS).map_err(Invalid::at("Contents"))?;
        let out_of_use_reason =
            clean_line(&self.out_of_use_reason, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Reason"))?;
        if self.out_of_use && out_of_use_reason.is_empty() {
            return Err(Invalid::rule("Reason", "say why the bunch is out of use"));
        }
        let access_group = clean_line(&self.access_group, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Access group"))?;
        if access_group.contains(',') {
            return Err(Invalid::rule("Access group", "one group for a bunch, e.g. healthcare"));
        }
        Ok(Bunch {
            id: 0,
            hook,
            description,
            key_count,
            contents,
            out_of_use: self.out_of_use,
            out_of_use_reason,
            access_group: access_group_name(&access_group),
            restricted: self.restricted,
        })
    }
}

/// Most hooks set up in one go: a whole key safe, with room to spare.
pub const HOOK_RANGE_MAX: u32 = 1000;

/// A run of hooks set up in one go, as typed: from, to, a name for each bunch with
/// `{n}` for its hook number, and the keys on each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRangeForm {
    pub first: String,
    pub last: String,
    pub description: String,
    pub key_count: String,
}

impl Default for HookRangeForm {
    fn default() -> Self {
        Self { first: "1".into(), last: String::new(), description: "Hook {n}".into(), key_count: "1".into() }
    }
}

impl HookRangeForm {
    /// The bunches, one per hook: "Wing A cell {n}" names hook 12 "Wing A cell 12";
    /// without `{n}` the hook number is added at the end, so no two are alike.
    pub fn validate(&self) -> Result<Vec<Bunch>, Invalid> {
        let first = parse_number(&self.first, "From hook")?;
        let last = parse_number(&self.last, "To hook")?;
        if last < first {
            return Err(Invalid::rule("To hook", "must be the same as or after the first hook"));
        }
        if last - first + 1 > HOOK_RANGE_MAX {
            return Err(Invalid::rule("To hook", format!("at most {HOOK_RANGE_MAX} hooks at a time")));
        }
        let pattern = clean_line(&self.description, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Name"))?;
        if pattern.replace("{n}", "").trim().is_empty() {
            return Err(Invalid::rule("Name", "say what the bunches open, e.g. Wing A cell {n}"));
        }
        let key_count = parse_number(&self.key_count, "Keys on each")?;
        Ok((first..=last)
            .map(|hook| {
                let description = if pattern.contains("{n}") {
                    pattern.replace("{n}", &hook.to_string())
                } else {
                    format!("{pattern} {hook}")
                };
                Bunch {
                    id: 0,
                    hook,
                    description,
                    key_count,
                    contents: String::new(),
                    out_of_use: false,
                    out_of_use_reason: String::new(),
                    access_group: String::new(),
                    restricted: false,
                }
            })
            .collect())
    }
}

fn parse_number(value: &str, label: &'static str) -> Result<u32, Invalid> {
    match value.trim().parse::<u32>() {
        Ok(number) if (1..=9999).contains(&number) => Ok(number),
        _ => Err(Invalid::rule(label, "a whole number from 1 to 9999")),
    }
}

coded_enum! {
    MovementKind {
        Issue => "issue", "Issued";
        Return => "return", "Returned";
        Correction => "correction", "Correction";
    }
}

/// One line of the register. Movements are never changed or removed; a mistake is
/// put right by a correction that voids it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub id: i64,
    pub bunch_id: i64,
    pub kind: MovementKind,
    pub holder_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub due_back: Option<DateTime<Utc>>,
    pub recorded_by: String,
    pub count_confirmed: bool,
    pub count_note: String,
    pub condition: String,
    /// For a correction: the movement it voids, and why.
    pub corrects: Option<i64>,
    pub reason: String,
    /// For the issue of a restricted bunch: the officer who confirmed it.
    pub second_holder_id: Option<i64>,
}

impl Movement {
    /// For a return: the due time of the issue it closed, when it came back after it.
    /// A return is late only after its due minute (`storage::unit` counts the same way,
    /// through an index on `at > due_back`). Returns recorded before version 13 carry
    /// no due time and answer `None`.
    pub fn returned_late(&self) -> Option<DateTime<Utc>> {
        self.due_back.filter(|due| self.kind == MovementKind::Return && self.at > *due)
    }
}

/// Where a bunch is, as the history says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whereabouts {
    In,
    Out { holder_id: i64, since: DateTime<Utc>, due_back: DateTime<Utc> },
}

/// Replays a bunch's history: the latest issue or return that no correction voids.
pub fn whereabouts(history: &[Movement]) -> Whereabouts {
    let voided: std::collections::HashSet<i64> = history.iter().filter_map(|movement| movement.corrects).collect();
    history
        .iter()
        .filter(|movement| movement.kind != MovementKind::Correction && !voided.contains(&movement.id))
        .max_by_key(|movement| movement.id)
        .map_or(Whereabouts::In, |movement| match (movement.kind, movement.holder_id, movement.due_back) {
            (MovementKind::Issue, Some(holder_id), Some(due_back)) => {
                Whereabouts::Out { holder_id, since: movement.at, due_back }
            }
            _ => Whereabouts::In,
        })
}

/// A hook as the gate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookState {
    In,
    Out,
    Overdue,
    OutOfUse,
    /// A lost-key incident is open: not to be issued until it is closed.
    Compromised,
}

impl HookState {
    pub fn label(self) -> &'static str {
        match self {
            HookState::In => "In",
            HookState::Out => "Out",
            HookState::Overdue => "OVERDUE",
            HookState::OutOfUse => "Out of use",
            HookState::Compromised => "COMPROMISED",
        }
    }
}

/// One hook as the end-of-day check reads it.
pub struct HookAtDayEnd<'a> {
    pub bunch: &'a Bunch,
    pub state: HookState,
    pub compromised: bool,
    /// Who has it out, if it is out.
    pub holder: Option<&'a TallyHolder>,
}

/// Every hook that needs attention before the day is signed off, in words, hook by
/// hook: overdue, compromised (in or out), or out with someone who may no longer draw
/// keys (suspended, assessment lapsed). The screen and the printed reconciliation both
/// show this list, so they cannot disagree.
pub fn end_of_day_problems<'a>(hooks: impl IntoIterator<Item = HookAtDayEnd<'a>>, today: NaiveDate) -> Vec<String> {
    let mut problems = Vec::new();
    for hook in hooks {
        let number = hook.bunch.hook;
        if hook.compromised {
            problems.push(format!(
                "Hook {number}: compromised by an open incident (a lost key or a short count); do not issue"
            ));
        }
        if let Some(holder) = hook.holder {
            if hook.state == HookState::Overdue {
                problems.push(format!("Hook {number}: overdue with {} (tally {})", holder.name, holder.tally));
            }
            if let Some(reason) = holder.barred(today) {
                problems.push(format!("Hook {number}: out with {}, who may not now draw keys: {reason}", holder.name));
            }
        }
    }
    problems
}

/// What the gate must act on now, from the bunches out: after the cut-off, every
/// bunch still out past its due time (the alarm, until each is back); and at any time,
/// the bunches out since before today (the start-of-shift list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GateAlerts {
    /// Hooks still out after the cut-off, past their due time.
    pub after_cut_off: Vec<u32>,
    /// Hooks out since before today (London time).
    pub out_overnight: Vec<u32>,
}

/// Works out [`GateAlerts`] from `(hook, whereabouts)` of every bunch, at `now`.
pub fn gate_alerts(
    bunches: impl IntoIterator<Item = (u32, Whereabouts)>,
    cut_off: NaiveTime,
    now: DateTime<Utc>,
) -> GateAlerts {
    let local = utc_to_london(now);
    let past_cut_off = local.time() >= cut_off;
    let mut alerts = GateAlerts::default();
    for (hook, whereabouts) in bunches {
        let Whereabouts::Out { since, due_back, .. } = whereabouts else { continue };
        if past_cut_off && due_back <= now {
            alerts.after_cut_off.push(hook);
        }
        if utc_to_london(since).date_naive() < local.date_naive() {
            alerts.out_overnight.push(hook);
        }
    }
    alerts.after_cut_off.sort_unstable();
    alerts.out_overnight.sort_unstable();
    alerts
}

/// A bunch on the board as a typed number reads it: its hook and, while it is out,
/// the tally holder whose tally hangs there (none when the holder is unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardHook {
    pub hook: u32,
    pub out: bool,
    pub out_with: Option<i64>,
}

/// What a number typed (or a tile clicked) at the gate means. Whether an issue may go
/// ahead is a separate rule ([`IssueRequest::may_draw`]); this only says who and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateEntry<'a> {
    /// The bunch on `hook` is coming back.
    Return { hook: u32 },
    /// `holder` is drawing the bunch on `hook`.
    Issue { hook: u32, holder: &'a TallyHolder },
    /// The bunch on `hook` is in and the number is nobody's tally: the tally of the
    /// person drawing it comes next.
    TallyFor { hook: u32 },
    /// Nothing the gate can act on; the sentence says what to do instead.
    NoMatch(GateMiss),
}

/// Why a number at the gate matched nothing, as the gate officer is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GateMiss {
    #[error("No tally holder or bunch is numbered {0}.")]
    Nothing(u32),
    #[error("No one holds tally {tally}. Type the tally number of the person drawing hook {hook}, or press Esc.")]
    NoSuchTally { tally: u32, hook: u32 },
    #[error("Tally {0} has no keys out and no bunch on hook {0}. Type the hook first, then their tally.")]
    NothingOnTheirHook(u32),
    #[error("Tally {0} has no keys out, and bunch {0} is out with someone else.")]
    TheirHookIsOut(u32),
}

/// Reads a typed number the way a tally board works: a tally first (its holder
/// bringing back what they have out, or drawing the bunch on their own hook), else a
/// hook. After a hook with no tally of its number (`drawing` set), the number is the
/// tally of the person drawing that hook.
pub fn read_gate_number<'a>(
    number: u32,
    drawing: Option<u32>,
    holders: &'a [TallyHolder],
    hooks: &[BoardHook],
) -> GateEntry<'a> {
    let holder = holders.iter().find(|holder| holder.tally == number);
    if let Some(hook) = drawing {
        return match holder {
            Some(holder) => GateEntry::Issue { hook, holder },
            None => GateEntry::NoMatch(GateMiss::NoSuchTally { tally: number, hook }),
        };
    }
    let on_hook = hooks.iter().find(|board| board.hook == number);
    match holder {
        Some(holder) => match hooks.iter().find(|board| board.out_with == Some(holder.id)) {
            Some(held) => GateEntry::Return { hook: held.hook },
            None => match on_hook {
                Some(own) if !own.out => GateEntry::Issue { hook: own.hook, holder },
                Some(_) => GateEntry::NoMatch(GateMiss::TheirHookIsOut(number)),
                None => GateEntry::NoMatch(GateMiss::NothingOnTheirHook(number)),
            },
        },
        None => read_gate_hook(number, hooks),
    }
}

/// What a hook chosen by itself (a clicked tile, or a hook number no tally has) means:
/// a bunch out is coming back; a bunch in waits for the tally of the person drawing it.
pub fn read_gate_hook(hook: u32, hooks: &[BoardHook]) -> GateEntry<'static> {
    match hooks.iter().find(|board| board.hook == hook) {
        Some(board) if board.out => GateEntry::Return { hook },
        Some(_) => GateEntry::TallyFor { hook },
        None => GateEntry::NoMatch(GateMiss::Nothing(hook)),
    }
}

/// The keys the gate counted, typed beside the bunch's listed count: `None` when
/// nothing is typed (the count is as listed) or the typed text is not a number.
pub fn counted_keys(typed: &str) -> Option<u32> {
    typed.trim().parse().ok()
}

/// What a count that differs from the list says first, before the gate adds what is
/// missing: "6 keys counted, 7 listed".
pub fn count_difference(counted: u32, listed: u32) -> String {
    format!("{} counted, {listed} listed", plural(counted as usize, "key"))
}

/// When a bunch went out, as a gate officer reads it at handover: the time alone if
/// it was today (London time), "yesterday 17:00", or the date for anything older.
pub fn out_since(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (since, today) = (crate::domain::dates::utc_to_london(since), crate::domain::dates::utc_to_london(now));
    let days = (today.date_naive() - since.date_naive()).num_days();
    match days {
        ..=0 => since.format("%H:%M").to_string(),
        1 => since.format("yesterday %H:%M").to_string(),
        _ => since.format("%d/%m %H:%M").to_string(),
    }
}

/// How a hook is described on the board and on paper. A compromised bunch says so
/// whatever else is true of it ("COMPROMISED, OVERDUE"): out or in, it must not be
/// issued again until the incident is closed.
pub fn hook_label(state: HookState, compromised: bool) -> String {
    match (compromised, state) {
        (true, HookState::Compromised | HookState::In) => HookState::Compromised.label().to_string(),
        (true, other) => format!("{}, {}", HookState::Compromised.label(), other.label()),
        (false, other) => other.label().to_string(),
    }
}

pub fn hook_state(bunch: &Bunch, whereabouts: Whereabouts, compromised: bool, now: DateTime<Utc>) -> HookState {
    match whereabouts {
        Whereabouts::Out { due_back, .. } if now > due_back => HookState::Overdue,
        Whereabouts::Out { .. } => HookState::Out,
        Whereabouts::In if compromised => HookState::Compromised,
        Whereabouts::In if bunch.out_of_use => HookState::OutOfUse,
        Whereabouts::In => HookState::In,
    }
}

/// When keys issued at `issued_at` are due back by default: the cut-off that day. Keys
/// drawn after the cut-off are due by the next day's cut-off for someone who may keep
/// keys overnight, otherwise by the end of the day (the gate can change either).
pub fn default_due_back(issued_at: DateTime<Utc>, cut_off: NaiveTime, overnight_allowed: bool) -> DateTime<Utc> {
    let local = utc_to_london(issued_at);
    let today = london_to_utc(local.date_naive(), cut_off);
    if issued_at < today {
        today
    } else if overnight_allowed {
        london_to_utc(local.date_naive() + Duration::days(1), cut_off)
    } else {
        london_to_utc(local.date_naive(), NaiveTime::from_hms_opt(23, 59, 0).expect("a time"))
    }
}

/// What an issue at the gate involves.
#[derive(Debug, Clone, Copy)]
pub struct IssueRequest<'a> {
    pub bunch: &'a Bunch,
    pub whereabouts: Whereabouts,
    /// An open incident that compromises the bunch (a lost key, a short count).
    pub compromised: bool,
    pub holder: &'a TallyHolder,
    /// The hook of a bunch the holder already has out (their tally is there).
    pub holder_has_out: Option<u32>,
    pub issued_at: DateTime<Utc>,
    pub due_back: DateTime<Utc>,
    /// The second officer confirming the issue of a restricted bunch.
    pub second: Option<&'a TallyHolder>,
}

impl IssueRequest<'_> {
    /// Why the issue is refused, if it is.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.may_draw(now)?;
        self.second_officer(now)?;
        let holder = self.holder;
        if self.issued_at > now + Duration::minutes(1) {
            return Err(Invalid::rule("Cannot issue", "the time out is in the future."));
        }
        if self.due_back <= self.issued_at {
            return Err(Invalid::rule("Cannot issue", "the keys must be due back after they go out."));
        }
        if utc_to_london(self.due_back).date_naive() > utc_to_london(self.issued_at).date_naive()
            && !holder.overnight_allowed
        {
            return Err(Invalid::rule(
                "Cannot issue overnight",
                format!("{} may not keep keys overnight.", holder.name),
            ));
        }
        Ok(())
    }

    /// Whether this holder may draw this bunch at all, whatever the times typed: the
    /// gate asks it as soon as the number is typed, so a refusal comes at the first
    /// Enter, never after the officer has confirmed.
    /// For a restricted bunch, why the second officer cannot confirm the issue (none
    /// named, the holder themselves, barred, or without access to the bunch).
    pub fn second_officer(&self, now: DateTime<Utc>) -> Result<(), Invalid> {
        let bunch = self.bunch;
        if !bunch.restricted {
            return Ok(());
        }
        let Some(second) = self.second else {
            return Err(Invalid::rule(
                "Second officer",
                format!(
                    "bunch {} is restricted: a second authorised officer types their tally number to confirm the issue.",
                    bunch.hook
                ),
            ));
        };
        if second.id == self.holder.id {
            return Err(Invalid::rule("Second officer", "must be someone other than the person drawing the keys."));
        }
        if let Some(reason) = second.barred(utc_to_london(now).date_naive()) {
            return Err(Invalid::rule("Second officer", format!("{reason}, so cannot confirm.")));
        }
        if !second.may_access(&bunch.access_group) {
            return Err(Invalid::rule(
                "Second officer",
                format!(
                    "{}'s access does not include the {} keys, so cannot confirm.",
                    second.name, bunch.access_group
                ),
            ));
        }
        Ok(())
    }

    pub fn may_draw(&self, now: DateTime<Utc>) -> Result<(), Invalid> {
        let (bunch, holder) = (self.bunch, self.holder);
        if let Some(reason) = holder.barred(utc_to_london(now).date_naive()) {
            return Err(Invalid::rule("Cannot issue", format!("{reason}.")));
        }
        if !holder.may_access(&bunch.access_group) {
            return Err(Invalid::rule(
                "Cannot issue",
                format!(
                    "{}'s access does not include the {} keys (bunch {}). An administrator can add it on their tally holder record.",
                    holder.name, bunch.access_group, bunch.hook
                ),
            ));
        }
        if self.compromised {
            return Err(Invalid::rule(
                "Cannot issue",
                format!(
                    "bunch {} is compromised by an open incident (a lost key or a short count); close it first.",
                    bunch.hook
                ),
            ));
        }
        if bunch.out_of_use {
            return Err(Invalid::rule(
                "Cannot issue",
                format!("bunch {} is out of use ({}).", bunch.hook, bunch.out_of_use_reason),
            ));
        }
        if let Whereabouts::Out { since, .. } = self.whereabouts {
            return Err(Invalid::rule(
                "Cannot issue",
                format!("bunch {} is already out (since {}).", bunch.hook, format_local(since)),
            ));
        }
        if let Some(hook) = self.holder_has_out {
            return Err(Invalid::rule(
                "Cannot issue",
                format!("tally {} is already on hook {hook}; return those keys first.", holder.tally),
            ));
        }
        Ok(())
    }
}

/// Why a return is refused, if it is; otherwise the due time of the issue the
/// return closes, which the return records.
pub fn check_return(
    bunch: &Bunch,
    whereabouts: Whereabouts,
    returned_at: DateTime<Utc>,
    count_confirmed: bool,
    count_note: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Invalid> {
    let Whereabouts::Out { since, due_back, .. } = whereabouts else {
        return Err(Invalid::rule("Cannot return", format!("bunch {} is already in the key safe.", bunch.hook)));
    };
    if returned_at < since {
        return Err(Invalid::rule(
            "Cannot return",
            format!("{} is before the keys went out ({}).", format_local(returned_at), format_local(since)),
        ));
    }
    if returned_at > now + Duration::minutes(1) {
        return Err(Invalid::rule("Cannot return", "the time in is in the future."));
    }
    if !count_confirmed && count_note.trim().is_empty() {
        return Err(Invalid::rule("Count", "confirm the keys are all there, or note what is different."));
    }
    Ok(due_back)
}

/// The establishment's cut-off as an administrator types it: a 24-hour time.
pub fn parse_cut_off(typed: &str) -> Result<NaiveTime, Invalid> {
    parse_time_for(typed, "Keys due back by")
}

/// When keys drawn by `holder` from a bunch whose access group has `group_time` are
/// due back by: the holder's own time (night staff), else the group's (the education
/// keys, out for evening classes), else the establishment's cut-off.
pub fn cut_off_for(holder: &TallyHolder, group_time: Option<NaiveTime>, establishment: NaiveTime) -> NaiveTime {
    holder.keys_due_by.or(group_time).unwrap_or(establishment)
}

/// An access group's own time for keys back as typed: empty for the establishment's.
pub fn parse_group_time(typed: &str) -> Result<Option<NaiveTime>, Invalid> {
    if typed.trim().is_empty() { Ok(None) } else { parse_time_for(typed, "The group's time for keys back").map(Some) }
}

/// The label of a holder's own cut-off on their form.
const OWN_CUT_OFF: &str = "Own time for keys back";

/// A time of day typed in the field labelled `label`; "5pm" gets a sentence.
fn parse_time_for(typed: &str, label: &'static str) -> Result<NaiveTime, Invalid> {
    match parse_time(typed) {
        Ok(Some(time)) => Ok(time),
        Ok(None) => Err(Invalid::required(label)),
        Err(_) => Err(Invalid::rule(
            label,
            format!("'{}' is not a 24-hour time: type it as HH:MM, e.g. 17:00 for 5pm", typed.trim()),
        )),
    }
}

/// When keys are due back as the gate typed it: "23/11/2026 17:00", or a time alone
/// for today.
pub fn parse_due_back(typed: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DateError> {
    let typed = typed.trim();
    let (date, time) = match typed.split_once(' ') {
        Some((date, time)) => (required_date(date)?, parse_time(time)?),
        None => (utc_to_london(now).date_naive(), parse_time(typed)?),
    };
    let time = time.ok_or_else(|| DateError::NotATime(typed.to_string()))?;
    Ok(london_to_utc(date, time))
}

/// Parses the time an officer typed for a movement today ("08:10"); empty means now.
pub fn movement_time(typed: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Invalid> {
    match parse_time(typed).map_err(Invalid::at("Time"))? {
        None => Ok(now),
        Some(time) => Ok(london_to_utc(utc_to_london(now).date_naive(), time)),
    }
}

coded_enum! {
    IncidentKind {
        Lost => "lost", "Lost key";
        Damaged => "damaged", "Broken or damaged key";
        TakenOut => "taken_out", "Key taken out of the establishment";
        CountDiscrepancy => "count_discrepancy", "Count discrepancy";
    }
}

coded_enum! {
    ReportedTo {
        SecurityManager => "security_manager", "Security manager";
        OrderlyOfficer => "orderly_officer", "Orderly officer";
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: i64,
    pub kind: IncidentKind,
    pub bunch_id: i64,
    pub keys_affected: String,
    pub reported_by: String,
    pub reported_at: DateTime<Utc>,
    pub last_holder: String,
    pub explanation: String,
    pub reported_to: ReportedTo,
    pub actions: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub closure_notes: String,
}

/// The incident form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentForm {
    pub kind: Option<IncidentKind>,
    pub hook: String,
    pub keys_affected: String,
    pub reported_by: String,
    pub explanation: String,
    pub reported_to: Option<ReportedTo>,
    pub actions: String,
}

/// A checked incident, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub kind: IncidentKind,
    pub hook: u32,
    pub keys_affected: String,
    pub reported_by: String,
    pub explanation: String,
    pub reported_to: ReportedTo,
    pub actions: String,
}

impl IncidentForm {
    pub fn validate(&self) -> Result<NewIncident, Invalid> {
        let kind = self.kind.ok_or_else(|| Invalid::rule("Kind", "choose what happened"))?;
        let hook = parse_number(&self.hook, "Hook")?;
        let reported_by = clean_line(&self.reported_by, NAME_MAX_CHARS).map_err(Invalid::at("Reported by"))?;
        if reported_by.is_empty() {
            return Err(Invalid::required("Reported by"));
        }
        let explanation = clean_notes(&self.explanation, NOTES_MAX_CHARS).map_err(Invalid::at("Explanation"))?;
        if explanation.is_empty() {
            return Err(Invalid::rule("Explanation", "a written explanation is required"));
        }
        Ok(NewIncident {
            kind,
            hook,
            keys_affected: clean_line(&self.keys_affected, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Keys"))?,
            reported_by,
            explanation,
            reported_to: self
                .reported_to
                .ok_or_else(|| Invalid::rule("Reported to", "the security manager or the orderly officer"))?,
            actions: clean_notes(&self.actions, NOTES_MAX_CHARS).map_err(Invalid::at("Actions"))?,
        })
    }
}

/// A visitor or contractor signed in without a tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visitor {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub purpose: String,
    pub escorted_by: String,
    pub signed_in_at: DateTime<Utc>,
    pub signed_out_at: Option<DateTime<Utc>>,
}

/// The visitor sign-in form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitorForm {
    pub name: String,
    pub organisation: String,
    pub purpose: String,
    pub escorted_by: String,
}

impl VisitorForm {
    /// The visitor signed in at `now`; each field checked by the one text rule.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<Visitor, Invalid> {
        let name = clean_line(&self.name, NAME_MAX_CHARS).map_err(Invalid::at("Name"))?;
        if name.is_empty() {
            return Err(Invalid::rule("Name", "the visitor's name is required"));
        }
        let escorted_by = clean_line(&self.escorted_by, NAME_MAX_CHARS).map_err(Invalid::at("Escorted by"))?;
        if escorted_by.is_empty() {
            return Err(Invalid::rule("Escorted by", "say who escorts the visitor"));
        }
        Ok(Visitor {
            id: 0,
            name,
            organisation: clean_line(&self.organisation, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Organisation"))?,
            purpose: clean_line(&self.purpose, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Purpose"))?,
            escorted_by,
            signed_in_at: now,
            signed_out_at: None,
        })
    }
}

#[cfg(test)]
mod tests;
