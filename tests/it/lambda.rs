//! The Lambda function `gvbot-http`: Function URL and API Gateway HTTP API v2 events (JSON
//! fixtures under `tests/fixtures/lambda/`) parsed by lambda_http and served by gvbot's router,
//! exactly as `lambda_http::run` does in `functions/http.rs`; then the compiled binary driven
//! end to end through a local fake of the Lambda Runtime API.
//!
//! Signatures must be fresh, so the fixtures carry placeholders (`__BODY__`, `__SIGNATURE__`,
//! `__TIMESTAMP__`, `__CONTENT_LENGTH__`) filled here with the suite's signer.

use std::{
    collections::VecDeque,
    fs::File,
    path::Path,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, OnceLock},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use axum::{
    Router,
    body::Bytes,
    extract::{Path as UrlPath, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::STANDARD as BASE64};
use serde_json::{Value, json};

use crate::{db, support::*};

/// A Lambda Function URL event (payload format 2.0), plain-text body.
const FUNCTION_URL: &str = include_str!("../fixtures/lambda/function_url.json");
/// An API Gateway HTTP API event (payload format 2.0, route `POST /interactions`), base64 body.
const HTTP_API: &str = include_str!("../fixtures/lambda/http_api_v2.json");

/// `fixture` carrying `body` as Discord would send it, signed (by the suite's signer) over
/// `timestamp ‖ body`. The event holds the bytes as text, or as base64 when the fixture says
/// `"isBase64Encoded": true`.
fn event(fixture: &str, body: &[u8], timestamp: i64) -> String {
    signed_event(fixture, body, body, timestamp)
}

/// Like [`event`], but the signature covers `signed_body` while the event carries `body`.
fn signed_event(fixture: &str, signed_body: &[u8], body: &[u8], timestamp: i64) -> String {
    let request = signed(signed_body, timestamp);
    let signature = request.headers()["x-signature-ed25519"]
        .to_str()
        .expect("hex signature");
    let base64 =
        serde_json::from_str::<Value>(fixture).expect("fixture is JSON")["isBase64Encoded"] == true;
    let body_field = if base64 {
        BASE64.encode(body)
    } else {
        String::from_utf8(body.to_vec()).expect("a text event carries UTF-8")
    };
    let mut filled = fixture.to_owned();
    for (placeholder, value) in [
        // The body goes in as a JSON string literal, quotes included.
        (
            "\"__BODY__\"",
            serde_json::to_string(&body_field).expect("json string"),
        ),
        ("__SIGNATURE__", signature.to_owned()),
        ("__TIMESTAMP__", timestamp.to_string()),
        ("__CONTENT_LENGTH__", body.len().to_string()),
    ] {
        assert!(filled.contains(placeholder), "fixture lacks {placeholder}");
        filled = filled.replace(placeholder, &value);
    }
    filled
}

/// Parse `event` the way the Lambda runtime does and serve it with gvbot's router.
async fn invoke(t: &TestApp, event: &str) -> (StatusCode, Value) {
    let request = lambda_http::request::from_str(event).expect("an event lambda_http understands");
    let (status, _, value) = serve(t.router.clone(), request).await;
    (status, value)
}

/// A PING as Discord sends it when the endpoint URL is saved.
fn ping() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": 1, "id": interaction_id(), "application_id": "1100000000000000000",
        "token": "tok", "version": 1, "user": user_json(PAUL), "entitlements": [],
        "authorizing_integration_owners": {}, "attachment_size_limit": 10_485_760
    }))
    .expect("json")
}

/// The `/ping` slash command, by an admin of the test guild.
fn ping_command() -> Vec<u8> {
    serde_json::to_vec(&slash(&Actor::admin(), "ping", json!([]))).expect("json")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn assert_pong_text(status: StatusCode, response: &Value) {
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(response["type"], 4, "{response}");
    assert!(shown(response).contains("Pong"), "{response}");
}

#[tokio::test]
async fn function_url_ping_gets_pong() {
    let t = TestApp::new(db::sqlite().await);
    let (status, response) = invoke(&t, &event(FUNCTION_URL, &ping(), now())).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(response, json!({ "type": 1 }));
}

#[tokio::test]
async fn function_url_ping_command_answers_pong() {
    let t = TestApp::new(db::sqlite().await);
    let (status, response) = invoke(&t, &event(FUNCTION_URL, &ping_command(), now())).await;
    assert_pong_text(status, &response);
}

#[tokio::test]
async fn http_api_base64_ping_gets_pong() {
    let t = TestApp::new(db::sqlite().await);
    let (status, response) = invoke(&t, &event(HTTP_API, &ping(), now())).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(response, json!({ "type": 1 }));
}

#[tokio::test]
async fn http_api_base64_ping_command_answers_pong() {
    let t = TestApp::new(db::sqlite().await);
    let (status, response) = invoke(&t, &event(HTTP_API, &ping_command(), now())).await;
    assert_pong_text(status, &response);
}

#[tokio::test]
async fn tampered_body_in_an_event_is_401() {
    let t = TestApp::new(db::sqlite().await);
    let genuine = ping_command();
    let tampered = String::from_utf8(genuine.clone())
        .expect("utf-8")
        .replace("\"ping\"", "\"purge\"")
        .into_bytes();
    assert_ne!(genuine, tampered);
    for fixture in [FUNCTION_URL, HTTP_API] {
        let (status, response) =
            invoke(&t, &signed_event(fixture, &genuine, &tampered, now())).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{response}");
        assert_eq!(response["error"], "invalid_signature");
    }
}

#[tokio::test]
async fn signature_covers_the_raw_bytes_not_a_reserialization() {
    // Spacing, key order and \u escapes that serde_json would not reproduce: the event must
    // hand these exact bytes to the signature check.
    let raw = format!(
        concat!(
            "{{ \"data\" : {{ \"type\": 1, \"name\": \"ping\", \"id\": \"1200000000000000001\" }},\n",
            "  \"type\" : 2,  \"id\": \"{id}\", \"token\": \"tok\", \"version\": 1,\n",
            "  \"locale\": \"fr\", \"guild_id\": \"{guild}\",\n",
            "  \"member\": {{ \"roles\": [], \"permissions\": \"8\",\n",
            "    \"user\": {{ \"id\": \"{user}\", \"username\": \"Ren\\u00e9 \\u00c9lectricit\\u00e9 \\ud83d\\udd0c\" }} }} }}\n"
        ),
        id = interaction_id(),
        guild = GUILD,
        user = ADMIN,
    )
    .into_bytes();
    let parsed: Value = serde_json::from_slice(&raw).expect("valid JSON");
    assert_eq!(parsed["member"]["user"]["username"], "René Électricité 🔌");
    assert_ne!(
        serde_json::to_vec(&parsed).expect("json"),
        raw,
        "not a re-serialization"
    );

    for fixture in [FUNCTION_URL, HTTP_API] {
        let t = TestApp::new(db::sqlite().await);
        let (status, response) = invoke(&t, &event(fixture, &raw, now())).await;
        assert_pong_text(status, &response);
    }
}

// ---------------------------------------------------------------------------------------------
// End to end: the compiled `gvbot-http` against a fake Lambda Runtime API.

const RUNTIME_PREFIX: &str = "/2018-06-01/runtime";
/// How long the function may take to start and answer (a debug build, 2 shared cores).
const E2E_TIMEOUT: Duration = Duration::from_secs(30);

/// What the fake Runtime API has seen.
#[derive(Default)]
struct RuntimeApi {
    /// Invocations not yet handed out: (request id, event JSON).
    pending: Mutex<VecDeque<(String, String)>>,
    /// When the function first asked for an invocation.
    first_poll: OnceLock<Instant>,
    /// (request id, response JSON) posted by the function.
    responses: Mutex<Vec<(String, Value)>>,
    /// Error reports (init or invocation) posted by the function.
    errors: Mutex<Vec<String>>,
}

/// `GET /2018-06-01/runtime/invocation/next`: the next event, or wait forever once there is
/// none (the test kills the function).
async fn next_invocation(State(runtime): State<Arc<RuntimeApi>>) -> Response {
    let _ = runtime.first_poll.set(Instant::now());
    let next = runtime.pending.lock().expect("lock").pop_front();
    let Some((id, event)) = next else {
        return std::future::pending().await;
    };
    let deadline = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        + E2E_TIMEOUT;
    let mut headers = HeaderMap::new();
    headers.insert("content-type", "application/json".parse().expect("header"));
    headers.insert("lambda-runtime-aws-request-id", id.parse().expect("header"));
    headers.insert(
        "lambda-runtime-deadline-ms",
        deadline.as_millis().to_string().parse().expect("header"),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:eu-west-3:123456789012:function:gvbot-http"
            .parse()
            .expect("header"),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        "Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0"
            .parse()
            .expect("header"),
    );
    (headers, event).into_response()
}

/// `POST /2018-06-01/runtime/invocation/{id}/response`.
async fn invocation_response(
    State(runtime): State<Arc<RuntimeApi>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    runtime.responses.lock().expect("lock").push((id, value));
    StatusCode::ACCEPTED
}

/// `POST .../invocation/{id}/error` and `.../init/error`.
async fn runtime_error(State(runtime): State<Arc<RuntimeApi>>, body: Bytes) -> StatusCode {
    let report = String::from_utf8_lossy(&body).into_owned();
    runtime.errors.lock().expect("lock").push(report);
    StatusCode::ACCEPTED
}

/// Serve the fake Runtime API on a random local port; returns its `host:port`.
async fn start_runtime(runtime: Arc<RuntimeApi>) -> String {
    let routes = Router::new()
        .route(
            &format!("{RUNTIME_PREFIX}/invocation/next"),
            get(next_invocation),
        )
        .route(
            &format!("{RUNTIME_PREFIX}/invocation/{{id}}/response"),
            post(invocation_response),
        )
        .route(
            &format!("{RUNTIME_PREFIX}/invocation/{{id}}/error"),
            post(runtime_error),
        )
        .route(&format!("{RUNTIME_PREFIX}/init/error"), post(runtime_error))
        .with_state(runtime);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a local port");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, routes).await;
    });
    addr.to_string()
}

/// The function process; killed and reaped whatever the test outcome.
struct Function(Child);

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn logs(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[tokio::test]
async fn compiled_function_answers_through_the_runtime_api() {
    let runtime = Arc::new(RuntimeApi::default());
    {
        let mut pending = runtime.pending.lock().expect("lock");
        pending.push_back(("req-ping".into(), event(FUNCTION_URL, &ping(), now())));
        pending.push_back((
            "req-command".into(),
            event(HTTP_API, &ping_command(), now()),
        ));
    }
    let runtime_api = start_runtime(runtime.clone()).await;

    let dir = tempfile::tempdir().expect("tempdir");
    let log_path = dir.path().join("function.log");
    let public_key = hex::encode(signing_key().verifying_key().as_bytes());
    let log = File::create(&log_path).expect("log file");
    let spawned = Instant::now();
    let mut function = Function(
        Command::new(env!("CARGO_BIN_EXE_gvbot-http"))
            // Only what Lambda would set, and no stray .env from the working directory.
            .env_clear()
            .current_dir(dir.path())
            .env("AWS_LAMBDA_RUNTIME_API", &runtime_api)
            .env("AWS_LAMBDA_FUNCTION_NAME", "gvbot-http")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("DISCORD_PUBLIC_KEY", &public_key)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/x.db", dir.path().display()),
            )
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().expect("log file")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("spawn gvbot-http"),
    );

    let deadline = Instant::now() + E2E_TIMEOUT;
    loop {
        if runtime.responses.lock().expect("lock").len() >= 2 {
            break;
        }
        let errors = runtime.errors.lock().expect("lock").clone();
        assert!(
            errors.is_empty(),
            "function reported {errors:?}\n{}",
            logs(&log_path)
        );
        if let Some(exit) = function.0.try_wait().expect("try_wait") {
            panic!("gvbot-http exited ({exit}) early:\n{}", logs(&log_path));
        }
        assert!(
            Instant::now() < deadline,
            "no answer within {E2E_TIMEOUT:?}:\n{}",
            logs(&log_path)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let to_first_poll = runtime
        .first_poll
        .get()
        .map(|at| at.duration_since(spawned));
    eprintln!("gvbot-http: spawn to first poll {to_first_poll:?}");

    let responses = runtime.responses.lock().expect("lock").clone();
    let (id, pong) = &responses[0];
    assert_eq!(id, "req-ping");
    assert_eq!(pong["statusCode"], 200, "{pong}");
    let body: Value =
        serde_json::from_str(pong["body"].as_str().expect("text body")).expect("json");
    assert_eq!(body, json!({ "type": 1 }));

    let (id, reply) = &responses[1];
    assert_eq!(id, "req-command");
    assert_eq!(reply["statusCode"], 200, "{reply}");
    let body: Value =
        serde_json::from_str(reply["body"].as_str().expect("text body")).expect("json");
    assert_pong_text(StatusCode::OK, &body);
}
