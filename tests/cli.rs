//! End to end through the command line, as scripts and a supervisor's colleague in
//! IT would use it.

use std::process::{Command, Output};

use omu_core::demo;

/// Runs the command as the demo administrator, the passphrase given as a script would.
fn omu(args: &[&str]) -> Output {
    omu_as(demo::DEMO_USER, demo::DEMO_PASSPHRASE, args)
}

fn omu_as(user: &str, passphrase: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omu-desk"))
        .args(args)
        .env_remove("OMU_DESK_DB")
        .env("OMU_DESK_USER", user)
        .env("OMU_DESK_PASSPHRASE", passphrase)
        .output()
        .expect("run omu-desk")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn demo_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let out = omu(&["demo", "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("60 prisoners"));
    assert!(stdout(&out).contains(&format!("passphrase \"{}\"", demo::DEMO_PASSPHRASE)), "the demo users are told");

    let json = dir.path().join("all.json");
    let out = omu(&["export", "--db", db, "--out", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let copy = dir.path().join("copy.sqlite3");
    let out = omu(&["import", "--db", copy.to_str().unwrap(), json.to_str().unwrap()]);
    assert!(!out.status.success(), "no case file to import into yet");
    assert!(stderr(&out).contains("set one up"), "{}", stderr(&out));
    let out = omu(&["set-up", "--db", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Recovery key"));
    let out = omu(&["import", "--db", copy.to_str().unwrap(), json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("60 prisoners added"), "{}", stdout(&out));

    // The same file again: refused, non-zero, every clash named.
    let out = omu(&["import", "--db", copy.to_str().unwrap(), json.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already in the case file"));

    // One prisoner as a transfer pack.
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let number = document["prisoners"][0]["prison_number"].as_str().unwrap().to_string();
    let pack = dir.path().join("pack.json");
    let out = omu(&["export", "--db", db, "--prisoner", &number.to_lowercase(), "--out", pack.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Exported 1 prisoner"));
    let out = omu(&["import", "--db", copy.to_str().unwrap(), "--replace", pack.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 replaced"));
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_omu-desk")).arg("where").env("OMU_DESK_DB", &db).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), db.to_str().unwrap());
}

#[test]
fn bad_input_gets_a_message_and_a_failure_code_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("case.sqlite3");
    let db = db.to_str().unwrap();
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, b"\x00\x01 not json").unwrap();
    let not_a_db = dir.path().join("not-a-db.sqlite3");
    std::fs::write(&not_a_db, b"hello, this is text").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["import", "--db", db, garbage.to_str().unwrap()],
        vec!["import", "--db", db, "/no/such/file.json"],
        vec!["export", "--db", db, "--prisoner", "NOT-A-NUMBER", "--out", "x.json"],
        vec!["export", "--db", db, "--prisoner", "Z9999ZZ", "--out", "x.json"],
        vec!["export", "--db", not_a_db.to_str().unwrap(), "--out", "x.json"],
        vec!["no-such-command"],
        vec!["demo", "--db", db, "--size", "enormous"],
    ];
    for args in cases {
        let out = omu(&args);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.is_empty(), "{args:?} said nothing");
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    }
    // The demo refuses a file that already has data.
    assert!(omu(&["demo", "--db", db]).status.success());
    let again = omu(&["demo", "--db", db]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("new, empty case file"));
    assert!(!dir.path().join("x.json").exists());
}

#[test]
fn every_command_needs_the_right_person_and_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    let plan = dir.path().join("plan.pdf");
    let plan = plan.to_str().unwrap();

    // A wrong passphrase: a clear refusal, nothing written.
    let out = omu_as(
        demo::DEMO_USER,
        "not the passphrase",
        &["print-plan", "--db", db, "--prisoner", "A1234BC", "--out", plan],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("do not open this case file"), "{}", stderr(&out));

    // The gate officer may print the key register but no case record, by any command.
    let (gate, _) = demo::DEMO_ACCOUNTS[2];
    let keys = dir.path().join("keys.pdf");
    let out = omu_as(gate, demo::DEMO_PASSPHRASE, &["key-reconciliation", "--db", db, "--out", keys.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let overdue = dir.path().join("overdue.pdf");
    let out = omu_as(gate, demo::DEMO_PASSPHRASE, &["keys-overdue", "--db", db, "--out", overdue.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Printed the keys overdue to"), "{}", stdout(&out));
    assert!(std::fs::read(&overdue).unwrap().starts_with(b"%PDF"));
    for args in [
        vec!["print-plan", "--db", db, "--prisoner", "A1234BC", "--out", plan],
        vec!["export", "--db", db, "--out", "all.json"],
        vec!["board-pack", "--db", db, "--date", "2026-12-01", "--out", plan],
        vec!["audit", "verify", "--db", db],
    ] {
        let out = omu_as(gate, demo::DEMO_PASSPHRASE, &args);
        assert!(!out.status.success(), "{args:?} allowed for the gate");
        assert!(stderr(&out).contains("may not do this"), "{args:?}: {}", stderr(&out));
    }
    assert!(!std::path::Path::new(plan).exists());

    // The administrator checks the audit trail's seals and exports it.
    let out = omu(&["audit", "verify", "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Audit trail intact"), "{}", stdout(&out));
    let csv = dir.path().join("audit.csv");
    let out = omu(&["audit", "export", "--db", db, "--out", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Entry,At (UTC),Who,Action"), "{}", &text[..60]);
    assert!(text.contains(",disclose,"), "the gate's printout is logged as a disclosure");
}

#[test]
fn a_caseload_spreadsheet_goes_in_from_the_command_line_after_a_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("case.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    let sheet = dir.path().join("caseload.csv");
    std::fs::write(
        &sheet,
        "Prison No,Surname,Forenames,DOB,Sentence,Length,RoSH,OS\r\n\
         Z1234ZZ,Newman,Alex,03/04/1991,SDS,3y,VH,Rachel Okoro\r\n\
         Z2345ZZ,Newell,Sam,1985-06-07,Det,18 months,Med,Rachel Okoro\r\n",
    )
    .unwrap();
    let count = |db: &str| {
        let out = omu(&[
            "export-list",
            "caseload",
            "--staff",
            "unit",
            "--db",
            db,
            "--out",
            dir.path().join("n.csv").to_str().unwrap(),
        ]);
        assert!(out.status.success());
        std::fs::read_to_string(dir.path().join("n.csv")).unwrap().lines().count()
    };
    let before = count(db);
    let mapping = dir.path().join("mapping.json");
    let sheet_path = sheet.to_str().unwrap();
    let out = omu(&["import-sheet", sheet_path, "--db", db, "--dry-run", "--write-mapping", mapping.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("'DOB' → Date of birth") && said.contains("'RoSH' → Risk of serious harm"), "{said}");
    assert!(said.contains("2 prisoners to add") && said.contains("Dry run: nothing was written."), "{said}");
    assert_eq!(count(db), before, "the dry run wrote nothing");

    // The mapping written, passed back: the same import, now for real.
    let out = omu(&["import-sheet", sheet_path, "--db", db, "--mapping", mapping.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 prisoners added"), "{}", stdout(&out));
    assert_eq!(count(db), before + 2);
    // Again: the rows are there already and are left alone.
    let out = omu(&["import-sheet", sheet_path, "--db", db]);
    assert!(stdout(&out).contains("2 already here left alone"), "{}", stdout(&out));

    // A bad row: every problem said, nothing written, a failure code.
    std::fs::write(
        &sheet,
        "Prison No,Surname,Forenames,DOB,Length\nZ3456ZZ,Bad,Date,31/02/1990,2y\nZ4567ZZ,Good,Row,01/01/1990,2y\n",
    )
    .unwrap();
    let out = omu(&["import-sheet", sheet_path, "--db", db]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("row 2, column 'DOB': '31/02/1990' is not a real date"), "{}", stdout(&out));
    assert!(stderr(&out).contains("nothing was imported: 1 problem"), "{}", stderr(&out));
    assert_eq!(count(db), before + 2);
}

#[test]
fn every_list_exports_as_a_workbook_or_csv_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("case.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    for kind in ["caseload", "due", "unmet-need", "workload", "induction-overdue", "key-history", "audit"] {
        for ending in ["xlsx", "csv"] {
            let out = dir.path().join(format!("{kind}.{ending}"));
            let run = omu(&["export-list", kind, "--db", db, "--out", out.to_str().unwrap()]);
            assert!(run.status.success(), "{kind}.{ending}: {}", stderr(&run));
            assert!(stdout(&run).contains("Exported"), "{}", stdout(&run));
            let bytes = std::fs::read(&out).unwrap();
            match ending {
                "xlsx" => assert!(bytes.starts_with(b"PK"), "{kind}: a workbook is a zip"),
                _ => assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{kind}: UTF-8 with its mark"),
            }
        }
    }
    // One supervisor's caseload, and a name nobody has.
    let mine = dir.path().join("mine.csv");
    let run = omu(&["export-list", "caseload", "--staff", "Rachel Okoro", "--db", db, "--out", mine.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let lines = std::fs::read_to_string(&mine).unwrap().lines().count();
    let unit = dir.path().join("unit.csv");
    assert!(
        omu(&["export-list", "caseload", "--staff", "unit", "--db", db, "--out", unit.to_str().unwrap()])
            .status
            .success()
    );
    let all = std::fs::read_to_string(&unit).unwrap().lines().count();
    assert!(1 < lines && lines < all, "{lines} of {all}");
    let run = omu(&["export-list", "due", "--staff", "Nobody Here", "--db", db, "--out", mine.to_str().unwrap()]);
    assert!(stderr(&run).contains("nobody called Nobody Here"), "{}", stderr(&run));
    // A file that is neither: said before anything is written.
    let pdf = dir.path().join("due.pdf");
    let run = omu(&["export-list", "due", "--db", db, "--out", pdf.to_str().unwrap()]);
    assert!(!run.status.success() && stderr(&run).contains(".xlsx (Excel) or .csv"), "{}", stderr(&run));
    assert!(!pdf.exists());
    // Each export is a disclosure in the trail, with where it went.
    let trail = dir.path().join("trail.csv");
    assert!(omu(&["audit", "export", "--db", db, "--out", trail.to_str().unwrap()]).status.success());
    let trail = std::fs::read_to_string(&trail).unwrap();
    assert!(trail.lines().any(|line| line.contains("deadlines exported") && line.contains("due.xlsx")), "{trail}");
    assert!(trail.lines().any(|line| line.contains("workload summary exported")));
}

#[test]
fn the_app_without_a_display_says_so_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("case.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_omu-desk"))
        .args(["--db", db.to_str().unwrap()])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run omu-desk");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("there is no graphical display"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    assert!(!db.exists(), "nothing is created");
}

#[test]
fn an_administrator_re_keys_from_the_command_line_and_everyone_still_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());

    let out = omu(&["re-key", "--db", db]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("run again with --yes"), "{}", stderr(&out));
    let (gate, _) = demo::DEMO_ACCOUNTS[2];
    let out = omu_as(gate, demo::DEMO_PASSPHRASE, &["re-key", "--db", db, "--yes"]);
    assert!(stderr(&out).contains("may not do this"), "{}", stderr(&out));

    let out = omu(&["re-key", "--db", db, "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("New recovery key"), "{}", stdout(&out));
    assert!(stdout(&out).contains("keep their passphrase"), "{}", stdout(&out));

    let out = omu(&["audit", "verify", "--db", db]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let keys = dir.path().join("keys.pdf");
    let out = omu_as(gate, demo::DEMO_PASSPHRASE, &["key-reconciliation", "--db", db, "--out", keys.to_str().unwrap()]);
    assert!(out.status.success(), "the gate officer's slot still opens the file: {}", stderr(&out));
}

#[test]
fn check_reports_an_entry_written_outside_the_app_until_an_administrator_has_looked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    let db = path.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    assert!(omu(&["check", "--db", db]).status.success());

    // An insider adds an entry with SQL on a keyed connection.
    let (key, _) = omu_core::storage::unlock(&path, demo::DEMO_USER, demo::DEMO_PASSPHRASE).unwrap();
    let conn = omu_core::storage::connect(&path, &key, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    conn.execute_batch(
        "INSERT INTO audit_log (at, actor, action, table_name, row_id, old_values, new_values)
         VALUES ('2026-11-30T09:00:00.000Z', 'Rachel Okoro', 'view', 'prisoner', 1, NULL, NULL)",
    )
    .unwrap();
    drop(conn);

    let out = omu(&["check", "--db", db]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("written outside OMU Desk"), "{}{}", stdout(&out), stderr(&out));
    assert!(omu(&["audit", "acknowledge", "--db", db]).status.success());
    let out = omu(&["check", "--db", db]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

/// A Python interpreter with the `icalendar` package (Debian: python3-icalendar), a
/// second reader of the calendar besides the crate that wrote it.
fn python_with_icalendar() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|python| {
            Command::new(python).args(["-c", "import icalendar"]).output().is_ok_and(|out| out.status.success())
        })
        .expect("the calendar test reads the file with Python's icalendar package: apt-get install python3-icalendar")
}

#[test]
fn the_calendar_opens_in_a_second_parser_with_london_times_and_the_same_ids_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    let first = dir.path().join("first.ics");
    let out = omu(&["calendar", "--db", db, "--staff", "Rachel Okoro", "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("for Rachel Okoro's caseload"), "{}", stdout(&out));

    // Each event's id, whether it is all day, and its start in UTC, as Python reads them.
    let script = r#"
import sys, icalendar, datetime
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for event in calendar.walk('VEVENT'):
    start = event.decoded('DTSTART')
    if isinstance(start, datetime.datetime):
        print(event['UID'], 'at', start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M'), len(event.get('ATTENDEE', [])))
    else:
        print(event['UID'], 'day', start.isoformat(), (event.decoded('DTEND') - start).days)
"#;
    let read = |file: &std::path::Path| -> Vec<String> {
        let out = Command::new(python_with_icalendar()).args(["-c", script, file.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "Python could not read the calendar: {}", stderr(&out));
        stdout(&out).lines().map(str::to_string).collect()
    };
    let events = read(&first);
    assert!(events.iter().any(|line| line.starts_with("deadline-parole_report-")), "{events:?}");
    assert!(
        events.iter().filter(|line| line.contains(" day ")).all(|line| line.ends_with(" 1")),
        "all-day events last a day"
    );
    // The demo's boards are at London times; in December that is UTC.
    let boards: Vec<_> = events.iter().filter(|line| line.starts_with("board-")).collect();
    assert!(!boards.is_empty(), "{events:?}");
    assert!(boards.iter().all(|line| !line.ends_with(" 0")), "boards carry their attendees: {boards:?}");

    // A second export names the same events, so a calendar updates them.
    let second = dir.path().join("second.ics");
    assert!(
        omu(&["calendar", "--db", db, "--staff", "Rachel Okoro", "--out", second.to_str().unwrap()]).status.success()
    );
    let ids =
        |lines: &[String]| lines.iter().map(|line| line.split(' ').next().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&read(&second)), ids(&events));

    // A folder that cannot be written: a message, a failure code, no file and nothing
    // recorded as disclosed.
    // (Its "folder" is a file.)
    let nowhere = first.join("x.ics");
    let out = omu(&["calendar", "--db", db, "--out", nowhere.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    let trail = dir.path().join("trail.csv");
    assert!(omu(&["audit", "export", "--db", db, "--out", trail.to_str().unwrap()]).status.success());
    let trail = std::fs::read_to_string(&trail).unwrap();
    // Each export is recorded against every prisoner in it, with where it went.
    assert!(trail.lines().any(|line| line.contains("calendar of") && line.contains("first.ics")), "{trail}");
    assert!(trail.lines().any(|line| line.contains("calendar of") && line.contains("second.ics")));
    assert!(!trail.contains("x.ics"), "the failed export is not recorded");
}

#[test]
fn the_unit_report_prints_from_the_command_line_and_a_bad_month_gets_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    assert!(omu(&["demo", "--db", db]).status.success());
    let pdf = dir.path().join("unit.pdf");
    let out = omu(&["unit-report", "--db", db, "--staff", "unit", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Printed the unit report to"), "{}", stdout(&out));
    let document = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).unwrap();
    assert!(text.contains("How the unit is doing") && text.contains("Key incidents and late returns"), "{text}");
    let earlier = omu(&["unit-report", "--db", db, "--month", "2026-03", "--out", pdf.to_str().unwrap()]);
    assert!(earlier.status.success(), "{}", stderr(&earlier));
    let bad = omu(&["unit-report", "--db", db, "--month", "March", "--out", pdf.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--month: give the month as YYYY-MM"), "{}", stderr(&bad));
}
