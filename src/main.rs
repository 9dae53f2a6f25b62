//! `omu-desk`: the desktop app, and the command line that tests and scripts use.

use omu_core::domain::audit::PrintedHead;
use omu_core::domain::backups::BackupKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use omu_core::domain::dates::london_today;
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::domain::risk::Coded;
use omu_core::domain::staff::os_user_name;
use omu_core::domain::text::{plural, plural_with};
use omu_core::domain::users::{Capability, User, refusal};
use omu_core::storage::{self, Db, Error as StorageError, Keyring, backup, key_file_path};
use omu_core::{demo, exchange, print};
use omu_desk::ui;
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(name = "omu-desk", version, about = "Offline case management for a prison Offender Management Unit")]
struct Cli {
    /// The case file (SQLite). Default: the platform data folder.
    #[arg(long, global = true, env = "OMU_DESK_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// The name you sign in with (the audit trail records it). Default: the
    /// computer's user name. The passphrase is asked for, or read from
    /// OMU_DESK_PASSPHRASE for scripts.
    #[arg(long, global = true, env = "OMU_DESK_USER", value_name = "NAME")]
    user: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
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
    ImportSheet {
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
    },
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
    /// Print the keys out past their due time, with their last holders.
    KeysOverdue {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Print key movements for a date range, for one hook, one tally or all.
    KeyHistory {
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
    },
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
    ExportList {
        /// caseload, due, unmet-need, workload, induction-overdue, key-history or audit.
        #[arg(value_name = "KIND", value_parser = exchange::lists::ListKind::named)]
        kind: exchange::lists::ListKind,
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
    },
    /// Print where the case file is.
    Where,
    /// The audit trail (administrators).
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand)]
enum AuditCommand {
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
enum DemoSize {
    /// About 60 prisoners: a supervisor's unit.
    Small,
    /// 2,000 prisoners, five years of history and a million key movements: for
    /// measuring speed.
    Large,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db_path = match cli.db.clone().map(Ok).unwrap_or_else(default_db_path) {
        Ok(path) => path,
        Err(message) => return fail(&message),
    };
    let name = cli.user.clone().or_else(os_user_name).unwrap_or_default();
    let result = match cli.command {
        None => ui::run(db_path, name),
        Some(command) => run_command(command, &db_path, &name),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("omu-desk: {message}");
    ExitCode::FAILURE
}

fn default_db_path() -> Result<PathBuf, String> {
    omu_core::storage::default_path()
        .ok_or_else(|| "cannot find a data folder for this user: give the case file with --db PATH".to_string())
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

fn run_command(command: Command, db_path: &Path, user: &str) -> Result<(), String> {
    match command {
        Command::SetUp => {
            let passphrase = match std::env::var("OMU_DESK_PASSPHRASE") {
                Ok(passphrase) => Zeroizing::new(passphrase),
                Err(_) => {
                    let first = passphrase(user)?;
                    let again = Zeroizing::new(
                        rpassword::prompt_password("The same passphrase again: ").map_err(|error| error.to_string())?,
                    );
                    omu_core::domain::users::check_new_passphrase(&first, &again, user)
                        .map_err(|invalid| invalid.to_string())?;
                    first
                }
            };
            let (_, administrator, recovery) = storage::set_up(db_path, user, &passphrase)
                .map_err(|error| format!("{}: {error}", db_path.display()))?;
            println!(
                "Set up {} with {} as its administrator.\nRecovery key (print it and lock it away; it is shown only now): {}",
                db_path.display(),
                administrator.name,
                recovery.as_str()
            );
            Ok(())
        }
        Command::Demo { size: DemoSize::Large } => {
            let (mut db, as_user) = demo_file(db_path, user)?;
            let as_user = as_user.as_str();
            let started = std::time::Instant::now();
            let counts = demo::large::populate(&mut db, london_today(), as_user).map_err(|error| error.to_string())?;
            println!(
                "Large demo written to {} in {:.1} s: {} prisoners, {} contacts, {} plan versions, {} objectives, {} meetings, {} checklists, {} key movements.",
                db_path.display(),
                started.elapsed().as_secs_f64(),
                counts.prisoners,
                counts.contacts,
                counts.plan_versions,
                counts.objectives,
                counts.meetings,
                counts.checklists,
                counts.key_movements
            );
            Ok(())
        }
        Command::Demo { size: DemoSize::Small } => {
            let (mut db, as_user) = demo_file(db_path, user)?;
            let count = demo::populate(&mut db, london_today(), &as_user).map_err(|error| error.to_string())?;
            println!(
                "Demo establishment '{}' written to {}: {count} prisoners; you are {as_user}.",
                demo::DEMO_ESTABLISHMENT,
                db_path.display()
            );
            Ok(())
        }
        Command::Export { out, prisoner } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let prisoner = prisoner
                .map(|number| PrisonNumber::parse(&number).map_err(|message| format!("--prisoner: {message}")))
                .transpose()?;
            let count =
                exchange::export_to_file(&mut db, prisoner.as_ref(), &out).map_err(|error| error.to_string())?;
            println!("Exported {} to {}", plural(count, "prisoner"), out.display());
            Ok(())
        }
        Command::Import { file, replace } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let summary =
                exchange::import_file(&mut db, &file, replace, london_today()).map_err(|error| error.to_string())?;
            println!("Imported {}: {}", file.display(), summary.describe());
            Ok(())
        }
        Command::ImportSheet { file, sheet, mapping, write_mapping, dry_run, update } => {
            let grid = exchange::sheet::read_file(&file, sheet.as_deref())?;
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let mapping = match mapping {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
                    exchange::sheet::Mapping::from_json(&text)
                        .map_err(|problem| format!("{}: {problem}", path.display()))?
                }
                None => exchange::sheet::mapping_for(&db, &grid).map_err(|error| error.to_string())?,
            };
            let headings = exchange::sheet::headings(&grid, &mapping);
            println!("{}", exchange::sheet::describe_mapping(&headings, &mapping));
            if let Some(path) = write_mapping {
                omu_core::storage::write_file_atomically(&path, mapping.to_json().as_bytes())
                    .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
                println!("The mapping is in {}: change it and pass it back with --mapping.", path.display());
            }
            let existing = if update {
                exchange::sheet::ExistingRecords::UpdateMapped
            } else {
                exchange::sheet::ExistingRecords::Skip
            };
            let plan = exchange::sheet::plan(&db, &grid, &mapping, existing, london_today())
                .map_err(|error| error.to_string())?;
            println!("{}", plan.describe());
            if !plan.problems.is_empty() {
                return Err(format!(
                    "nothing was imported: {} to put right first",
                    plural_with(plan.problems.len(), "problem", "problems")
                ));
            }
            for line in plan.preview(5) {
                println!("  {}", line.join(" | "));
            }
            if dry_run {
                println!("Dry run: nothing was written.");
                return Ok(());
            }
            let summary = exchange::sheet::apply(&mut db, &plan).map_err(|error| error.to_string())?;
            exchange::sheet::remember(&mut db, &grid, &mapping).map_err(|error| error.to_string())?;
            println!("Imported {}: {}", file.display(), summary.describe());
            Ok(())
        }
        Command::PrintInduction { prisoner, out } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let id = find_prisoner(&db, &prisoner)?;
            let printable = print::induction_record(&db, id, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed the induction record to {} ({})", out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::PrintPlan { prisoner, out } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let id = find_prisoner(&db, &prisoner)?;
            let plan = print::latest_plan(&db, id).map_err(|error| error.to_string())?;
            let printable = print::sentence_plan(&db, plan, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed the sentence plan to {} ({})", out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::BoardPack { date, out } => {
            let day = omu_core::domain::dates::parse_date(&date)
                .map_err(|message| format!("--date: {message}"))?
                .ok_or("--date: give the date of the meetings")?;
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let printable = print::board_pack(&db, day, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let plans = printable.document.sections.len();
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed {} to {} ({})", plural(plans, "plan"), out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::KeyReconciliation { out } => {
            let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
            let printable = print::key_reconciliation(&db, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed the key reconciliation to {} ({})", out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::Calendar { out, staff } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let whose = whose_caseload(&db, staff.as_deref(), user)?;
            let today = omu_core::domain::dates::london_today();
            let export = exchange::calendar::calendar_export(
                &db,
                whose.as_ref().map(|member| member.id),
                today,
                chrono::Utc::now(),
            )
            .map_err(|error| error.to_string())?;
            exchange::calendar::write_calendar(&mut db, &export, &out).map_err(|error| error.to_string())?;
            println!(
                "Exported {} and {} for {} to {}",
                plural(export.deadlines, "deadline"),
                plural(export.boards, "board"),
                whose.map_or("the whole unit".to_string(), |member| format!("{}'s caseload", member.name)),
                out.display()
            );
            Ok(())
        }
        Command::KeysOverdue { out } => {
            let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
            let printable = print::keys_overdue(&db, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed the keys overdue to {} ({})", out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::KeyHistory { from, to, hook, tally, out } => {
            let (from, to) = omu_core::domain::dates::date_range(&from, &to, None).map_err(|error| match error {
                omu_core::domain::dates::RangeError::From(problem) => format!("--from: {problem}"),
                omu_core::domain::dates::RangeError::To(problem) => format!("--to: {problem}"),
                _ => format!("--from and --to: {error}"),
            })?;
            let midnight = chrono::NaiveTime::MIN;
            let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
            let printable = print::key_history(
                &db,
                omu_core::domain::dates::london_to_utc(from, midnight),
                omu_core::domain::dates::london_to_utc(to + chrono::Duration::days(1), midnight),
                hook,
                tally,
                chrono::Utc::now(),
            )
            .map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, &out).map_err(|error| error.to_string())?;
            println!("Printed key movements to {} ({})", out.display(), plural(pages, "page"));
            Ok(())
        }
        Command::Backup { to } => {
            let mut db = sign_in(db_path, user, Capability::CaseWork)?;
            let chosen = to.is_some();
            let folder = match to {
                Some(folder) => folder,
                None => db.backup_folder().map_err(|error| error.to_string())?,
            };
            let key = db.key().clone();
            let file = backup::back_up(db_path, &key, &folder, chrono::Utc::now(), BackupKind::ByHand)
                .map_err(|error| error.to_string())?;
            if chosen {
                // A copy in a place the user chose is a disclosure, like an export.
                db.record_disclosure(&backup::disclosure(), &file.path).map_err(|error| error.to_string())?;
            }
            println!("Backed up and checked: {}", file.path.display());
            Ok(())
        }
        Command::Restore { file, yes } => {
            // The live file may be damaged, so the key comes from the key file alone:
            // the live one, or the backup's own when the live one is lost.
            let keyring = Keyring::load_settled(db_path)
                .or_else(|_| Keyring::load_file(&key_file_path(&file)))
                .map_err(|error| error.to_string())?;
            let passphrase = passphrase(user)?;
            let (key, who) = keyring.unlock(user, &passphrase).map_err(|error| error.to_string())?;
            allowed(&who, Capability::Administer)?;
            let check =
                backup::check(&file, &key).map_err(|error| format!("{}; nothing was changed", about(&file, &error)))?;
            if !yes {
                return Err(format!(
                    "{} holds {} prisoners (schema {}). Restoring replaces {}; run again with --yes to go ahead",
                    file.display(),
                    check.prisoners,
                    check.version,
                    db_path.display()
                ));
            }
            // Refuse while anyone has the file open; a damaged file can still be replaced.
            let folder = match db_path.exists().then(|| Db::open(db_path, &key, &who.name)) {
                Some(Ok(db)) => db.backup_folder().map_err(|error| error.to_string())?,
                Some(Err(error @ StorageError::InUse { .. })) => return Err(format!("{error}; nothing was changed")),
                _ => backup::default_folder(db_path),
            };
            let kept = backup::restore(db_path, &key, &file, &folder, chrono::Utc::now(), &who.name)
                .map_err(|error| error.to_string())?;
            match kept {
                Some(kept) => println!("Restored {}; the file as it was is kept at {}", file.display(), kept.display()),
                None => println!("Restored {}", file.display()),
            }
            Ok(())
        }
        Command::ReKey { yes } => {
            let passphrase = passphrase(user)?;
            let db = sign_in_with(db_path, user, &passphrase, Capability::Administer)?;
            if !yes {
                return Err(format!(
                    "Re-keying puts {} under a new key and a new recovery key (the old one stops working); run again with --yes to go ahead",
                    db_path.display()
                ));
            }
            let folder = db.backup_folder().map_err(|error| error.to_string())?;
            drop(db);
            let done = storage::re_key(db_path, user, &passphrase, &folder, chrono::Utc::now())
                .map_err(|error| format!("{error}; the case file is as it was"))?;
            println!(
                "Re-keyed {}. A checked backup under the old key is at {}.\nNew recovery key (print it and lock it away; it is shown only now): {}",
                db_path.display(),
                done.backup.display(),
                done.recovery.as_str()
            );
            if done.pending > 0 {
                println!(
                    "{} keep their passphrase; their key is sealed anew when they next sign in.",
                    omu_core::domain::text::plural(done.pending, "other user")
                );
            }
            Ok(())
        }
        Command::Check { file } => {
            let target = file.as_deref().unwrap_or(db_path);
            let keyring = Keyring::load_settled(db_path)
                .or_else(|_| Keyring::load_file(&key_file_path(target)))
                .map_err(|error| error.to_string())?;
            let (key, _) = keyring.unlock(user, &passphrase(user)?).map_err(|error| error.to_string())?;
            let check = backup::check(target, &key).map_err(|error| about(target, &error))?;
            if !check.guard_problems.is_empty() {
                for problem in &check.guard_problems {
                    println!("{problem}");
                }
                return Err(format!(
                    "{}: the database's own guards were changed outside OMU Desk; an administrator can put them back from the Audit trail screen",
                    target.display()
                ));
            }
            // The trail against its seals and published heads, for a file at today's
            // schema (an older backup is brought up to date, and checked, when opened).
            if check.version == storage::LATEST_VERSION {
                let trail = backup::check_trail(target, &key).map_err(|error| about(target, &error))?;
                if !trail.is_intact() {
                    for line in trail.details() {
                        println!("{line}");
                    }
                    return Err(format!("{}: {}", target.display(), trail.summary()));
                }
            }
            println!("{}: OK, schema version {}, {} prisoners", target.display(), check.version, check.prisoners);
            Ok(())
        }
        Command::Audit(AuditCommand::Verify { heads }) => {
            let typed = heads
                .iter()
                .map(|head| PrintedHead::parse(head).map_err(|reason| format!("--head \"{head}\": {reason}")))
                .collect::<Result<Vec<_>, _>>()?;
            let db = sign_in(db_path, user, Capability::Administer)?;
            let report = db.verify_audit_with(&typed).map_err(|error| error.to_string())?;
            for line in report.details() {
                println!("{line}");
            }
            if report.is_intact() {
                println!("{}", report.summary());
                Ok(())
            } else {
                Err(report.summary())
            }
        }
        Command::Audit(AuditCommand::Acknowledge) => {
            let mut db = sign_in(db_path, user, Capability::Administer)?;
            let report = db.verify_audit().map_err(|error| error.to_string())?;
            db.acknowledge_outside(&report.outside).map_err(|error| error.to_string())?;
            println!(
                "Noted {} written outside OMU Desk as looked at by {user}.",
                plural_with(report.outside.len(), "entry", "entries")
            );
            Ok(())
        }
        Command::Audit(AuditCommand::Export { from, to, prisoner, out }) => {
            let day = |value: Option<String>, name: &str| {
                value
                    .map(|value| {
                        omu_core::domain::dates::parse_date(&value).map_err(|message| format!("--{name}: {message}"))
                    })
                    .transpose()
                    .map(Option::flatten)
            };
            let (from, to) = (day(from, "from")?, day(to, "to")?);
            let mut db = sign_in(db_path, user, Capability::Administer)?;
            let prisoner_id = prisoner.map(|number| find_prisoner(&db, &number)).transpose()?;
            let entries = db
                .audit_entries(&omu_core::storage::AuditFilter { from, to, prisoner_id, limit: None })
                .map_err(|error| error.to_string())?;
            let names = db.audit_names().map_err(|error| error.to_string())?;
            let table = exchange::lists::audit_trail(&entries, &names);
            exchange::lists::write_list(&mut db, &table, &out).map_err(|error| error.to_string())?;
            println!("Exported {} audit entries to {}", entries.len(), out.display());
            Ok(())
        }
        Command::ExportList { kind, out, staff, from, to } => {
            // The ending is checked before signing in, so a mistyped name costs nothing.
            exchange::lists::ListFormat::of(&out).map_err(|error| error.to_string())?;
            let today = london_today();
            let day = |value: Option<String>, name: &str, default: chrono::NaiveDate| match value
                .map(|value| omu_core::domain::dates::parse_date(&value))
                .transpose()
            {
                Ok(day) => Ok(day.flatten().unwrap_or(default)),
                Err(problem) => Err(format!("--{name}: {problem}")),
            };
            let (first, last) = (day(from, "from", today - chrono::Duration::days(7))?, day(to, "to", today)?);
            if first > last {
                return Err("--from: cannot be after --to".into());
            }
            let mut db = sign_in(db_path, user, kind.needs())?;
            let whose = whose_caseload(&db, staff.as_deref(), user)?;
            let midnight = chrono::NaiveTime::MIN;
            let scope = exchange::lists::ListScope {
                staff_id: whose.as_ref().map(|member| member.id),
                from: omu_core::domain::dates::london_to_utc(first, midnight),
                to: omu_core::domain::dates::london_to_utc(last + chrono::Duration::days(1), midnight),
            };
            let table = exchange::lists::from_case_file(&db, kind, scope, today, chrono::Utc::now())
                .map_err(|error| error.to_string())?;
            let rows = exchange::lists::write_list(&mut db, &table, &out).map_err(|error| error.to_string())?;
            println!("Exported {} ({}) to {}", table.title.to_lowercase(), plural(rows, "row"), out.display());
            Ok(())
        }
        Command::Where => {
            println!("{}", db_path.display());
            Ok(())
        }
    }
}

/// A problem with a file the person named, saying which file unless the message does.
fn about(path: &Path, error: &StorageError) -> String {
    match error {
        StorageError::NoSuchFile { .. } => error.to_string(),
        _ => format!("{}: {error}", path.display()),
    }
}
