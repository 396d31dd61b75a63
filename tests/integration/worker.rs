//! The confined render worker, driven the way the command line drives it: real worker processes
//! of the real binary, asked over their pipes. The probes prove the confinement from inside a
//! worker (the filter refuses opening a file that the test itself can read, a socket, a
//! program); the kill paths prove that a worker which overruns, aborts or runs out of memory is
//! stopped, reaped and replaced, and what its logo is told.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mdelist::worker::protocol::{Answer, Probe, Request};
use mdelist::worker::{Failure, Pool};

fn pool() -> Pool {
    Pool::new(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")))
}

fn refused(pool: &Pool, probe: Probe) -> String {
    match pool.ask(&Request::Probe(probe)) {
        Ok(Answer::Probed {
            allowed: false,
            detail,
        }) => detail,
        other => panic!("{probe:?} was not refused: {other:?}"),
    }
}

/// The one idle worker's process id.
fn idle_pid(pool: &Pool) -> u32 {
    let pids = pool.idle_pids();
    assert_eq!(pids.len(), 1, "{pids:?}");
    pids[0]
}

fn proc_field(pid: u32, file: &str, field: &str) -> String {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap();
    text.lines()
        .find(|line| line.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/{file}"))
        .to_string()
}

fn gone(pid: u32) -> bool {
    // A reaped process has no /proc entry; a zombie still has one.
    !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn a_worker_cannot_open_files_create_sockets_or_start_programs() {
    // The test process itself can read the file the probe tries.
    assert!(std::fs::File::open("/etc/hostname").is_ok());
    let pool = pool();
    let expected = "Operation not permitted (os error 1)";
    assert_eq!(refused(&pool, Probe::OpenFile), expected);
    assert_eq!(refused(&pool, Probe::Socket), expected);
    assert_eq!(refused(&pool, Probe::Exec), expected);
    // All three went to the same worker: refusing is not dying.
    assert_eq!(pool.idle_workers(), 1);
}

#[test]
fn a_worker_runs_under_its_limits_and_filter() {
    let pool = pool();
    let _ = refused(&pool, Probe::OpenFile);
    let pid = idle_pid(&pool);
    let limit = |name: &str| {
        let line = proc_field(pid, "limits", name);
        line.split_whitespace()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(limit("Max address space"), "536870912 536870912 bytes");
    assert_eq!(limit("Max core file size"), "0 0 bytes");
    // The processor time the probe used (under a second) and 5 s more, rounded up.
    assert_eq!(limit("Max cpu time"), "6 unlimited seconds");
    assert_eq!(proc_field(pid, "status", "NoNewPrivs:"), "NoNewPrivs:\t1");
    // 2: filter mode.
    assert_eq!(proc_field(pid, "status", "Seccomp:"), "Seccomp:\t2");
}

#[test]
fn a_worker_is_reused_from_logo_to_logo() {
    let pool = pool();
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="8" height="16" fill="#0F4C81"/></svg>"##;
    let first = pool.render(logo, &[16, 32]).unwrap();
    let pid = idle_pid(&pool);
    let second = pool.render(logo, &[16, 32]).unwrap();
    assert_eq!(idle_pid(&pool), pid);
    assert_eq!(first.pixmaps.len(), 2);
    assert_eq!(first.pixmaps[1].width(), 32);
    assert_eq!(first.pixmaps[0].data(), second.pixmaps[0].data());
    // The left half is the rectangle's colour, the right half transparent.
    let pixel = |x: u32, y: u32| first.pixmaps[0].pixel(x, y).unwrap();
    assert_eq!(
        (pixel(2, 8).red(), pixel(2, 8).green(), pixel(2, 8).blue()),
        (0x0F, 0x4C, 0x81)
    );
    assert_eq!(pixel(12, 8).alpha(), 0);
    // The same renders as in this process, byte for byte.
    let here = mdelist::svg::render::render_in_process(logo, &[16, 32]).unwrap();
    assert_eq!(here.pixmaps[1].data(), first.pixmaps[1].data());
    assert_eq!(here.work, first.work);
}

#[test]
fn a_worker_past_its_memory_limit_is_replaced() {
    let pool = pool();
    // Within the limit: allowed.
    assert!(matches!(
        pool.ask(&Request::Probe(Probe::Allocate(64))),
        Ok(Answer::Probed { allowed: true, .. })
    ));
    let pid = idle_pid(&pool);
    assert_eq!(
        pool.ask(&Request::Probe(Probe::Allocate(600))),
        Err(Failure::Died(
            "it needs more memory than the renderer may use (512 MiB)".into()
        ))
    );
    assert!(gone(pid), "the worker was not reaped");
    assert_eq!(pool.idle_workers(), 0);
    // The next request gets a fresh worker.
    let _ = refused(&pool, Probe::OpenFile);
    assert_ne!(idle_pid(&pool), pid);
}

#[test]
fn a_worker_that_aborts_is_replaced() {
    let pool = pool();
    let _ = refused(&pool, Probe::OpenFile);
    let pid = idle_pid(&pool);
    assert_eq!(
        pool.ask(&Request::Probe(Probe::Abort)),
        Err(Failure::Died("the renderer aborted on it".into()))
    );
    assert!(gone(pid));
    let _ = refused(&pool, Probe::OpenFile);
}

#[test]
fn a_worker_over_the_wall_clock_budget_is_killed_and_reaped() {
    let budget = Duration::from_millis(300);
    let pool = Pool::with_budget(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")), budget);
    let _ = refused(&pool, Probe::OpenFile);
    let pid = idle_pid(&pool);
    let started = Instant::now();
    assert_eq!(
        pool.ask(&Request::Probe(Probe::Spin)),
        Err(Failure::OverBudget)
    );
    assert!(started.elapsed() >= budget);
    assert!(gone(pid), "the spinning worker is still there");
    let _ = refused(&pool, Probe::OpenFile);
}

#[test]
fn a_worker_over_its_processor_time_is_stopped_by_the_kernel() {
    // A wall-clock budget the processor-time limit (5 s of processor time per request, and one
    // second of slack) reaches first: the kernel stops the worker, not the parent.
    let pool = Pool::with_budget(
        PathBuf::from(env!("CARGO_BIN_EXE_mdelist")),
        Duration::from_secs(120),
    );
    let started = Instant::now();
    assert_eq!(
        pool.ask(&Request::Probe(Probe::Spin)),
        Err(Failure::OverBudget)
    );
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn a_worker_given_a_malformed_request_stops_without_answering() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdelist"))
        .arg("__render-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A frame announcing 4 GiB.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&[0xFF, 0xFF, 0xFF, 0xFF, 1])
        .unwrap();
    let status = child.wait().unwrap();
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(2));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: render worker: a request could not be read: the frame is 4294967295 bytes, over \
         the cap\n"
    );
}
