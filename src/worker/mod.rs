//! The confined render worker: the logo's parsing and rendering run in a child process (the
//! render worker program of the same build, or `mdelist __render-worker`), under OS limits and
//! a seccomp filter, so that no logo can take the run down, read a file, open a socket or start
//! a program.
//!
//! - [`protocol`]: the frames on the worker's stdin and stdout, strict and capped;
//! - [`sandbox`]: the limits the worker puts on itself before it reads a request;
//! - [`serve`]: the worker's loop;
//! - [`pool`]: the parent's side: one worker per rendering thread, reused, with a wall-clock
//!   budget per logo; a worker that dies or overruns is killed, reaped and replaced, and its
//!   logo gets a finding.

pub mod pool;
pub mod protocol;
pub mod sandbox;
pub mod serve;

use std::sync::OnceLock;

use crate::svg::{
    FontFile, OutlineError, OutlinedText, PendingRender, RenderError, RenderLogo, Renders,
};

pub use pool::{Failure, Pool};

/// The hidden subcommand that runs a worker.
pub const SUBCOMMAND: &str = "__render-worker";

/// The render worker on its own: a program of the same build installed beside `mdelist`
/// (`src/render_worker.rs`). It holds only what a worker runs, so it starts in a fraction of
/// the time `mdelist` takes; where it is missing, `mdelist` is its own worker.
pub const PROGRAM: &str = "mdelist-render-worker";

include!(concat!(env!("OUT_DIR"), "/build_id.rs"));

static SHARED: OnceLock<Shared> = OnceLock::new();

/// From now on, [`shared`] gives the workers of this process, started on first use (the render
/// worker beside this binary, else this binary; [`Pool::beside`]) and shared by every thread
/// that renders. The command line calls this first thing;
/// a library caller that does not stays with its own renderer.
pub fn share_workers() {
    SHARED.get_or_init(|| match std::env::current_exe() {
        Ok(program) => Shared::Pool(Pool::beside(program)),
        Err(error) => Shared::Unstartable(error.to_string()),
    });
}

/// Starts one shared worker ahead of the first render, idle until then; its start (exec,
/// dynamic linking, sandbox) then runs beside the caller's own work. Does nothing before
/// [`share_workers`]; a worker that cannot be started is left for the first render to report.
pub fn prestart() {
    if let Some(Shared::Pool(pool)) = SHARED.get() {
        pool.prestart();
    }
}

/// The shared workers, once [`share_workers`] was called.
pub fn shared() -> Option<&'static dyn RenderLogo> {
    SHARED.get().map(|shared| shared as &dyn RenderLogo)
}

enum Shared {
    Pool(Pool),
    /// This binary's path is unknown: every render fails, with the reason.
    Unstartable(String),
}

impl RenderLogo for Shared {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        match self {
            Shared::Pool(pool) => pool.render(text, sizes),
            Shared::Unstartable(reason) => Err(unstartable(reason)),
        }
    }

    fn start(&self, text: &str, sizes: &[u32], png: bool) -> PendingRender<'_> {
        match self {
            Shared::Pool(pool) => pool.start_render(text, sizes, png),
            Shared::Unstartable(reason) => PendingRender::Done(Err(unstartable(reason))),
        }
    }

    fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        match self {
            Shared::Pool(pool) => pool.render_with_fonts(text, sizes, fonts),
            Shared::Unstartable(reason) => Err(OutlineError::Render(unstartable(reason))),
        }
    }

    fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        match self {
            Shared::Pool(pool) => pool.outline(text, ids, fonts),
            Shared::Unstartable(reason) => Err(OutlineError::Render(unstartable(reason))),
        }
    }
}

fn unstartable(reason: &str) -> RenderError {
    RenderError::Failed(format!(
        "the renderer could not be started (this program's path is unknown: {reason})"
    ))
}

impl RenderLogo for Pool {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        Pool::render(self, text, sizes)
    }

    fn start(&self, text: &str, sizes: &[u32], png: bool) -> PendingRender<'_> {
        self.start_render(text, sizes, png)
    }

    fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        Pool::render_with_fonts(self, text, sizes, fonts)
    }

    fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        Pool::outline(self, text, ids, fonts)
    }
}
