//! Signing in: from a name and passphrase to an open case file; setting a new file
//! up; the recovery key; and the users who may sign in.

use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};

use chrono::{DateTime, Utc};

use super::heads::{self, Event, HeadLine};
use super::keyring::{CaseKey, Keyring, RecoveryKey, SealedPassphrase, key_file_path};
use super::{Db, Error, Result};
use crate::domain::risk::Coded;
use crate::domain::users::{Role, User, check_new_passphrase, check_user_name, same_user};

/// Who is signed in, with the case file open for them.
pub struct SignedIn {
    pub db: Db,
    pub user: User,
    /// When someone tried to sign in under this person's name and failed, since they
    /// last signed in: told to them at once, so they notice someone trying.
    pub failed_attempts: Vec<DateTime<Utc>>,
}

/// Sets up a new case file: its key, its key file, and the first administrator.
/// Returns the key and the recovery key (to be shown and printed once); open the file
/// with [`open_as`].
pub fn set_up(path: &Path, name: &str, passphrase: &str) -> Result<(CaseKey, User, RecoveryKey)> {
    let name = check_user_name(name)?;
    check_new_passphrase(passphrase, passphrase, &name)?;
    if path.exists() {
        return Err(match Keyring::exists(path) {
            true => Error::Invalid(format!("{} is already set up; sign in instead", path.display())),
            false => Error::NoKeyFile { path: key_file_path(path) },
        });
    }
    let (_, key, recovery) = Keyring::create(path, &name, passphrase)?;
    let user = User { name, role: Role::Administrator };
    let opened = Db::open(path, &key, &user.name).and_then(|mut db| {
        db.write(|tx| insert_user(tx, &user))?;
        db.publish_head(Event::SetUp, Utc::now())
    });
    match opened {
        Ok(()) => Ok((key, user, recovery)),
        Err(error) => {
            // Leave nothing half set up: the next attempt starts clean.
            let _ = std::fs::remove_file(key_file_path(path));
            let _ = std::fs::remove_file(heads::log_path(path));
            for suffix in ["", "-wal", "-shm", ".lock"] {
                let mut name = path.as_os_str().to_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
            Err(error)
        }
    }
}

/// Opens the case file for the person with this name and passphrase.
pub fn sign_in(path: &Path, name: &str, passphrase: &str) -> Result<SignedIn> {
    let (key, user) = unlock(path, name, passphrase)?;
    open_as(path, &key, user)
}

/// Unseals the case key with a name and passphrase: the slow step of signing in
/// (the key derivation), apart so a window can run it in the background. After five
/// failures in a row it first waits (see [`sign_in_wait`]); a failure is written to
/// the head log, since the case file cannot be opened to record it. A key slot sealed
/// with weaker key stretching than today's is sealed again with today's.
pub fn unlock(path: &Path, name: &str, passphrase: &str) -> Result<(CaseKey, User)> {
    let wait = sign_in_wait(path, Utc::now());
    if let Ok(wait) = wait.to_std() {
        std::thread::sleep(wait);
    }
    let mut keyring = Keyring::load_settled(path)?;
    match keyring.unlock(name, passphrase) {
        Ok((opened, user)) => {
            let key = keyring.catch_up(&user, passphrase, opened)?;
            keyring.strengthen(&user, passphrase, &key)?;
            Ok((key, user))
        }
        Err(Error::WrongPassphrase) => {
            record_failure(path, name)?;
            Err(Error::WrongPassphrase)
        }
        Err(other) => Err(other),
    }
}

/// How long, at `now`, the next sign-in to the case file at `path` must wait: nothing
/// until five failures in a row, then doubling up to a minute.
pub fn sign_in_wait(path: &Path, now: DateTime<Utc>) -> chrono::Duration {
    let log = heads::read(&heads::log_path(path));
    let failures = heads::failures_since_last_sign_in(&log.lines);
    crate::domain::audit::remaining_wait(failures.len(), failures.last().map(|line| line.at), now)
}

/// Writes a failed sign-in into the head log, under the name as typed (shortened,
/// without control characters: it is whatever someone typed).
fn record_failure(path: &Path, typed_name: &str) -> Result<()> {
    let name: String = typed_name.trim().chars().filter(|c| !c.is_control()).take(100).collect();
    let line = HeadLine {
        at: Utc::now(),
        event: Event::FailedSignIn,
        case_file: None,
        entry: None,
        seal: None,
        name: Some(name),
    };
    heads::append(&heads::log_path(path), &line)
}

/// Signs in with the recovery key when no administrator can: `name` becomes (or
/// stays) an administrator with a new passphrase. Logged. Open the file with [`open_as`].
pub fn recover(path: &Path, recovery_key: &str, name: &str, passphrase: &str) -> Result<(CaseKey, User)> {
    let name = check_user_name(name)?;
    check_new_passphrase(passphrase, passphrase, &name)?;
    let mut keyring = Keyring::load_settled(path)?;
    let wait = sign_in_wait(path, Utc::now());
    if let Ok(wait) = wait.to_std() {
        std::thread::sleep(wait);
    }
    let key = match keyring.unlock_with_recovery(recovery_key) {
        Ok(key) => key,
        Err(Error::WrongPassphrase) => {
            record_failure(path, "(recovery key)")?;
            return Err(Error::Invalid("that recovery key does not open this case file; check it".into()));
        }
        Err(other) => return Err(other),
    };
    let mut db = open_case_file(path, &key, &name)?;
    let user = User { name, role: Role::Administrator };
    let sealed = SealedPassphrase::new(&key, &user, passphrase)?;
    db.write(|tx| {
        let existing: Option<i64> =
            tx.query_row("SELECT id FROM app_user WHERE name = ?1", [&user.name], |row| row.get(0)).optional()?;
        match existing {
            Some(id) => {
                tx.execute("UPDATE app_user SET role = 'administrator', removed_at = NULL WHERE id = ?1", [id])?;
            }
            None => insert_user(tx, &user)?,
        }
        super::audit::record(
            tx,
            "recover",
            "app_user",
            None,
            &serde_json::json!({ "what": "signed in with the recovery key and set an administrator's passphrase", "user": user.name }),
        )?;
        keyring.set_passphrase(sealed)
    })?;
    db.publish_head(Event::Recovery, Utc::now())?;
    Ok((key, user))
}

fn open_case_file(path: &Path, key: &CaseKey, actor: &str) -> Result<Db> {
    if !path.exists() {
        return Err(Error::Invalid(format!(
            "the case file {} is missing (its key file is there); restore the newest backup",
            path.display()
        )));
    }
    Db::open(path, key, actor)
}

/// Opens the case file for a user whose key is unsealed, after checking the case file
/// still lets them in with that role (a removed user's old key file copy does not).
pub fn open_as(path: &Path, key: &CaseKey, user: User) -> Result<SignedIn> {
    let db = open_case_file(path, key, &user.name)?;
    let recorded: Option<(String, Option<String>)> = db
        .conn
        .query_row("SELECT role, removed_at FROM app_user WHERE name = ?1", [&user.name], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    match recorded {
        Some((role, None)) if role == user.role.code() => {
            let mut db = db;
            let failed_attempts = carry_failures(&mut db, path, &user)?;
            Ok(SignedIn { db, user, failed_attempts })
        }
        Some((_, None)) => Err(Error::Forbidden(format!(
            "the key file and the case file disagree about {}'s role; an administrator must reset their passphrase",
            user.name
        ))),
        _ => Err(Error::Forbidden(format!("{} no longer has access to this case file", user.name))),
    }
}

/// Carries the failed sign-ins in the head log since the last sign-in into the audit
/// trail, publishes the head for this sign-in, and returns the failures under this
/// person's name since they last signed in.
fn carry_failures(db: &mut Db, path: &Path, user: &User) -> Result<Vec<DateTime<Utc>>> {
    let log = heads::read(&heads::log_path(path));
    let carried = heads::failures_since_last_sign_in(&log.lines);
    if !carried.is_empty() {
        db.write(|tx| {
            carried.iter().try_for_each(|line| {
                let typed = line.name.clone().unwrap_or_default();
                super::audit::record(
                    tx,
                    "failed sign-in",
                    "app_user",
                    None,
                    &serde_json::json!({
                        "what": format!("failed sign-in as '{typed}' at {}, carried from the head log", crate::domain::dates::format_local(line.at)),
                        "name": typed,
                        "failed_at": line.at.to_rfc3339(),
                    }),
                )
            })
        })?;
    }
    let mine = heads::failures_for(&log.lines, &user.name);
    db.publish_head(Event::SignIn, Utc::now())?;
    Ok(mine)
}

fn insert_user(tx: &Transaction, user: &User) -> Result<()> {
    tx.execute(
        "INSERT INTO app_user (name, role, added_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        params![user.name, user.role.code()],
    )
    .map_err(|error| match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Error::Invalid(format!("{} can already sign in", user.name)),
        _ => error.into(),
    })?;
    Ok(())
}

impl Db {
    /// The people who may sign in, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut statement =
            self.conn.prepare_cached("SELECT name, role FROM app_user WHERE removed_at IS NULL ORDER BY name")?;
        let users = statement
            .query_map([], |row| {
                let role: String = row.get(1)?;
                Ok(User { name: row.get(0)?, role: super::decode(&role)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(users)
    }

    /// Lets a new person sign in with their own passphrase. The case file is not
    /// re-encrypted: its key is sealed once more in the key file.
    pub fn add_user(&mut self, user: &User, passphrase: &str) -> Result<()> {
        let sealed = SealedPassphrase::new(&self.key, user, passphrase)?;
        self.add_sealed_user(sealed, crate::domain::users::default_staff_role(user.role))
    }

    /// Adds a user whose passphrase was sealed beforehand (away from the window's
    /// thread): see [`SealedPassphrase`]. With a `staff_role` they are put on the staff
    /// list too, in the same transaction, unless someone of that name is already on
    /// it: one list of people, so whoever signs in to do case work can be allocated it.
    pub fn add_sealed_user(
        &mut self,
        sealed: SealedPassphrase,
        staff_role: Option<crate::domain::staff::StaffRole>,
    ) -> Result<()> {
        self.check_sealed_here(&sealed)?;
        let user = sealed.user().clone();
        let mut keyring = Keyring::load(&self.path)?;
        self.write(|tx| {
            insert_user(tx, &user)?;
            if let Some(role) = staff_role
                && super::staff::staff_by_name(tx, &user.name)?.is_none()
            {
                super::staff::insert_staff(tx, &user.name, role)?;
            }
            keyring.add_user(sealed)
        })
    }

    /// Stops a person signing in. Their past entries in the audit trail stay, under
    /// their name. Nobody removes themselves, and the last administrator stays.
    pub fn remove_user(&mut self, name: &str, signed_in: &str) -> Result<()> {
        if same_user(name, signed_in) {
            return Err(Error::Invalid("you cannot remove yourself; ask another administrator".into()));
        }
        let users = self.users()?;
        let user = users
            .iter()
            .find(|user| same_user(&user.name, name))
            .ok_or_else(|| Error::NotFound(format!("user {name}")))?
            .clone();
        let administrators = users.iter().filter(|user| user.role == Role::Administrator).count();
        if user.role == Role::Administrator && administrators == 1 {
            return Err(Error::Invalid("the last administrator cannot be removed".into()));
        }
        let mut keyring = Keyring::load(&self.path)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE app_user SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE name = ?1",
                [&user.name],
            )?;
            keyring.remove_user(&user.name)
        })
    }

    /// Sets a user's passphrase: their own change, or an administrator's reset of a
    /// forgotten one. Logged without the passphrase.
    pub fn set_passphrase(&mut self, name: &str, passphrase: &str) -> Result<()> {
        let user = self
            .users()?
            .into_iter()
            .find(|user| same_user(&user.name, name))
            .ok_or_else(|| Error::NotFound(format!("user {name}")))?;
        let sealed = SealedPassphrase::new(&self.key, &user, passphrase)?;
        self.set_sealed_passphrase(sealed)
    }

    /// Stores a passphrase sealed beforehand for a current user, exactly as named and
    /// with the role they hold (both are bound into the seal).
    pub fn set_sealed_passphrase(&mut self, sealed: SealedPassphrase) -> Result<()> {
        self.check_sealed_here(&sealed)?;
        let user = sealed.user().clone();
        if !self.users()?.contains(&user) {
            return Err(Error::Invalid(format!(
                "{} is not a current user with that role; reload the list and try again",
                user.name
            )));
        }
        let mut keyring = Keyring::load(&self.path)?;
        self.write(|tx| {
            let id: i64 = tx.query_row("SELECT id FROM app_user WHERE name = ?1", [&user.name], |row| row.get(0))?;
            super::audit::record(
                tx,
                "passphrase",
                "app_user",
                Some(id),
                &serde_json::json!({ "what": "passphrase set", "user": user.name }),
            )?;
            keyring.set_passphrase(sealed)
        })
    }

    fn check_sealed_here(&self, sealed: &SealedPassphrase) -> Result<()> {
        if sealed.seals(&self.key) {
            Ok(())
        } else {
            Err(Error::Invalid("that passphrase was sealed for another case file; nothing was changed".into()))
        }
    }
}
