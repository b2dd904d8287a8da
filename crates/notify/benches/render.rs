//! Cost of rendering a resident's letter (subject, plain text and HTML) from its context, with
//! the default templates and with a landlord's own copy of them: what a verb spends on its
//! letter besides the database. Results are recorded in BENCHMARKS.md at the repository root.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use redress_notify::templates::{Override, Templates, sample_data};
use std::hint::black_box;
use std::time::Duration;

fn render(c: &mut Criterion) {
    let t = Templates::new().unwrap();
    let mut g = c.benchmark_group("letter");
    g.measurement_time(Duration::from_secs(3));
    for kind in ["complaint_received", "acknowledgement", "stage1_response"] {
        let ctx = sample_data(kind).unwrap();
        g.bench_function(format!("{kind}/default"), |b| {
            b.iter(|| black_box(t.render(kind, black_box(&ctx), None).unwrap()))
        });
        let d = t.defaults(kind).unwrap();
        let own = Override {
            subject: Some(d.subject.into()),
            text: Some(d.text.into()),
            html: Some(d.html.into()),
        };
        g.bench_function(format!("{kind}/landlord's own"), |b| {
            b.iter(|| black_box(t.render(kind, black_box(&ctx), Some(&own)).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
