//! How far a catalog update has got, shared between the thread doing the work and a screen that
//! draws a progress bar from it.
//!
//! Only atomics, so the worker never waits for the screen: the worker stores counters with
//! relaxed ordering and publishes a phase change with release ordering; a reader loads the phase
//! first (acquire), so the counters of the phase it sees are at least as new as that phase. A
//! reader may see a slightly old count, never one from the future.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use zhifa_core::i18n::Lang;

/// The steps of an update, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Reading,
    Parsing,
    Diffing,
    Writing,
    Done,
}

impl Phase {
    const ALL: [Phase; 5] =
        [Phase::Reading, Phase::Parsing, Phase::Diffing, Phase::Writing, Phase::Done];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Phase::Reading => lang.pick("读取文件", "reading the file"),
            Phase::Parsing => lang.pick("解析与校验", "parsing and checking"),
            Phase::Diffing => lang.pick("与现行版本比较", "comparing with the version in force"),
            Phase::Writing => lang.pick("写入数据库", "writing to the database"),
            Phase::Done => lang.pick("完成", "done"),
        }
    }

    fn from_index(index: u8) -> Phase {
        // Only this module stores indexes, all from `Phase as u8`; Done is a safe reading of
        // anything else.
        Phase::ALL.get(usize::from(index)).copied().unwrap_or(Phase::Done)
    }
}

/// Progress of one update. Cheap to share: put it in an `Arc` and poll [`Progress::snapshot`].
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// What a reader saw at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressSnapshot {
    pub phase: Phase,
    /// Units done in this phase (bytes while reading, items afterwards).
    pub done: usize,
    /// Units in this phase; 0 while not yet known.
    pub total: usize,
}

impl ProgressSnapshot {
    /// 0.0 ..= 1.0 within the current phase; 1.0 once done; 0.0 while the total is unknown.
    pub fn fraction(&self) -> f64 {
        if self.phase == Phase::Done {
            return 1.0;
        }
        if self.total == 0 {
            return 0.0;
        }
        self.done.min(self.total) as f64 / self.total as f64
    }
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    pub fn snapshot(&self) -> ProgressSnapshot {
        let phase = Phase::from_index(self.phase.load(Ordering::Acquire));
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed);
        ProgressSnapshot { phase, done, total }
    }

    pub fn fraction(&self) -> f64 {
        self.snapshot().fraction()
    }

    /// Enters `phase` with nothing done yet out of `total` (0 when not yet known).
    pub fn begin(&self, phase: Phase, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.phase.store(phase as u8, Ordering::Release);
    }

    pub(crate) fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// `done` only grows within a phase; the single worker is the only writer.
    pub fn set_done(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// The whole update finished: the bar shows full.
    pub(crate) fn finish(&self) {
        let total = self.total.load(Ordering::Relaxed);
        self.done.store(total, Ordering::Relaxed);
        self.phase.store(Phase::Done as u8, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_follows_the_counters_and_is_full_when_done() {
        let p = Progress::new();
        assert_eq!(p.snapshot().phase, Phase::Reading);
        assert_eq!(p.fraction(), 0.0);
        p.begin(Phase::Writing, 4);
        p.set_done(1);
        assert_eq!(p.snapshot(), ProgressSnapshot { phase: Phase::Writing, done: 1, total: 4 });
        assert_eq!(p.fraction(), 0.25);
        p.finish();
        assert_eq!(p.snapshot(), ProgressSnapshot { phase: Phase::Done, done: 4, total: 4 });
        assert_eq!(p.fraction(), 1.0);
    }

    #[test]
    fn an_unknown_total_reads_as_nothing_done() {
        let p = Progress::new();
        p.begin(Phase::Parsing, 0);
        p.set_done(7);
        assert_eq!(p.fraction(), 0.0);
    }
}
