//! `omu-desk`: the desktop app, and the command line that tests and scripts use.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use omu_core::domain::staff::os_user_name;
use omu_desk::ui;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let db_path = match cli.db.clone().map(Ok).unwrap_or_else(default_db_path) {
        Ok(path) => path,
        Err(message) => return fail(&message),
    };
    let name = cli.user.clone().or_else(os_user_name).unwrap_or_default();
    let result = match cli.command {
        None => ui::run(db_path, name),
        Some(command) => cli::run(command, &db_path, &name),
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
