//! The samples of every measured step, and the markdown table of their
//! medians, fastest and slowest.

use std::time::Duration;

use crate::session::Response;

/// Every sample of each step, in the order the steps were first measured.
#[derive(Default)]
pub struct Record {
    steps: Vec<(&'static str, Vec<Response>)>,
    peak_rss_kib: Vec<u64>,
}

impl Record {
    pub fn add(&mut self, step: &'static str, response: Response) {
        match self.steps.iter_mut().find(|(s, _)| *s == step) {
            Some((_, samples)) => samples.push(response),
            None => self.steps.push((step, vec![response])),
        }
    }

    pub fn add_peak_rss(&mut self, kib: u64) {
        self.peak_rss_kib.push(kib);
    }

    /// The table: one row a step (time and bytes written), and the peak
    /// memory last.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| what | median | min | max | bytes written (median, min-max) | runs |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for (step, samples) in &self.steps {
            let times: Vec<Duration> = samples.iter().map(|r| r.latency).collect();
            let bytes: Vec<usize> = samples.iter().map(|r| r.bytes).collect();
            let (t_med, t_min, t_max) = spread(&times);
            let (b_med, b_min, b_max) = spread(&bytes);
            out.push_str(&format!(
                "| {step} | {} | {} | {} | {b_med} B ({b_min}-{b_max}) | {} |\n",
                ms(t_med),
                ms(t_min),
                ms(t_max),
                samples.len()
            ));
        }
        if !self.peak_rss_kib.is_empty() {
            let (med, min, max) = spread(&self.peak_rss_kib);
            out.push_str(&format!(
                "| peak RSS after visiting every pane (VmHWM) | {} | {} | {} | | {} |\n",
                mib(med),
                mib(min),
                mib(max),
                self.peak_rss_kib.len()
            ));
        }
        out
    }
}

/// The median (the lower middle one of an even count), the least and the
/// greatest of `samples`.
pub fn spread<T: Ord + Copy>(samples: &[T]) -> (T, T, T) {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    (sorted[(sorted.len() - 1) / 2], sorted[0], sorted[sorted.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}
