//! The confined render worker, driven the way the command line drives it: real worker processes
//! of the real binary, asked over their pipes. The probes prove the confinement from inside a
//! worker (the filter refuses opening a file that the test itself can read, a socket, a
//! program); the kill paths prove that a worker which overruns, aborts or runs out of memory is
//! stopped, reaped and replaced, and what its logo is told.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mdelist::worker::protocol::{Answer, Probe, Request};
use mdelist::worker::{Failure, Pool};

/// The workers the command line runs: the render worker installed beside mdelist.
fn pool() -> Pool {
    let pool = Pool::beside(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")));
    assert_eq!(pool.program(), Path::new(WORKER));
    pool
}

const MDELIST: &str = env!("CARGO_BIN_EXE_mdelist");
const WORKER: &str = env!("CARGO_BIN_EXE_mdelist-render-worker");

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
    let here = mdelist::svg::render::render_now(logo, &[16, 32]).unwrap();
    assert_eq!(here.pixmaps[1].data(), first.pixmaps[1].data());
    assert_eq!(here.work, first.work);
}

/// A render started and waited for later: its worker is the request's alone until then (a
/// second render at the same time gets a worker of its own), the renders are those of a render
/// asked and waited for at once, and the worker goes back to the pool after the wait.
#[test]
fn a_started_render_is_waited_for_later_on_a_worker_of_its_own() {
    let pool = pool();
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="8" height="16" fill="#0F4C81"/></svg>"##;
    let first = pool.start_render(logo, &[16, 32], false);
    assert_eq!(pool.idle_workers(), 0);
    let second = pool.start_render(logo, &[32], true);
    assert_eq!(pool.idle_workers(), 0);
    let (first, second) = (first.wait().unwrap(), second.wait().unwrap());
    // The second worker still owes the PNGs: it is theirs until they are read.
    assert_eq!(pool.idle_workers(), 1);
    let here = mdelist::svg::render::render_now(logo, &[16, 32]).unwrap();
    assert_eq!(first.pixmaps[0].data(), here.pixmaps[0].data());
    assert_eq!(first.pixmaps[1].data(), here.pixmaps[1].data());
    assert_eq!(second.pixmaps[0].data(), here.pixmaps[1].data());
    assert_eq!(first.work, here.work);
    // Asked for, the PNGs come encoded by the worker after the renders, the bytes this process
    // would encode; then the worker goes back to the pool.
    assert!(!first.encoded_by_renderer());
    assert!(second.encoded_by_renderer());
    assert_eq!(
        second.encoded.as_ref().unwrap().pngs(),
        [here.pixmaps[1].encode_png().unwrap()]
    );
    assert_eq!(pool.idle_workers(), 2);
    assert_eq!(second.png(32), here.png(32));
    assert_eq!(second.pngs(&[32, 16]), [here.png(32), None]);
}

/// The budget of a started render counts from the wait: a caller busy for longer than the
/// budget before it waits still gets the renders (the worker was done, or blocked writing them).
#[test]
fn the_budget_of_a_started_render_counts_from_the_wait() {
    let budget = Duration::from_millis(300);
    let pool = Pool::with_budget(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")), budget);
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256"><circle cx="128" cy="128" r="100"/></svg>"##;
    let pending = pool.start_render(logo, &[64, 128, 256], true);
    // The caller's own work, longer than the budget (the subject of the test is time passing).
    std::thread::sleep(budget * 2);
    let renders = pending.wait().unwrap();
    assert_eq!(renders.pixmaps.len(), 3);
    assert_eq!(renders.pixmaps[2].pixel(128, 128).unwrap().alpha(), 255);
    // The PNGs that follow, read later still, are the worker's.
    std::thread::sleep(budget * 2);
    assert_eq!(pool.idle_workers(), 0);
    assert!(renders.png(256).is_some());
    assert_eq!(pool.idle_workers(), 1);
}

const SQUARE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="4" y="4" width="8" height="8" fill="#0F4C81"/></svg>"##;

/// PNGs asked for follow the renders on the same worker, which is theirs until they are read
/// and then serves the next logo; renders dropped with their PNGs unread stop their worker,
/// so no answer is ever left for the next request.
#[test]
fn pngs_follow_the_renders_and_their_worker_serves_again_only_after_them() {
    let pool = pool();
    pool.prestart();
    let pid = idle_pid(&pool);
    let here = mdelist::svg::render::render_now(SQUARE, &[16, 32]).unwrap();
    let renders = pool.start_render(SQUARE, &[16, 32], true).wait().unwrap();
    assert_eq!(pool.idle_workers(), 0);
    assert_eq!(
        renders.pngs(&[32, 16]),
        [here.png(32), here.png(16)],
        "the worker's PNGs, in the order asked"
    );
    assert_eq!(idle_pid(&pool), pid);
    // The same worker, asked again, answers this logo (not what it sent before).
    let other = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8"/></svg>"##;
    let again = pool.render(other, &[16]).unwrap();
    let other_here = mdelist::svg::render::render_now(other, &[16]).unwrap();
    assert_eq!(again.pixmaps[0].data(), other_here.pixmaps[0].data());
    assert_eq!(idle_pid(&pool), pid);
    // Dropped unread: that worker is stopped, and the next logo gets a fresh one.
    let unread = pool.start_render(SQUARE, &[16, 32], true).wait().unwrap();
    drop(unread);
    assert!(gone(pid), "a worker that owes PNGs went on");
    assert_eq!(pool.idle_workers(), 0);
    let fresh = pool.start_render(SQUARE, &[16, 32], true).wait().unwrap();
    assert_eq!(fresh.pixmaps[1].data(), here.pixmaps[1].data());
    assert_eq!(fresh.png(16), here.png(16));
    assert_ne!(idle_pid(&pool), pid);
}

/// A worker that dies after its renders, before or while it sends their PNGs, leaves them to be
/// encoded here: the same bytes, and the next logo is rendered by a worker that is alive.
#[test]
fn a_worker_killed_before_its_pngs_leaves_them_to_this_process() {
    let pool = pool();
    pool.prestart();
    let pid = idle_pid(&pool);
    // Large enough that its PNG takes the worker a while to encode.
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#0F4C81"/><rect width="3" height="16" fill="#E81123"/></svg>"##;
    let renders = pool.start_render(logo, &[1024, 16], true).wait().unwrap();
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid as i32).unwrap(),
        rustix::process::Signal::KILL,
    )
    .unwrap();
    let here = mdelist::svg::render::render_now(logo, &[1024, 16]).unwrap();
    assert_eq!(renders.pngs(&[1024, 16]), [here.png(1024), here.png(16)]);
    let again = pool.render(SQUARE, &[16]).unwrap();
    let square = mdelist::svg::render::render_now(SQUARE, &[16]).unwrap();
    assert_eq!(again.pixmaps[0].data(), square.pixmaps[0].data());
    assert!(gone(pid), "the killed worker was not reaped");
    assert_ne!(idle_pid(&pool), pid);
}

/// Renders that outlive their pool still get their worker's PNGs; the worker is stopped after
/// them, with no pool left to take it back.
#[test]
fn pngs_read_after_their_pool_is_gone_are_the_workers_and_it_stops() {
    let (renders, pid) = {
        let pool = pool();
        pool.prestart();
        let pid = idle_pid(&pool);
        (pool.start_render(SQUARE, &[32], true).wait().unwrap(), pid)
    };
    assert!(
        !gone(pid),
        "the worker owing PNGs was stopped with its pool"
    );
    let here = mdelist::svg::render::render_now(SQUARE, &[32]).unwrap();
    assert_eq!(
        renders.encoded.as_ref().unwrap().pngs(),
        [here.png(32).unwrap()]
    );
    assert!(gone(pid));
}

#[test]
fn a_started_worker_waits_idle_and_takes_the_first_logo() {
    let pool = pool();
    pool.prestart();
    let pid = idle_pid(&pool);
    // Started and waiting: alive, with nothing asked yet.
    assert!(!gone(pid));
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>"##;
    let rendered = pool.render(logo, &[16]).unwrap();
    assert_eq!(rendered.pixmaps[0].pixel(8, 8).unwrap().alpha(), 255);
    assert_eq!(idle_pid(&pool), pid);
}

#[test]
fn the_worker_subcommand_is_served_without_the_command_line() {
    // The worker answers a framed request on its stdin even though clap never saw it.
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdelist"))
        .arg("__render-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let payload = Request::Probe(Probe::Socket).encode();
    let mut stdin = child.stdin.take().unwrap();
    mdelist::worker::protocol::write_frame(&mut stdin, &payload).unwrap();
    stdin.flush().unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let length = u32::from_le_bytes(output.stdout[..4].try_into().unwrap()) as usize;
    assert_eq!(output.stdout.len(), 4 + length);
    assert_eq!(
        Answer::decode(&output.stdout[4..]).unwrap(),
        Answer::Probed {
            allowed: false,
            detail: "Operation not permitted (os error 1)".into()
        }
    );
    // With anything more on its command line, it is the command line's to refuse.
    let refused = Command::new(env!("CARGO_BIN_EXE_mdelist"))
        .args(["__render-worker", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_worker_answers_through_a_pipe_that_holds_a_whole_answer() {
    // 256, 128 and 64 px in RGBA with their PNGs are a third of a megabyte: the pipe holds it
    // all, so the worker writes an answer without waiting for the parent to read.
    let pool = pool();
    pool.prestart();
    let pid = idle_pid(&pool);
    let answers = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(format!("/proc/{pid}/fd/1"))
        .unwrap();
    assert_eq!(
        rustix::pipe::fcntl_getpipe_size(&answers).unwrap(),
        1024 * 1024
    );
}

#[test]
fn mdelist_alone_is_its_own_worker() {
    // A copy of mdelist with no render worker beside it runs `mdelist __render-worker`.
    let folder = tempfile::tempdir().unwrap();
    let alone = folder.path().join("mdelist");
    std::fs::copy(MDELIST, &alone).unwrap();
    let pool = Pool::beside(alone.clone());
    assert_eq!(pool.program(), alone.as_path());
    assert_renders_in(&pool, &alone);
    // Confined as the render worker is.
    assert_eq!(
        refused(&pool, Probe::OpenFile),
        "Operation not permitted (os error 1)"
    );
}

#[test]
fn a_render_worker_that_cannot_be_started_leaves_mdelist_to_be_its_own() {
    // Beside the copy of mdelist, a worker program without the right to run.
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("mdelist");
    std::fs::copy(MDELIST, &copy).unwrap();
    let worker = folder.path().join("mdelist-render-worker");
    std::fs::copy(WORKER, &worker).unwrap();
    std::fs::set_permissions(&worker, std::fs::Permissions::from_mode(0o644)).unwrap();
    let pool = Pool::beside(copy.clone());
    assert_eq!(pool.program(), worker.as_path());
    assert_renders_in(&pool, &copy);
}

/// Starts one worker of `pool`, checks that the process runs `program`, and renders a square
/// with it.
fn assert_renders_in(pool: &Pool, program: &Path) {
    pool.prestart();
    let pid = idle_pid(pool);
    assert_eq!(
        std::fs::read_link(format!("/proc/{pid}/exe")).unwrap(),
        program
    );
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>"##;
    let rendered = pool.render(logo, &[16]).unwrap();
    assert_eq!(rendered.pixmaps[0].pixel(8, 8).unwrap().alpha(), 255);
}

/// Sends `request` to `child`'s stdin and reads one answer from its stdout.
fn exchange(child: &mut std::process::Child, request: &Request) -> Answer {
    use std::io::{Read, Write};
    let stdin = child.stdin.as_mut().unwrap();
    mdelist::worker::protocol::write_frame(stdin, &request.encode()).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.as_mut().unwrap();
    let mut length = [0u8; 4];
    stdout.read_exact(&mut length).unwrap();
    let mut payload = vec![0u8; u32::from_le_bytes(length) as usize];
    stdout.read_exact(&mut payload).unwrap();
    Answer::decode(&payload).unwrap()
}

fn worker_with(args: &[&str]) -> std::process::Child {
    use std::process::{Command, Stdio};
    Command::new(WORKER)
        .args(args)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_render_worker_of_this_build_serves_and_one_of_another_hands_over_to_mdelist() {
    let probe = Request::Probe(Probe::Socket);
    let refusal = Answer::Probed {
        allowed: false,
        detail: "Operation not permitted (os error 1)".into(),
    };
    let this_build = [
        "__render-worker",
        "--build",
        mdelist::worker::BUILD,
        "--else",
        MDELIST,
    ];
    let mut same = worker_with(&this_build);
    assert_eq!(exchange(&mut same, &probe), refusal);
    assert_eq!(
        std::fs::read_link(format!("/proc/{}/exe", same.id())).unwrap(),
        Path::new(WORKER)
    );
    // Another build speaks another protocol: the worker becomes `mdelist __render-worker`
    // before it reads anything, and answers as that one does.
    let mut other = worker_with(&[
        "__render-worker",
        "--build",
        "0.0.1-0000000000000000",
        "--else",
        MDELIST,
    ]);
    assert_eq!(exchange(&mut other, &probe), refusal);
    assert_eq!(
        std::fs::read_link(format!("/proc/{}/exe", other.id())).unwrap(),
        Path::new(MDELIST)
    );
    for mut child in [same, other] {
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success());
    }
}

#[test]
fn a_render_worker_that_cannot_hand_over_says_so() {
    let child = worker_with(&[
        "__render-worker",
        "--build",
        "0.0.1-0000000000000000",
        "--else",
        "/nonexistent/mdelist",
    ]);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: render worker: this worker is of another build than /nonexistent/mdelist and \
         could not hand over to it: No such file or directory (os error 2)\n"
    );
}

#[test]
fn the_render_worker_is_not_run_by_hand() {
    for args in [
        &[][..],
        &["check"][..],
        &["__render-worker", "--build", "x"][..],
    ] {
        let output = std::process::Command::new(WORKER)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "mdelist-render-worker renders logos for mdelist, which starts it: run mdelist\n"
        );
    }
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

/// A listing's name, its logo, and the codes and severities it must get.
type Worst = (&'static str, String, Vec<(&'static str, &'static str)>);

/// The worst logos of this suite, each with the codes its listing must get.
fn worst_logos() -> Vec<Worst> {
    let svg = |body: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 256 256">{body}</svg>"#
        )
    };
    let art = r##"<rect width="256" height="256" rx="48" fill="#0F4C81"/><rect x="64" y="64" width="128" height="128" fill="#FFFFFF"/>"##;
    let mut use_fan = String::from(r##"<defs><rect id="l0" width="1" height="1"/>"##);
    for level in 1..40 {
        use_fan.push_str(&format!(
            r##"<g id="l{level}">{}</g>"##,
            format!(r##"<use href="#l{}"/>"##, level - 1).repeat(10)
        ));
    }
    use_fan.push_str(r##"</defs><use xlink:href="#l39"/>"##);
    vec![
        // 260 bytes that aborted the rasterizer (and the whole run) with a 9,000,000-unit tile.
        (
            "pattern-bomb",
            svg(&format!(
                r##"{art}<pattern id="p" width="9000000" height="10" patternUnits="userSpaceOnUse"><rect width="5" height="5"/></pattern><rect width="256" height="256" fill="url(#p)"/>"##
            )),
            vec![("LOGO001", "error")],
        ),
        // A blur over a filter region 400 canvases wide: rendered, but heavy.
        (
            "huge-filter",
            svg(&format!(
                r##"<filter id="f" x="-10" y="-10" width="20" height="20"><feGaussianBlur stdDeviation="20"/></filter>{art}<rect width="256" height="256" fill="#0F4C81" opacity="0.3" filter="url(#f)"/>"##
            )),
            vec![("LOGO016", "warning")],
        ),
        (
            "octave-bomb",
            svg(&format!(
                r##"<filter id="f" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="1000000000"/></filter>{art}<rect width="256" height="256" filter="url(#f)"/>"##
            )),
            vec![("LOGO001", "error")],
        ),
        // 10^39 rectangles once every <use> is expanded.
        (
            "use-fan",
            svg(&format!("{art}{use_fan}")),
            vec![("LOGO001", "error")],
        ),
        // Thousands of layers, each allocated and composited at every size: seconds of work.
        (
            "layer-flood",
            svg(&format!(
                "{art}{}",
                r##"<g opacity="0.5"><rect x="20" y="20" width="200" height="200" fill="#123456"/></g>"##
                    .repeat(3000)
            )),
            // Also large (280 KB) and over 5,000 elements.
            vec![
                ("LOGO011", "warning"),
                ("LOGO001", "error"),
                ("LOGO016", "warning"),
            ],
        ),
        (
            "mask-flood",
            svg(&format!(
                r##"{art}<mask id="m"><rect width="256" height="256" fill="#fff"/></mask>{}"##,
                r##"<rect width="256" height="256" fill="#123" mask="url(#m)"/>"##.repeat(1000)
            )),
            vec![("LOGO011", "warning"), ("LOGO001", "error")],
        ),
        (
            "far-geometry",
            svg(&format!(
                r#"{art}<circle cx="-2000000000" cy="5" r="30000000000" fill="white"/>"#
            )),
            vec![("LOGO001", "error")],
        ),
    ]
}

#[test]
fn a_folder_of_clean_listings_and_the_worst_logos_is_reported_in_full() {
    let root = tempfile::tempdir().unwrap();
    let clean = 24;
    for index in 0..clean {
        let dir = root.path().join(format!("clean-{index:02}"));
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), crate::support::VALID_LISTING).unwrap();
        std::fs::write(dir.join("logo.svg"), crate::support::LOGO).unwrap();
    }
    let worst = worst_logos();
    for (name, logo, _) in &worst {
        let dir = root.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), crate::support::VALID_LISTING).unwrap();
        std::fs::write(dir.join("logo.svg"), logo).unwrap();
    }
    let started = Instant::now();
    // Under the suite's 1 GiB data limit, on two threads.
    let output = crate::support::limited_mdelist()
        .args(["check", "--format", "json", "--today", "2026-11-22", "."])
        .current_dir(root.path())
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = crate::support::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listings = report["listings"].as_array().unwrap();
    assert_eq!(listings.len(), clean + worst.len());
    let codes_of = |name: &str| -> Vec<(String, String)> {
        let listing = listings
            .iter()
            .find(|listing| {
                listing["path"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{name}/"))
            })
            .unwrap_or_else(|| panic!("no report for {name}"));
        let diagnostics = listing["diagnostics"].as_array().unwrap();
        let mut found: Vec<(String, String)> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.get("suppressed").is_none())
            .map(|diagnostic| {
                (
                    diagnostic["code"].as_str().unwrap().to_string(),
                    diagnostic["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        found.sort();
        found
    };
    for index in 0..clean {
        let found = codes_of(&format!("clean-{index:02}"));
        assert_eq!(found, Vec::new(), "clean-{index:02}");
    }
    for (name, _, expected) in &worst {
        let mut expected: Vec<(String, String)> = expected
            .iter()
            .map(|(code, severity)| (code.to_string(), severity.to_string()))
            .collect();
        expected.sort();
        assert_eq!(codes_of(name), expected, "{name}");
    }
    println!(
        "{} listings checked in {:.2} s",
        listings.len(),
        elapsed.as_secs_f64()
    );
}
