//! Logs (tracing; JSON in production), traces (OpenTelemetry over OTLP/HTTP, when an endpoint
//! is configured) and metrics (Prometheus).

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use std::sync::OnceLock;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Holds the trace exporter; dropping it sends the spans still waiting (at shutdown).
#[must_use = "traces are sent until this is dropped"]
pub struct Telemetry {
    traces: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.traces.take()
            && let Err(e) = provider.shutdown()
        {
            eprintln!("sending the last traces: {e}");
        }
    }
}

/// Sets up logging once per process. `RUST_LOG` filters (default `info`).
pub fn init_logging(format: &str) {
    // Without an endpoint there is no exporter to keep, and nothing can fail.
    let _ = init(format, None);
}

/// Logging, and traces of every request to the OTLP/HTTP receiver at `otlp_endpoint` (a base
/// URL such as `http://collector:4318`; spans go to `<base>/v1/traces`).
pub fn init(format: &str, otlp_endpoint: Option<&str>) -> anyhow::Result<Telemetry> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let traces = match otlp_endpoint {
        Some(base) => {
            // The exporter's HTTP client speaks TLS on ring, as the rest of the server does;
            // the provider is process-wide and may already be installed.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_protocol(Protocol::HttpBinary)
                .with_endpoint(format!("{}/v1/traces", base.trim_end_matches('/')))
                .build()
                .map_err(|e| anyhow::anyhow!("the OTLP trace exporter for {base}: {e}"))?;
            Some(
                SdkTracerProvider::builder()
                    .with_batch_exporter(exporter)
                    .with_resource(Resource::builder().with_service_name("redress").build())
                    .build(),
            )
        }
        None => None,
    };
    // Only the request spans go out: their fields are chosen and their paths redacted
    // (`redress_api::logging`). The spans inside them record function arguments, which may
    // be personal data, and stay in the server's own log.
    let otel = traces.as_ref().map(|provider| {
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer("redress"))
            .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
                meta.is_span() && meta.target() == "redress_api::logging"
            }))
    });
    let registry = tracing_subscriber::registry().with(filter).with(otel);
    let _ = if format == "json" {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(std::io::stderr),
            )
            .try_init()
    } else {
        registry
            .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
            .try_init()
    };
    Ok(Telemetry { traces })
}

static METRICS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's Prometheus recorder, installed on first use.
pub fn metrics_handle() -> Option<PrometheusHandle> {
    METRICS
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(handle) => Some(handle),
            Err(err) => {
                tracing::warn!(error = %err, "metrics recorder not installed");
                None
            }
        })
        .clone()
}
