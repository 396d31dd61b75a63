//! What a worker does to itself before it reads a logo: resource limits, no core dumps, no new
//! privileges, and a seccomp filter that leaves it the system calls of computing and of its
//! two pipes, nothing that opens a file, creates a socket or starts a program.

use std::collections::BTreeMap;

use rustix::process::{Resource, Rlimit, Signal, setrlimit};

/// The address space a worker may map, thread stacks and allocator arenas included.
pub const ADDRESS_SPACE_BYTES: u64 = 512 * 1024 * 1024;
/// Processor seconds a worker may use for one request before the kernel stops it (`SIGXCPU`):
/// a backstop behind the parent's wall-clock budget. The parent sets the limit on the worker
/// before each request, to what the worker has used so far and this much more (plus one second
/// for the rounding down of what was used).
pub const CPU_SECONDS_PER_REQUEST: u64 = 5;

/// The limits, set by the worker on itself at start-up, before it has read anything (the
/// processor-time limit is the parent's, set before each request).
pub fn limit_resources() -> std::io::Result<()> {
    setrlimit(
        Resource::As,
        Rlimit {
            current: Some(ADDRESS_SPACE_BYTES),
            maximum: Some(ADDRESS_SPACE_BYTES),
        },
    )?;
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )?;
    // A worker never outlives the thread that started it.
    rustix::process::set_parent_process_death_signal(Some(Signal::KILL))?;
    Ok(())
}

/// The system calls a worker keeps: reading requests and writing answers on its pipes, memory,
/// time, threads' synchronisation, signals (so that an abort still aborts) and exiting.
fn allowed_calls() -> Vec<i64> {
    let mut calls = vec![
        libc::SYS_read,
        libc::SYS_readv,
        libc::SYS_write,
        libc::SYS_writev,
        libc::SYS_close,
        libc::SYS_mmap,
        libc::SYS_munmap,
        libc::SYS_mremap,
        libc::SYS_mprotect,
        libc::SYS_madvise,
        libc::SYS_brk,
        libc::SYS_futex,
        libc::SYS_sched_yield,
        libc::SYS_getrandom,
        libc::SYS_clock_gettime,
        libc::SYS_clock_getres,
        libc::SYS_gettimeofday,
        libc::SYS_rt_sigreturn,
        libc::SYS_rt_sigprocmask,
        libc::SYS_rt_sigaction,
        libc::SYS_sigaltstack,
        libc::SYS_getpid,
        libc::SYS_gettid,
        libc::SYS_tgkill,
        libc::SYS_exit,
        libc::SYS_exit_group,
    ];
    calls.sort_unstable();
    calls.dedup();
    calls
}

/// No new privileges, then the filter on every thread of the worker. Any other system call
/// fails with `EPERM`: opening a file, creating a socket or a process, `execve`, `ptrace`…
pub fn confine() -> Result<(), String> {
    rustix::thread::set_no_new_privs(true)
        .map_err(|error| format!("no_new_privs could not be set: {error}"))?;
    let rules: BTreeMap<i64, Vec<seccompiler::SeccompRule>> = allowed_calls()
        .into_iter()
        .map(|call| (call, Vec::new()))
        .collect();
    let arch = std::env::consts::ARCH
        .try_into()
        .map_err(|error| format!("no seccomp filter for this processor: {error}"))?;
    let filter = seccompiler::SeccompFilter::new(
        rules,
        seccompiler::SeccompAction::Errno(libc::EPERM as u32),
        seccompiler::SeccompAction::Allow,
        arch,
    )
    .map_err(|error| format!("the seccomp filter could not be built: {error}"))?;
    let program: seccompiler::BpfProgram = filter
        .try_into()
        .map_err(|error| format!("the seccomp filter could not be compiled: {error}"))?;
    seccompiler::apply_filter_all_threads(&program)
        .map_err(|error| format!("the seccomp filter could not be applied: {error}"))
}
