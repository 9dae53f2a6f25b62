//! Staff of the unit and the settings that name the establishment and the user.

use serde::{Deserialize, Serialize};

use super::form::{Invalid, Problem};
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line};

coded_enum! {
    /// What a member of the unit does.
    StaffRole {
        OffenderSupervisor => "offender_supervisor", "Offender supervisor";
        SeniorOffenderSupervisor => "senior_offender_supervisor", "Senior offender supervisor";
        CaseAdministrator => "case_administrator", "Case administrator";
        HeadOfOffenderManagement => "head_of_offender_management", "Head of offender management";
    }
}

impl StaffRole {
    pub fn holds_caseload(self) -> bool {
        matches!(self, StaffRole::OffenderSupervisor | StaffRole::SeniorOffenderSupervisor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
}

impl std::fmt::Display for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// A staff member's name as stored; the caller names the field.
pub fn validate_staff_name(input: &str) -> Result<String, Problem> {
    let name = clean_line(input, NAME_MAX_CHARS)?;
    if name.is_empty() {
        return Err(Problem::Required);
    }
    Ok(name)
}

/// How big the app's text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSize {
    #[default]
    Normal,
    Large,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// Settings kept in the case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Printed on every document.
    pub establishment_name: String,
    /// Who is signed in: the name the audit trail records. Not a stored setting.
    pub user_name: String,
    pub text_size: TextSize,
    pub theme: ThemeChoice,
    /// Minutes without a key press or click before the app locks.
    pub lock_minutes: u32,
    /// Years a prisoner's records are kept after they leave (are archived).
    pub retention_years: u32,
    /// When keys are due back at the gate, unless a holder may keep them later.
    pub key_cut_off: chrono::NaiveTime,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            establishment_name: String::new(),
            user_name: String::new(),
            text_size: TextSize::default(),
            theme: ThemeChoice::default(),
            lock_minutes: super::users::DEFAULT_LOCK_MINUTES,
            retention_years: super::users::DEFAULT_RETENTION_YEARS,
            key_cut_off: super::keys::DEFAULT_CUT_OFF,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<Settings, Invalid> {
        let establishment_name =
            clean_line(&self.establishment_name, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Establishment name"))?;
        let lock = super::users::LOCK_MINUTES_RANGE;
        if !lock.contains(&self.lock_minutes) {
            return Err(Invalid::rule("Lock after", format!("between {} and {} minutes", lock.start(), lock.end())));
        }
        let retention = super::users::RETENTION_YEARS_RANGE;
        if !retention.contains(&self.retention_years) {
            return Err(Invalid::rule(
                "Keep records for",
                format!("between {} and {} years", retention.start(), retention.end()),
            ));
        }
        Ok(Settings { establishment_name, ..self.clone() })
    }

    /// These settings for a new establishment named `establishment`: a name is needed,
    /// because it is printed on every document.
    pub fn for_new_establishment(&self, establishment: &str) -> Result<Settings, Invalid> {
        let settings = Settings { establishment_name: establishment.to_string(), ..self.clone() }.validate()?;
        if settings.establishment_name.is_empty() {
            return Err(Invalid::rule("Establishment", "type its name, e.g. HMP Northmoor"));
        }
        Ok(settings)
    }
}

/// The settings as typed on the Settings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsForm {
    pub establishment_name: String,
    pub lock_minutes: String,
    pub retention_years: String,
    pub key_cut_off: String,
    pub text_size: TextSize,
    pub theme: ThemeChoice,
}

impl SettingsForm {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            establishment_name: settings.establishment_name.clone(),
            lock_minutes: settings.lock_minutes.to_string(),
            retention_years: settings.retention_years.to_string(),
            key_cut_off: settings.key_cut_off.format("%H:%M").to_string(),
            text_size: settings.text_size,
            theme: settings.theme,
        }
    }

    /// The settings these edits make, checked; `base` gives what the form does not show.
    pub fn validate(&self, base: &Settings) -> Result<Settings, Invalid> {
        let number = |label: &'static str, value: &str| {
            value.trim().parse::<u32>().map_err(|_| Invalid::rule(label, "type a whole number"))
        };
        Settings {
            establishment_name: self.establishment_name.clone(),
            lock_minutes: number("Lock after", &self.lock_minutes)?,
            retention_years: number("Keep records for", &self.retention_years)?,
            key_cut_off: super::keys::parse_cut_off(&self.key_cut_off)?,
            text_size: self.text_size,
            theme: self.theme,
            ..base.clone()
        }
        .validate()
    }
}

/// The name of the person logged in to the PC, offered until they give their own.
pub fn os_user_name() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|key| std::env::var(key).ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
}
