//! Settings kept in the case file, and the reference data the rules read.

use rusqlite::{Connection, params};

use super::{Db, Result, decode};
use crate::domain::risk::TierTable;
use crate::domain::staff::{Settings, TextSize, ThemeChoice};

impl Db {
    /// The settings, with the signed-in person's own text size and theme (or the
    /// file's, until they choose).
    pub fn settings(&self) -> Result<Settings> {
        let mut settings = Settings { user_name: self.actor()?, ..Settings::default() };
        let (own_text_size, own_theme) = appearance_keys(&settings.user_name);
        let mut own = Vec::new();
        let mut statement = self.conn.prepare_cached("SELECT key, value FROM setting")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let key: String = row.get(0)?;
            let value: String = row.get(1)?;
            if key == own_text_size || key == own_theme {
                own.push((if key == own_text_size { "text_size" } else { "theme" }, value));
                continue;
            }
            match key.as_str() {
                "establishment_name" => settings.establishment_name = value,
                "lock_minutes" => settings.lock_minutes = value.parse().unwrap_or(settings.lock_minutes),
                "retention_years" => settings.retention_years = value.parse().unwrap_or(settings.retention_years),
                "text_size" => settings.text_size = if value == "large" { TextSize::Large } else { TextSize::Normal },
                "theme" => settings.theme = if value == "dark" { ThemeChoice::Dark } else { ThemeChoice::Light },
                "key_cut_off" => {
                    settings.key_cut_off =
                        chrono::NaiveTime::parse_from_str(&value, "%H:%M").unwrap_or(settings.key_cut_off)
                }
                _ => {}
            }
        }
        for (key, value) in own {
            match key {
                "text_size" => settings.text_size = if value == "large" { TextSize::Large } else { TextSize::Normal },
                _ => settings.theme = if value == "dark" { ThemeChoice::Dark } else { ThemeChoice::Light },
            }
        }
        Ok(settings)
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        self.write(|tx| save_settings(tx, settings))
    }

    /// A new, empty establishment: its settings, and the person setting it up on the
    /// staff list as a supervisor, in one transaction.
    pub fn start_establishment(&mut self, settings: &Settings) -> Result<()> {
        self.write(|tx| {
            save_settings(tx, settings)?;
            if super::staff::staff_by_name(tx, &settings.user_name)?.is_none() {
                super::staff::insert_staff(
                    tx,
                    &settings.user_name,
                    crate::domain::staff::StaffRole::OffenderSupervisor,
                )?;
            }
            Ok(())
        })
    }

    /// The folder the user last printed to, offered first next time.
    pub fn last_print_folder(&self) -> Result<Option<std::path::PathBuf>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = 'last_print_folder'", [], |row| row.get::<_, String>(0))
            .optional()?
            .map(std::path::PathBuf::from))
    }

    /// The column mapping last used for a spreadsheet layout (by its key), as JSON.
    pub fn sheet_mapping(&self, layout: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [format!("sheet_mapping:{layout}")], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Remembers the column mapping for a spreadsheet layout.
    pub fn save_sheet_mapping(&mut self, layout: &str, mapping_json: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
                [format!("sheet_mapping:{layout}"), mapping_json.to_string()],
            )?;
            Ok(())
        })
    }

    pub fn set_last_print_folder(&mut self, folder: &std::path::Path) -> Result<()> {
        let folder = folder.to_string_lossy().into_owned();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES ('last_print_folder', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
                [folder],
            )?;
            Ok(())
        })
    }

    /// Where backups go: the folder in settings, or `backups` beside the case file.
    pub fn backup_folder(&self) -> Result<std::path::PathBuf> {
        backup_folder(&self.conn, &self.path)
    }

    /// Sets the backup folder (e.g. a USB drive); empty goes back to the default.
    pub fn set_backup_folder(&mut self, folder: &str) -> Result<()> {
        let folder = folder.trim().to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES ('backup_folder', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
                [folder],
            )?;
            Ok(())
        })
    }

    /// The tiers the tier table gives, each once, in order: the workload's columns.
    pub fn tier_names(&self) -> Result<Vec<String>> {
        let mut tiers: Vec<String> = self.tier_table()?.rules().iter().map(|(_, _, tier)| tier.clone()).collect();
        tiers.sort();
        tiers.dedup();
        Ok(tiers)
    }

    pub fn tier_table(&self) -> Result<TierTable> {
        let mut statement = self.conn.prepare_cached("SELECT rosh, reoffending_likelihood, tier FROM tier_rule")?;
        let rules = statement
            .query_map([], |row| {
                Ok((decode(&row.get::<_, String>(0)?)?, decode(&row.get::<_, String>(1)?)?, row.get::<_, String>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(TierTable::new(rules))
    }

    /// Security categories in their order, as (code, label).
    pub fn security_categories(&self) -> Result<Vec<(String, String)>> {
        let mut statement =
            self.conn.prepare_cached("SELECT code, label FROM security_category ORDER BY sort_order")?;
        let categories =
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(categories)
    }
}

/// The setting keys of one person's text size and theme.
fn appearance_keys(user_name: &str) -> (String, String) {
    let who = crate::domain::users::user_key(user_name);
    (format!("text_size of {who}"), format!("theme of {who}"))
}

pub(super) fn save_settings(conn: &Connection, settings: &Settings) -> Result<()> {
    let text_size = match settings.text_size {
        TextSize::Normal => "normal",
        TextSize::Large => "large",
    };
    let theme = match settings.theme {
        ThemeChoice::Light => "light",
        ThemeChoice::Dark => "dark",
    };
    let (lock_minutes, retention_years) = (settings.lock_minutes.to_string(), settings.retention_years.to_string());
    let key_cut_off = settings.key_cut_off.format("%H:%M").to_string();
    // Text size and theme are each person's own: large type for one officer is not
    // forced on the next.
    let (own_text_size, own_theme) = appearance_keys(&settings.user_name);
    for (key, value) in [
        ("establishment_name", settings.establishment_name.as_str()),
        (own_text_size.as_str(), text_size),
        (own_theme.as_str(), theme),
        ("lock_minutes", lock_minutes.as_str()),
        ("retention_years", retention_years.as_str()),
        ("key_cut_off", key_cut_off.as_str()),
    ] {
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value
             WHERE value IS NOT excluded.value",
            params![key, value],
        )?;
    }
    Ok(())
}

/// The backup folder the case file at `path` is set to use, as its connection `conn` reads it.
pub(super) fn backup_folder(conn: &rusqlite::Connection, path: &std::path::Path) -> Result<std::path::PathBuf> {
    use rusqlite::OptionalExtension;
    let configured: Option<String> =
        conn.query_row("SELECT value FROM setting WHERE key = 'backup_folder'", [], |row| row.get(0)).optional()?;
    Ok(match configured.filter(|folder| !folder.trim().is_empty()) {
        Some(folder) => std::path::PathBuf::from(folder),
        None => super::backup::default_folder(path),
    })
}
