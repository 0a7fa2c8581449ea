//! TLS to the centre. A URL with `sslmode=require` (or libpq's `verify-ca` / `verify-full`) is
//! connected over TLS, the server's certificate always verified — chain and host name — against
//! `sslrootcert=FILE` (PEM, libpq's parameter: the bureau's own CA) where the URL gives one, else
//! the system's trusted roots. Without `sslmode` the link is plain, as before; the client
//! library's `prefer` would fall back to plain on its own, so zhifa does not offer it TLS then.

use super::CentralError;
use rustls::pki_types::pem::PemObject as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The URL as the client library reads it, and what TLS it asks for: libpq's `sslrootcert`
/// (unknown to the library) taken out, and `sslmode=verify-ca|verify-full` read as `require`
/// (zhifa verifies in every case).
pub(super) struct Split {
    pub url: String,
    pub root_cert: Option<PathBuf>,
}

pub(super) fn split(url: &str) -> Split {
    let Some((base, query)) = url.split_once('?') else {
        return Split { url: url.to_string(), root_cert: None };
    };
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslrootcert", file)) => root_cert = Some(PathBuf::from(file)),
            Some(("sslmode", "verify-ca" | "verify-full")) => kept.push("sslmode=require"),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Split { url, root_cert }
}

/// The TLS connector: roots from `root_cert`, else the system's.
pub(super) fn connector(root_cert: Option<&Path>) -> Result<MakeRustlsConnect, CentralError> {
    let mut roots = rustls::RootCertStore::empty();
    match root_cert {
        Some(file) => {
            let bad = |why: String| CentralError::Tls(format!("{}: {why}", file.display()));
            let text = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
            let mut read = 0;
            for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&text) {
                let cert = cert.map_err(|e| bad(format!("not a PEM certificate ({e:?})")))?;
                roots.add(cert).map_err(|e| bad(format!("not a usable CA certificate ({e})")))?;
                read += 1;
            }
            if read == 0 {
                return Err(bad("holds no PEM certificate".into()));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                // A system root rustls cannot use is skipped, as libpq's OpenSSL would.
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err(CentralError::Tls(
                    "the system has no trusted root certificates: give the centre's CA with \
                     sslrootcert=FILE in the URL"
                        .into(),
                ));
            }
        }
    }
    // ring, not aws-lc-rs: it builds with the C compiler alone (no cmake on a station PC's
    // toolchain); its lack of post-quantum key exchange is what the deprecation notes.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| CentralError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_parameters_the_library_lacks_are_read_here() {
        let s =
            split("postgres://z:pw@10.0.0.5/bureau?sslmode=verify-full&sslrootcert=/etc/ca.pem");
        assert_eq!(s.url, "postgres://z:pw@10.0.0.5/bureau?sslmode=require");
        assert_eq!(s.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        let plain = split("postgres://z@h/db");
        assert_eq!((plain.url.as_str(), plain.root_cert), ("postgres://z@h/db", None));
        let other = split("postgres://z@h/db?connect_timeout=3&sslrootcert=ca.pem");
        assert_eq!(other.url, "postgres://z@h/db?connect_timeout=3");
    }

    #[test]
    fn a_root_file_that_is_no_certificate_is_named() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, "not a certificate").expect("write");
        let Err(error) = connector(Some(&file)) else { panic!("accepted") };
        let said = error.to_string();
        assert!(said.contains("ca.pem") && said.contains("no PEM certificate"), "{said}");
        let Err(missing) = connector(Some(&dir.path().join("none.pem"))) else { panic!("none") };
        assert!(missing.to_string().contains("none.pem"), "{missing}");
    }
}
