//! The parent's side: workers started on demand (one per thread that renders at the same time),
//! reused from logo to logo, each request held to a wall-clock budget. A worker that overruns is
//! killed with `SIGKILL` and reaped; one that dies on its own is reaped and its reason read; a
//! fresh worker takes the next logo either way.

use std::ffi::OsString;
use std::io::{self, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use resvg::tiny_skia::{IntSize, Pixmap};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::process::{Pid, Resource, Rlimit, getrlimit, prlimit};

use super::protocol::{Answer, FrameError, MAX_ANSWER_BYTES, Request, write_frame};
use super::sandbox::{ADDRESS_SPACE_BYTES, CPU_SECONDS_PER_REQUEST};
use crate::svg::render::{EncodedPngs, TIME_BUDGET};
use crate::svg::{FontFile, OutlineError, OutlinedText, RenderError, Renders};

/// Blocks up to 32 MiB come from the heap, and up to 64 MiB free at its top stays there.
const MALLOC_TUNABLES: &str =
    "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864";

/// The pipe size asked for a worker's answers (Linux's limit for an unprivileged process).
const ANSWER_PIPE_BYTES: usize = 1024 * 1024;

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Over the wall-clock budget, or the processor-time limit: the worker was stopped.
    OverBudget,
    /// The worker stopped without an answer: the reason in plain words.
    Died(String),
}

/// The workers of one run.
#[derive(Debug)]
pub struct Pool {
    program: PathBuf,
    args: Vec<OsString>,
    /// `mdelist` itself, for a render worker program that cannot be started.
    fallback: Option<PathBuf>,
    budget: Duration,
    idle: Arc<Idle>,
}

/// The workers waiting for a request. Shared with the PNGs a worker still owes ([`LatePngs`]):
/// it comes back here once it has sent them, unless the pool is gone by then.
#[derive(Debug, Default)]
struct Idle(Mutex<IdleWorkers>);

#[derive(Debug, Default)]
struct IdleWorkers {
    workers: Vec<Worker>,
    /// The pool is gone: a worker given back is stopped.
    closed: bool,
}

impl Idle {
    fn take(&self) -> Option<Worker> {
        self.0.lock().ok()?.workers.pop()
    }

    fn give_back(&self, worker: Worker) {
        match self.0.lock() {
            Ok(mut idle) if !idle.closed => idle.workers.push(worker),
            _ => worker.stop(),
        }
    }

    fn close(&self) {
        let workers = match self.0.lock() {
            Ok(mut idle) => {
                idle.closed = true;
                std::mem::take(&mut idle.workers)
            }
            Err(_) => Vec::new(),
        };
        workers.into_iter().for_each(Worker::stop);
    }

    fn count(&self) -> usize {
        self.0.lock().map(|idle| idle.workers.len()).unwrap_or(0)
    }

    fn pids(&self) -> Vec<u32> {
        self.0
            .lock()
            .map(|idle| {
                idle.workers
                    .iter()
                    .map(|worker| worker.child.id())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug)]
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    stderr: ChildStderr,
    /// Processor time used, as last reported.
    cpu_millis: u64,
    /// The last answer's bytes: one buffer reused from answer to answer.
    received: Vec<u8>,
}

/// How a request ended without an answer, before the worker is reaped.
enum Stop {
    Deadline,
    Closed,
    Malformed(String),
    Io(io::Error),
}

impl Pool {
    /// Workers will be `program __render-worker`, each request held to the render budget.
    pub fn new(program: PathBuf) -> Pool {
        Pool::with_budget(program, TIME_BUDGET)
    }

    pub fn with_budget(program: PathBuf, budget: Duration) -> Pool {
        Pool {
            program,
            args: vec![super::SUBCOMMAND.into()],
            fallback: None,
            budget,
            idle: Arc::default(),
        }
    }

    /// The workers of the program `mdelist` at `program`: the render worker installed beside it
    /// ([`super::PROGRAM`]) when there is one, told this build and `program` to hand over to
    /// when it is of another build (and `program __render-worker` when it cannot be started);
    /// else `program __render-worker`.
    pub fn beside(program: PathBuf) -> Pool {
        let worker = program.with_file_name(format!(
            "{}{}",
            super::PROGRAM,
            std::env::consts::EXE_SUFFIX
        ));
        if !worker.is_file() {
            return Pool::new(program);
        }
        let args = vec![
            super::SUBCOMMAND.into(),
            "--build".into(),
            super::BUILD.into(),
            "--else".into(),
            program.clone().into_os_string(),
        ];
        let mut pool = Pool::new(worker);
        pool.args = args;
        pool.fallback = Some(program);
        pool
    }

    /// The program the workers run.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Renders `text` at each of `sizes` in a worker.
    pub fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        self.start_render(text, sizes, false).wait()
    }

    /// Renders `text` at each of `sizes` in a worker, drawing its live text with `fonts`.
    pub fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        let request = Request::Render {
            sizes: sizes.to_vec(),
            text: text.to_string(),
            fonts: fonts.to_vec(),
            png: false,
        };
        rendered(self.ask(&request).map(|answer| (answer, None)), sizes)
    }

    /// Outlines the text elements with `ids` in `text`, drawn with `fonts`, in a worker.
    pub fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        let request = Request::Outline {
            text: text.to_string(),
            ids: ids.to_vec(),
            fonts: fonts.to_vec(),
        };
        match self.ask(&request) {
            Ok(Answer::Outlined(texts)) => Ok(texts),
            Ok(Answer::NotOutlined(error)) => Err(error),
            Ok(other) => Err(OutlineError::Render(render_failure(other))),
            Err(failure) => Err(OutlineError::Render(failure_error(failure))),
        }
    }

    /// Sends one request to an idle worker (or a new one) and waits for its answer within the
    /// budget.
    pub fn ask(&self, request: &Request) -> Result<Answer, Failure> {
        self.submit(request)?.wait()
    }

    /// Sends one request to an idle worker (or a new one); the answer is waited for by
    /// [`Asked::wait`], within the budget counted from then. Until then the worker is this
    /// request's alone.
    pub fn submit(&self, request: &Request) -> Result<Asked<'_>, Failure> {
        let payload = request.encode();
        let reused = self.idle.take();
        let fresh_worker = reused.is_none();
        let mut worker = match reused {
            Some(worker) => worker,
            None => self.start()?,
        };
        if let Err(error) = worker.send(&payload) {
            // An idle worker that has gone away meanwhile (it cannot have seen this logo):
            // one fresh worker gets the request.
            let reason = worker.reap(Stop::Io(error), self.budget);
            if fresh_worker {
                return Err(reason);
            }
            worker = self.start()?;
            if let Err(error) = worker.send(&payload) {
                return Err(worker.reap(Stop::Io(error), self.budget));
            }
        }
        let pngs = matches!(request, Request::Render { png: true, .. });
        Ok(Asked {
            pool: self,
            worker,
            pngs,
        })
    }

    /// Starts rendering `text` at each of `sizes` in a worker, which also encodes each render
    /// as PNG with `png`, after it has sent the renders; [`Pool::render`] when waited for. The
    /// PNGs are read from the worker when first asked for ([`Renders::png`]); until then the
    /// worker is theirs.
    pub fn start_render(
        &self,
        text: &str,
        sizes: &[u32],
        png: bool,
    ) -> crate::svg::PendingRender<'_> {
        let request = Request::Render {
            sizes: sizes.to_vec(),
            text: text.to_string(),
            fonts: Vec::new(),
            png,
        };
        let sizes = sizes.to_vec();
        match self.submit(&request) {
            Ok(asked) => crate::svg::PendingRender::Waiting(Box::new(move || {
                rendered(asked.wait_owing(), &sizes).map_err(|error| match error {
                    OutlineError::Render(error) => error,
                    _ => RenderError::Failed("the renderer answered another question".into()),
                })
            })),
            Err(failure) => crate::svg::PendingRender::Done(Err(failure_error(failure))),
        }
    }

    /// Starts one worker and keeps it idle for the next request. A worker that cannot be
    /// started is not reported here: the request that needs one starts it again and reports.
    pub fn prestart(&self) {
        if let Ok(worker) = self.start() {
            self.idle.give_back(worker);
        }
    }

    /// How many workers are idle (started and alive, waiting for a request).
    pub fn idle_workers(&self) -> usize {
        self.idle.count()
    }

    /// The process ids of the idle workers.
    pub fn idle_pids(&self) -> Vec<u32> {
        self.idle.pids()
    }

    fn start(&self) -> Result<Worker, Failure> {
        // A worker program that cannot be started (not executable, say) leaves `mdelist` to be
        // its own worker.
        let spawned = spawn(&self.program, &self.args).or_else(|error| match &self.fallback {
            Some(program) => {
                spawn(program, &[super::SUBCOMMAND.into()]).map_err(|error| (program, error))
            }
            None => Err((&self.program, error)),
        });
        let mut child = spawned.map_err(|(program, error)| {
            Failure::Died(format!(
                "the renderer could not be started ({}: {error})",
                program.display()
            ))
        })?;
        match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
            (Some(stdin), Some(stdout), Some(stderr)) => {
                // Room in the pipe for a whole answer of the shipped sizes (a third of a
                // megabyte), so the worker writes it in one go; a smaller pipe only costs time.
                let _ = rustix::pipe::fcntl_setpipe_size(&stdout, ANSWER_PIPE_BYTES);
                Ok(Worker {
                    child,
                    stdin,
                    stdout,
                    stderr,
                    cpu_millis: 0,
                    received: Vec::new(),
                })
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(Failure::Died(
                    "the renderer could not be started (no pipes)".into(),
                ))
            }
        }
    }
}

/// Starts `program` with `args` as a worker, its three streams piped.
fn spawn(program: &Path, args: &[OsString]) -> io::Result<Child> {
    Command::new(program)
        .args(args)
        .env_clear()
        // glibc's allocator keeps the worker's large blocks (a pixmap is a quarter of a megabyte
        // at 256 px) in its heap for the next logo, instead of mapping fresh pages and giving
        // them back for every render. Other C libraries ignore the variable.
        .env("GLIBC_TUNABLES", MALLOC_TUNABLES)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// A request sent to a worker, its answer not read yet.
#[derive(Debug)]
pub struct Asked<'a> {
    pool: &'a Pool,
    worker: Worker,
    /// Renders asked for as PNG too: the PNGs follow the renders.
    pngs: bool,
}

impl Asked<'_> {
    /// Waits for the answer within the budget; the worker goes back to the pool after it, or is
    /// stopped and reaped. (PNGs that would follow are not waited for: the worker is stopped.)
    pub fn wait(self) -> Result<Answer, Failure> {
        self.wait_owing().map(|(answer, _)| answer)
    }

    /// [`Asked::wait`], and after renders asked for as PNG too, the PNGs still to be read from
    /// the worker, which is theirs until then.
    fn wait_owing(self) -> Result<(Answer, Option<LatePngs>), Failure> {
        let Asked {
            pool,
            mut worker,
            pngs,
        } = self;
        match worker.receive(Instant::now() + pool.budget) {
            Ok(answer) => {
                let Answer::Rendered {
                    cpu_millis,
                    pixmaps,
                    ..
                } = &answer
                else {
                    pool.idle.give_back(worker);
                    return Ok((answer, None));
                };
                worker.cpu_millis = *cpu_millis;
                if !pngs {
                    pool.idle.give_back(worker);
                    return Ok((answer, None));
                }
                let owed = Owed {
                    worker,
                    idle: Arc::clone(&pool.idle),
                    budget: pool.budget,
                    sides: pixmaps.iter().map(|(side, _)| *side).collect(),
                };
                Ok((answer, Some(LatePngs::owed(owed))))
            }
            Err(stop) => Err(worker.reap(stop, pool.budget)),
        }
    }
}

/// The PNGs a worker sends after the renders, read when first asked for. A worker that does
/// not send them within the budget, or sends something else, is stopped; its renders are then
/// encoded by this process. Dropped unread, the worker is stopped.
#[derive(Debug)]
pub struct LatePngs {
    owed: Mutex<Option<Owed>>,
    pngs: OnceLock<Vec<Vec<u8>>>,
}

#[derive(Debug)]
struct Owed {
    worker: Worker,
    idle: Arc<Idle>,
    budget: Duration,
    /// The sides of the renders, in their order.
    sides: Vec<u32>,
}

impl LatePngs {
    fn owed(owed: Owed) -> LatePngs {
        LatePngs {
            owed: Mutex::new(Some(owed)),
            pngs: OnceLock::new(),
        }
    }

    fn receive(&self) -> Vec<Vec<u8>> {
        let owed = self.owed.lock().ok().and_then(|mut owed| owed.take());
        let Some(Owed {
            mut worker,
            idle,
            budget,
            sides,
        }) = owed
        else {
            return Vec::new();
        };
        match worker.receive(Instant::now() + budget) {
            Ok(Answer::Encoded { cpu_millis, pngs })
                if pngs.iter().map(|(side, _)| *side).eq(sides.iter().copied()) =>
            {
                worker.cpu_millis = cpu_millis;
                idle.give_back(worker);
                pngs.into_iter().map(|(_, png)| png).collect()
            }
            Ok(_) => {
                worker.reap(
                    Stop::Malformed("not the PNGs of its renders".into()),
                    budget,
                );
                Vec::new()
            }
            Err(stop) => {
                worker.reap(stop, budget);
                Vec::new()
            }
        }
    }
}

impl EncodedPngs for LatePngs {
    fn pngs(&self) -> &[Vec<u8>] {
        self.pngs.get_or_init(|| self.receive())
    }
}

impl Drop for LatePngs {
    fn drop(&mut self) {
        if let Some(owed) = self.owed.get_mut().ok().and_then(Option::take) {
            owed.worker.stop();
        }
    }
}

/// The renders a render request's answer holds, checked against the `sizes` asked for.
fn rendered(
    answer: Result<(Answer, Option<LatePngs>), Failure>,
    sizes: &[u32],
) -> Result<Renders, OutlineError> {
    let failed = |reason: &str| OutlineError::Render(RenderError::Failed(reason.into()));
    match answer {
        Ok((Answer::Rendered { work, pixmaps, .. }, late)) => {
            let sides: Vec<u32> = pixmaps.iter().map(|(side, _)| *side).collect();
            if sides != sizes {
                return Err(failed("the renderer answered with other sizes than asked"));
            }
            let pixmaps = pixmaps
                .into_iter()
                .map(|(side, data)| {
                    IntSize::from_wh(side, side).and_then(|size| Pixmap::from_vec(data, size))
                })
                .collect::<Option<Vec<Pixmap>>>()
                .ok_or_else(|| failed("the renderer sent a malformed answer"))?;
            Ok(Renders {
                pixmaps,
                work,
                encoded: late.map(|late| Arc::new(late) as Arc<dyn EncodedPngs>),
            })
        }
        Ok((Answer::NotOutlined(error), _)) => Err(error),
        Ok((other, _)) => Err(OutlineError::Render(render_failure(other))),
        Err(failure) => Err(OutlineError::Render(failure_error(failure))),
    }
}

/// The render error an answer other than the one asked for stands for.
fn render_failure(answer: Answer) -> RenderError {
    match answer {
        Answer::Invalid(message) => RenderError::Invalid(message),
        Answer::Size => RenderError::Size,
        Answer::TooMuchWork { work, cap } => RenderError::TooMuchWork { work, cap },
        _ => RenderError::Failed("the renderer answered another question".into()),
    }
}

fn failure_error(failure: Failure) -> RenderError {
    match failure {
        Failure::OverBudget => RenderError::TimedOut,
        Failure::Died(reason) => RenderError::Failed(reason),
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.idle.close();
    }
}

impl Worker {
    /// Stops a worker that is not needed any more.
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn send(&mut self, payload: &[u8]) -> io::Result<()> {
        // The processor-time backstop: this request may use a few seconds more than the worker
        // has used so far.
        let limit = (self.cpu_millis / 1000).saturating_add(CPU_SECONDS_PER_REQUEST + 1);
        let maximum = getrlimit(Resource::Cpu).maximum;
        if let Some(pid) = Pid::from_raw(self.child.id() as i32) {
            prlimit(
                Some(pid),
                Resource::Cpu,
                Rlimit {
                    current: Some(maximum.map_or(limit, |hard| hard.min(limit))),
                    maximum,
                },
            )?;
        }
        write_frame(&mut self.stdin, payload)
    }

    /// Reads one answer frame, giving up at `deadline`.
    fn receive(&mut self, deadline: Instant) -> Result<Answer, Stop> {
        let mut length = [0u8; 4];
        read_until(&mut self.stdout, &mut length, deadline)?;
        let length = u32::from_le_bytes(length) as usize;
        if length > MAX_ANSWER_BYTES {
            return Err(Stop::Malformed(
                FrameError::TooLong(length as u64).to_string(),
            ));
        }
        if self.received.len() < length {
            self.received.resize(length, 0);
        }
        let payload = &mut self.received[..length];
        read_until(&mut self.stdout, payload, deadline)?;
        Answer::decode(payload).map_err(|error| Stop::Malformed(error.to_string()))
    }

    /// Stops the worker for good (killing it unless it is already gone), reaps it, and says
    /// why it gave no answer.
    fn reap(mut self, stop: Stop, budget: Duration) -> Failure {
        let killed = !matches!(stop, Stop::Closed);
        if killed {
            let _ = self.child.kill();
        }
        drop(self.stdin);
        let status = self.child.wait();
        let mut said = Vec::new();
        let _ = (&mut self.stderr).take(64 * 1024).read_to_end(&mut said);
        let said = String::from_utf8_lossy(&said);
        match (stop, status) {
            (Stop::Deadline, _) => Failure::OverBudget,
            (_, Ok(status)) if status.signal() == Some(libc::SIGXCPU) => Failure::OverBudget,
            (Stop::Malformed(problem), _) => {
                Failure::Died(format!("the renderer sent a malformed answer ({problem})"))
            }
            (Stop::Closed, Ok(status)) => Failure::Died(death(status, &said, budget)),
            // A SIGKILL here may be this side's own, after the pipe broke: say what is known.
            (Stop::Io(_), Ok(status))
                if status.signal().is_some() && status.signal() != Some(libc::SIGKILL) =>
            {
                Failure::Died(death(status, &said, budget))
            }
            (Stop::Io(error), _) => {
                Failure::Died(format!("the renderer could not be reached ({error})"))
            }
            (Stop::Closed, Err(error)) => Failure::Died(format!("the renderer vanished ({error})")),
        }
    }
}

/// Why a worker that closed its answer pipe stopped, in plain words.
fn death(status: ExitStatus, said: &str, budget: Duration) -> String {
    let limit_mib = ADDRESS_SPACE_BYTES / (1024 * 1024);
    if said.contains("memory allocation of") {
        return format!("it needs more memory than the renderer may use ({limit_mib} MiB)");
    }
    if said.contains("has overflowed its stack") {
        return "its nesting overflowed the renderer's stack".into();
    }
    match (status.signal(), status.code()) {
        (Some(libc::SIGABRT), _) => "the renderer aborted on it".into(),
        (Some(libc::SIGSEGV) | Some(libc::SIGBUS), _) => {
            "the renderer crashed on it (an invalid memory access)".into()
        }
        (Some(libc::SIGKILL), _) => format!(
            "the renderer was killed from outside (perhaps by the system, for lack of memory) \
             within its {} s budget",
            budget.as_secs()
        ),
        (Some(signal), _) => format!("the renderer was stopped by signal {signal}"),
        (None, Some(code)) => {
            let line = said.lines().last().unwrap_or("").trim();
            if line.is_empty() {
                format!("the renderer exited with status {code}")
            } else {
                format!("the renderer exited with status {code} ({line})")
            }
        }
        (None, None) => "the renderer stopped".into(),
    }
}

/// Fills `buffer` from `stdout`, waiting at most until `deadline`.
fn read_until(stdout: &mut ChildStdout, buffer: &mut [u8], deadline: Instant) -> Result<(), Stop> {
    let mut filled = 0;
    while filled < buffer.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Stop::Deadline);
        }
        let timeout = Timespec {
            tv_sec: left.as_secs() as i64,
            tv_nsec: i64::from(left.subsec_nanos()),
        };
        let ready = {
            let mut fds = [PollFd::new(&*stdout, PollFlags::IN)];
            poll(&mut fds, Some(&timeout))
        };
        match ready {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(error) => return Err(Stop::Io(error.into())),
        }
        match stdout.read(&mut buffer[filled..]) {
            Ok(0) => return Err(Stop::Closed),
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(Stop::Io(error)),
        }
    }
    Ok(())
}
