//! Who may use the case file and what each may do, and the rules for passphrases.

use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, clean_line};

coded_enum! {
    /// What a person signed in may do. Each role includes the ones below it.
    Role {
        Administrator => "administrator", "Administrator (users, templates, settings, audit)";
        Supervisor => "supervisor", "Supervisor (case work and keys)";
        Gate => "gate", "Gate (key register only)";
    }
}

/// The parts of the app a role may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// The key and tally register.
    KeyRegister,
    /// Prisoners' records, plans, checklists, printouts and exports of them.
    CaseWork,
    /// Users, the induction template, settings, restore, the audit trail.
    Administer,
}

impl Role {
    /// The role in a word or two, for beside a name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Supervisor => "Supervisor",
            Role::Gate => "Gate",
        }
    }

    pub fn may(self, capability: Capability) -> bool {
        match capability {
            Capability::KeyRegister => true,
            Capability::CaseWork => matches!(self, Role::Administrator | Role::Supervisor),
            Capability::Administer => self == Role::Administrator,
        }
    }
}

/// What a role is refused, in words for the person refused.
pub fn refusal(capability: Capability) -> &'static str {
    match capability {
        Capability::KeyRegister => "the key register needs a signed-in user",
        Capability::CaseWork => "your role is the key register only: case records need a supervisor or administrator",
        Capability::Administer => "only an administrator may do this",
    }
}

/// Someone allowed to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
}

/// The shortest passphrase accepted. Length is what makes a passphrase strong; the
/// National Cyber Security Centre suggests three random words, which pass easily.
pub const PASSPHRASE_MIN_CHARS: usize = 12;
pub const PASSPHRASE_MAX_CHARS: usize = 200;

/// Checks a new passphrase and its repeat. Says what is wrong in words a person can act on.
pub fn check_new_passphrase(passphrase: &str, repeated: &str, user_name: &str) -> Result<(), Invalid> {
    let count = passphrase.chars().count();
    if count < PASSPHRASE_MIN_CHARS {
        return Err(Invalid::rule(
            "Passphrase",
            format!(
                "at least {PASSPHRASE_MIN_CHARS} characters (you typed {count}); three random words are easy to remember and strong"
            ),
        ));
    }
    if count > PASSPHRASE_MAX_CHARS {
        return Err(Invalid::rule("Passphrase", format!("at most {PASSPHRASE_MAX_CHARS} characters")));
    }
    if passphrase.chars().any(char::is_control) {
        return Err(Invalid::rule("Passphrase", "contains an invisible control character; retype it"));
    }
    let distinct: std::collections::HashSet<char> = passphrase.chars().collect();
    if distinct.len() < 5 {
        return Err(Invalid::rule("Passphrase", "too repetitive; use a few different words"));
    }
    let folded = super::text::fold(passphrase);
    if !user_name.trim().is_empty() && folded.contains(&super::text::fold(user_name.trim())) {
        return Err(Invalid::rule("Passphrase", "must not contain your name"));
    }
    if passphrase != repeated {
        return Err(Invalid::rule("Repeat", "the two passphrases differ; type the same passphrase twice"));
    }
    Ok(())
}

/// Checks the name someone signs in with: the name the audit trail records.
pub fn check_user_name(name: &str) -> Result<String, Invalid> {
    let name = clean_line(name, NAME_MAX_CHARS).map_err(Invalid::at("Name"))?;
    if name.is_empty() {
        return Err(Invalid::rule("Name", "type the person's full name, as the audit trail should record it"));
    }
    Ok(name)
}

/// The same person's name typed with different case or spacing.
pub fn same_user(a: &str, b: &str) -> bool {
    user_key(a) == user_key(b)
}

/// A name as [`same_user`] compares it: spaces squashed, lower case. Keys what is kept
/// per person.
pub fn user_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Minutes of inactivity before the app locks, and the allowed range.
pub const DEFAULT_LOCK_MINUTES: u32 = 10;
pub const LOCK_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// Years case records are kept after a prisoner leaves (is archived), and the range.
pub const DEFAULT_RETENTION_YEARS: u32 = 7;
pub const RETENTION_YEARS_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// Where a new user goes on the staff list unless the administrator says otherwise:
/// supervisors hold a caseload, administrators run the unit's records, the gate is
/// not on it.
pub fn default_staff_role(role: Role) -> Option<crate::domain::staff::StaffRole> {
    use crate::domain::staff::StaffRole;
    match role {
        Role::Supervisor => Some(StaffRole::OffenderSupervisor),
        Role::Administrator => Some(StaffRole::CaseAdministrator),
        Role::Gate => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_role_includes_the_ones_below() {
        assert!(Role::Administrator.may(Capability::Administer));
        assert!(Role::Administrator.may(Capability::CaseWork));
        assert!(!Role::Supervisor.may(Capability::Administer));
        assert!(Role::Supervisor.may(Capability::CaseWork));
        assert!(Role::Supervisor.may(Capability::KeyRegister));
        assert!(!Role::Gate.may(Capability::CaseWork));
        assert!(!Role::Gate.may(Capability::Administer));
        assert!(Role::Gate.may(Capability::KeyRegister));
    }

    #[test]
    fn passphrase_rules_say_what_is_wrong() {
        assert!(check_new_passphrase("short", "short", "Ann").unwrap_err().to_string().contains("at least 12"));
        assert!(
            check_new_passphrase("aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaa", "Ann")
                .unwrap_err()
                .to_string()
                .contains("repetitive")
        );
        assert!(check_new_passphrase("priya shah rules ok", "priya shah rules ok", "Priya Shah").is_err());
        assert!(
            check_new_passphrase("river copper lantern", "river copper lanterns", "Ann")
                .unwrap_err()
                .to_string()
                .contains("differ")
        );
        assert!(check_new_passphrase("river\u{7}copper lantern", "river\u{7}copper lantern", "Ann").is_err());
        assert_eq!(check_new_passphrase("river copper lantern", "river copper lantern", "Priya Shah"), Ok(()));
        // Characters, not bytes: twelve accented letters are twelve.
        assert_eq!(check_new_passphrase("éàüöñçøåßłžd", "éàüöñçøåßłžd", "Ann"), Ok(()));
    }

    #[test]
    fn the_same_user_ignores_case_and_spacing() {
        assert!(same_user("Priya  Shah ", "priya shah"));
        assert!(!same_user("Priya Shah", "Priya Shaw"));
    }

    proptest! {
        #[test]
        fn an_accepted_passphrase_is_long_enough_and_repeated(p in ".{0,40}", q in ".{0,40}") {
            if check_new_passphrase(&p, &q, "Ann Example").is_ok() {
                prop_assert!(p.chars().count() >= PASSPHRASE_MIN_CHARS);
                prop_assert_eq!(&p, &q);
                prop_assert!(!p.chars().any(char::is_control));
            }
        }

        #[test]
        fn a_passphrase_typed_twice_is_judged_on_itself(p in "[a-z ]{12,30}") {
            // Any refusal of a well-formed passphrase typed twice is about its content.
            if let Err(message) = check_new_passphrase(&p, &p, "Zed Q") {
                prop_assert!(!message.to_string().contains("passphrases differ"));
            }
        }
    }
}
