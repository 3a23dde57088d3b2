//! A budget for one analysis: a deadline and a cancel flag that stop the
//! work, and a count of the work done.
//!
//! [`Analyzer::analyze_within`](super::Analyzer::analyze_within) runs the
//! pipeline under a [`Budget`]. The stages check it between each other and,
//! through [`tick`], inside their long loops: once the deadline has passed
//! or [`Budget::cancel`] was called, every loop that ticks stops early, the
//! remaining stages are skipped and the analysis answers [`Cancelled`].
//!
//! The budget in force is kept per thread while an analysis runs (set on
//! entry, restored on exit, also on unwind), so the stage functions keep
//! their signatures: an analysis is synchronous and runs on one thread from
//! start to end. Outside a budget (a stage called on its own, as the unit
//! tests do) [`tick`] only counts.
//!
//! The work count is deterministic: the number of inner-loop steps the
//! stages tick, the same on every run and machine. Tests compare it at n
//! and 10n for hostile shapes of text to hold each stage linear without
//! timing anything.
//!
//! ```
//! use std::time::Duration;
//! use attache::analysis::{Analyzer, ArticleInput, Budget};
//! let input = ArticleInput::text("Rubio met Jaishankar in Kuala Lumpur.").unwrap();
//! let budget = Budget::within(Duration::from_secs(5));
//! let result = Analyzer::embedded().analyze_within(&input, &budget).unwrap();
//! assert_eq!(result.schema_version, "1");
//! assert!(budget.work() > 0);
//! ```

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The analysis stopped before its end: its deadline passed or it was
/// cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the analysis ran past its time budget and was stopped")]
pub struct Cancelled;

/// A deadline and a cancel flag for one analysis, and the work it did.
/// Cheap to share: the flag is an `Arc`, so another thread (the request
/// that gave up waiting) can cancel the analysis while it runs.
#[derive(Debug, Default)]
pub struct Budget {
    deadline: Option<Instant>,
    cancelled: Arc<AtomicBool>,
    work: AtomicU64,
}

impl Budget {
    /// No deadline; stops only when cancelled.
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// Stops at `deadline`.
    pub fn until(deadline: Instant) -> Self {
        Self {
            deadline: Some(deadline),
            ..Self::default()
        }
    }

    /// Stops `limit` from now (an unrepresentable instant means no deadline).
    pub fn within(limit: Duration) -> Self {
        match Instant::now().checked_add(limit) {
            Some(d) => Self::until(d),
            None => Self::unlimited(),
        }
    }

    /// Asks the analysis to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    /// A handle that cancels this budget from elsewhere.
    pub fn canceller(&self) -> Canceller {
        Canceller(self.cancelled.clone())
    }

    /// Whether the budget is spent: cancelled or past its deadline.
    pub fn is_spent(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed) || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Inner-loop steps ticked by the analyses run under this budget.
    pub fn work(&self) -> u64 {
        self.work.load(Ordering::Relaxed)
    }

    /// Runs `f` with this budget in force on the current thread: `Err` when
    /// the budget was spent before `f` returned (its result is then partial
    /// and dropped). Budgets nest; the inner one is in force inside.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> Result<T, Cancelled> {
        let saved = METER.with(|m| m.enter(self));
        /// Restores the outer meter even when `f` unwinds.
        struct Restore(Option<Saved>);
        impl Drop for Restore {
            fn drop(&mut self) {
                if let Some(s) = self.0.take() {
                    METER.with(|m| m.leave(s));
                }
            }
        }
        let mut restore = Restore(Some(saved));
        let out = f();
        let stopped = METER.with(|m| m.stopped.get());
        let work = METER.with(|m| m.work.get());
        if let Some(s) = restore.0.take() {
            METER.with(|m| m.leave(s));
        }
        self.work.fetch_add(work, Ordering::Relaxed);
        if stopped || self.is_spent() {
            Err(Cancelled)
        } else {
            Ok(out)
        }
    }
}

/// Cancels a [`Budget`] from another thread.
#[derive(Debug, Clone)]
pub struct Canceller(Arc<AtomicBool>);

impl Canceller {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Ticks between two looks at the clock and the flag: a look costs tens
/// of nanoseconds, a tick about one; at a few hundred million ticks a
/// second a spent budget is seen within a few microseconds.
const CHECK_EVERY: u64 = 4096;

/// The budget in force on this thread.
struct Meter {
    work: Cell<u64>,
    next_check: Cell<u64>,
    stopped: Cell<bool>,
    deadline: Cell<Option<Instant>>,
    flag: RefCell<Option<Arc<AtomicBool>>>,
}

/// The meter of an outer budget, put back on leaving an inner one.
struct Saved {
    work: u64,
    next_check: u64,
    stopped: bool,
    deadline: Option<Instant>,
    flag: Option<Arc<AtomicBool>>,
}

impl Meter {
    fn enter(&self, b: &Budget) -> Saved {
        Saved {
            work: self.work.replace(0),
            next_check: self.next_check.replace(CHECK_EVERY),
            stopped: self.stopped.replace(b.is_spent()),
            deadline: self.deadline.replace(b.deadline),
            flag: self.flag.replace(Some(b.cancelled.clone())),
        }
    }

    fn leave(&self, s: Saved) {
        // The outer budget counts the inner one's work too.
        self.work.set(s.work + self.work.get());
        self.next_check.set(s.next_check.max(self.work.get()));
        self.stopped.set(s.stopped);
        self.deadline.set(s.deadline);
        *self.flag.borrow_mut() = s.flag;
    }

    fn look(&self) -> bool {
        let flag = self
            .flag
            .borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed));
        flag || self.deadline.get().is_some_and(|d| Instant::now() >= d)
    }
}

thread_local! {
    static METER: Meter = const {
        Meter {
            work: Cell::new(0),
            next_check: Cell::new(CHECK_EVERY),
            stopped: Cell::new(false),
            deadline: Cell::new(None),
            flag: RefCell::new(None),
        }
    };
}

/// Counts `steps` of work in the loop calling it; true when the budget in
/// force is spent and the loop should stop. Once spent, it stays spent
/// until the analysis ends, so every loop after it stops at once too.
#[inline]
pub fn tick(steps: usize) -> bool {
    METER.with(|m| {
        let w = m.work.get() + steps as u64;
        m.work.set(w);
        if m.stopped.get() {
            return true;
        }
        if w < m.next_check.get() {
            return false;
        }
        m.next_check.set(w + CHECK_EVERY);
        let spent = m.look();
        m.stopped.set(spent);
        spent
    })
}

/// Whether the budget in force is spent, looking at the clock now: the
/// check between stages.
pub fn spent() -> bool {
    METER.with(|m| {
        if !m.stopped.get() && m.look() {
            m.stopped.set(true);
        }
        m.stopped.get()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlimited_budget_counts_and_never_stops() {
        let b = Budget::unlimited();
        let r = b.run(|| (0..10_000).filter(|_| !tick(1)).count());
        assert_eq!(r, Ok(10_000));
        assert_eq!(b.work(), 10_000);
    }

    #[test]
    fn a_past_deadline_stops_the_loops_and_answers_cancelled() {
        let b = Budget::until(Instant::now());
        let mut steps = 0;
        let r = b.run(|| {
            while !tick(1) {
                steps += 1;
            }
        });
        assert_eq!(r, Err(Cancelled));
        assert_eq!(steps, 0, "spent on entry: the first tick stops");
    }

    #[test]
    fn a_cancel_from_another_thread_is_seen_within_one_check() {
        let b = Budget::unlimited();
        let c = b.canceller();
        let r = b.run(|| {
            let mut n: u64 = 0;
            while !tick(1) {
                n += 1;
                if n == 10 {
                    std::thread::spawn({
                        let c = c.clone();
                        move || c.cancel()
                    })
                    .join()
                    .unwrap();
                }
            }
            n
        });
        assert_eq!(r, Err(Cancelled));
        assert!(b.work() <= 10 + 2 * CHECK_EVERY);
    }

    #[test]
    fn outside_a_budget_ticks_never_stop_and_the_meter_is_restored_after_a_panic() {
        let b = Budget::until(Instant::now());
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            b.run(|| panic!("deliberate"))
        }));
        assert!(caught.is_err());
        assert!(!spent());
        assert!((0..3 * CHECK_EVERY).all(|_| !tick(1)));
    }

    #[test]
    fn nested_budgets_count_into_the_outer_one() {
        let outer = Budget::unlimited();
        let inner = Budget::until(Instant::now());
        let r = outer.run(|| {
            tick(5);
            let i = inner.run(|| tick(1));
            tick(5);
            (i, spent())
        });
        assert_eq!(r, Ok((Err(Cancelled), false)));
        assert_eq!(outer.work(), 11);
    }
}
