//! Contract test: the generated client against Stoplight Prism, a mock
//! server that validates every request against the spec and answers with the
//! spec's examples.
//!
//! The Prism tests are part of the full suite (`scripts/test-full.sh`), not
//! of the quick `cargo test`, which needs no Node.js. Prism is installed with
//! npm into `<target>/prism` when it is missing (so the full suite passes on
//! a fresh machine with Node.js), started on
//! 127.0.0.1 once per spec file (Prism serves one document per process), and
//! stopped by its process id when the test ends. A request Prism rejects
//! (401 bad auth, 415 bad content type, 422 invalid request) fails the test.
//!
//! Prism serves the spec's paths without the `/v1` of its server URLs, so the
//! client gets `http://127.0.0.1:<port>` as its base URL.
//! Prism's `--errors` mode is not used: the spec's own `Error Response`
//! example has a code outside the spec's enum, so Prism would answer 500.

mod support;

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kombo::models::{
    ErrorCode, ErrorResponseGeneral, PostConnectActivateIntegrationRequestBody, SetupStatus,
};
use kombo::{Kombo, RequestOptions, RetryPolicy};
use serde_json::Value;
use support::{ERROR_EXAMPLE, MINIMAL_ERROR_EXAMPLE, error_example, success_example};

/// The Prism release the contract is checked against (the latest when
/// pinned). It declares Node.js >= 24.18 but runs on Node.js 20 as well
/// (npm only warns); 5.14.2 is the last release that declares Node.js 18+.
const PRISM_VERSION: &str = "5.16.0";

/// How long Prism may take to start answering.
const STARTUP_DEADLINE: Duration = Duration::from_secs(60);

/// Statuses with which Prism rejects a request that breaks the spec.
const REJECTED: [u16; 3] = [401, 415, 422];

type KomboError = kombo::Error<ErrorResponseGeneral>;

// ---------------------------------------------------------------------------
// Installing, starting and stopping Prism
// ---------------------------------------------------------------------------

/// `<target>/prism`: `CARGO_TARGET_DIR` when set, else the workspace's
/// `target/`.
fn prism_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    };
    target.join("prism")
}

/// The version of the Prism installed in `dir`, if any.
fn installed_version(dir: &Path) -> Option<String> {
    if !dir.join("node_modules/.bin/prism").exists() {
        return None;
    }
    let manifest =
        std::fs::read_to_string(dir.join("node_modules/@stoplight/prism-cli/package.json")).ok()?;
    let manifest: Value = serde_json::from_str(&manifest).ok()?;
    manifest["version"].as_str().map(str::to_owned)
}

/// Runs `program --version`, failing the test with `hint` when the program
/// is missing.
fn require(program: &str, hint: &str) -> String {
    match Command::new(program).arg("--version").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) => panic!(
            "`{program} --version` failed ({}): {}\n{hint}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("`{program}` cannot be run ({e}).\n{hint}"),
    }
}

const NODE_HINT: &str = "The Prism contract test needs Node.js and npm on the PATH \
     (https://nodejs.org); it installs Prism itself.";

/// Installs the pinned Prism into [`prism_dir`] unless it is there, and
/// returns the path of its `prism` script.
fn install_prism() -> PathBuf {
    // Tests of this file run in parallel; one of them installs.
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());

    let dir = prism_dir();
    let bin = dir.join("node_modules/.bin/prism");
    let node = require("node", NODE_HINT);
    if installed_version(&dir).as_deref() == Some(PRISM_VERSION) {
        return bin;
    }
    let npm = require("npm", NODE_HINT);
    println!(
        "installing @stoplight/prism-cli@{PRISM_VERSION} into {} (node {node}, npm {npm})",
        dir.display()
    );
    std::fs::create_dir_all(&dir).expect("create the Prism directory");
    let started = Instant::now();
    let output = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&dir)
        // No install scripts (Prism needs none; one dependency would only
        // send usage analytics), no audit, no funding notes.
        .args([
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--save-exact",
        ])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("`npm` cannot be run ({e}).\n{NODE_HINT}"));
    assert!(
        output.status.success(),
        "npm install @stoplight/prism-cli@{PRISM_VERSION} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(
        installed_version(&dir).as_deref(),
        Some(PRISM_VERSION),
        "npm install finished, but {} holds no Prism {PRISM_VERSION}",
        dir.display()
    );
    println!("installed Prism in {:?}", started.elapsed());
    bin
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A running Prism; dropping it stops the process.
struct Prism {
    child: Child,
    port: u16,
    spec: &'static str,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Prism {
    /// Starts Prism for one spec file and waits until it accepts
    /// connections.
    fn start(spec: &'static str) -> Prism {
        let bin = install_prism();
        let port = free_port();
        let log_dir = tempfile::tempdir().expect("a temporary directory");
        let log = log_dir.path().join("prism.log");
        let out = File::create(&log).expect("create the log file");
        let err = out.try_clone().expect("clone the log file");
        // `node <script>` rather than the script itself: the process we
        // start is Prism, so its id is the one to stop, on any platform.
        let mut command = Command::new("node");
        command
            .arg(&bin)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(support::specs_dir().join(spec))
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        #[cfg(unix)]
        {
            // Its own process group, so that stopping it also stops
            // anything it may have started.
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        #[cfg(target_os = "linux")]
        {
            // Outside our process group, Ctrl-C no longer reaches Prism; the
            // kernel stops it when the thread that started it ends (the
            // test's thread, which drops `Prism` first in a normal run).
            use std::os::unix::process::CommandExt;
            // SAFETY: `prctl` is async-signal-safe; nothing else runs
            // between fork and exec.
            unsafe {
                command.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Prism ({e}).\n{NODE_HINT}"));
        let mut prism = Prism {
            child,
            port,
            spec,
            log,
            _log_dir: log_dir,
        };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let started = Instant::now();
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        loop {
            if let Some(status) = self.child.try_wait().expect("poll Prism") {
                panic!(
                    "Prism for {} exited early ({status}):\n{}",
                    self.spec,
                    self.output()
                );
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                println!(
                    "Prism {PRISM_VERSION} for {} (pid {}) listening on port {} after {:?}",
                    self.spec,
                    self.child.id(),
                    self.port,
                    started.elapsed()
                );
                return;
            }
            if started.elapsed() > STARTUP_DEADLINE {
                panic!(
                    "Prism for {} did not listen on port {} within {STARTUP_DEADLINE:?}:\n{}",
                    self.spec,
                    self.port,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Where the client sends requests: no `/v1`, Prism serves the spec's
    /// paths at the root.
    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A client for this Prism that makes one attempt per call, so that a
    /// rejected request fails at once.
    fn client(&self) -> Kombo {
        Kombo::builder()
            .api_key("test-key")
            .base_url(self.base_url())
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client builds")
    }

    /// Prism's output so far.
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_else(|e| format!("(no log: {e})"))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let pid = self.child.id();
        #[cfg(unix)]
        {
            // Ask the whole group to stop, then make sure it did.
            let group = -(pid as libc::pid_t);
            // SAFETY: plain syscalls on the process group we created.
            unsafe { libc::kill(group, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            unsafe { libc::kill(group, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- Prism output ({}, pid {pid}) ---\n{}",
                self.spec,
                self.output()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// The request violations Prism reports in its `sl-violations` header.
fn request_violations(error: &KomboError) -> Vec<Value> {
    let Some(value) = error.headers().and_then(|h| h.get("sl-violations")) else {
        return Vec::new();
    };
    let violations: Vec<Value> =
        serde_json::from_slice(value.as_bytes()).expect("sl-violations is JSON");
    violations
        .into_iter()
        .filter(|v| v["location"][0] == "request")
        .collect()
}

/// Fails when Prism rejected the request, showing what it objected to.
fn assert_not_rejected<T: std::fmt::Debug>(what: &str, result: &Result<T, KomboError>) {
    let Err(error) = result else { return };
    let status = error.status().map(|s| s.as_u16());
    let violations = request_violations(error);
    assert!(
        !status.is_some_and(|s| REJECTED.contains(&s)) && violations.is_empty(),
        "Prism rejected {what}: status {status:?}, violations {violations:#?}, error {error:?}"
    );
}

/// Forces the error path with `Prefer`, and checks both error examples
/// arrive as typed `Error::Api` values.
async fn check_error_examples<T, F, Fut>(spec: &str, call: F)
where
    T: std::fmt::Debug,
    F: Fn(RequestOptions) -> Fut,
    Fut: std::future::Future<Output = Result<T, KomboError>>,
{
    // `Error Response`, the first example, is Prism's default choice.
    let result = call(RequestOptions::new().header("Prefer", "code=429")).await;
    assert_not_rejected("the request with `Prefer: code=429`", &result);
    let e = match result {
        Err(kombo::Error::Api(e)) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    };
    assert_eq!(e.status.as_u16(), 429);
    assert_eq!(
        e.body.error.code,
        Some(ErrorCode::Unknown(
            "INTEGRATION.MODEL_NOT_AVAILABLE".to_owned()
        ))
    );
    assert_eq!(
        serde_json::to_value(&e.body).unwrap(),
        error_example(spec, ERROR_EXAMPLE)
    );

    let prefer = format!("code=429, example={MINIMAL_ERROR_EXAMPLE}");
    let result = call(RequestOptions::new().header("Prefer", prefer)).await;
    assert_not_rejected("the request with `Prefer: example=...`", &result);
    let e = match result {
        Err(kombo::Error::Api(e)) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    };
    assert_eq!(e.status.as_u16(), 429);
    assert_eq!(e.body.error.code, None);
    assert_eq!(e.body.error.title, None);
    assert_eq!(
        serde_json::to_value(&e.body).unwrap(),
        error_example(spec, MINIMAL_ERROR_EXAMPLE)
    );
}

// ---------------------------------------------------------------------------
// One test per spec file, each with its own Prism
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "full suite (scripts/test-full.sh): needs Node.js and npm, installs Prism with npm on first run"]
async fn get_integration_by_token_against_prism() {
    let spec = support::GET_BY_TOKEN_SPEC;
    let prism = Prism::start(spec);
    let client = prism.client();

    let result = client.connect().get_integration_by_token("tok").await;
    assert_not_rejected("GET /connect/integration-by-token/tok", &result);
    let response = result.expect("success");
    assert_eq!(response.data.setup_status, SetupStatus::Completed);
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        success_example(spec)
    );

    // Prism routes each of these to the operation: they arrive as one
    // segment (a raw `/` would make Prism answer 404).
    for token in ["a/../b", "x?y#z", "%2F", "ünï code", "a b"] {
        let result = client.connect().get_integration_by_token(token).await;
        assert_not_rejected(&format!("token {token:?}"), &result);
        let response = result.unwrap_or_else(|e| panic!("token {token:?}: {e:?}"));
        assert_eq!(response.data.setup_status, SetupStatus::Completed);
    }

    check_error_examples(spec, |options| {
        let client = &client;
        async move {
            client
                .connect()
                .with_options(options)
                .get_integration_by_token("tok")
                .await
        }
    })
    .await;

    // Without the key the client refuses to send (the spec requires it)...
    let anonymous = Kombo::builder()
        .base_url(prism.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = anonymous
        .connect()
        .get_integration_by_token("tok")
        .await
        .expect_err("the spec requires the bearer key");
    assert!(
        matches!(error, kombo::Error::InvalidRequest(_)),
        "{error:?}"
    );
    // ... and control: Prism does check requests. A request without the key
    // gets 401 and its violation header, so the successes above mean the
    // client's requests passed validation.
    let raw = reqwest::get(format!(
        "{}/connect/integration-by-token/tok",
        prism.base_url()
    ))
    .await
    .expect("Prism answers");
    assert_eq!(raw.status().as_u16(), 401);
    assert!(raw.headers().contains_key("sl-violations"));
}

#[tokio::test]
#[ignore = "full suite (scripts/test-full.sh): needs Node.js and npm, installs Prism with npm on first run"]
#[allow(deprecated)]
async fn activate_integration_against_prism() {
    let spec = support::ACTIVATE_SPEC;
    let prism = Prism::start(spec);
    let client = prism.client();
    let body = PostConnectActivateIntegrationRequestBody {
        token: "tok".to_owned(),
    };

    let result = client.connect().activate_integration().body(&body).await;
    assert_not_rejected("POST /connect/activate-integration", &result);
    let response = result.expect("success");
    assert_eq!(response.data.setup_status, SetupStatus::Completed);
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        success_example(spec)
    );

    // The body is optional in the spec; `None` sends none.
    let result = client.connect().activate_integration().await;
    assert_not_rejected("POST /connect/activate-integration without a body", &result);
    assert_eq!(
        result.expect("success").data.setup_status,
        SetupStatus::Completed
    );

    check_error_examples(spec, |options| {
        let (client, body) = (&client, &body);
        async move {
            client
                .connect()
                .with_options(options)
                .activate_integration()
                .body(body)
                .await
        }
    })
    .await;

    // Control: Prism does check the content type. A body labelled as text
    // is refused with 415.
    let as_text = RequestOptions::new().header("Content-Type", "text/plain");
    let error = client
        .connect()
        .with_options(as_text)
        .activate_integration()
        .body(&body)
        .await
        .expect_err("Prism refuses a text body");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(415), "{error:?}");
}

/// The tests above call every operation of the specs; a new spec file fails
/// here until it gets its contract test.
#[test]
fn every_operation_has_a_contract_test() {
    assert_eq!(
        support::all_operation_ids(),
        [
            "GetConnectIntegrationByTokenToken",
            "PostConnectActivateIntegration"
        ],
        "update the Prism contract tests for the new operations"
    );
}
