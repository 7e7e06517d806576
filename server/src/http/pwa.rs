//! The service worker, stamped with the build it belongs to.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

#[derive(Clone)]
pub struct ServiceWorker {
    body: String,
}

impl ServiceWorker {
    pub fn new(options: &LeptosOptions) -> Self {
        let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
        ServiceWorker { body: TEMPLATE.replace("__BUILD_ID__", &build_id(&pkg)) }
    }

    pub fn response(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
                // The browser must always ask: a stale worker would keep a stale cache.
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                // A worker runs under its own script's policy: only this site, nothing inline.
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'self'; object-src 'none'"),
                ),
            ],
            self.body.clone(),
        )
            .into_response()
    }
}

/// A short hash of the compiled files' names, sizes and times: changes with every build.
pub fn build_id(pkg_dir: &Path) -> String {
    let mut hasher = DefaultHasher::new();
    app::VERSION.hash(&mut hasher);
    if let Ok(entries) = std::fs::read_dir(pkg_dir) {
        let mut files: Vec<_> = entries.flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for entry in files {
            entry.file_name().hash(&mut hasher);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
    }
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}
