//! The `zhifa` binary: parse arguments, run the command, turn errors into messages and exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = zhifa::cli::Cli::parse();
    match zhifa::cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) => {
            // Errors quote what was typed or read (a case number, a file's cell): shown safe.
            eprintln!("zhifa: {}", zhifa::text::safe_text(&format!("{error:#}")));
            ExitCode::from(1)
        }
    }
}
