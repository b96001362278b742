//! A customer's language, kept with the customer (provider, subject) so it
//! follows them to another browser: saved when they choose one while signed
//! in, and brought back at their next sign-in in a browser that made none.

use sqlx::AnyPool;

use crate::language::{Locale, from_tag, tag};

/// The language a customer last chose, if any (an unknown stored tag, say
/// of a language since removed, is none).
pub async fn load(db: &AnyPool, provider: &str, subject: &str) -> Result<Option<Locale>, sqlx::Error> {
    let stored: Option<(String,)> =
        sqlx::query_as("SELECT language FROM customer_languages WHERE provider = $1 AND subject = $2")
            .bind(provider)
            .bind(subject)
            .fetch_optional(db)
            .await?;
    Ok(stored.and_then(|(language,)| from_tag(&language)))
}

/// Keeps a customer's choice (the latest one wins).
pub async fn save(db: &AnyPool, provider: &str, subject: &str, locale: Locale) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_languages (provider, subject, language, chosen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, subject) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at",
    )
    .bind(provider)
    .bind(subject)
    .bind(tag(locale))
    .bind(chrono::Utc::now().timestamp())
    .execute(db)
    .await?;
    Ok(())
}

/// At sign-in: the customer's stored choice, for a browser that made none,
/// to remember. A browser's own choice (its cookie) is kept in that browser
/// but never saved as the customer's here: a sibling site on the same
/// domain can set that cookie, so a customer's language is stored only by a
/// switch they make while signed in (a same-origin `POST /language`).
pub async fn to_bring_back(
    db: &AnyPool,
    provider: &str,
    subject: &str,
    browser_choice: Option<Locale>,
) -> Result<Option<Locale>, sqlx::Error> {
    if browser_choice.is_some() {
        return Ok(None);
    }
    load(db, provider, subject).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[tokio::test]
    async fn only_a_switch_while_signed_in_stores_a_choice_and_it_follows_the_customer() {
        let (db, _dir) = crate::shop::test_db::seeded_pool().await;
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), None);
        // A browser without a choice gets nothing to remember yet.
        assert_eq!(to_bring_back(&db, "logto", "u1", None).await.unwrap(), None);
        // A browser's cookie is not the customer's choice (a sibling may have set it)…
        assert_eq!(to_bring_back(&db, "logto", "u1", Some(ja)).await.unwrap(), None);
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), None);
        // …a switch while signed in is, and a browser without a choice is told to speak it.
        save(&db, "logto", "u1", ja).await.unwrap();
        assert_eq!(to_bring_back(&db, "logto", "u1", None).await.unwrap(), Some(ja));
        assert_eq!(to_bring_back(&db, "logto", "u1", Some(en)).await.unwrap(), None);
        assert_eq!(
            load(&db, "logto", "u1").await.unwrap(),
            Some(ja),
            "unchanged by a cookie"
        );
        save(&db, "logto", "u1", en).await.unwrap();
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), Some(en));
        assert_eq!(
            load(&db, "other", "u1").await.unwrap(),
            None,
            "a subject is per provider"
        );
    }
}
