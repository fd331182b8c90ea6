//! Discord's 429s and error answers: the client waits what Discord asks before retrying
//! (body `retry_after`, `Retry-After`, global limits), gives up after a bounded number of
//! tries, and the REST API never passes Discord's own text on to its callers.

use std::{sync::Arc, time::Duration};

use axum::http::StatusCode;
use gvbot::discord::{Discord, DiscordError, RATE_LIMIT_ATTEMPTS, Settings};
use serde_json::json;
use twilight_model::{id::Id, user::User};

use crate::{
    db::TestDb,
    fake_discord::{Failure, FakeDiscord, Recorded},
    support::*,
};

fn client_with(fake: &FakeDiscord, adjust: impl FnOnce(&mut Settings)) -> Discord {
    gvbot::compose::install_crypto_provider();
    let mut settings = Settings::from_config(&fake.config(GUILD));
    adjust(&mut settings);
    Discord::new(settings).expect("client")
}

fn gap(requests: &[Recorded]) -> Duration {
    assert_eq!(requests.len(), 2, "{requests:?}");
    requests[1].at - requests[0].at
}

#[tokio::test]
async fn a_429_waits_the_retry_after_of_its_body() {
    for ratelimiter in [false, true] {
        let fake = FakeDiscord::start().await;
        let discord = client_with(&fake, |s| s.ratelimiter = ratelimiter);
        fake.fail_next("GET /users/@me", Failure::RateLimited { retry_after: 0.3 });
        let me: User = discord.json(discord.client().current_user()).await.unwrap();
        assert!(me.bot);
        let wait = gap(&fake.requests_to("GET /users/@me"));
        assert!(
            wait >= Duration::from_millis(300),
            "ratelimiter {ratelimiter}: retried after {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_header_only_429_waits_its_retry_after_header() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    fake.fail_next(
        "GET /users/@me",
        Failure::RateLimitedHeaderOnly { retry_after: 1 },
    );
    let _: User = discord.json(discord.client().current_user()).await.unwrap();
    let wait = gap(&fake.requests_to("GET /users/@me"));
    assert!(wait >= Duration::from_secs(1), "retried after {wait:?}");
}

#[tokio::test]
async fn endless_429s_fail_after_three_requests() {
    let fake = FakeDiscord::start().await;
    let discord = fake.discord();
    fake.fail_times(
        "GET /users/@me",
        Failure::RateLimited { retry_after: 0.05 },
        usize::MAX,
    );
    let err = discord
        .send(discord.client().current_user())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DiscordError::RateLimited { retry_after } if retry_after == Duration::from_millis(50)),
        "{err:?}"
    );
    assert!(err.is_outage());
    assert_eq!(RATE_LIMIT_ATTEMPTS, 3);
    assert_eq!(fake.requests_to("GET /users/@me").len(), 3);

    // The retrying form used for reads does not multiply them: a rate limit is not an
    // outage to retry after a pause.
    let http = discord.client();
    let err = discord
        .json_retrying::<_, _, User>(|| http.current_user())
        .await
        .unwrap_err();
    assert!(matches!(err, DiscordError::RateLimited { .. }), "{err:?}");
    assert_eq!(fake.requests_to("GET /users/@me").len(), 6);
}

#[tokio::test]
async fn a_global_429_holds_back_every_route() {
    for ratelimiter in [false, true] {
        let fake = FakeDiscord::start().await;
        let discord = Arc::new(client_with(&fake, |s| s.ratelimiter = ratelimiter));
        fake.fail_next(
            "GET /users/@me",
            Failure::GlobalRateLimited { retry_after: 0.5 },
        );
        let first = {
            let discord = discord.clone();
            tokio::spawn(async move {
                discord
                    .json::<User>(discord.client().current_user())
                    .await
                    .map(|_| ())
            })
        };
        // Let the 429 arrive, then call another route.
        while fake.requests().is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        discord
            .send(discord.client().guild_channels(Id::new(GUILD)))
            .await
            .unwrap();
        first.await.unwrap().unwrap();
        let requests = fake.requests();
        let limited = requests[0].at;
        let other = requests
            .iter()
            .find(|r| r.is("GET /guilds/*/channels"))
            .expect("the other route");
        assert!(
            other.at - limited >= Duration::from_millis(500),
            "ratelimiter {ratelimiter}: other route sent {:?} after the global 429",
            other.at - limited
        );
    }
}

/// gvbot on `db`, its Discord client pointed at a fresh fake.
async fn env(db: TestDb) -> (TestApp, FakeDiscord) {
    let fake = FakeDiscord::start().await;
    (TestApp::new(db).with_discord(&fake), fake)
}

fn general(fake: &FakeDiscord) -> String {
    fake.channel_named(GUILD, "général").expect("général")["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

const RAW: &str = "SECRET-UPSTREAM-DETAIL-7f3a";

async fn rest_never_shows_discords_text(db: TestDb) {
    let (t, fake) = env(db).await;
    let message = json!({ "channel_id": general(&fake), "content": "x" });
    for (status, body, code, expected) in [
        (
            403,
            format!(r#"{{"code": 50013, "message": "Missing Permissions {RAW}"}}"#),
            "discord_forbidden",
            StatusCode::BAD_GATEWAY,
        ),
        (
            500,
            format!(r#"{{"code": 0, "message": "500: {RAW}"}}"#),
            "discord_unavailable",
            StatusCode::BAD_GATEWAY,
        ),
        (
            400,
            format!(
                r#"{{"code": 50035, "message": "Invalid Form Body", "errors": {{"x": "{RAW}"}}}}"#
            ),
            "discord_error",
            StatusCode::BAD_GATEWAY,
        ),
        (
            404,
            format!(r#"{{"code": 10003, "message": "Unknown Channel {RAW}"}}"#),
            "discord_not_found",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let body: &'static str = Box::leak(body.into_boxed_str());
        // Discord's 5xx are retried: fail them all.
        fake.fail_times(
            "POST /channels/*/messages",
            Failure::Raw { status, body },
            3,
        );
        let (got, headers, response) = t
            .send_full(api("POST", "/api/discord/message", Some(&message)))
            .await;
        assert_eq!(got, expected, "{status}: {response}");
        assert_eq!(response["error"], code, "{response}");
        let text = response.to_string();
        assert!(
            !text.contains(RAW),
            "{status}: Discord's text leaked: {text}"
        );
        let id = response["request_id"].as_str().expect("an error id");
        assert_eq!(headers["x-request-id"], id);
        assert!(
            response["message"].as_str().unwrap().contains(id),
            "{response}"
        );
        fake.clear_failures();
    }
}

async fn rest_names_the_missing_permission_in_its_own_words(db: TestDb) {
    let (t, fake) = env(db).await;
    fake.fail_next(
        "POST /channels/*/messages",
        Failure::Raw {
            status: 403,
            body: r#"{"code": 50013, "message": "Missing Permissions SECRET-UPSTREAM-DETAIL-7f3a"}"#,
        },
    );
    let (status, body) = t
        .send(api(
            "POST",
            "/api/discord/message",
            Some(&json!({ "channel_id": general(&fake), "content": "x" })),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("Discord refused: missing permissions")
            && message.contains("Send Messages"),
        "{body}"
    );
    assert!(!message.contains(RAW), "{body}");
}

async fn rest_reports_a_discord_rate_limit_with_retry_after(db: TestDb) {
    let (t, fake) = env(db).await;
    fake.fail_times(
        "POST /channels/*/messages",
        Failure::RateLimited { retry_after: 0.05 },
        usize::MAX,
    );
    let (status, headers, body) = t
        .send_full(api(
            "POST",
            "/api/discord/message",
            Some(&json!({ "channel_id": general(&fake), "content": "x" })),
        ))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"], "discord_rate_limited", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Discord limits us, retry in 1 s"),
        "{body}"
    );
    assert_eq!(headers["retry-after"], "1");
    assert_eq!(fake.requests_to("POST /channels/*/messages").len(), 3);
}

both_backends!(
    rest_never_shows_discords_text,
    rest_names_the_missing_permission_in_its_own_words,
    rest_reports_a_discord_rate_limit_with_retry_after,
);
