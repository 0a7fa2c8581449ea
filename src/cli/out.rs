//! Printing for people: `outln!`, `out!` and `errln!` are `println!`, `print!` and `eprintln!`
//! with the text shown safe (`text::safe_text`), so a name, a file name or a cell quoted in a
//! result or a problem can never reach the terminal as a control sequence. Line breaks stay.
//! Machine output goes through `cli::json` instead, which keeps the exact text.

macro_rules! outln {
    ($($arg:tt)*) => { println!("{}", $crate::text::safe_text(&format!($($arg)*))) };
}

macro_rules! out {
    ($($arg:tt)*) => { print!("{}", $crate::text::safe_text(&format!($($arg)*))) };
}

macro_rules! errln {
    ($($arg:tt)*) => { eprintln!("{}", $crate::text::safe_text(&format!($($arg)*))) };
}

pub(crate) use {errln, out, outln};
