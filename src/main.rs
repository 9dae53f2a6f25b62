//! `omu-desk`: the desktop app, and the command line that tests and scripts use.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use omu_desk::domain::dates::london_today;
use omu_desk::domain::prisoner::PrisonNumber;
use omu_desk::domain::staff::os_user_name;
use omu_desk::storage::{Db, Error as StorageError, backup};
use omu_desk::{demo, exchange, print, ui};

#[derive(Parser)]
#[command(name = "omu-desk", version, about = "Offline case management for a prison Offender Management Unit")]
struct Cli {
    /// The case file (SQLite). Default: the platform data folder.
    #[arg(long, global = true, env = "OMU_DESK_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Your name, as the audit trail records it. Default: the name saved in the
    /// case file's settings, or the computer's user name.
    #[arg(long, global = true, env = "OMU_DESK_USER", value_name = "NAME")]
    user: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a new, empty case file with a demo establishment.
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
    /// Check a case file or backup: integrity, version, that it is an OMU Desk file.
    Check {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Print where the case file is.
    Where,
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
    let result = match cli.command {
        None => ui::run(db_path, cli.user).map_err(|error| error.to_string()),
        Some(command) => run_command(command, &db_path, cli.user.as_deref()),
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
    omu_desk::storage::default_path()
        .ok_or_else(|| "cannot find a data folder for this user: give the case file with --db PATH".to_string())
}

fn open(path: &Path, user: Option<&str>) -> Result<Db, String> {
    let actor = user.map(str::to_string).unwrap_or_else(os_user_name);
    let mut db = Db::open(path, &actor).map_err(|error| format!("{}: {error}", path.display()))?;
    if user.is_none() {
        // The name saved in settings is who uses this file.
        let saved = db.settings().map_err(|error| error.to_string())?.user_name;
        db.set_actor(&saved).map_err(|error| error.to_string())?;
    }
    Ok(db)
}

/// Opens a case file that must already exist (reading commands never create one).
fn open_existing(path: &Path, user: Option<&str>) -> Result<Db, String> {
    if !path.exists() {
        return Err(format!("there is no case file at {}", path.display()));
    }
    open(path, user)
}

fn find_prisoner(db: &Db, number: &str) -> Result<i64, String> {
    let number = PrisonNumber::parse(number).map_err(|message| format!("--prisoner: {message}"))?;
    db.prisoner_by_number(&number)
        .map_err(|error| error.to_string())?
        .map(|prisoner| prisoner.id)
        .ok_or_else(|| format!("prison number {number} is not in the case file"))
}

fn run_command(command: Command, db_path: &Path, user: Option<&str>) -> Result<(), String> {
    match command {
        Command::Demo { size: DemoSize::Large } => {
            let mut db = open(db_path, user)?;
            let as_user = user.unwrap_or(demo::DEMO_USER);
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
            let mut db = open(db_path, user)?;
            let as_user = user.unwrap_or(demo::DEMO_USER);
            let count = demo::populate(&mut db, london_today(), as_user).map_err(|error| error.to_string())?;
            println!(
                "Demo establishment '{}' written to {}: {count} prisoners; you are {as_user}.",
                demo::DEMO_ESTABLISHMENT,
                db_path.display()
            );
            Ok(())
        }
        Command::Export { out, prisoner } => {
            let db = open_existing(db_path, user)?;
            let prisoner = prisoner
                .map(|number| PrisonNumber::parse(&number).map_err(|message| format!("--prisoner: {message}")))
                .transpose()?;
            let count = exchange::export_to_file(&db, prisoner.as_ref(), &out).map_err(|error| error.to_string())?;
            println!("Exported {count} prisoner(s) to {}", out.display());
            Ok(())
        }
        Command::Import { file, replace } => {
            let mut db = open(db_path, user)?;
            let summary =
                exchange::import_file(&mut db, &file, replace, london_today()).map_err(|error| error.to_string())?;
            println!(
                "Imported {}: {} prisoner(s) added, {} replaced, {} contact(s) and {} staff added.",
                file.display(),
                summary.prisoners_added,
                summary.prisoners_replaced,
                summary.contacts_added,
                summary.staff_added
            );
            Ok(())
        }
        Command::PrintInduction { prisoner, out } => {
            let mut db = open_existing(db_path, user)?;
            let id = find_prisoner(&db, &prisoner)?;
            let printable = print::induction_record(&db, id, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages =
                print::print_to_file(&mut db, &printable, ("prisoner", id), &out).map_err(|error| error.to_string())?;
            println!("Printed the induction record to {} ({pages} page(s))", out.display());
            Ok(())
        }
        Command::PrintPlan { prisoner, out } => {
            let mut db = open_existing(db_path, user)?;
            let id = find_prisoner(&db, &prisoner)?;
            let plan = print::latest_plan(&db, id).map_err(|error| error.to_string())?;
            let printable = print::sentence_plan(&db, plan, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, ("plan_version", plan), &out)
                .map_err(|error| error.to_string())?;
            println!("Printed the sentence plan to {} ({pages} page(s))", out.display());
            Ok(())
        }
        Command::BoardPack { date, out } => {
            let day = omu_desk::domain::dates::parse_date(&date)
                .map_err(|message| format!("--date: {message}"))?
                .ok_or("--date: give the date of the meetings")?;
            let mut db = open_existing(db_path, user)?;
            let printable = print::board_pack(&db, day, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let plans = printable.document.sections.len();
            let pages = print::print_to_file(&mut db, &printable, ("planning_meeting", 0), &out)
                .map_err(|error| error.to_string())?;
            println!("Printed {plans} plan(s) to {} ({pages} page(s))", out.display());
            Ok(())
        }
        Command::KeyReconciliation { out } => {
            let mut db = open_existing(db_path, user)?;
            let printable = print::key_reconciliation(&db, chrono::Utc::now()).map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, ("key_movement", 0), &out)
                .map_err(|error| error.to_string())?;
            println!("Printed the key reconciliation to {} ({pages} page(s))", out.display());
            Ok(())
        }
        Command::KeyHistory { from, to, hook, tally, out } => {
            let day = |value: &str, name: &str| {
                omu_desk::domain::dates::parse_date(value)
                    .map_err(|message| format!("--{name}: {message}"))?
                    .ok_or(format!("--{name}: a date is required"))
            };
            let (from, to) = (day(&from, "from")?, day(&to, "to")?);
            if from > to {
                return Err("--from must be on or before --to".into());
            }
            let midnight = chrono::NaiveTime::MIN;
            let mut db = open_existing(db_path, user)?;
            let printable = print::key_history(
                &db,
                omu_desk::domain::dates::london_to_utc(from, midnight),
                omu_desk::domain::dates::london_to_utc(to + chrono::Duration::days(1), midnight),
                hook,
                tally,
                chrono::Utc::now(),
            )
            .map_err(|error| error.to_string())?;
            let pages = print::print_to_file(&mut db, &printable, ("key_movement", 0), &out)
                .map_err(|error| error.to_string())?;
            println!("Printed key movements to {} ({pages} page(s))", out.display());
            Ok(())
        }
        Command::Backup { to } => {
            if !db_path.exists() {
                return Err(format!("there is no case file at {}", db_path.display()));
            }
            let folder = to.unwrap_or_else(|| backup::configured_folder(db_path));
            let file = backup::back_up(db_path, &folder, chrono::Utc::now()).map_err(|error| error.to_string())?;
            println!("Backed up and checked: {}", file.path.display());
            Ok(())
        }
        Command::Restore { file, yes } => {
            let check =
                backup::check(&file).map_err(|error| format!("{}: {error}; nothing was changed", file.display()))?;
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
            let actor = user.map(str::to_string).unwrap_or_else(os_user_name);
            let folder = match Db::open(db_path, &actor) {
                Ok(db) => db.backup_folder().map_err(|error| error.to_string())?,
                Err(error @ StorageError::InUse { .. }) => return Err(format!("{error}; nothing was changed")),
                Err(_) => backup::default_folder(db_path),
            };
            let kept =
                backup::restore(db_path, &file, &folder, chrono::Utc::now()).map_err(|error| error.to_string())?;
            match kept {
                Some(kept) => println!("Restored {}; the file as it was is kept at {}", file.display(), kept.display()),
                None => println!("Restored {}", file.display()),
            }
            Ok(())
        }
        Command::Check { file } => {
            let target = file.as_deref().unwrap_or(db_path);
            let check = backup::check(target).map_err(|error| format!("{}: {error}", target.display()))?;
            println!("{}: OK, schema version {}, {} prisoners", target.display(), check.version, check.prisoners);
            Ok(())
        }
        Command::Where => {
            println!("{}", db_path.display());
            Ok(())
        }
    }
}
