//! The `Store` contract of the Discord-side data (migration 0003): guild channels set with
//! `/config salon`, chantier channels and archiving, and warnings. Same cases on SQLite and,
//! when `TEST_DATABASE_URL` is set, on Postgres.

use chrono::{DateTime, Duration, TimeZone, Utc};
use gvbot::id::Snowflake;
use gvbot::store::{
    ChannelKind, GuildChannel, NewChantier, NewWarning, Page, StoreError, channel_of,
};

use crate::db::TestDb;

const G1: Snowflake = Snowflake::new(111_111_111_111_111_111);
const G2: Snowflake = Snowflake::new(222_222_222_222_222_222);
const ALICE: Snowflake = Snowflake::new(300_000_000_000_000_001);
const BOB: Snowflake = Snowflake::new(300_000_000_000_000_002);
const BOSS: Snowflake = Snowflake::new(300_000_000_000_000_009);

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 4, 8, 0, 0)
        .single()
        .expect("valid")
        + Duration::minutes(minute)
}

async fn guild_channels_are_set_replaced_and_scoped(db: TestDb) {
    let s = &db.store;
    assert!(s.guild_channels(G1).await.unwrap().is_empty());
    s.set_guild_channel(G1, ChannelKind::Archives, Snowflake::new(30), at(0))
        .await
        .unwrap();
    s.set_guild_channel(G1, ChannelKind::Planning, Snowflake::new(10), at(0))
        .await
        .unwrap();
    s.set_guild_channel(G1, ChannelKind::Moderation, Snowflake::new(20), at(0))
        .await
        .unwrap();
    s.set_guild_channel(G1, ChannelKind::Planning, Snowflake::new(11), at(1))
        .await
        .unwrap();
    s.set_guild_channel(G2, ChannelKind::Chantiers, Snowflake::new(99), at(0))
        .await
        .unwrap();
    let channels = s.guild_channels(G1).await.unwrap();
    // In ChannelKind::ALL order, one per kind, the latest winning.
    assert_eq!(
        channels,
        [
            GuildChannel {
                kind: ChannelKind::Planning,
                channel_id: Snowflake::new(11)
            },
            GuildChannel {
                kind: ChannelKind::Moderation,
                channel_id: Snowflake::new(20)
            },
            GuildChannel {
                kind: ChannelKind::Archives,
                channel_id: Snowflake::new(30)
            },
        ]
    );
    assert_eq!(channel_of(&channels, ChannelKind::Chantiers), None);
    assert_eq!(
        s.guild_channels(G2).await.unwrap(),
        [GuildChannel {
            kind: ChannelKind::Chantiers,
            channel_id: Snowflake::new(99)
        }]
    );
    // Snowflakes above i64::MAX / 2 survive the round trip.
    s.set_guild_channel(
        G1,
        ChannelKind::Alertes,
        Snowflake::new(1_400_000_000_000_000_123),
        at(2),
    )
    .await
    .unwrap();
    assert_eq!(
        channel_of(&s.guild_channels(G1).await.unwrap(), ChannelKind::Alertes),
        Some(Snowflake::new(1_400_000_000_000_000_123))
    );
}

async fn chantier_channel_and_archiving(db: TestDb) {
    let s = &db.store;
    let new = NewChantier {
        guild_id: G1,
        name: "Beautemps".into(),
        address: Some("3 rue des Lilas".into()),
        created_by: BOSS,
    };
    let c = s.create_chantier(&new, at(0)).await.unwrap();
    assert_eq!(c.channel_id, None);
    let with_channel = s
        .set_chantier_channel(G1, c.id, Snowflake::new(1_400_000_000_000_000_777))
        .await
        .unwrap();
    assert_eq!(
        with_channel.channel_id,
        Some(Snowflake::new(1_400_000_000_000_000_777))
    );
    assert_eq!(with_channel.address.as_deref(), Some("3 rue des Lilas"));
    assert!(matches!(
        s.set_chantier_channel(G2, c.id, Snowflake::new(5)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.archive_chantier(G2, c.id, at(1)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.archive_chantier(G1, 999_999, at(1)).await,
        Err(StoreError::NotFound)
    ));

    let archived = s.archive_chantier(G1, c.id, at(2)).await.unwrap();
    assert!(archived.archived);
    assert_eq!(
        archived.channel_id,
        Some(Snowflake::new(1_400_000_000_000_000_777))
    );
    assert!(s.list_chantiers(G1, false).await.unwrap().is_empty());
    let listed = s.list_chantiers(G1, true).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].chantier, archived);
    assert!(s.chantier_names(G1).await.unwrap().is_empty());
    // Still found by name, marked archived.
    assert!(
        s.chantier_by_name(G1, "beautemps")
            .await
            .unwrap()
            .unwrap()
            .archived
    );
    // Archiving twice is harmless.
    assert!(s.archive_chantier(G1, c.id, at(3)).await.unwrap().archived);
}

async fn warnings_page_newest_first_per_member(db: TestDb) {
    let s = &db.store;
    for n in 0..12 {
        let w = s
            .add_warning(
                &NewWarning {
                    guild_id: G1,
                    user_id: ALICE,
                    moderator_id: BOSS,
                    reason: format!("raison {n}"),
                },
                at(n),
            )
            .await
            .unwrap();
        assert_eq!(
            (w.user_id, w.moderator_id, w.created_at),
            (ALICE, BOSS, at(n))
        );
    }
    s.add_warning(
        &NewWarning {
            guild_id: G1,
            user_id: BOB,
            moderator_id: BOSS,
            reason: "bob".into(),
        },
        at(0),
    )
    .await
    .unwrap();
    s.add_warning(
        &NewWarning {
            guild_id: G2,
            user_id: ALICE,
            moderator_id: BOSS,
            reason: "ailleurs".into(),
        },
        at(0),
    )
    .await
    .unwrap();

    let first = s
        .warnings(
            G1,
            ALICE,
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.total, 12);
    let reasons: Vec<&str> = first.warnings.iter().map(|w| w.reason.as_str()).collect();
    assert_eq!(reasons[0], "raison 11");
    assert_eq!(reasons[9], "raison 2");
    assert_eq!(reasons.len(), 10);
    let second = s
        .warnings(
            G1,
            ALICE,
            Page {
                limit: 10,
                offset: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(second.total, 12);
    let reasons: Vec<&str> = second.warnings.iter().map(|w| w.reason.as_str()).collect();
    assert_eq!(reasons, ["raison 1", "raison 0"]);

    let bob = s
        .warnings(
            G1,
            BOB,
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!((bob.total, bob.warnings.len()), (1, 1));
    let elsewhere = s
        .warnings(
            G2,
            ALICE,
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(elsewhere.total, 1);
    assert_eq!(elsewhere.warnings[0].reason, "ailleurs");
    let nobody = s
        .warnings(
            G2,
            BOB,
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!((nobody.total, nobody.warnings.len()), (0, 0));
}

both_backends!(
    guild_channels_are_set_replaced_and_scoped,
    chantier_channel_and_archiving,
    warnings_page_newest_first_per_member,
);
