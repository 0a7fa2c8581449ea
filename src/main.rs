//! The `zhifa` binary: parse arguments, run the command, turn errors into messages and exit codes.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: replaying the event log (verify, backup) allocates
/// and frees small values by the million.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = zhifa::cli::Cli::parse();
    // `verify` and `backup` run SQLite's page check in a second zhifa process (`page-check`).
    if let Ok(program) = std::env::current_exe() {
        zhifa::store::page_check_by(program);
    }
    let lang = cli.lang;
    match zhifa::cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) if closed_pipe(&error) => ExitCode::from(141),
        Err(error) => {
            // Errors quote what was typed or read (a case number, a file's cell): shown safe.
            let text = zhifa::cli::error_text::error_text(&error, lang);
            eprintln!("zhifa: {}", zhifa::text::safe_text(&text));
            ExitCode::from(1)
        }
    }
}

/// The reader of standard output went away (a command that reports write errors itself).
fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind)
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// `zhifa case list | head`: when the reader goes away, stop quietly as other command-line tools
/// do (Rust ignores SIGPIPE, so `println!` panics instead). Every write is committed before its
/// output is printed, so nothing is lost by stopping here. Any other panic keeps its message.
fn quiet_on_closed_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            // 128 + SIGPIPE, as a shell reports a process the pipe ended.
            std::process::exit(141);
        }
        previous(info);
    }));
}
