//! Progress on stderr while a person waits (catalog imports, verify, backup, report, sync): a bar
//! with the count and the rate when stderr is a terminal; nothing at all when it is piped or
//! redirected, so scripts and logs see only the result lines.

use crate::catalog_update::{Phase, Progress};
use crate::i18n::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How often a bar is redrawn at most, and how often a watcher samples shared counters.
const TICK: Duration = Duration::from_millis(100);

/// One progress line. Dropping it clears the line.
pub struct Meter {
    bar: ProgressBar,
}

impl Meter {
    /// A meter on stderr, drawn only when stderr is a terminal and `quiet` is false (JSON output
    /// asks for quiet: the person reading it is a program).
    pub fn stderr(label: &str, quiet: bool) -> Meter {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr_with_hz(10)
        };
        Meter::on(label, target)
    }

    /// A meter drawn on `target` (tests draw into a terminal in memory).
    pub fn on(label: &str, target: ProgressDrawTarget) -> Meter {
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(waiting_style());
        bar.set_message(label.to_string());
        bar.enable_steady_tick(TICK);
        Meter { bar }
    }

    /// `done` of `total` units; a total of 0 means not known yet (the count and the rate only).
    pub fn set(&self, done: u64, total: u64) {
        if total == 0 {
            self.bar.unset_length();
        } else {
            self.bar.set_length(total);
        }
        self.bar.set_style(counting_style(total > 0));
        self.bar.set_position(done);
    }

    /// A new stage of the work, with its own name.
    pub fn set_label(&self, label: &str) {
        self.bar.set_message(label.to_string());
    }

    /// Whether anything is drawn at all.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Before any count: the label and the time so far (a report being counted has no count).
fn waiting_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// The bar's look: the label, then either `[████░░░] 1234/5000 812/s 3s` or, while the total is
/// unknown, the count, the rate and the time so far.
fn counting_style(known_total: bool) -> ProgressStyle {
    let template = if known_total {
        "{spinner} {msg} [{bar:30}] {human_pos}/{human_len} {rate} {elapsed}"
    } else {
        "{spinner} {msg} {human_pos} {rate} {elapsed}"
    };
    // The templates are constants checked by the tests below; the default style is a safe reading.
    ProgressStyle::with_template(template)
        .map(|s| {
            // Whole units a second: “42857/s”, not indicatif's four decimals.
            s.progress_chars("█▉▊▋▌▍▎▏ ").with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// Runs `work` while a meter follows a catalog update's shared [`Progress`] (the pipeline the TUI
/// draws its own bar from): the phase as the label, its count, its rate.
pub fn follow_update<R>(
    progress: &Progress,
    meter: &Meter,
    lang: Lang,
    work: impl FnOnce() -> R,
) -> R {
    let mut shown = None;
    watching(
        meter,
        move || {
            let now = progress.snapshot();
            if shown != Some(now.phase) && now.phase != Phase::Done {
                meter.set_label(now.phase.label(lang));
                shown = Some(now.phase);
            }
            meter.set(now.done as u64, now.total as u64);
        },
        work,
    )
}

/// Runs `work` while a meter shows `count` of `total` (a counter the work moves, from another
/// thread or its own): verify's events walked, for one.
pub fn follow_count<R>(
    count: &AtomicU64,
    total: u64,
    meter: &Meter,
    work: impl FnOnce() -> R,
) -> R {
    watching(meter, || meter.set(count.load(Ordering::Relaxed), total), work)
}

/// Runs `work` while `look` brings the meter up to date every tick on a thread beside it; a
/// hidden meter costs nothing (no thread).
fn watching<R>(meter: &Meter, mut look: impl FnMut() + Send, work: impl FnOnce() -> R) -> R {
    if meter.is_hidden() {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !finished.load(Ordering::Acquire) {
                look();
                std::thread::sleep(TICK);
            }
        });
        let result = work();
        finished.store(true, Ordering::Release);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::InMemoryTerm;

    /// What the terminal shows once the steady tick has redrawn (draws are rate-limited).
    fn drawn(term: &InMemoryTerm) -> String {
        std::thread::sleep(TICK * 3);
        term.contents()
    }

    #[test]
    fn a_known_total_draws_label_count_and_total() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("验证事件", ProgressDrawTarget::term_like(Box::new(term.clone())));
        meter.set(1_234, 5_000);
        let line = drawn(&term);
        assert!(line.contains("验证事件"), "{line}");
        assert!(line.contains("1,234/5,000"), "{line}");
        let rate = line.split_whitespace().find(|w| w.ends_with("/s") && !w.contains(','));
        assert!(rate.is_some_and(|r| !r.contains('.')), "a whole rate: {line}");
    }

    #[test]
    fn an_unknown_total_draws_the_count_without_a_bar() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("读取文件", ProgressDrawTarget::term_like(Box::new(term.clone())));
        meter.set(42, 0);
        let line = drawn(&term);
        assert!(line.contains("读取文件 42"), "{line}");
        assert!(!line.contains('['), "no bar while the total is unknown: {line}");
    }

    #[test]
    fn the_line_is_cleared_when_the_work_ends() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("备份", ProgressDrawTarget::term_like(Box::new(term.clone())));
        meter.set(3, 10);
        assert!(drawn(&term).contains("备份"));
        drop(meter);
        assert!(!drawn(&term).contains("备份"), "left behind: {}", drawn(&term));
    }

    #[test]
    fn before_any_count_the_label_and_the_time_are_drawn() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("统计中", ProgressDrawTarget::term_like(Box::new(term.clone())));
        let line = drawn(&term);
        assert!(line.contains("统计中 0s"), "{line}");
        assert!(!meter.is_hidden());
    }

    #[test]
    fn following_a_counter_shows_it_against_its_total() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("验证事件", ProgressDrawTarget::term_like(Box::new(term.clone())));
        let count = AtomicU64::new(0);
        let seen = follow_count(&count, 1_000, &meter, || {
            count.store(250, Ordering::Relaxed);
            drawn(&term)
        });
        assert!(seen.contains("250/1,000"), "{seen}");
    }

    #[test]
    fn quiet_draws_nothing() {
        assert!(Meter::stderr("x", true).is_hidden());
    }

    #[test]
    fn following_an_update_shows_its_phase_and_count() {
        let term = InMemoryTerm::new(4, 100);
        let meter = Meter::on("", ProgressDrawTarget::term_like(Box::new(term.clone())));
        let progress = Progress::new();
        let seen = follow_update(&progress, &meter, Lang::Zh, || {
            progress.begin(Phase::Writing, 200);
            progress.set_done(50);
            std::thread::sleep(TICK * 4);
            drawn(&term)
        });
        assert!(seen.contains(Phase::Writing.label(Lang::Zh)), "{seen}");
        assert!(seen.contains("50/200"), "{seen}");
    }
}
