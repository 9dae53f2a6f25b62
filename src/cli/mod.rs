//! The command line: what each command takes (clap), signing in for it, and the
//! commands themselves, grouped as the README groups them.

mod audit;
mod case_file;
mod exchange;
mod printing;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use zeroize::Zeroizing;

use omu_core::demo;
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::domain::risk::Coded;
use omu_core::domain::users::{Capability, User, refusal};
use omu_core::storage::{self, Db, Error as StorageError, Keyring};

#[derive(Parser)]
#[command(name = "omu-desk", version, about = "Offline case management for a prison Offender Management Unit")]
pub struct Cli {
    /// The case file (SQLite). Default: the platform data folder.
    #[arg(long, global = true, env = "OMU_DESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The name you sign in with (the audit trail records it). Default: the
    /// computer's user name. The passphrase is asked for, or read from
    /// OMU_DESK_PASSPHRASE for scripts.
    #[arg(long, global = true, env = "OMU_DESK_USER", value_name = "NAME")]
    pub user: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Set up a new, empty, encrypted case file with you (--user) as its first
    /// administrator, and print its recovery key. The passphrase is asked for twice
    /// (or read from OMU_DESK_PASSPHRASE).
    SetUp,
    /// Fill a new, empty case file with a demo establishment. A file that does not
    /// exist yet is set up with demo users, printed when it finishes.
    Demo {
        #[arg(long, value_enum, default_value_t = DemoSize::Small)]
        size: DemoSize,
    },
    /// Write the case file (or one prisoner, as a transfer pack) as JSON.
    Export {
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
        /// Only this prisoner (prison number, e.g. A1234BC).
        #[arg(long, value_name = "PRISON_NUMBER")]
        prisoner: Option<String>,
    },
    /// Read a JSON export into the case file: all of it, or nothing.
    Import {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
        /// Replace prisoners whose prison number is already in the file.
        #[arg(long)]
        replace: bool,
    },
    /// Bring a caseload in from a spreadsheet (.xlsx, .ods or .csv): the columns are
    /// mapped from their headings (or by --mapping), every row is checked, and then
    /// all rows are written or none.
    ImportSheet(SheetArgs),
    /// Print a prisoner's induction record to PDF.
    PrintInduction {
        #[arg(long, value_name = "PRISON_NUMBER")]
        prisoner: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Print a prisoner's latest sentence plan to PDF.
    PrintPlan {
        #[arg(long, value_name = "PRISON_NUMBER")]
        prisoner: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Print every plan for the planning meetings on a date, with a contents page.
    BoardPack {
        /// The meeting date, YYYY-MM-DD or DD/MM/YYYY.
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Print the end-of-day key reconciliation for signing.
    KeyReconciliation {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Export deadlines and planning boards to an iCalendar file (.ics) that Outlook
    /// and other calendars import; a second export updates the same events.
    Calendar {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        /// Whose caseload: a supervisor's name, or "unit" for everyone. Without it,
        /// the signed-in person's own caseload (the unit's for someone without one).
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
    },
    /// Print how the unit is doing: each inspection measure for the twelve months to
    /// --month (default this month), with its chart, its table and its rule.
    UnitReport {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// The last month of the twelve, YYYY-MM (default: this month, to today).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// A supervisor's name, or "unit". Without it, the signed-in person's own
        /// caseload (the unit's for someone without one).
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
    },
    /// Print the keys out past their due time, with their last holders.
    KeysOverdue {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Print key movements for a date range, for one hook, one tally or all.
    KeyHistory(KeyHistoryArgs),
    /// Back up the case file now (checked, into the backup folder or --to).
    Backup {
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
    },
    /// Replace the case file with a backup, after checking it and keeping the
    /// current file beside the backups.
    Restore {
        #[arg(value_name = "BACKUP")]
        file: PathBuf,
        /// Needed to go ahead: restoring replaces the case file.
        #[arg(long)]
        yes: bool,
    },
    /// Re-key the case file (administrators): a checked backup first, then everything
    /// under a new key that old key files cannot open, and a new recovery key printed.
    ReKey {
        /// Needed to go ahead: the old recovery key stops opening the case file.
        #[arg(long)]
        yes: bool,
    },
    /// Check a case file or backup: integrity, version, that it is an OMU Desk file,
    /// its guards, and its audit trail against its seals and published heads.
    Check {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Export a list as a spreadsheet (.xlsx for Excel, or .csv): typed dates and
    /// numbers, the heading row frozen, the protective marking on every printed page.
    ExportList(ListArgs),
    /// Print where the case file is.
    Where,
    /// The audit trail (administrators).
    #[command(subcommand)]
    Audit(AuditCommand),
}

/// What `import-sheet` takes.
#[derive(Args)]
pub struct SheetArgs {
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// A mapping written by --write-mapping (and perhaps edited), instead of the
    /// one proposed from the headings.
    #[arg(long, value_name = "FILE.json")]
    mapping: Option<PathBuf>,
    /// Write the mapping used as JSON, to adjust and pass back with --mapping.
    #[arg(long, value_name = "FILE.json")]
    write_mapping: Option<PathBuf>,
    /// Check everything and say what would be written, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// For prison numbers already in the case file, update the mapped fields
    /// (without it, those rows are left alone).
    #[arg(long)]
    update: bool,
}

/// What `key-history` takes.
#[derive(Args)]
pub struct KeyHistoryArgs {
    #[arg(long, value_name = "DATE")]
    from: String,
    #[arg(long, value_name = "DATE")]
    to: String,
    #[arg(long)]
    hook: Option<u32>,
    #[arg(long)]
    tally: Option<u32>,
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
}

/// What `export-list` takes.
#[derive(Args)]
pub struct ListArgs {
    /// caseload, due, unmet-need, workload, induction-overdue, key-history, audit or
    /// unit-figures (the Unit screen's twelve months, counts only).
    #[arg(value_name = "KIND", value_parser = omu_core::exchange::lists::ListKind::named)]
    kind: omu_core::exchange::lists::ListKind,
    #[arg(long, value_name = "FILE.xlsx|FILE.csv")]
    out: PathBuf,
    /// For the caseload and Due lists: a supervisor's name, or "unit". Without it,
    /// the signed-in person's own caseload (the unit's for someone without one).
    #[arg(long, value_name = "NAME")]
    staff: Option<String>,
    /// For key history and the audit trail: the first day (default a week ago).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// For key history and the audit trail: the last day (default today).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check every entry against its seal, and the trail against every head published
    /// outside the file (the head logs, backup manifests, and heads typed from paper):
    /// anything changed, removed, reordered, back-dated or written outside OMU Desk is
    /// reported, and the exit code is non-zero.
    Verify {
        /// A head from the foot of a printout, e.g. "3371 · 7KQ2-M9XD-P4TR-WB8K"; may be given more than once.
        #[arg(long = "head", value_name = "HEAD")]
        heads: Vec<String>,
    },
    /// Note that you have looked at the entries written outside OMU Desk that verify
    /// reports: they stay in the trail, and are no longer reported as new.
    Acknowledge,
    /// Write the audit trail (or part of it) as a spreadsheet (.csv or .xlsx).
    Export {
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only entries about this prisoner.
        #[arg(long, value_name = "PRISON_NUMBER")]
        prisoner: Option<String>,
        #[arg(long, value_name = "FILE.csv|FILE.xlsx")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DemoSize {
    /// About 60 prisoners: a supervisor's unit.
    Small,
    /// 2,000 prisoners, five years of history and a million key movements: for
    /// measuring speed.
    Large,
}

/// Runs one command as `user` on the case file at `db_path`.
pub fn run(command: Command, db_path: &Path, user: &str) -> Result<(), String> {
    match command {
        Command::SetUp => case_file::set_up(db_path, user),
        Command::Demo { size: DemoSize::Large } => case_file::demo_large(db_path, user),
        Command::Demo { size: DemoSize::Small } => case_file::demo_small(db_path, user),
        Command::Export { out, prisoner } => exchange::export(db_path, user, out, prisoner),
        Command::Import { file, replace } => exchange::import(db_path, user, file, replace),
        Command::ImportSheet(args) => exchange::import_sheet(db_path, user, args),
        Command::ExportList(args) => exchange::export_list(db_path, user, args),
        Command::Calendar { out, staff } => exchange::calendar(db_path, user, out, staff),
        Command::PrintInduction { prisoner, out } => printing::print_induction(db_path, user, prisoner, out),
        Command::PrintPlan { prisoner, out } => printing::print_plan(db_path, user, prisoner, out),
        Command::BoardPack { date, out } => printing::board_pack(db_path, user, date, out),
        Command::KeyReconciliation { out } => printing::key_reconciliation(db_path, user, out),
        Command::KeysOverdue { out } => printing::keys_overdue(db_path, user, out),
        Command::UnitReport { out, month, staff } => printing::unit_report(db_path, user, out, month, staff),
        Command::KeyHistory(args) => printing::key_history(db_path, user, args),
        Command::Backup { to } => case_file::backup(db_path, user, to),
        Command::Restore { file, yes } => case_file::restore(db_path, user, file, yes),
        Command::ReKey { yes } => case_file::re_key(db_path, user, yes),
        Command::Check { file } => case_file::check(db_path, user, file),
        Command::Audit(AuditCommand::Verify { heads }) => audit::verify(db_path, user, heads),
        Command::Audit(AuditCommand::Acknowledge) => audit::acknowledge(db_path, user),
        Command::Audit(AuditCommand::Export { from, to, prisoner, out }) => {
            audit::export(db_path, user, from, to, prisoner, out)
        }
        Command::Where => {
            println!("{}", db_path.display());
            Ok(())
        }
    }
}

/// The passphrase from OMU_DESK_PASSPHRASE (for scripts), or asked for without echo.
fn passphrase(name: &str) -> Result<Zeroizing<String>, String> {
    if let Ok(passphrase) = std::env::var("OMU_DESK_PASSPHRASE") {
        return Ok(Zeroizing::new(passphrase));
    }
    rpassword::prompt_password(format!("Passphrase for {name}: ")).map(Zeroizing::new).map_err(|error| {
        format!("cannot ask for the passphrase ({error}); give it in OMU_DESK_PASSPHRASE when running from a script")
    })
}

/// Signs in to an existing case file as `name` and checks their role allows `need`.
fn sign_in(path: &Path, name: &str, need: Capability) -> Result<Db, String> {
    sign_in_with(path, name, &passphrase(name)?, need)
}

/// [`sign_in`] with a passphrase already asked for.
fn sign_in_with(path: &Path, name: &str, passphrase: &str, need: Capability) -> Result<Db, String> {
    if !path.exists() && !Keyring::exists(path) {
        return Err(format!(
            "there is no case file at {}; set one up by starting the app, or make a demo with omu-desk demo",
            path.display()
        ));
    }
    if name.trim().is_empty() {
        return Err("say who you are with --user NAME (or OMU_DESK_USER)".to_string());
    }
    let wait = storage::sign_in_wait(path, chrono::Utc::now());
    if wait > chrono::Duration::zero() {
        eprintln!("Waiting {} s after repeated failed sign-ins…", wait.num_seconds().max(1));
    }
    let signed_in = storage::sign_in(path, name, passphrase).map_err(|error| format!("{}: {error}", path.display()))?;
    if let Some(warning) = omu_core::domain::audit::describe_failed_attempts(&signed_in.failed_attempts) {
        eprintln!("{warning}");
    }
    allowed(&signed_in.user, need)?;
    if let Some(first) = signed_in.db.guard_problems().first() {
        eprintln!("Warning: nothing can be saved until an administrator puts the database's guards back: {first}");
    }
    Ok(signed_in.db)
}

fn allowed(user: &User, need: Capability) -> Result<(), String> {
    if user.role.may(need) { Ok(()) } else { Err(format!("{} may not do this: {}", user.name, refusal(need))) }
}

/// A new demo file with its users, or an existing empty file signed in to.
fn demo_file(path: &Path, name: &str) -> Result<(Db, String), String> {
    if path.exists() || Keyring::exists(path) {
        return Ok((sign_in(path, name, Capability::Administer)?, name.to_string()));
    }
    let (signed_in, recovery) = demo::set_up(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let accounts: Vec<String> =
        demo::DEMO_ACCOUNTS.iter().map(|(name, role)| format!("  {name} ({})", role.code())).collect();
    println!(
        "Set up {} with demo users, each with the passphrase \"{}\":\n{}\nRecovery key: {}",
        path.display(),
        demo::DEMO_PASSPHRASE,
        accounts.join("\n"),
        recovery.as_str()
    );
    Ok((signed_in.db, demo::DEMO_USER.to_string()))
}

/// The supervisor `--staff` names ("unit": nobody, the whole unit), or without it the
/// signed-in person when they hold a caseload.
fn whose_caseload(db: &Db, staff: Option<&str>, user: &str) -> Result<Option<omu_core::domain::staff::Staff>, String> {
    let everyone = db.staff().map_err(|error| error.to_string())?;
    Ok(match staff.map(str::trim) {
        Some(name) if name.eq_ignore_ascii_case("unit") => None,
        Some(name) => Some(
            everyone
                .into_iter()
                .find(|member| omu_core::domain::text::fold(&member.name) == omu_core::domain::text::fold(name))
                .ok_or_else(|| format!("--staff: nobody called {name} is on the staff list"))?,
        ),
        None => everyone.into_iter().find(|member| member.name == user && member.role.holds_caseload()),
    })
}

fn find_prisoner(db: &Db, number: &str) -> Result<i64, String> {
    let number = PrisonNumber::parse(number).map_err(|message| format!("--prisoner: {message}"))?;
    db.prisoner_by_number(&number)
        .map_err(|error| error.to_string())?
        .map(|prisoner| prisoner.id)
        .ok_or_else(|| format!("prison number {number} is not in the case file"))
}

/// A problem with a file the person named, saying which file unless the message does.
fn about(path: &Path, error: &StorageError) -> String {
    match error {
        StorageError::NoSuchFile { .. } => error.to_string(),
        _ => format!("{}: {error}", path.display()),
    }
}
