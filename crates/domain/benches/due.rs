//! Cost of deadline arithmetic (docs/rules.md, "Working days and deadlines"): one `due` call,
//! and building the per-request `WorkingCalendar` for a landlord with about ten closure days.
//! Results and the target are recorded in BENCHMARKS.md at the repository root.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use redress_domain::calendar::{BankHolidays, ClosureDay, WorkingCalendar};

/// Start dates spread over the 13 covered years (2018–2030), in a scrambled order so
/// consecutive calls do not walk the table in sequence.
fn start_dates() -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let span = (NaiveDate::from_ymd_opt(2030, 11, 30).unwrap() - first).num_days() as u64;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..4096)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            first + Days::new((state >> 33) % span)
        })
        .collect()
}

/// Ten closure days of one landlord across a year: the days between Christmas and New
/// Year, training days and an office move.
fn closure_days() -> Vec<ClosureDay> {
    [
        "2024-12-27",
        "2024-12-30",
        "2024-12-31",
        "2025-02-14",
        "2025-04-22",
        "2025-06-13",
        "2025-09-05",
        "2025-11-14",
        "2025-12-29",
        "2025-12-30",
    ]
    .into_iter()
    .map(|d| ClosureDay {
        date: NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
        reason: "Office closed".to_owned(),
    })
    .collect()
}

fn due(c: &mut Criterion) {
    let bank_holidays = BankHolidays::england_and_wales().unwrap();
    let calendar = WorkingCalendar::new(&bank_holidays, closure_days());
    let dates = start_dates();
    let mut group = c.benchmark_group("due");
    for n in [5u32, 10, 20, 40] {
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            let mut i = 0usize;
            b.iter(|| {
                i = (i + 1) % dates.len();
                calendar.due(black_box(dates[i]), black_box(n))
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("working_days_between");
    group.bench_function("random pairs", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % dates.len();
            let j = (i + 17) % dates.len();
            calendar.working_days_between(black_box(dates[i]), black_box(dates[j]))
        });
    });
    group.finish();

    let mut group = c.benchmark_group("explain_due");
    group.bench_function("20", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % dates.len();
            calendar.explain_due(black_box(dates[i]), black_box(20))
        });
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let bank_holidays = BankHolidays::england_and_wales().unwrap();
    let closures = closure_days();
    let mut group = c.benchmark_group("build");
    group.bench_function("WorkingCalendar with 10 closure days", |b| {
        b.iter_batched(
            || closures.clone(),
            |closures| WorkingCalendar::new(black_box(&bank_holidays), closures),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("BankHolidays from_json (shipped file)", |b| {
        let json = include_str!("../data/bank-holidays-england-and-wales.json");
        b.iter(|| BankHolidays::from_json(black_box(json)).unwrap());
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30);
    targets = due, build
}
criterion_main!(benches);
