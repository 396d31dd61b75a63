//! `--jobs N`: how many listings are worked on at once.

use clap::Args;

#[derive(Debug, Clone, Copy, Args)]
pub struct JobsArg {
    /// Listings worked on at once [default: the available cores, or RAYON_NUM_THREADS when set].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

impl JobsArg {
    /// The thread count asked for, if any.
    pub fn threads(self) -> Option<usize> {
        self.jobs.map(usize::from)
    }
}
